"""The built-in dataset ``linked_candidates``: Figure 1 computed by record linkage.

One row per listed name of ``FOLDER/candidates/{ai4belgium,vaeremans,own}.csv`` linked to the
KBO register of ``FOLDER/kbo`` (:func:`econ_ai.linkage.link.link`), with the verification flag
from ``FOLDER/ai_profile.csv``. Two passes, as a linkage project runs them:

1. the model alone (``step_model``, ``reason_model``);
2. after clerical review (``step``, ``reason``): the names in the uncertain band are decided by
   ``FOLDER/candidates/decisions.csv`` when that file exists; for the SYNTHETIC data, which
   ships none, a simulated reviewer answers the review rows (only those) from the truth file,
   as a careful clerk with the web would. ``decided_by`` says which rows were.

Truth columns (``truth_*``, ``match_correct``) come from ``FOLDER/candidates/truth.csv`` when it
exists (the synthetic lists), and are empty otherwise.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data.schema import columns
from econ_ai.errors import DataError

LISTS = ("ai4belgium", "vaeremans", "own")


def _flag(x) -> np.ndarray:
    return np.asarray(x, dtype=bool).astype(np.int64)


def build_linked_candidates(folder: str | Path, *, quiet: bool = True) -> pd.DataFrame:
    from econ_ai.linkage.link import apply_decisions, link
    from econ_ai.linkage.register import load_register
    from econ_ai.linkage.review import read_decisions, read_lists

    folder = Path(folder)
    paths = [folder / "candidates" / f"{s}.csv" for s in LISTS]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise DataError("no candidate list (linked_candidates needs candidates/ai4belgium.csv, "
                        "vaeremans.csv, own.csv)", file=missing[0])
    t0 = time.perf_counter()
    reg = load_register(folder / "kbo", quiet=quiet)
    lists = read_lists(paths)
    prof = pd.read_csv(folder / "ai_profile.csv", dtype=str, keep_default_na=False)
    verified = set(prof.loc[prof["step"] == "verified", "EnterpriseNumber"])
    model = link(lists, reg, verified=verified, quiet=quiet)
    tpath = folder / "candidates" / "truth.csv"
    truth = pd.read_csv(tpath, dtype=str, keep_default_na=False) if tpath.is_file() else None
    dpath = folder / "candidates" / "decisions.csv"
    if dpath.is_file():
        decisions = read_decisions(dpath, lists["candidate_id"], set(reg.entities["enterprise_number"]))
    elif truth is not None:
        t = truth.set_index("candidate_id")["enterprise_number"]
        rev = model.loc[model["review"] == 1, "candidate_id"]
        decisions = {c: (t.get(c) or "reject") for c in rev}
    else:
        decisions = {}
    final = apply_decisions(model, reg, decisions, verified) if decisions else model
    out = pd.DataFrame({c: final[c] for c in ("candidate_id", "source", "name", "enterprise_number", "p_match",
                                               "review", "decided_by", "reason", "step")})
    out["reason_model"], out["step_model"] = model["reason"].to_numpy(), model["step"].to_numpy()
    for suffix, st in (("", out["step"]), ("_model", out["step_model"])):
        out["in_kbo" + suffix] = _flag(st.isin(["kbo", "starter", "verified"]))
        out["starter" + suffix] = _flag(st.isin(["starter", "verified"]))
        out["verified" + suffix] = _flag(st == "verified")
    out["founded"] = pd.array(np.where(final["enterprise_number"] != "", final["founded"], np.nan), dtype="Float64"
                              ).astype("Int64")
    out["linked"] = _flag(final["enterprise_number"] != "")
    out["linked_model"] = _flag(model["enterprise_number"] != "")
    if truth is not None:
        t = truth.set_index("candidate_id")
        ten = out["candidate_id"].map(t["enterprise_number"]).fillna("")
        out["truth_enterprise_number"] = ten.to_numpy(object)
        out["truth_reason"] = out["candidate_id"].map(t["reason"]).replace({"app": "no_match",
                                                                            "wrong_entry": "no_match"}).to_numpy(object)
        out["truth_step"] = out["candidate_id"].map(t["step"]).to_numpy(object)
        out["truth_linkable"] = _flag(ten != "")
        out["match_correct"] = _flag((final["enterprise_number"] == ten) & (ten != ""))
        out["match_correct_model"] = _flag((model["enterprise_number"] == ten) & (ten != ""))
    else:
        for c in ("truth_enterprise_number", "truth_reason", "truth_step"):
            out[c] = None
        for c in ("truth_linkable", "match_correct", "match_correct_model"):
            out[c] = np.zeros(len(out), dtype=np.int64)
    if not quiet:
        print(f"[econ_ai data] linked_candidates: {len(out)} names, {int(out['review'].sum())} reviewed "
              f"[{time.perf_counter() - t0:.1f}s]", file=sys.stderr)
    return out[columns("linked_candidates")]
