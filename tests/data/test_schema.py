"""Canonical tables: names from the common brief, validate()."""

import numpy as np
import pandas as pd
import pytest

from econ_ai.data import schema
from econ_ai.errors import DataError


def test_canonical_names():
    assert schema.columns("accounts") == [
        "enterprise_number", "year", "schema", "turnover", "gross_margin", "intermediate_inputs", "value_added",
        "employees", "wage_bill", "depreciation", "ebit", "ebitda", "tangible_assets", "intangible_assets",
        "investment", "equity", "total_assets", "debts"]
    firms = schema.columns("firms")
    for c in ["enterprise_number", "firm", "founding_date", "founded", "juridical_form", "juridical_situation",
              "exit_type", "exit_year", "nace5", "nace3", "nace2", "nis_code", "municipality", "place",
              "province", "region", "ai", "starter", "has_employee"]:
        assert c in firms
    ai = schema.columns("ai_profile")
    assert ai[1:10] == ["tech_automation", "tech_ml", "tech_language", "tech_image", "tech_autonomous",
                        "tech_textmining", "tech_text_to_image", "tech_speech", "tech_hardware"]
    assert ai[10:17] == ["purpose_admin", "purpose_marketing", "purpose_production", "purpose_logistics",
                         "purpose_rnd", "purpose_accounting", "purpose_ict_security"]
    st = schema.columns("starters")
    for c in ["age", "labour_productivity", "fin_independence", "debt_per_employee", "failed", "acquired",
              "active", "vc_group", "firm", "ai", "vc", "turnover"]:
        assert c in st
    assert len(st) == len(set(st))
    for t in schema.TABLES.values():
        for c in t:
            assert c.description and c.dtype in {"str", "int", "Int", "float", "date", "flag"}


def test_unknown_table_near_miss():
    with pytest.raises(KeyError, match="did you mean 'firms'"):
        schema.columns("firm")


def _accounts(n=2):
    df = pd.DataFrame({c: np.zeros(n) for c in schema.columns("accounts")})
    df["enterprise_number"] = ["0200.065.765"] * n
    df["schema"] = ["full"] * n
    df["year"] = np.array([2019, 2020])
    return df


def test_validate_ok_and_errors():
    df = _accounts()
    schema.validate("accounts", df)
    with pytest.raises(DataError, match="missing column 'turnover'"):
        schema.validate("accounts", df.rename(columns={"turnover": "turnovr"}))
    bad = df.assign(year=["2019", "2020"])
    with pytest.raises(DataError, match="column 'year' has dtype .*expected int"):
        schema.validate("accounts", bad)
    with pytest.raises(DataError, match="unknown table"):
        schema.validate("acounts", df)


def test_validate_flags_are_01():
    cols = schema.columns("ai_profile")
    df = pd.DataFrame({c: [0, 1] for c in cols})
    df["enterprise_number"] = ["a", "b"]
    df["sources"] = ["own", "own"]
    schema.validate("ai_profile", df)
    df.loc[1, "vc"] = 2
    with pytest.raises(DataError, match="'vc' must be 0/1, found 2"):
        schema.validate("ai_profile", df)
