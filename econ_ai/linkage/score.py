"""Scoring (listed name, register entity) pairs, and the classifier that decides.

Features of a pair (all in [0, 1] or -1/0/1):

* ``tfidf``   cosine of the TF-IDF character 2-4-gram vectors (from the candidate block);
* ``seq``     difflib ratio of the two normalised names without spaces;
* ``qcov`` / ``rcov``  IDF-weighted share of the listed name's tokens found in the register
  name, and of the register name's tokens found in the listed name (a token matches an equal
  token, or counts 0.8 when one edit apart (optimal string alignment; two edits for tokens of
  10+ letters): typos); IDF over the register's distinct names, so a shared rare word
  ("kaloneva") weighs more than "solutions"; ``qexact`` / ``rexact`` the same with equal tokens
  only (so "novaqubi" is in "novaqubi health" but not in "vinovaqubi");
* ``minc``    min(qcov, rcov); ``rare``: the listed name's rarest token (highest IDF) is
  matched, 1 exactly or 0.8 within an edit (a name's distinctive word, "kaloneva" in
  "Kaloneva Solutions");
* ``tfidf_gap`` / ``seq_gap`` / ``minc_gap``: the pair's value minus the best value of that
  feature over all register names proposed for the same listed name (0 for the best name):
  how this name compares with its competitors; ``tfidf_lead`` / ``seq_lead`` / ``minc_lead``:
  the pair's value minus the best value of the OTHER names (positive only for a clear winner);
* ``ced1`` / ``ced2``  the names without spaces are one / two edits apart (optimal string
  alignment): a typo, often with a join ("tonerionvisin" / "tonerion vision");
* ``prefix``  the shorter name without spaces (5+ letters) is within an edit of the start of
  the longer one, which goes on by 3+ letters: a word added or dropped at the end, joined
  ("ixsenifyinternational" / "ixsenify");
* ``rivals``  log(1 + number of OTHER register names within one edit of the listed name): a
  typo-close name is weak evidence when the register holds several;
* ``namesakes`` log(number of denominations with the same normalised name): 0 for a unique
  name (twins must be told apart by place and date);
* ``exact``   the normalised names (or their forms without spaces, or the web-site stem) agree;
* ``short``   the register name has fewer than 5 characters (abbreviations: weak evidence);
* ``place``   +1 the listed city / postal code is the entity's seat (NL / FR / EN names,
  "Brussels" for the 19 communes), -1 another place, 0 not given;
* ``t002`` / ``t003``  the denomination is an abbreviation / a commercial name (001 = legal);
* ``late``    the entity was founded after the list was made (AI4Belgium 2021; Vaeremans
  2025; own searches 2025): implausible.

The classifier is a logistic regression on these features (scikit-learn), fitted on pairs of
synthetic lists of a TRAINING seed (``econ-ai`` never fits on the lists it is evaluated on):
its coefficients are stored in ``model.json`` beside this module with the seed and command that
produced them (``python -m econ_ai.linkage.train``). ``p_match`` is its calibrated
probability (checked by reliability bins in ``benchmarks/bench_linkage.py``).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
from rapidfuzz.distance import OSA

from econ_ai.linkage.normalise import brussels_zip, normalise_place

FEATURES = ("tfidf", "seq", "qcov", "rcov", "qexact", "rexact", "minc", "rare", "exact", "short", "tfidf_gap", "seq_gap",
            "minc_gap", "namesakes", "place_match", "place_mismatch", "t002", "t003", "late",
            "ced1", "ced2", "prefix", "rivals", "tfidf_lead", "seq_lead", "minc_lead")
LIST_YEAR = {"ai4belgium": 2021, "vaeremans": 2025, "own": 2025}
DEFAULT_LIST_YEAR = 2025


def token_idf(keys) -> dict[str, float]:
    df = Counter(t for k in keys for t in set(str(k).split()))
    n = max(len(keys), 1)
    return {t: math.log(n / c) + 1.0 for t, c in df.items()}


def osa_distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal-string-alignment edit distance (insert, delete, substitute, swap two adjacent
    letters), capped at ``cap``: RapidFuzz's ``distance.OSA`` (C++; the pure-Python loop it
    replaced took 2.7 s of the 7 s link of 1,256 names at full scale, and is kept in
    tests/linkage/test_score.py as the reference it is checked against)."""
    return min(int(OSA.distance(a, b, score_cutoff=cap)), cap)


