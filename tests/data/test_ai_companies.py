"""ai_companies: the AI list joined to firms and an accounts summary."""

import math

import pandas as pd

from econ_ai.data import schema
from econ_ai.data.ai_companies import build_ai_companies


def _tables():
    ap = pd.DataFrame({
        "enterprise_number": ["0001", "0002", "0003", None],
        "vc": [1, 0, 0, 0], "step": ["verified", "verified", "kbo", "name"],
    })
    firms = pd.DataFrame({
        "enterprise_number": ["0001", "0002", "0003", "0009"], "firm": [1, 2, 3, 9],
        "founded": [2015, 2012, 2001, 2020], "exit_type": [None, "bankruptcy", "merger_acquisition", None],
        "exit_year": pd.array([pd.NA, 2019, 2021, pd.NA], dtype="Int64"), "place": ["Gent", "Leuven", "Gent", "Gent"],
    })
    acc = pd.DataFrame({"enterprise_number": ["0001", "0001", "0002", "0009"], "year": [2022, 2023, 2018, 2023],
                        "employees": [2.0, 4.0, 10.0, 1.0]})
    return ap, firms, acc


def test_join_flags_and_summaries():
    out = build_ai_companies(*_tables())
    assert len(out) == 4  # every name on the list stays, linked or not
    r = out.set_index(out["enterprise_number"].fillna("-"))
    assert r.loc["0001", "employees_mean"] == 3.0 and r.loc["0001", "n_years"] == 2
    assert r.loc["0001", "age_end"] == 2024 - 2015  # still active: age in 2024
    assert r.loc["0002", "age_end"] == 2019 - 2012 and r.loc["0002", "failed"] == 1
    assert r.loc["0003", "acquired"] == 1 and r.loc["0003", "verified"] == 0 and r.loc["0003", "in_kbo"] == 1
    assert r.loc["-", "in_kbo"] == 0 and math.isnan(r.loc["-", "age_end"])
    assert list(r["vc_group"].iloc[:2]) == ["AI with VC", "AI without VC"]
    assert r["vc_group"].iloc[2:].isna().all()


def test_schema_lists_every_built_column():
    ap, firms, acc = _tables()
    out = build_ai_companies(ap, firms, acc)
    derived = ["in_kbo", "verified", "failed", "acquired", "n_years", "employees_mean", "age_end", "vc_group"]
    assert set(derived) <= set(out.columns)
    assert set(derived) <= set(schema.columns("ai_companies"))
