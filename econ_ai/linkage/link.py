"""Link candidate lists to the KBO register: the whole of Figure 1's first step.

``link(lists, register, decisions=None, verified=None)`` -> one row per listed name::

    candidate_id, source, name, city, postal_code, website,
    best_enterprise_number, best_denomination (the best-scored entity, accepted or not),
    enterprise_number, denomination (the link: empty without one), p_match,
    second_enterprise_number, p_second,
    review (1 = in the uncertain band), decided_by (model | clerical),
    reason (company | duplicate | no_match | university | nonprofit | foreign | natural_person),
    founded, juridical_form, step (name | kbo | starter | verified)

Decision: the entity with the highest ``p_match`` (:mod:`econ_ai.linkage.score`) is the link
when ``p_match >= accept`` (the threshold stored in ``model.json``, chosen on the training
lists; ``ACCEPT`` = 0.5 without one). Pairs with ``REVIEW_LOW <= p_match < REVIEW_HIGH`` (0.01
to 0.9), or whose runner-up (another entity) is within ``MARGIN`` (0.1) of the best above the
threshold, are flagged ``review = 1`` and go to the review CSV (:mod:`econ_ai.linkage.review`).
A decisions file (``candidate_id, decision``: an enterprise number or ``reject``) overrides the
model for its rows (``decided_by = clerical``).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from econ_ai.linkage import rules
from econ_ai.linkage.candidates import build_index, candidate_pairs, expand
from econ_ai.linkage.normalise import compact, normalise_name, website_stem
from econ_ai.linkage.register import Register
from econ_ai.linkage.score import load_model, name_features, pair_features, predict, token_idf

ACCEPT = 0.5
REVIEW_LOW, REVIEW_HIGH = 0.01, 0.9  # REVIEW_LOW was 0.05: on seeds 101-110 the names the review missed
# were true links scored 0.02-0.05 (recall 0.989, Figure 1's 851 / 744 off by 7-10 on half the seeds);
# at 0.01 about 45 more names (171 instead of 126 of 1256 on the default seed) go to review
MARGIN = 0.1
K_NEIGHBOURS = 12
LIST_COLUMNS = ("candidate_id", "name", "source", "website", "city", "postal_code")


def _log(quiet: bool, msg: str) -> None:
    if not quiet:
        print(f"[econ_ai link] {msg}", file=sys.stderr, flush=True)


def accept_threshold(model: dict | None = None) -> float:
    """The acceptance threshold stored with the classifier (fitted on training lists), else ACCEPT."""
    return float((model or load_model()).get("accept", ACCEPT))


def _index(register: Register):
    if getattr(register, "_index", None) is None:
        register._index = build_index(register)
        register._idf = token_idf(register.keys)
    return register._index, register._idf


def score_pairs(lists: pd.DataFrame, register: Register, *, k: int = K_NEIGHBOURS, model: dict | None = None,
                features_only: bool = False) -> pd.DataFrame:
    """Every scored (candidate row, entity) pair: query, entity, posting, features, p."""
    index, idf = _index(register)
    queries = [normalise_name(x) if isinstance(x, str) else "" for x in lists["name"]]
    extra = [[compact(x) if isinstance(x, str) else "", website_stem(w)]
             for x, w in zip(lists["name"], lists["website"].fillna(""))]
    pairs = candidate_pairs(queries, index, k=k, extra=extra)
    named = name_features(pairs, queries, register.keys, idf, extra)
    feat = pair_features(expand(named, register), register, lists)
    if not features_only:
        feat["p"] = predict(feat, model)
    return feat


def link(lists: pd.DataFrame, register: Register, *, decisions: dict[str, str] | None = None,
         verified: set[str] | None = None, model: dict | None = None, quiet: bool = True) -> pd.DataFrame:
    """Link, exclude, dedup and place every listed name in the funnel (see module doc)."""
    t0 = time.perf_counter()
    lists = lists.reset_index(drop=True).copy()
    for c in LIST_COLUMNS:
        if c not in lists.columns:
            lists[c] = ""
    lists = lists.fillna("")
    feat = score_pairs(lists, register, model=model)
    _log(quiet, f"{len(feat):,} candidate pairs scored for {len(lists):,} names [{time.perf_counter() - t0:.1f}s]")
    ent = register.entities
    best = (feat.sort_values(["query", "p"], ascending=[True, False], kind="stable")
            .drop_duplicates(["query", "entity"]))               # best posting per entity
    rank = best.groupby("query").cumcount().to_numpy()
    first = best[rank == 0].set_index("query")
    second = best[rank == 1].set_index("query")
    n = len(lists)
    q = np.arange(n)
    p1 = first["p"].reindex(q).fillna(0.0).to_numpy()
    e1 = first["entity"].reindex(q).fillna(-1).astype(int).to_numpy()
    post1 = first["posting"].reindex(q).fillna(-1).astype(int).to_numpy()
    p2 = second["p"].reindex(q).fillna(0.0).to_numpy()
    e2 = second["entity"].reindex(q).fillna(-1).astype(int).to_numpy()
    en_all = ent["enterprise_number"].to_numpy(object)
    out = lists[list(LIST_COLUMNS)].copy()
    best_en = np.where(e1 >= 0, en_all[np.maximum(e1, 0)], "")
    best_den = np.where(e1 >= 0, register.postings["denomination"].to_numpy(object)[np.maximum(post1, 0)], "")
    out["best_enterprise_number"] = best_en
    out["best_denomination"] = best_den
    out["enterprise_number"] = ""
    out["denomination"] = ""
    out["p_match"] = np.round(p1, 4)
    out["second_enterprise_number"] = np.where(e2 >= 0, en_all[np.maximum(e2, 0)], "")
    out["p_second"] = np.round(p2, 4)
    acc = accept_threshold(model)
    out["review"] = (((p1 >= REVIEW_LOW) & (p1 < REVIEW_HIGH))
                     | ((p2 >= acc) & (p1 - p2 < MARGIN))).astype(int)
    out = apply_decisions(out, register, decisions, verified, model=model)
    _log(quiet, f"linked: {rules.funnel_counts(out['step'])} [{time.perf_counter() - t0:.1f}s]")
    return out


def apply_decisions(model_out: pd.DataFrame, register: Register, decisions: dict[str, str] | None,
                    verified: set[str] | None, *, model: dict | None = None) -> pd.DataFrame:
    """The model's links (``p_match`` at or above ``model``'s threshold, the stored one by
    default) overridden by clerical decisions, then the exclusion rules, the dedup and the
    funnel steps. Reuses a previous output's scores, so a review round does not score the
    pairs again."""
    out = model_out[[c for c in model_out.columns if c not in ("reason", "step", "founded", "juridical_form")]].copy()
    accept = out["p_match"].to_numpy() >= accept_threshold(model)
    out["enterprise_number"] = np.where(accept, out["best_enterprise_number"], "")
    out["denomination"] = np.where(accept, out["best_denomination"], "")
    out["decided_by"] = "model"
    if decisions:
        ent_pos = {en: i for i, en in enumerate(register.entities["enterprise_number"])}
        first_den = register.postings.drop_duplicates("entity").set_index("entity")["denomination"]
        for i, cid in enumerate(out["candidate_id"].astype(str)):
            d = decisions.get(cid)
            if d is None:
                continue
            out.iat[i, out.columns.get_loc("decided_by")] = "clerical"
            en = "" if d == "reject" else d
            den = "" if not en else str(first_den.get(ent_pos.get(en, -1), ""))
            out.iat[i, out.columns.get_loc("enterprise_number")] = en
            out.iat[i, out.columns.get_loc("denomination")] = den
    _apply_rules(out, register)
    return rules.funnel_steps(out, verified)


def _apply_rules(out: pd.DataFrame, register: Register) -> None:
    ent = register.entities.set_index("enterprise_number", drop=False)
    linked = out["enterprise_number"].to_numpy(object)
    has = linked != ""
    reason = np.full(len(out), "no_match", dtype=object)
    founded = np.zeros(len(out), dtype=int)
    form = np.full(len(out), "", dtype=object)
    post = register.postings
    ens = sorted(set(linked[has]))
    pos_of = dict(zip(ens, pd.Index(register.entities["enterprise_number"]).get_indexer(ens).tolist()))
    dens = post[post["entity"].isin(list(pos_of.values()))].groupby("entity")["denomination"].apply(list).to_dict()
    nace = _nace(register, ens)
    cache: dict[str, str] = {}
    for i in np.flatnonzero(has):
        en = linked[i]
        row = ent.loc[en]
        if en not in cache:
            r = row.to_dict()
            r["nace5"] = nace.get(en, r.get("nace5", ""))
            cache[en] = rules.entity_reason(r, dens.get(pos_of[en], []))
        reason[i] = cache[en]
        founded[i] = int(row["founded"])
        form[i] = row["juridical_form"]
    out["reason"] = reason
    out["founded"] = founded
    out["juridical_form"] = form


def _nace(register: Register, ens: list[str]) -> dict[str, str]:
    """Main NACE activity of a few entities (the activity table read only for them)."""
    act = getattr(register, "activity", None)
    if act is None or not len(ens):
        e = register.entities.set_index("enterprise_number")
        return {en: str(e.at[en, "nace5"]) for en in ens if en in e.index}
    from econ_ai.data.kbo import main_activity

    ma = main_activity(act[act["EntityNumber"].isin(ens)])
    return {str(k): str(v) for k, v in ma.items()}
