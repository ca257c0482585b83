"""Canonical tables of econ_ai: columns, types, units and meaning.

Every reader produces, and every later stage reads, these four tables:

* ``firms``      one row per enterprise (KBO registry + flags);
* ``ai_profile`` one row per AI firm (the study's hand-collected list);
* ``accounts``   one row per enterprise x fiscal year (NBB annual accounts, EUR and FTE);
* ``starters``   the analysis panel: firm-year rows of starters, accounts joined to firms and
                 ai_profile, plus derived variables (see :mod:`econ_ai.data.variables`).

dtypes are logical: ``str`` (text, None/NaN = missing), ``int`` (integer, no missing),
``Int`` (integer with missing), ``float``, ``date`` (datetime64), ``flag`` (0/1 integer).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from econ_ai.errors import DataError, did_you_mean


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    unit: str
    description: str


C = Column

TECH_FLAGS = (
    "tech_automation", "tech_ml", "tech_language", "tech_image", "tech_autonomous",
    "tech_textmining", "tech_text_to_image", "tech_speech", "tech_hardware",
)
PURPOSE_FLAGS = (
    "purpose_admin", "purpose_marketing", "purpose_production", "purpose_logistics",
    "purpose_rnd", "purpose_accounting", "purpose_ict_security",
)
_TECH_TEXT = {
    "tech_automation": "automating workflows or decision support (Table 1 row 1)",
    "tech_ml": "machine learning for data analysis (Table 1 row 2)",
    "tech_language": "generating written or spoken language, speech synthesis (Table 1 row 3)",
    "tech_image": "image recognition, image processing (Table 1 row 4)",
    "tech_autonomous": "autonomous robots, self-driving vehicles, drones (Table 1 row 5)",
    "tech_textmining": "text mining (Table 1 row 6)",
    "tech_text_to_image": "text-to-image generation (Table 1 row 7)",
    "tech_speech": "speech recognition (Table 1 row 8)",
    "tech_hardware": "hardware: servers, cloud services, chip design (Table 1 row 9)",
}
_PURPOSE_TEXT = {
    "purpose_admin": "organisation of business administration or management (Table 2 row 1)",
    "purpose_marketing": "marketing or sales (Table 2 row 2)",
    "purpose_production": "production or service processes (Table 2 row 3)",
    "purpose_logistics": "logistics (Table 2 row 4)",
    "purpose_rnd": "research and development or innovation (Table 2 row 5)",
    "purpose_accounting": "accounting, control of financial management (Table 2 row 6)",
    "purpose_ict_security": "ICT security (Table 2 row 7)",
}

FIRMS_KBO = (
    C("enterprise_number", "str", "", 'KBO/BCE enterprise number "0123.456.789"'),
    C("firm", "int", "", "stable integer id (rank of the sorted enterprise number); the panel unit"),
    C("founding_date", "date", "", "KBO StartDate of the entity"),
    C("founded", "int", "year", "founding year (year of founding_date)"),
    C("juridical_form", "str", "", "KBO JuridicalForm code (JuridicalFormCAC when given), e.g. '610' BV"),
    C("juridical_situation", "str", "", "current KBO JuridicalSituation code, e.g. '000' normal"),
    C("exit_type", "str", "", "bankruptcy | liquidation | dissolution | merger_acquisition | missing"),
    C("exit_year", "Int", "year", "year of the first exit situation (missing if none or undated)"),
    C("nace5", "str", "", "NACE-BEL 2008 main activity, 5 digits"),
    C("nace3", "str", "", "NACE-BEL 2008 group, 3 digits"),
    C("nace2", "str", "", "NACE-BEL 2008 division, 2 digits"),
    C("zipcode", "str", "", "postal code of the registered seat (REGO address)"),
    C("nis_code", "str", "", "Statbel REFNIS code (2019-2024) of the municipality"),
    C("municipality", "str", "", "official municipality (post-1977 merger), Dutch name where bilingual"),
    C("place", "str", "", "display place: 'Louvain-la-Neuve' for 1348, 'Brussels-Capital Region' for Brussels"),
    C("province", "str", "", "province (Brussels-Capital for the Brussels region)"),
    C("region", "str", "", "Flemish | Walloon | Brussels"),
)
FIRM_FLAGS = (
    C("ai", "flag", "", "1 if verified AI starter (ai_profile step 'verified')"),
    C("starter", "flag", "", "1 if founded >= 2010"),
    C("has_employee", "flag", "", "1 if employees >= 1 FTE in at least one year 2010-2023"),
)

AI_PROFILE = (
    (C("enterprise_number", "str", "", "KBO enterprise number"),)
    + tuple(C(n, "flag", "", _TECH_TEXT[n]) for n in TECH_FLAGS)
    + tuple(C(n, "flag", "", _PURPOSE_TEXT[n]) for n in PURPOSE_FLAGS)
    + (
        C("n_client_sectors", "Int", "count", "number of client sectors served"),
        C("gov_nonprofit", "flag", "", "serves government or non-profit clients"),
        C("vc", "flag", "", "received venture capital"),
        C("spinoff", "flag", "", "spin-off of a Belgian university or college"),
        C("patent", "flag", "", "holds at least one US or EU patent"),
        C("sources", "str", "", "';'-separated list from ai4belgium, vaeremans, own"),
    )
)

ACCOUNTS = (
    C("enterprise_number", "str", "", "KBO enterprise number"),
    C("year", "int", "year", "fiscal year = calendar year of the fiscal year end"),
    C("schema", "str", "", "full | abbreviated | micro (NBB model m02/m82 | m01/m81 | m07/m87)"),
    C("turnover", "float", "EUR", "rubric 70; missing when not reported (optional in abbreviated/micro)"),
    C("gross_margin", "float", "EUR", "= value_added (9900, or the same aggregate from its components)"),
    C("intermediate_inputs", "float", "EUR", "60 + 61 (or 60/61); else 70 + 71 + 72 + 74 + 76A - 9900"),
    C("value_added", "float", "EUR", "9900; else 70 + 71 + 72 + 74 + 76A - 60 - 61; else 9901 + 62 + 630 + "
      "631/4 + 635/8 + 640/8 + 649 + 66A (docs/nbb_rubrics.md)"),
    C("employees", "float", "FTE", "average FTE: 1003 (social balance sheet, all schemes); 9087 where 1003 is absent"),
    C("wage_bill", "float", "EUR", "rubric 62 remuneration, social security and pensions"),
    C("depreciation", "float", "EUR", "rubric 630 depreciation and amounts written off"),
    C("ebit", "float", "EUR", "rubric 9901 operating profit (loss)"),
    C("ebitda", "float", "EUR", "ebit + depreciation (630 missing counts as 0)"),
    C("tangible_assets", "float", "EUR", "rubric 22/27"),
    C("intangible_assets", "float", "EUR", "rubric 21"),
    C("investment", "float", "EUR", "acquisitions of tangible fixed assets: 8161..8166 (full) or 8169 "
      "(abbreviated/micro); else delta 22/27 + 630"),
    C("equity", "float", "EUR", "rubric 10/15"),
    C("total_assets", "float", "EUR", "rubric 20/58"),
    C("debts", "float", "EUR", "rubric 17/49"),
)

_FIRM_IN_PANEL = tuple(c for c in FIRMS_KBO + FIRM_FLAGS if c.name not in ("enterprise_number",))
_AI_IN_PANEL = tuple(c for c in AI_PROFILE if c.name != "enterprise_number")
STARTERS = (
    ACCOUNTS
    + _FIRM_IN_PANEL
    + _AI_IN_PANEL
    + (
        C("age", "int", "years", "year - founded"),
        C("labour_productivity", "float", "EUR/FTE", "value_added / employees (missing if employees <= 0)"),
        C("fin_independence", "float", "ratio", "equity / total_assets (missing if total_assets <= 0)"),
        C("debt_per_employee", "float", "EUR/FTE", "debts / employees (missing if employees <= 0)"),
        C("failed", "flag", "", "firm exits by bankruptcy, liquidation or dissolution (any year)"),
        C("acquired", "flag", "", "firm exits by merger or acquisition (any year)"),
        C("active", "flag", "", "1 if no exit or year <= exit_year"),
        C("vc_group", "str", "", "non-AI | AI without VC | AI with VC"),
    )
)

# One row per name on the AI list, joined to its KBO record and an accounts summary
# (built by econ_ai.data.ai_companies).
AI_COMPANIES = (
    AI_PROFILE
    + (C("step", "str", "", "funnel step reached: name | kbo | starter | verified (Figure 1)"),)
    + tuple(c for c in FIRMS_KBO + FIRM_FLAGS[1:]
            if c.name not in ("enterprise_number", "nis_code"))
    + (
        C("in_kbo", "flag", "", "linked to a KBO enterprise number (step kbo or later)"),
        C("verified", "flag", "", "verified AI starter (step 'verified': the study's 744)"),
        C("failed", "flag", "", "stopped by bankruptcy, liquidation or dissolution"),
        C("acquired", "flag", "", "in a merger or acquisition"),
        C("n_years", "int", "years", "annual accounts observed 2010-2023"),
        C("employees_mean", "float", "FTE", "mean FTE over the observed firm-years"),
        C("age_end", "float", "years", "age at exit, or in 2024 if still active"),
        C("vc_group", "str", "", "AI with VC | AI without VC (verified starters only)"),
    )
)

LINKED_CANDIDATES = (  # econ_ai.linkage.dataset: Figure 1 by record linkage, one row per listed name
    C("candidate_id", "str", "", "row id in its list (A0001 = AI4Belgium, V = Vaeremans, O = own)"),
    C("source", "str", "", "list of origin: ai4belgium | vaeremans | own"),
    C("name", "str", "", "the name as listed"),
    C("enterprise_number", "str", "", "the KBO enterprise linked to (after review; empty: none)"),
    C("p_match", "float", "", "model probability of the best-scored entity"),
    C("review", "flag", "", "in the uncertain band: sent to clerical review"),
    C("decided_by", "str", "", "model | clerical"),
    C("reason", "str", "", "company | duplicate | no_match | university | nonprofit | foreign | natural_person"),
    C("step", "str", "", "last funnel step reached after review: name | kbo | starter | verified"),
    C("reason_model", "str", "", "reason from the model alone (before review)"),
    C("step_model", "str", "", "funnel step from the model alone (before review)"),
    C("in_kbo", "flag", "", "step is kbo, starter or verified (linked, kept)"),
    C("starter", "flag", "", "step is starter or verified (founded 2010 or later)"),
    C("verified", "flag", "", "step is verified (AI production verified in the profile)"),
    C("in_kbo_model", "flag", "", "in_kbo from the model alone"),
    C("starter_model", "flag", "", "starter from the model alone"),
    C("verified_model", "flag", "", "verified from the model alone"),
    C("founded", "Int", "", "founding year of the linked entity"),
    C("linked", "flag", "", "linked to some entity (after review)"),
    C("truth_enterprise_number", "str", "", "true entity (synthetic truth; empty: none or unknown)"),
    C("truth_reason", "str", "", "true reason (app / wrong_entry read as no_match)"),
    C("truth_step", "str", "", "true funnel step"),
    C("truth_linkable", "flag", "", "the truth has an entity of the register for this name"),
    C("match_correct", "flag", "", "linked to the true entity (0 when linked elsewhere or not linked)"),
    C("match_correct_model", "flag", "", "match_correct from the model alone"),
    C("linked_model", "flag", "", "linked to some entity by the model alone"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "firms": FIRMS_KBO + FIRM_FLAGS,
    "ai_profile": AI_PROFILE,
    "accounts": ACCOUNTS,
    "starters": STARTERS,
    "ai_companies": AI_COMPANIES,
    "linked_candidates": LINKED_CANDIDATES,
}

# Columns added later by the productivity stage (optional in validate()).
OPTIONAL = {"starters": ("tfp_lp", "tfp_acf", "tfp_wooldridge")}
# who generates the optional columns: "module:function(table, *, by, quiet) -> table". The
# study layer estimates them (econ_ai.study.indicators); the pipeline calls it by this name
# only when a spec uses one of the columns, so the data layer never imports the study.
GENERATORS = {"starters": "econ_ai.study.indicators:add_productivity_indicators"}


def columns(table: str) -> list[str]:
    """Canonical column names of ``table`` in order."""
    if table not in TABLES:
        raise KeyError(f"unknown table '{table}'{did_you_mean(table, TABLES)}")
    return [c.name for c in TABLES[table]]


def column(table: str, name: str) -> Column:
    for c in TABLES[table]:
        if c.name == name:
            return c
    raise KeyError(f"unknown column '{name}' in {table}{did_you_mean(name, columns(table))}")


def _dtype_ok(kind: str, s: pd.Series) -> bool:
    dt = s.dtype
    if kind == "str":
        return pd.api.types.is_object_dtype(dt) or pd.api.types.is_string_dtype(dt) or isinstance(
            dt, pd.CategoricalDtype
        )
    if kind in ("int", "flag"):
        return pd.api.types.is_integer_dtype(dt) or pd.api.types.is_bool_dtype(dt)
    if kind == "Int":
        return pd.api.types.is_integer_dtype(dt) or pd.api.types.is_float_dtype(dt)
    if kind == "float":
        return pd.api.types.is_numeric_dtype(dt) and not pd.api.types.is_bool_dtype(dt)
    if kind == "date":
        return pd.api.types.is_datetime64_any_dtype(dt)
    return False


def validate(table_name: str, df: pd.DataFrame, *, source: str | None = None) -> None:
    """Check that ``df`` has every canonical column of ``table_name`` with a compatible dtype.

    Raises DataError naming the first missing column (with the near miss) or wrong dtype.
    Flags must hold only 0/1.
    """
    cols = TABLES.get(table_name)
    if cols is None:
        raise DataError(f"unknown table '{table_name}'{did_you_mean(table_name, TABLES)}", file=source)
    for c in cols:
        if c.name not in df.columns:
            raise DataError(
                f"table '{table_name}': missing column '{c.name}'{did_you_mean(c.name, df.columns)}", file=source
            )
        s = df[c.name]
        if not _dtype_ok(c.dtype, s):
            raise DataError(
                f"table '{table_name}': column '{c.name}' has dtype {s.dtype}, expected {c.dtype}", file=source
            )
        if c.dtype == "flag" and len(s):
            bad = s.notna() & ~s.isin([0, 1])
            if bad.any():
                raise DataError(
                    f"table '{table_name}': column '{c.name}' must be 0/1, found {s[bad].iloc[0]}", file=source
                )
