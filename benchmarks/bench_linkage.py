"""Record linkage of the candidate lists to the KBO register (issue 12): accuracy and speed.

    .venv/bin/python benchmarks/bench_linkage.py [--quick] [--no-2m]

On the synthetic population (generator v8, default seed; the classifier was fitted on seeds 101-110):
1. the three written lists (1,256 names) against the full-scale register (~316k entities,
   ~329k denominations): time (register read + index + link, and link alone), precision /
   recall vs the truth, exclusion-rule accuracy per rule, funnel counts vs the published ones,
   before and after the simulated clerical review of the uncertain band;
2. names it has not seen: the same truth re-noised with another seed, and with the held-out
   noise profile (OCR confusions, two typos, word order, German form words, descriptors) that
   was never used while building the linkage;
3. time against ~2M denominations (the size of the real KBO): the register grown to 2M
   denominations with perturbed copies of its names (other entities, same tables).
Targets (issue 12): precision >= 0.98, recall >= 0.97, funnel within 1%, <= 10 s at full scale.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import markdown_table  # noqa: E402

PUBLISHED = {"name": 1256, "kbo": 1027, "starter": 851, "verified": 744}


def _verified(folder: Path) -> set[str]:
    prof = pd.read_csv(folder / "ai_profile.csv", dtype=str, keep_default_na=False)
    return set(prof.loc[prof["step"] == "verified", "EnterpriseNumber"])


def _truth(t: pd.DataFrame) -> pd.DataFrame:
    return t.assign(reason=t["reason"].replace({"app": "no_match", "wrong_entry": "no_match"}))


def _row(label, ev, n_review=None):
    f = ev["funnel"]
    return {"lists": label, "precision": f"{ev['precision']:.4f}", "recall": f"{ev['recall']:.4f}",
            "kbo": f["kbo"], "starter": f["starter"], "verified": f["verified"],
            "max funnel error": f"{max(abs(f[k] - PUBLISHED[k]) / PUBLISHED[k] for k in PUBLISHED):.1%}",
            "review rows": "" if n_review is None else n_review}


def accuracy(folder: Path, quick: bool) -> None:
    from econ_ai.data.synth.candidates import relist
    from econ_ai.linkage.evaluate import evaluate
    from econ_ai.linkage.link import apply_decisions, link
    from econ_ai.linkage.register import load_register
    from econ_ai.linkage.review import read_lists

    t0 = time.perf_counter()
    reg = load_register(folder / "kbo")
    t1 = time.perf_counter()
    lists = read_lists([folder / f"candidates/{s}.csv" for s in ("ai4belgium", "vaeremans", "own")])
    ver = _verified(folder)
    out = link(lists, reg, verified=ver)
    t2 = time.perf_counter()
    print(f"\n## Speed, full-scale register ({len(reg.entities):,} entities, {reg.n_denominations:,} "
          f"denominations)\n\nread + normalise register {t1 - t0:.1f} s; index + link 1,256 names "
          f"{t2 - t1:.1f} s; total {t2 - t0:.1f} s (target 10 s)\n")
    truth = _truth(pd.read_csv(folder / "candidates/truth.csv", dtype=str, keep_default_na=False))
    rows = []
    ev = evaluate(out, truth)
    rows.append(_row("written lists, model alone", ev, int(out["review"].sum())))
    t = truth.set_index("candidate_id")["enterprise_number"]
    dec = {c: (t.get(c) or "reject") for c in out.loc[out["review"] == 1, "candidate_id"]}
    ev2 = evaluate(apply_decisions(out, reg, dec, ver), truth)
    rows.append(_row("written lists, after review (simulated reviewer)", ev2))
    variants = [("re-noised, seed 7", 7, "default"), ("held-out noise profile, seed 11", 11, "heldout")]
    for label, seed, profile in variants[: 1 if quick else 2]:
        l2, t2_ = relist(folder, seed, profile)
        o2 = link(l2, reg, verified=ver)
        tt = _truth(t2_)
        rows.append(_row(label + ", model alone", evaluate(o2, tt), int(o2["review"].sum())))
        te = tt.set_index("candidate_id")["enterprise_number"]
        d2 = {c: (te.get(c) or "reject") for c in o2.loc[o2["review"] == 1, "candidate_id"]}
        rows.append(_row(label + ", after review", evaluate(apply_decisions(o2, reg, d2, ver), tt)))
    cols = ["lists", "precision", "recall", "kbo", "starter", "verified", "max funnel error", "review rows"]
    print("## Precision / recall and funnel (published 1256 -> 1027 -> 851 -> 744)\n")
    print(markdown_table(rows, cols))
    rules = [{"true reason": r, "rows": v["rows"], "given": v["given"], "accuracy": f"{v['accuracy']:.3f}",
              "precision": f"{v['precision']:.3f}" if v["given"] else ""} for r, v in ev["rules"].items()]
    print("\n## Exclusion rules (written lists, model alone)\n")
    print(markdown_table(rules, ["true reason", "rows", "given", "accuracy", "precision"]))
    print("\nConfusion (true reason x linked reason, model alone):\n")
    print(ev["confusion"].to_string())


def grown_register(folder: Path, target: int = 2_000_000):
    """The register's tables grown to ``target`` denominations with perturbed name copies."""
    from econ_ai.data.kbo import read_table
    from econ_ai.linkage.register import build_register

    kbo = folder / "kbo"
    ent = read_table(kbo / "enterprise.csv", "enterprise")
    den = read_table(kbo / "denomination.csv", "denomination")
    adr = read_table(kbo / "address.csv", "address")
    rng = np.random.default_rng(5)
    need = target - len(den)
    src = den.sample(need, replace=True, random_state=5).reset_index(drop=True)
    base = 20_000_000
    nums = [f"{(base + i) // 10**6:04d}.{(base + i) // 1000 % 1000:03d}.{(base + i) % 1000:03d}" for i in range(need)]
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    names = [n[:k] + str(c) + n[k:] for n, k, c in zip(src["Denomination"], rng.integers(1, 6, need),
                                                      rng.choice(letters, need))]
    den2 = pd.concat([den, pd.DataFrame({"EntityNumber": nums, "Language": "2", "TypeOfDenomination": "001",
                                         "Denomination": names})], ignore_index=True)
    e2 = ent.sample(need, replace=True, random_state=6).reset_index(drop=True).assign(EnterpriseNumber=nums)
    ent2 = pd.concat([ent, e2], ignore_index=True)
    return build_register(ent2, den2, adr), ent2, den2


def speed_2m(folder: Path) -> None:
    from econ_ai.linkage.link import link
    from econ_ai.linkage.review import read_lists

    t0 = time.perf_counter()
    reg, _, _ = grown_register(folder)
    t1 = time.perf_counter()
    lists = read_lists([folder / f"candidates/{s}.csv" for s in ("ai4belgium", "vaeremans", "own")])
    link(lists, reg, verified=_verified(folder))
    t2 = time.perf_counter()
    print(f"\n## Speed, {reg.n_denominations:,} denominations ({len(reg.keys):,} distinct names)\n\n"
          f"build register {t1 - t0:.1f} s (tables already in memory except the synthetic read); "
          f"index + link 1,256 names {t2 - t1:.1f} s\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-2m", action="store_true")
    a = ap.parse_args()
    from econ_ai.data.synth import ensure

    folder = ensure(1.0, quiet=True)
    print("# Record linkage benchmark (SYNTHETIC data, generator folder " + folder.name + ")")
    accuracy(folder, a.quick)
    if not (a.quick or a.no_2m):
        speed_2m(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
