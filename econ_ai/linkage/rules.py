"""Exclusion rules from KBO data, deduplication across the lists, and the funnel steps.

Applied to the entity a listed name was linked to, in this order (the first that applies is
the row's ``reason``):

=================  =====================================================================
reason             rule (KBO fields of the linked entity)
=================  =====================================================================
no_match           no acceptable match (p_match below the threshold, or a clerical
                   "reject"): app or product names without a company, wrong entries
university         universities and colleges: main activity NACE 85.42 (tertiary
                   education) or a name word university / universiteit / université /
                   hogeschool / haute école / hochschule / college
nonprofit          non-profits and foundations by juridical form: 017 VZW/ASBL, 117 public
                   VZW, 125 / 325 IVZW/AISBL, 026 private foundation, 029 public-utility
                   foundation, 028 non-profit institution, 018 public-utility institution
foreign            foreign entities: juridical forms 030, 023, 160, 230, 235, 453, 454, or a
                   registered seat abroad (CountryNL given)
natural_person     TypeOfEnterprise 1. The study's population is companies (non-financial
                   corporations, sector S11 "which does not include the self-employed
                   (S14)", footnote 3 of the report): natural persons are excluded
duplicate          an enterprise already linked from an earlier row (list order as given,
                   then file order): a company on two lists counts once
company            kept: "linked to a KBO enterprise number" (Figure 1's 1027)
=================  =====================================================================

Then ``step``: ``name`` for every row not kept; ``kbo`` for kept rows; ``starter`` when the
enterprise was founded in 2010 or later (KBO StartDate); ``verified`` when the AI profile
(``ai_profile.csv``, the study's verification of AI production) has the enterprise at step
``verified``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.linkage.normalise import tokens

REASONS = ("company", "duplicate", "no_match", "university", "nonprofit", "foreign", "natural_person")
EXCLUDING = ("university", "nonprofit", "foreign", "natural_person")
STEPS = ("name", "kbo", "starter", "verified")
NONPROFIT_FORMS = frozenset({"017", "117", "125", "325", "026", "029", "028", "018"})
FOREIGN_FORMS = frozenset({"030", "023", "160", "230", "235", "453", "454"})
UNIVERSITY_WORDS = frozenset({"university", "college", "universitat", "universiteit", "hogeschool"})
FIRST_FOUNDING_YEAR = 2010


def entity_reason(ent: pd.Series | dict, denominations: list[str]) -> str:
    """The exclusion a linked entity falls under, or "company"."""
    nace = str(ent.get("nace5") or "")
    words = {t for d in denominations for t in tokens(d)}
    if nace.startswith("8542") or words & UNIVERSITY_WORDS:
        return "university"
    form = str(ent.get("juridical_form") or "")
    if form in NONPROFIT_FORMS:
        return "nonprofit"
    if form in FOREIGN_FORMS or str(ent.get("country") or ""):
        return "foreign"
    if str(ent.get("type_of_enterprise") or "") == "1":
        return "natural_person"
    return "company"


def funnel_steps(out: pd.DataFrame, verified_ens: set[str] | None,
                 first_year: int = FIRST_FOUNDING_YEAR) -> pd.DataFrame:
    """Dedup (in row order) and the funnel step of each row; ``out`` has enterprise_number,
    reason (company or an exclusion) and founded."""
    out = out.copy()
    comp = (out["reason"] == "company").to_numpy()
    dup = out["enterprise_number"].where(comp).duplicated(keep="first").to_numpy() & comp
    out.loc[dup, "reason"] = "duplicate"
    kept = (out["reason"] == "company").to_numpy()
    step = np.full(len(out), "name", dtype=object)
    step[kept] = "kbo"
    starter = kept & (pd.to_numeric(out["founded"], errors="coerce").fillna(0).to_numpy() >= first_year)
    step[starter] = "starter"
    if verified_ens is not None:
        ver = starter & out["enterprise_number"].isin(verified_ens).to_numpy()
        step[ver] = "verified"
    out["step"] = step
    return out


def funnel_counts(steps) -> dict[str, int]:
    """Names reaching at least each step (name >= kbo >= starter >= verified)."""
    rank = pd.Series(steps).map({s: k for k, s in enumerate(STEPS)})
    return {s: int((rank >= k).sum()) for k, s in enumerate(STEPS)}
