"""Fit the pair classifier of :mod:`econ_ai.linkage.score` on TRAINING synthetic lists.

    python -m econ_ai.linkage.train [--seeds 101 102 ...] [--scale 1.0] [-o econ_ai/linkage/model.json]

generates (or reuses) the synthetic populations of those seeds (``econ_ai.data.synth.ensure``),
links the three candidate lists of each with the features only (the lists of all the seeds
pooled, each name its own query), labels each (name, entity) pair 1 when
the entity is the truth's enterprise for that name (``candidates/truth.csv``; duplicates of a
company count as matches of that company) and fits ``LogisticRegression(C=1.0)`` (scikit-learn,
no class weights, so the probabilities stay calibrated), then picks the name-level acceptance
threshold (``accept``) with the best F1 on the same training names. The default evaluation
data (seed 20250416) and the seeds of the stored calibration run (1-20) are never used for
fitting: the released model is fitted on seeds 101-110, full scale.
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


def pooled_pairs(folders):
    """The training pairs of several folders, with query numbers made distinct."""
    import pandas as pd

    feats, ys, offset = [], [], 0
    for folder in folders:
        feat, y = training_pairs(folder)
        feat = feat.assign(query=feat["query"] + offset)
        offset = int(feat["query"].max()) + 1 if len(feat) else offset
        feats.append(feat)
        ys.append(y)
    return pd.concat(feats, ignore_index=True), np.concatenate(ys)


def fit(feat, y, C: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression

    x = feat[list(FEATURES)].to_numpy(float)
    m = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    model = {"features": list(FEATURES), "coef": [round(float(c), 6) for c in m.coef_[0]],
             "intercept": round(float(m.intercept_[0]), 6), "n_pairs": int(len(y)), "n_positive": int(y.sum())}
    model["accept"], model["threshold_fit"] = accept_threshold(feat, y, m.predict_proba(x)[:, 1])
    return model


def accept_threshold(feat, y, p, grid=(0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)):
    """The name-level acceptance threshold with the best F1 on the TRAINING names: each name
    takes its best-scored entity; a link is right when that entity is the true one."""
    import pandas as pd

    d = pd.DataFrame({"query": feat["query"].to_numpy(), "p": p, "y": y})
    best = d.sort_values(["query", "p"], ascending=[True, False]).drop_duplicates("query")
    n_true = int(d.groupby("query")["y"].max().sum())
    rows = []
    for t in grid:
        acc = best["p"] >= t
        tp = int((acc & (best["y"] == 1)).sum())
        prec = tp / max(int(acc.sum()), 1)
        rec = tp / max(n_true, 1)
        rows.append((2 * prec * rec / max(prec + rec, 1e-12), t, prec, rec))
    f1, t, prec, rec = max(rows)
    return float(t), {"f1": round(f1, 4), "precision": round(prec, 4), "recall": round(rec, 4),
                      "grid": list(grid), "note": "best F1 over the grid, names of the training lists"}


def main(argv=None) -> int:
    from econ_ai.data.synth import GENERATOR_VERSION, ensure

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=list(range(101, 111)))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("-o", "--out", default=str(Path(__file__).with_name("model.json")))
    a = ap.parse_args(argv)
    folders = [ensure(a.scale, s) for s in a.seeds]
    feat, y = pooled_pairs(folders)
    model = fit(feat, y)
    seeds = " ".join(map(str, a.seeds))
    model["trained_on"] = {"seeds": list(a.seeds), "scale": a.scale, "generator": f"synth-v{GENERATOR_VERSION}",
                           "command": f"python -m econ_ai.linkage.train --seeds {seeds} --scale {a.scale}"}
    Path(a.out).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(model, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
