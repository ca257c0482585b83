"""Candidate generation: which register names could a listed name be?

Two blocks, both on the normalised names (:mod:`econ_ai.linkage.normalise`) of the distinct
register names (116k distinct names for 329k denominations of the synthetic register; the
register's many exact twins are scored once):

1. exact block: the listed name's normalised form, its form without spaces and its web-site
   stem, looked up in the register's name keys (a hash join); and a token block: the register
   names that contain a word of the listed name found in at most ``MAX_TOKEN_KEYS`` (60)
   register names (a distinctive word: "kaloneva" finds "kaloneva health" when the list drops
   "Health", which character n-grams rank below "kalonevax");
   and a fuzzy token block: the register names with a word one edit away from a word of the
   listed name (two for words of 10+ letters; the edits of ``score._tok_match``), among the
   same distinctive words, found by a deletion index (each word and its one-letter deletions,
   as SymSpell does): "kaeod" finds "kaedo", "snedo" finds "senedo vision", names that share
   too few trigrams with the typo for the similarity block to rank them in its ``k``;
2. similarity block: scikit-learn ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3),
   sublinear_tf=True)`` fitted on the register's distinct names, and the ``k`` nearest register
   names by cosine similarity: an exact nearest-neighbour search done as a sparse product of the
   L2-normalised rows (only names sharing a trigram with the query are touched), which gives
   the neighbours of ``sklearn.neighbors.NearestNeighbors(metric="cosine",
   algorithm="brute")`` (checked in tests/linkage/test_candidates.py) without its dense
   1,256 x 117k distance matrix (16 s -> 0.3 s here).

``candidate_pairs(queries, index, k)`` -> DataFrame (query, key, tfidf) of (query, register
name) pairs; :func:`expand` turns register names into (query, denomination posting) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from econ_ai.linkage.register import Register
from econ_ai.linkage.score import _tok_match

NGRAMS = (3, 3)
MAX_TOKEN_KEYS = 60
MAX_PAIRS = 30
MAX_FUZZY = 20              # fuzzy-token hits kept per query (by tf-idf), beside the MAX_PAIRS
MIN_FUZZY_LEN = 4


@dataclass
class NameIndex:
    register: Register
    vectorizer: object
    matrix: object              # sparse (n_keys x n_features), rows L2-normalised
    key_pos: dict
    token_keys: dict            # token -> key positions (tokens in at most MAX_TOKEN_KEYS names)
    deletions: dict             # a distinctive token or one of its 1-letter deletions -> tokens


def _deletes(t: str) -> set[str]:
    return {t} | {t[:i] + t[i + 1:] for i in range(len(t))}


def fuzzy_tokens(token: str, deletions: dict) -> set[str]:
    """The indexed tokens within the edits of ``score._tok_match`` of ``token`` (itself excluded)."""
    if len(token) < MIN_FUZZY_LEN:
        return set()
    near = {u for v in _deletes(token) for u in deletions.get(v, ())}
    near.discard(token)
    return {u for u in near if _tok_match(token, u) > 0}


def build_index(register: Register) -> NameIndex:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, dtype=np.float32,
                          min_df=1)
    keys = [str(k) for k in register.keys]
    mat = vec.fit_transform(keys).tocsr()
    key_pos = {k: i for i, k in enumerate(keys)}
    key_pos.update({k.replace(" ", ""): i for i, k in enumerate(keys) if " " in k and k.replace(" ", "") not in key_pos})
    tk: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        for t in set(k.split()):
            tk.setdefault(t, []).append(i)
    token_keys = {t: np.asarray(v) for t, v in tk.items() if len(v) <= MAX_TOKEN_KEYS and len(t) >= 3}
    dels: dict[str, list[str]] = {}
    for t in token_keys:
        if len(t) >= MIN_FUZZY_LEN:
            for v in _deletes(t):
                dels.setdefault(v, []).append(t)
    return NameIndex(register, vec, mat, key_pos, token_keys, dels)


def knn(xq, matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, neighbour) arrays (n_queries x k) of the k largest cosines; -1 / 0 pad
    rows with fewer than k neighbours sharing a trigram. Ties: lower key position first."""
    prod = (xq @ matrix.T).tocsr()
    n = xq.shape[0]
    sim = np.zeros((n, k), dtype=float)
    nb = np.full((n, k), -1, dtype=np.int64)
    for i in range(n):
        a, b = prod.indptr[i], prod.indptr[i + 1]
        if a == b:
            continue
        d, c = prod.data[a:b], prod.indices[a:b]
        if len(d) > k:
            top = np.argpartition(-d, k - 1)[:k]
            d, c = d[top], c[top]
        order = np.lexsort((c, -d))
        sim[i, :len(order)] = d[order]
        nb[i, :len(order)] = c[order]
    return sim, nb


