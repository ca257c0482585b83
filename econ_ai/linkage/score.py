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
  how this name compares with its competitors;
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

from econ_ai.linkage.normalise import brussels_zip, normalise_place

FEATURES = ("tfidf", "seq", "qcov", "rcov", "qexact", "rexact", "minc", "rare", "exact", "short", "tfidf_gap", "seq_gap",
            "minc_gap", "namesakes", "place_match", "place_mismatch", "t002", "t003", "late")
LIST_YEAR = {"ai4belgium": 2021, "vaeremans": 2025, "own": 2025}
DEFAULT_LIST_YEAR = 2025


def token_idf(keys) -> dict[str, float]:
    df = Counter(t for k in keys for t in set(str(k).split()))
    n = max(len(keys), 1)
    return {t: math.log(n / c) + 1.0 for t, c in df.items()}


def osa_distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal-string-alignment edit distance (insert, delete, substitute, swap two adjacent
    letters), capped at ``cap``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= cap:
            return cap
        prev2, prev = prev, cur
    return min(prev[-1], cap)


@lru_cache(maxsize=1 << 18)
def _tok_match(a: str, b: str) -> float:
    """1 for equal tokens, 0.8 for one edit apart (two for tokens of 10+ letters), else 0."""
    if a == b:
        return 1.0
    allowed = 2 if min(len(a), len(b)) >= 10 else 1 if min(len(a), len(b)) >= 4 else 0
    return 0.8 if allowed and osa_distance(a, b, allowed + 1) <= allowed else 0.0


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
    seq, qc, rc, ex, sh, ra, qe, re_ = [], [], [], [], [], [], [], []
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
    out = pairs.copy()
    out["seq"], out["qcov"], out["rcov"], out["exact"], out["short"] = seq, qc, rc, ex, sh
    out["minc"] = np.minimum(out["qcov"], out["rcov"])
    out["rare"] = ra
    out["qexact"], out["rexact"] = qe, re_
    g = out.groupby("query")
    for c in ("tfidf", "seq", "minc"):
        out[c + "_gap"] = out[c] - g[c].transform("max")
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
