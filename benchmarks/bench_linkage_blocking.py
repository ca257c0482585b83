"""Candidate generation for record linkage: scikit-learn TF-IDF trigram k-NN (econ_ai) beside
rapidfuzz (``process.extract``, scorer ``fuzz.ratio`` and ``fuzz.token_set_ratio``) on the
synthetic lists vs the full-scale register (issue 12: use rapidfuzz only if it beats sklearn).

    .venv/bin/python benchmarks/bench_linkage_blocking.py

Reported per method: candidate recall@k (share of names with a true entity whose true
normalised name is among the k register names proposed) and wall time for 1,256 names.
rapidfuzz is a core dependency since it computes econ_ai's edit distances
(``econ_ai.linkage.score.osa_distance``); the section is still skipped without it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import markdown_table  # noqa: E402

K = 12


def main() -> int:
    from econ_ai.data.synth import ensure
    from econ_ai.linkage.candidates import build_index, candidate_pairs
    from econ_ai.linkage.normalise import compact, normalise_name, website_stem
    from econ_ai.linkage.register import load_register
    from econ_ai.linkage.review import read_lists

    folder = ensure(1.0, quiet=True)
    reg = load_register(folder / "kbo")
    lists = read_lists([folder / f"candidates/{s}.csv" for s in ("ai4belgium", "vaeremans", "own")])
    truth = pd.read_csv(folder / "candidates/truth.csv", dtype=str, keep_default_na=False).set_index("candidate_id")
    ten = lists["candidate_id"].map(truth["enterprise_number"]).fillna("").to_numpy(object)
    epos = {e: i for i, e in enumerate(reg.entities["enterprise_number"])}
    post = reg.postings
    true_keys = [set(post.loc[post["entity"] == epos[e], "key"]) if e in epos else set() for e in ten]
    queries = [normalise_name(x) for x in lists["name"]]
    has = [bool(t) for t in true_keys]
    rows = []

    t0 = time.perf_counter()
    idx = build_index(reg)
    t1 = time.perf_counter()
    extra = [[compact(x), website_stem(w)] for x, w in zip(lists["name"], lists["website"])]
    pairs = candidate_pairs(queries, idx, k=K, extra=extra)
    t2 = time.perf_counter()
    got = pairs.groupby("query")["key"].apply(lambda s: {str(reg.keys[k]) for k in s}).to_dict()
    hit = sum(bool(true_keys[i] & got.get(i, set())) for i in range(len(queries)) if has[i])
    rows.append({"method": "econ_ai: exact + rare-word + TF-IDF trigram k-NN (sklearn)", "recall@k": f"{hit / sum(has):.4f}",
                 "index s": f"{t1 - t0:.2f}", "query s": f"{t2 - t1:.2f}"})
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        print("rapidfuzz not installed: its rows are skipped")
    else:
        keys = [str(k) for k in reg.keys]
        for name, scorer in (("rapidfuzz process.extract fuzz.ratio", fuzz.ratio),
                             ("rapidfuzz process.extract fuzz.token_set_ratio", fuzz.token_set_ratio)):
            t1 = time.perf_counter()
            res = [{keys[j] for _, _, j in process.extract(q, keys, scorer=scorer, limit=K)} if q else set()
                   for q in queries]
            t2 = time.perf_counter()
            hit = sum(bool(true_keys[i] & res[i]) for i in range(len(queries)) if has[i])
            rows.append({"method": name, "recall@k": f"{hit / sum(has):.4f}", "index s": "0", "query s": f"{t2 - t1:.2f}"})
    print(f"# Candidate generation, {len(queries)} names vs {len(reg.keys):,} distinct register names "
          f"(SYNTHETIC, k = {K})\n")
    print(markdown_table(rows, ["method", "recall@k", "index s", "query s"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