def candidate_pairs(queries: list[str], index: NameIndex, k: int = 8, extra: list[list[str]] | None = None
                    ) -> pd.DataFrame:
    """(query position, register key position, tf-idf cosine) for the exact and k-NN blocks.

    ``extra[i]``: further strings for query i looked up in the exact block only (its name
    without spaces, its web-site stem)."""
    qs = [q if q else "#" for q in queries]
    xq = index.vectorizer.transform(qs)
    kk = min(k, index.matrix.shape[0])
    sim, nb = knn(xq, index.matrix, kk)
    qi = np.repeat(np.arange(len(qs)), kk)
    out = pd.DataFrame({"query": qi, "key": nb.ravel(), "tfidf": sim.ravel(), "block": "knn", "exact_hit": False,
                        "fuzzy": False})
    out = out[out["key"] >= 0]
    ex_q, ex_k, hit, fz = [], [], [], []
    for i, q in enumerate(queries):
        for s in [q, q.replace(" ", "")] + (list(extra[i]) if extra else []):
            j = index.key_pos.get(s) if s else None
            if j is not None:
                ex_q.append(i)
                ex_k.append(j)
                hit.append(True)
                fz.append(False)
        for t in sorted(set(q.split())):  # token block: names sharing a rare word of the query (sorted:
            # the same rows in the same order in every process, whatever the string hash seed)
            ks = index.token_keys.get(t)
            if ks is not None:
                ex_q.extend([i] * len(ks))
                ex_k.extend(ks.tolist())
                hit.extend([False] * len(ks))
                fz.extend([False] * len(ks))
            for u in sorted(fuzzy_tokens(t, index.deletions)):  # fuzzy token block: a word one edit away
                ks = index.token_keys[u]
                ex_q.extend([i] * len(ks))
                ex_k.extend(ks.tolist())
                hit.extend([False] * len(ks))
                fz.extend([True] * len(ks))
    if ex_q:
        ex = pd.DataFrame({"query": ex_q, "key": ex_k, "block": "exact", "exact_hit": hit, "fuzzy": fz})
        a = index.matrix[np.array(ex_k)]
        b = xq[np.array(ex_q)]
        ex["tfidf"] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
        out = pd.concat([out, ex], ignore_index=True)
    # fuzzy-token hits need not share many trigrams ("kaeod" / "kaedo": 0.15)
    out = out[(out["tfidf"] > 0.2) | (out["fuzzy"] & (out["tfidf"] > 0))]
    out = out.sort_values(["query", "block", "fuzzy"])  # "exact" sorts before "knn", a non-fuzzy hit first
    out = out.drop_duplicates(["query", "key"], keep="first")
    # at most MAX_PAIRS names per query (by tf-idf), the exact-name hits always kept, and at
    # most MAX_FUZZY fuzzy-token hits besides
    srt = out.sort_values(["query", "tfidf"], ascending=[True, False])
    rank = srt[~srt["fuzzy"]].groupby("query").cumcount().reindex(out.index)
    frank = srt[srt["fuzzy"]].groupby("query").cumcount().reindex(out.index)
    keep = ((rank < MAX_PAIRS) & ~out["fuzzy"]) | out["exact_hit"] | (out["fuzzy"] & (frank < MAX_FUZZY))
    return out[keep].drop(columns=["exact_hit", "fuzzy"]).reset_index(drop=True)


def expand(pairs: pd.DataFrame, register: Register, max_postings: int = 400) -> pd.DataFrame:
    """The pairs repeated for each denomination posting of their register name (column
    ``posting``); a name with more than ``max_postings`` postings (a generic name) keeps the first ones."""
    kp = register.key_postings
    idx, posts = [], []
    for r, key in enumerate(pairs["key"].to_numpy()):
        p = kp[int(key)][:max_postings]
        idx.append(np.full(len(p), r))
        posts.append(p)
    if not idx:
        return pairs.iloc[:0].assign(posting=pd.Series([], dtype=int))
    rows = np.concatenate(idx)
    out = pairs.iloc[rows].reset_index(drop=True)
    out["posting"] = np.concatenate(posts)
    return out
