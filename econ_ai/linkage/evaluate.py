"""Linkage against a truth file: match precision / recall, exclusion-rule accuracy, confusion.

``evaluate(linked, truth)`` (truth: ``candidate_id, enterprise_number, reason, step``) ->
dict with

* ``precision``: of the names linked to an entity, the share linked to the true one;
* ``recall``: of the names whose truth is an entity of the register, the share linked to it;
* ``rules``: per true reason, rows, rows given that reason, accuracy (= recall of the rule),
  and the precision of the rule (rows given the reason that truly have it);
* ``confusion``: true reason x linked reason counts;
* ``funnel`` / ``truth_funnel``: the counts of Figure 1 from the linkage and from the truth.
"""

from __future__ import annotations

import pandas as pd

from econ_ai.linkage.rules import REASONS, funnel_counts


def joined(linked: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    t = truth.set_index("candidate_id")
    out = linked.copy()
    ids = out["candidate_id"]
    out["truth_enterprise_number"] = ids.map(t["enterprise_number"]).fillna("")
    out["truth_reason"] = ids.map(t["reason"])
    out["truth_step"] = ids.map(t["step"])
    return out


def evaluate(linked: pd.DataFrame, truth: pd.DataFrame) -> dict:
    j = joined(linked, truth)
    has = j["enterprise_number"] != ""
    true_has = j["truth_enterprise_number"] != ""
    correct = has & (j["enterprise_number"] == j["truth_enterprise_number"])
    rules = {}
    for r in REASONS:
        m = j["truth_reason"] == r
        given = j["reason"] == r
        rules[r] = {"rows": int(m.sum()), "given": int(given.sum()),
                    "accuracy": float((m & given).sum() / m.sum()) if m.any() else float("nan"),
                    "precision": float((m & given).sum() / given.sum()) if given.any() else float("nan")}
    conf = pd.crosstab(j["truth_reason"], j["reason"]).reindex(index=list(REASONS), columns=list(REASONS),
                                                                fill_value=0)
    return {"n": int(len(j)), "linked": int(has.sum()), "true_links": int(true_has.sum()),
            "correct": int(correct.sum()),
            "precision": float(correct.sum() / has.sum()) if has.any() else float("nan"),
            "recall": float(correct.sum() / true_has.sum()) if true_has.any() else float("nan"),
            "rules": rules, "confusion": conf, "funnel": funnel_counts(j["step"]),
            "truth_funnel": funnel_counts(j["truth_step"])}
