"""The starters panel: restrictions counted, derived variables hand-computed."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.data import ai_profile, kbo, nbb, schema, variables

ROOT = Path(__file__).resolve().parents[2]


def firms():
    return pd.DataFrame({
        "enterprise_number": ["0100.000.001", "0100.000.002", "0100.000.003", "0100.000.004", "0100.000.005",
                              "0100.000.006"],
        "firm": np.arange(1, 7, dtype=np.int64),
        "founding_date": pd.to_datetime(["2012-01-01", "2015-05-05", "2005-01-01", "2016-01-01", "2011-01-01",
                                         "2014-01-01"]),
        "founded": np.array([2012, 2015, 2005, 2016, 2011, 2014], dtype=np.int64),
        "juridical_form": ["610", "014", "610", "017", "610", "610"],
        "juridical_situation": ["000", "050", "000", "000", "021", "000"],
        "exit_type": [None, "bankruptcy", None, None, "merger_acquisition", None],
        "exit_year": pd.array([pd.NA, 2020, pd.NA, pd.NA, 2021, pd.NA], dtype="Int64"),
        "nace5": ["62010"] * 6, "nace3": ["620"] * 6, "nace2": ["62"] * 6, "zipcode": ["9000"] * 6,
        "nis_code": ["44021"] * 6, "municipality": ["Gent"] * 6, "place": ["Gent"] * 6,
        "province": ["East Flanders"] * 6, "region": ["Flemish"] * 6,
    })


def accounts():
    rows = [
        # firm 1: AI with VC, 2 years
        ("0100.000.001", 2012, 2.0, 100.0, 50.0, 200.0, 80.0),
        ("0100.000.001", 2013, 4.0, 300.0, 60.0, 0.0, 40.0),
        # firm 2: non-AI, exits 2020; 2009 out of window; 2021 after exit (kept, inactive)
        ("0100.000.002", 2009, 1.0, 10.0, 1.0, 10.0, 1.0),
        ("0100.000.002", 2019, 1.0, 10.0, 1.0, 10.0, 5.0),
        ("0100.000.002", 2021, 0.0, 10.0, 1.0, 10.0, 5.0),
        # firm 3: founded 2005 -> dropped
        ("0100.000.003", 2015, 5.0, 10.0, 1.0, 10.0, 1.0),
        # firm 4: VZW -> dropped
        ("0100.000.004", 2017, 5.0, 10.0, 1.0, 10.0, 1.0),
        # firm 5: never >= 1 employee -> dropped
        ("0100.000.005", 2012, 0.5, 10.0, 1.0, 10.0, 1.0),
        # not in KBO
        ("0999.999.999", 2015, 3.0, 10.0, 1.0, 10.0, 1.0),
        # firm 6: potential AI not verified; year 2013 before founding 2014 -> dropped row
        ("0100.000.006", 2013, 3.0, 10.0, 1.0, 10.0, 1.0),
        ("0100.000.006", 2016, 3.0, 10.0, 1.0, 10.0, 1.0),
        ("0100.000.006", 2024, 3.0, 10.0, 1.0, 10.0, 1.0),
    ]
    df = pd.DataFrame(rows, columns=["enterprise_number", "year", "employees", "value_added", "equity",
                                     "total_assets", "debts"])
    for c in nbb.ACCOUNT_COLUMNS:
        if c not in df.columns:
            df[c] = "full" if c == "schema" else np.nan
    return df[nbb.ACCOUNT_COLUMNS]


def profile():
    cols = ai_profile.COLUMNS
    df = pd.DataFrame({"enterprise_number": ["0100.000.001", "0100.000.006", None]})
    for c in ai_profile.FLAGS:
        df[c] = 0
    df.loc[0, ["tech_ml", "vc", "purpose_rnd"]] = 1
    df["n_client_sectors"] = [4, 0, 0]
    df["sources"] = ["own", "own", "own"]
    df["step"] = ["verified", "starter", "name"]
    assert set(cols) - {"EnterpriseNumber"} <= set(df.columns)
    return df


@pytest.fixture(scope="module")
def built():
    return variables.build_starters(firms(), accounts(), profile())


def test_restrictions_are_counted(built):
    panel, steps = built
    removed = {s.step: s.removed for s in steps}
    assert removed["accounts of enterprises not in the KBO firms table"] == 1
    assert removed["years outside 2010-2023"] == 2               # 2009 and 2024
    assert removed["non-company legal forms (not S11: natural persons, non-profits, public, foreign)"] == 1
    assert removed["founded before 2010 (not a starter)"] == 1
    assert removed["years before the founding year"] == 1
    assert removed["firms never with >= 1 employee (FTE) (1 firms)"] == 1
    assert len(panel) == 2 + 2 + 1
    assert sorted(panel["enterprise_number"].unique()) == ["0100.000.001", "0100.000.002", "0100.000.006"]
    assert steps[-1].step == "starters panel: 3 firms (1 AI)"


def test_derived_variables(built):
    p = built[0].set_index(["enterprise_number", "year"])
    r = p.loc[("0100.000.001", 2012)]
    assert (r["age"], r["labour_productivity"], r["fin_independence"], r["debt_per_employee"]) == (0, 50.0, 0.25, 40.0)
    r = p.loc[("0100.000.001", 2013)]
    assert r["age"] == 1 and np.isnan(r["fin_independence"])   # total assets 0 -> missing
    assert (r["ai"], r["tech_ml"], r["purpose_rnd"], r["vc"], r["vc_group"]) == (1, 1, 1, 1, "AI with VC")
    assert r["n_client_sectors"] == 4 and r["active"] == 1
    q = p.loc[("0100.000.002", 2021)]
    assert np.isnan(q["labour_productivity"]) and np.isnan(q["debt_per_employee"])  # 0 employees
    assert (q["failed"], q["acquired"], q["active"]) == (1, 0, 0)                  # after exit year 2020
    assert p.loc[("0100.000.002", 2019), "active"] == 1
    assert (q["ai"], q["tech_ml"], q["vc_group"]) == (0, 0, "non-AI")
    assert pd.isna(q["n_client_sectors"])
    u = p.loc[("0100.000.006", 2016)]
    assert u["ai"] == 0 and u["vc_group"] == "non-AI"          # not verified -> non-AI by default


def test_panel_matches_schema(built):
    panel = built[0]
    schema.validate("starters", panel)
    assert list(panel["firm"]) == sorted(panel["firm"])
    assert not any(c.startswith(("growth", "log")) for c in panel.columns)


def test_unverified_drop():
    panel, steps = variables.build_starters(firms(), accounts(), profile(), unverified="drop")
    assert "0100.000.006" not in set(panel["enterprise_number"])
    assert {s.step: s.removed for s in steps}["potential AI firms not verified to produce AI"] == 1


def test_add_firm_flags():
    f = variables.add_firm_flags(firms(), accounts(), profile()).set_index("enterprise_number")
    assert f["ai"].tolist() == [1, 0, 0, 0, 0, 0]
    assert f["starter"].tolist() == [1, 1, 0, 1, 1, 1]
    assert f["has_employee"].tolist() == [1, 1, 1, 1, 0, 1]


def test_end_to_end_on_fixtures():
    k = kbo.read_kbo(ROOT / "fixtures/kbo/full", history=ROOT / "fixtures/kbo/full/juridical_situation_history.csv")
    acc, _ = nbb.read_accounts(ROOT / "fixtures/nbb/accounts_small.csv", quiet=True)
    ap = ai_profile.read_ai_profile(ROOT / "fixtures/kbo/full/ai_profile.csv")
    panel, steps = variables.build_starters(kbo.firms_table(k), acc, ap)
    schema.validate("starters", panel)
    assert len(panel) == 5
    lln = panel[panel["enterprise_number"] == "0456.789.123"]
    assert set(lln["vc_group"]) == {"AI with VC"} and set(lln["place"]) == {"Louvain-la-Neuve"}
    assert set(lln["failed"]) == {1} and set(lln["tech_autonomous"]) == {1}
