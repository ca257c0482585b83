"""Sweep benchmark: econ_ai's sweep vs pyfixest multiple estimation, side by side in one run.

    .venv/bin/python benchmarks/bench_sweep.py                 # 157k firms, ~1.2M firm-years
    .venv/bin/python benchmarks/bench_sweep.py --firms 20000   # a reduced panel
    .venv/bin/python benchmarks/bench_sweep.py --quick         # 5k firms (smoke run)

The peer sweep on the panel of ``bench_fe_ols.make_panel`` (plus a 4th control and 4
outcomes): 4 outcomes x 16 control subsets (every subset of 4 controls) x 4 FE variants
(nace3; nace3 + year; year; nace3 x year) x 2 vcov (firm clusters; two-way firm + nace3) =
512 models, each with the ai dummy.

- econ_ai: one spec with ``vary:`` (outcome, controls, absorb, vcov), ``run_sweep`` on the
  DataFrame (one process): cold (empty design cache), then warm after editing one control
  (``c4`` -> ``square(c4)``: 256 of the 512 models change), then the same cold sweep on a Dask
  LocalCluster of 2 worker processes and with joblib n_jobs=2 (both: no cache).
- pyfixest: multiple estimation ``y1+y2+y3+y4 ~ ai + <subset> | <fe>`` (4 outcomes per call;
  pyfixest reuses its demeaning across them), looped over the 16 subsets and 4 FE variants it
  cannot express in one formula; the second vcov by ``Feols.vcov()`` on each fitted model.

Each implementation runs in its own subprocess (peaks never mix). Agreement: the largest
absolute difference of the ai coefficient over the 512 models (the SEs follow different
small-sample conventions by default and are not compared).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fe_ols import make_panel  # noqa: E402
from common import markdown_table, measure, reset_peak, peak_mb, rss_mb, run_worker  # noqa: E402

CONTROLS = ["log_emp", "log_tang", "log_intang", "c4"]
OUTCOMES = ["y1", "y2", "y3", "y4"]
FES = {"nace3": ["nace3"], "nace3+year": ["nace3", "year"], "year": ["year"], "nace3xyear": ["nace3:year"]}
PF_FES = {"nace3": "nace3", "nace3+year": "nace3+year", "year": "year", "nace3xyear": "nace3^year"}
SUBSETS = [list(s) for k in range(5) for s in itertools.combinations(CONTROLS, k)]


def panel(n_firms: int):
    df = make_panel(n_firms)
    rng = np.random.default_rng(7)
    df["c4"] = rng.normal(size=len(df))
    df = df.rename(columns={"y": "y1"})
    for j, y in enumerate(OUTCOMES[1:], 2):
        df[y] = df["y1"] * (0.5 + 0.2 * j) + 0.1 * df["c4"] + rng.normal(size=len(df))
    return df


def spec(controls: list[str]) -> dict:
    subsets = {"+".join(s) or "none": [("square(c4)" if c == "c4" and "square(c4)" in controls else c) for c in s]
               for s in SUBSETS}
    return {"kind": "fe_ols", "title": "bench sweep", "regressors": ["ai"],
            "vary": {"outcome": OUTCOMES, "controls": subsets, "absorb": FES,
                     "vcov": {"firm": {"cluster": ["firm"]}, "firm+nace3": {"cluster": ["firm", "nace3"]}}},
            "max_models": 512}


def _ai(rs) -> list[float]:
    return [r.coefficients["ai"].estimate for r in rs]


def worker_econ_ai(n_firms: int, mode: str) -> dict:
    import econ_ai as ea

    df = panel(n_firms)
    cache = tempfile.mkdtemp(prefix="bench-sweep-cache-")
    import os

    os.environ["ECON_AI_CACHE"] = cache
    out: dict = {}
    if mode == "local":
        m = measure(lambda: out.setdefault("cold", ea.sweep(spec(CONTROLS), data=df)), repeats=1)
        edited = spec(CONTROLS + ["square(c4)"])
        t0 = time.perf_counter()
        warm = ea.sweep(edited, data=df)
        warm_s = time.perf_counter() - t0
        cold = out["cold"]
        return {"impl": "econ_ai sweep", "models": len(cold), "wall_s": m["cold_s"], "peak_mb": m["peak_mb"],
                "extra_mb": m["extra_mb"], "warm_edit_s": warm_s, "ai": _ai(cold), "warm_models": len(warm)}
    if mode == "joblib":
        m = measure(lambda: out.setdefault("rs", ea.sweep(spec(CONTROLS), data=df, cache=False, n_jobs=2)), repeats=1)
        return {"impl": "econ_ai sweep, joblib n_jobs=2", "wall_s": m["cold_s"], "peak_mb": m["peak_mb"],
                "ai": _ai(out["rs"])}
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        m = measure(lambda: out.setdefault("rs", ea.sweep(spec(CONTROLS), data=df, cache=False,
                                                          scheduler=cluster.scheduler_address)), repeats=1)
    return {"impl": "econ_ai sweep, Dask LocalCluster(2)", "wall_s": m["cold_s"], "peak_mb": m["peak_mb"],
            "ai": _ai(out["rs"])}


def worker_pyfixest(n_firms: int) -> dict:
    import warnings

    import pyfixest as pf

    warnings.filterwarnings("ignore")
    df = panel(n_firms)
    est: dict = {}

    def run():
        for fe_name, fe in PF_FES.items():
            for s in SUBSETS:
                rhs = " + ".join(["ai"] + s)
                fit = pf.feols(f"{' + '.join(OUTCOMES)} ~ {rhs} | {fe}", data=df, vcov={"CRV1": "firm"})
                models = list(fit.all_fitted_models.values()) if hasattr(fit, "all_fitted_models") else [fit]
                for y, mod in zip(OUTCOMES, models):
                    b1 = float(mod.coef()["ai"])
                    mod.vcov({"CRV1": "firm+nace3"})
                    est[(y, "+".join(s) or "none", fe_name)] = (b1, float(mod.se()["ai"]))

    m = measure(run, repeats=1)
    ai = []
    for y in OUTCOMES:  # the econ_ai sweep's order: outcome, controls, absorb, vcov
        for s in SUBSETS:
            for fe_name in FES:
                b = est[(y, "+".join(s) or "none", fe_name)][0]
                ai += [b, b]
    return {"impl": "pyfixest multiple estimation", "models": 2 * len(est), "wall_s": m["cold_s"],
            "peak_mb": m["peak_mb"], "extra_mb": m["extra_mb"], "ai": ai}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--firms", type=int, default=157_000)
    ap.add_argument("--quick", action="store_true", help="5k firms")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    n = 5_000 if args.quick else args.firms
    if args.worker:
        res = worker_pyfixest(n) if args.worker == "pyfixest" else worker_econ_ai(n, args.worker)
        print(json.dumps(res))
        return
    me = [sys.executable, __file__, "--firms", str(n)]
    runs = {"local": run_worker(me + ["--worker", "local"]), "pyfixest": run_worker(me + ["--worker", "pyfixest"])}
    if not args.skip_dask:
        runs["joblib"] = run_worker(me + ["--worker", "joblib"])
        runs["dask"] = run_worker(me + ["--worker", "dask"])
    for k, r in runs.items():
        if "error" in r:
            print(f"{k}: ERROR {r['error']}", file=sys.stderr)
    ok = {k: r for k, r in runs.items() if "error" not in r}
    ref = np.asarray(ok["pyfixest"]["ai"]) if "pyfixest" in ok else None
    rows = []
    for k, r in ok.items():
        agree = float(np.max(np.abs(np.asarray(r["ai"]) - ref))) if ref is not None and len(r["ai"]) == len(ref) else None
        rows.append({"implementation": r["impl"], "models": len(r["ai"]), "wall s": r["wall_s"],
                     "peak MiB": r["peak_mb"], "max |d ai| vs pyfixest": agree})
    loc = ok.get("local")
    if loc:
        rows.append({"implementation": "econ_ai warm rerun after editing one control", "models": loc["warm_models"],
                     "wall s": loc["warm_edit_s"]})
    print(f"## Sweep benchmark: {n} firms, 512 models (synthetic panel)\n")
    print(markdown_table(rows, ["implementation", "models", "wall s", "peak MiB", "max |d ai| vs pyfixest"]))
    if loc and "pyfixest" in ok:
        pf_ = ok["pyfixest"]
        print(f"\nwall econ_ai / pyfixest: {loc['wall_s'] / pf_['wall_s']:.2f} (target <= 0.5); "
              f"peak econ_ai / pyfixest: {loc['peak_mb'] / pf_['peak_mb']:.2f} (target <= 1); "
              f"warm edit / cold: {loc['warm_edit_s'] / loc['wall_s']:.2f} (target <= 0.2)")
    if "dask" in ok and "joblib" in ok:
        print(f"Dask LocalCluster(2) / joblib n_jobs=2 wall: {ok['dask']['wall_s'] / ok['joblib']['wall_s']:.2f}")


if __name__ == "__main__":
    main()
