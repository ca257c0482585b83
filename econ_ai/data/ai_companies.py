"""The ``ai_companies`` table: one row per name on the study's AI list (1256 at full scale).

It joins the hand-collected AI list (``ai_profile``: technology and purpose flags, VC, spin-off,
patent, sources, funnel ``step``) to the KBO firm record (founding year, place, legal situation,
exit type and year) and to a firm-level summary of the annual accounts. Figures 1-3 and 6,
Tables 1-2, the VC / spin-off / patent counts and the exit logits read it.

Columns added to the ai_profile columns (documented in ``COLUMNS``):
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FIRM_COLUMNS = (
    "firm", "founded", "founding_date", "juridical_form", "juridical_situation", "exit_type",
    "exit_year", "nace5", "nace3", "nace2", "zipcode", "municipality", "place", "province",
    "region", "starter", "has_employee",
)

COLUMNS = {
    "in_kbo": "1 when the name was linked to a KBO enterprise number (funnel step kbo or later)",
    "verified": "1 for the verified AI starters (funnel step 'verified': the 744 of the study)",
    "failed": "1 when the company stopped by bankruptcy, liquidation or dissolution (KBO situation)",
    "acquired": "1 when the company was in a merger or acquisition (KBO situation or media)",
    "n_years": "number of annual accounts (firm-years) observed 2010-2023",
    "employees_mean": "mean FTE employees over the observed firm-years (size in the exit logits)",
    "age_end": "age in years at exit, or in 2024 for companies still active (age in the exit logits)",
    "vc_group": "'AI with VC' or 'AI without VC' (verified starters); missing otherwise",
}
__doc__ += "".join(f"\n- ``{k}``: {v}" for k, v in COLUMNS.items()) + "\n"

FAILURE_TYPES = ("bankruptcy", "liquidation", "dissolution")
END_YEAR = 2024  # legal situations are observed up to 2024 (Figure 6: 2010-2024)


def build_ai_companies(ai_profile: pd.DataFrame, firms: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """Join the AI list to the firm records and a firm-level summary of the accounts."""
    ap = ai_profile.copy()
    keep = [c for c in FIRM_COLUMNS if c in firms.columns]
    f = firms[["enterprise_number", *keep]].drop_duplicates("enterprise_number")
    out = ap.merge(f, on="enterprise_number", how="left", validate="many_to_one")
    acc = accounts[accounts["enterprise_number"].isin(out["enterprise_number"].dropna())]
    summary = acc.groupby("enterprise_number").agg(
        n_years=("year", "size"), employees_mean=("employees", "mean")
    ).reset_index()
    out = out.merge(summary, on="enterprise_number", how="left", validate="many_to_one")
    step = out["step"].astype(str)
    out["in_kbo"] = step.isin(["kbo", "starter", "verified"]).astype(int)
    out["verified"] = (step == "verified").astype(int)
    exit_type = out["exit_type"].astype("object")
    out["failed"] = exit_type.isin(FAILURE_TYPES).astype(int)
    out["acquired"] = (exit_type == "merger_acquisition").astype(int)
    out["n_years"] = out["n_years"].fillna(0).astype(int)
    end = pd.to_numeric(out["exit_year"], errors="coerce").astype(float).fillna(END_YEAR)
    founded = pd.to_numeric(out["founded"], errors="coerce").astype(float)
    out["age_end"] = (end - founded).to_numpy(float)
    vc = pd.to_numeric(out["vc"], errors="coerce")
    # an enterprise absent from the KBO files or with an empty vc flag has NA here: "not VC"
    has_vc = (vc == 1).fillna(False).to_numpy(dtype=bool)
    out["vc_group"] = np.where(out["verified"].to_numpy() == 1, np.where(has_vc, "AI with VC", "AI without VC"), None)
    return out