@lru_cache(maxsize=1 << 18)
def _tok_match(a: str, b: str) -> float:
    """1 for equal tokens, 0.8 for one edit apart (two for tokens of 10+ letters), else 0."""
    if a == b:
        return 1.0
    allowed = 2 if min(len(a), len(b)) >= 10 else 1 if min(len(a), len(b)) >= 4 else 0
    return 0.8 if allowed and osa_distance(a, b, allowed + 1) <= allowed else 0.0


def _lead(query: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Each pair's value minus the best value of the OTHER register names proposed for the
    same listed name (0 when there is none): positive only for a clear winner."""
    order = np.lexsort((-value, query))
    q, v = query[order], value[order]
    first = np.r_[True, q[1:] != q[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(q)), 0))
    top1 = v[start]
    nxt = np.minimum(start + 1, len(q) - 1)
    top2 = np.where((nxt > start) & (q[nxt] == q), v[nxt], 0.0)
    lead = np.empty(len(v))
    lead[order] = v - np.where(first, top2, top1)
    return lead


def _prefix(a: str, b: str) -> float:
    """1 when the shorter compact name (5+ letters) is within an edit of the start of the
    longer one, which goes on by 3+ letters: a word added or dropped at the end ("ixsenify" /
    "ixsenifyinternational", "loorova" / "loorovavision")."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 5 or len(long_) - len(short) < 3:
        return 0.0
    n = len(short)  # the stem in the longer name may be a letter longer or shorter (a typo)
    return float(min(osa_distance(short, long_[:m], 2) for m in (n - 1, n, n + 1)) <= 1)


def _coverage(src: list[str], dst: list[str], idf: dict[str, float], default: float, exact: bool = False) -> float:
    """IDF-weighted share of ``src`` tokens matched in ``dst`` (exactly, or within an edit)."""
    if not src:
        return 0.0
    num = den = 0.0
    for t in src:
        w = idf.get(t, default)
        den += w
        if dst:
            m = max(_tok_match(t, u) for u in dst)
            num += w * (float(m == 1.0) if exact else m)
    return num / den if den else 0.0


def name_features(pairs: pd.DataFrame, queries: list[str], keys: np.ndarray, idf: dict[str, float],
                  extra: list[list[str]]) -> pd.DataFrame:
    """Name features of (query, register key) pairs (columns query, key, tfidf)."""
    default = max(idf.values()) if idf else 1.0
    seq, qc, rc, ex, sh, ra, qe, re_, ced, pre = [], [], [], [], [], [], [], [], [], []
    for q, k in zip(pairs["query"].to_numpy(), pairs["key"].to_numpy()):
        a, b = queries[int(q)], str(keys[int(k)])
        ac, bc = a.replace(" ", ""), b.replace(" ", "")
        seq.append(SequenceMatcher(None, ac, bc).ratio() if ac and bc else 0.0)
        ta, tb = a.split(), b.split()
        qc.append(_coverage(ta, tb, idf, default))
        rc.append(_coverage(tb, ta, idf, default))
        qe.append(_coverage(ta, tb, idf, default, exact=True))
        re_.append(_coverage(tb, ta, idf, default, exact=True))
        top = max(ta, key=lambda t: idf.get(t, default)) if ta else ""
        ra.append(max((_tok_match(top, u) for u in tb), default=0.0) if top else 0.0)
        ex.append(float(a == b or ac == bc or bc in extra[int(q)]))
        sh.append(float(len(bc) < 5))
        ced.append(osa_distance(ac, bc, 3) if ac and bc else 3)
        pre.append(_prefix(ac, bc))
    out = pairs.copy()
    out["seq"], out["qcov"], out["rcov"], out["exact"], out["short"] = seq, qc, rc, ex, sh
    out["minc"] = np.minimum(out["qcov"], out["rcov"])
    out["rare"] = ra
    out["qexact"], out["rexact"] = qe, re_
    ced_ = np.asarray(ced)
    out["ced1"], out["ced2"] = (ced_ == 1).astype(float), (ced_ == 2).astype(float)
    out["prefix"] = pre
    g = out.groupby("query")
    near = pd.Series(ced_ <= 1, index=out.index).astype(float)
    out["rivals"] = np.log1p(near.groupby(out["query"]).transform("sum") - near)
    for c in ("tfidf", "seq", "minc"):
        out[c + "_gap"] = out[c] - g[c].transform("max")
        out[c + "_lead"] = _lead(out["query"].to_numpy(), out[c].to_numpy(float))
    return out


def place_score(city: str, postal: str, zips: np.ndarray, place_nl: np.ndarray, place_fr: np.ndarray
                ) -> np.ndarray:
    """+1 / -1 / 0 per entity (arrays of its seat's zip and normalised NL / FR municipality) for
    one listed place: postal code first, else the city name ("brussels": the 19 communes)."""
    if not city and not postal:
        return np.zeros(len(zips))
    if postal:
        return np.where(zips == postal, 1.0, np.where(zips == "", 0.0, -1.0))
    c = normalise_place(city)
    hit = (place_nl == c) | (place_fr == c)
    if c == "brussels":
        hit = hit | np.array([brussels_zip(x) for x in zips], dtype=bool)
    return np.where(hit, 1.0, np.where(zips == "", 0.0, -1.0))


def pair_features(named: pd.DataFrame, register, lists: pd.DataFrame) -> pd.DataFrame:
    """All features of (query, posting) rows: name features joined to the postings, plus
    place, denomination type and founding-date plausibility."""
    post = register.postings
    ent = register.entities
    out = named.copy()
    epos = post["entity"].to_numpy()[out["posting"].to_numpy()]
    out["entity"] = epos
    sizes = getattr(register, "_key_sizes", None)
    if sizes is None:
        sizes = register._key_sizes = np.log(np.array([max(len(p), 1) for p in register.key_postings], float))
    out["namesakes"] = sizes[out["key"].to_numpy(int)]
    typ = post["type"].to_numpy(object)[out["posting"].to_numpy()]
    out["t002"] = (typ == "002").astype(float)
    out["t003"] = (typ == "003").astype(float)
    src = lists["source"].to_numpy(object)[out["query"].to_numpy()]
    year = np.array([LIST_YEAR.get(str(s), DEFAULT_LIST_YEAR) for s in src])
    out["late"] = (ent["founded"].to_numpy()[epos] > year).astype(float)
    place = np.zeros(len(out))
    city = lists["city"].fillna("").to_numpy(object)
    postal = lists["postal_code"].fillna("").to_numpy(object)
    qarr = out["query"].to_numpy()
    z = ent["zipcode"].to_numpy(object)[epos]
    pnl = ent["place_nl"].to_numpy(object)[epos]
    pfr = ent["place_fr"].to_numpy(object)[epos]
    order = np.argsort(qarr, kind="stable")
    bounds = np.searchsorted(qarr[order], np.arange(len(lists) + 1))
    for q in range(len(lists)):
        if (city[q] or postal[q]) and bounds[q + 1] > bounds[q]:
            m = order[bounds[q]:bounds[q + 1]]
            place[m] = place_score(str(city[q]), str(postal[q]), z[m], pnl[m], pfr[m])
    out["place_match"] = (place > 0).astype(float)
    out["place_mismatch"] = (place < 0).astype(float)
    return out


@lru_cache(maxsize=1)
def load_model() -> dict:
    path = resources.files("econ_ai.linkage").joinpath("model.json")
    return json.loads(path.read_text(encoding="utf-8"))


def predict(features: pd.DataFrame, model: dict | None = None) -> np.ndarray:
    """Match probability of each pair from the stored logistic regression."""
    m = model or load_model()
    x = features[list(m["features"])].to_numpy(float)
    z = x @ np.asarray(m["coef"], float) + float(m["intercept"])
    return 1.0 / (1.0 + np.exp(-z))
