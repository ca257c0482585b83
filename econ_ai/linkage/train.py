"""Fit the pair classifier of :mod:`econ_ai.linkage.score` on TRAINING synthetic lists.

    python -m econ_ai.linkage.train [--seed 1] [--scale 0.25] [-o econ_ai/linkage/model.json]

generates (or reuses) the synthetic population of that seed (``econ_ai.data.synth.ensure``),
links its three candidate lists with the features only, labels each (name, entity) pair 1 when
the entity is the truth's enterprise for that name (``candidates/truth.csv``; duplicates of a
company count as matches of that company) and fits ``LogisticRegression(C=1.0)`` (scikit-learn,
no class weights, so the probabilities stay calibrated). The default evaluation data (seed
20250416) is never used for fitting.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from econ_ai.linkage.score import FEATURES


def training_pairs(folder: Path):
    from econ_ai.linkage.link import LIST_COLUMNS, score_pairs
    from econ_ai.linkage.register import load_register
    from econ_ai.linkage.review import read_lists
    import pandas as pd

    reg = load_register(folder / "kbo")
    lists = read_lists([folder / f"candidates/{s}.csv" for s in ("ai4belgium", "vaeremans", "own")])
    truth = pd.read_csv(folder / "candidates/truth.csv", dtype=str, keep_default_na=False)
    lists = lists[list(LIST_COLUMNS)].fillna("")
    feat = score_pairs(lists, reg, features_only=True)
    true_en = lists["candidate_id"].map(dict(zip(truth["candidate_id"], truth["enterprise_number"]))).to_numpy(object)
    en = reg.entities["enterprise_number"].to_numpy(object)[feat["entity"].to_numpy()]
    y = (en == true_en[feat["query"].to_numpy()]).astype(int)
    return feat, y


def fit(feat, y, C: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression

    x = feat[list(FEATURES)].to_numpy(float)
    m = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    return {"features": list(FEATURES), "coef": [round(float(c), 6) for c in m.coef_[0]],
            "intercept": round(float(m.intercept_[0]), 6), "n_pairs": int(len(y)), "n_positive": int(y.sum())}


def main(argv=None) -> int:
    from econ_ai.data.synth import ensure

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=0.25)
    ap.add_argument("-o", "--out", default=str(Path(__file__).with_name("model.json")))
    a = ap.parse_args(argv)
    folder = ensure(a.scale, a.seed)
    feat, y = training_pairs(folder)
    model = fit(feat, y)
    model["trained_on"] = {"seed": a.seed, "scale": a.scale, "generator": folder.name,
                           "command": f"python -m econ_ai.linkage.train --seed {a.seed} --scale {a.scale}"}
    Path(a.out).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(model, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
