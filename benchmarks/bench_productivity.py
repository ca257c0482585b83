"""Benchmark: LP, ACF and Wooldridge (one estimation each, no bootstrap) on a simulated
panel of ~1.2M firm-years (ACF DGP 1), with peak memory; then bootstrap throughput with
joblib (draws per second, 1 worker vs all cores) on a smaller panel.

    .venv/bin/python benchmarks/bench_productivity.py [--firms 120000] [--periods 10]
        [--boot-firms 5000] [--boot-reps 20]

Target: each of LP, ACF, Wooldridge under 10 s on 1.2M firm-years.
Peak memory is measured with tracemalloc (numpy allocations) per estimation.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from econ_ai.kinds.production_function.estimator import ProductionFunction  # noqa: E402
from econ_ai.kinds.production_function.frame import design_from_frame  # noqa: E402
from econ_ai.kinds.production_function.simulate import simulate_acf  # noqa: E402


def design(df, method, **opts):
    return design_from_frame(df, output="y", free=["l"], state=["k"], proxy="i" if method == "op" else "m",
                             unit="firm", time="year", name=method,
                             options={"method": method, "bootstrap": {"reps": 0}, "quiet": True, **opts})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--firms", type=int, default=120_000)
    ap.add_argument("--periods", type=int, default=10)
    ap.add_argument("--boot-firms", type=int, default=5_000)
    ap.add_argument("--boot-reps", type=int, default=20)
    a = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.1f} "
          "(other processes share the cores: timings scale with it)")
    t = time.perf_counter()
    df = simulate_acf(a.firms, a.periods, dgp=1, seed=1)
    print(f"simulate {len(df):,} firm-years: {time.perf_counter() - t:.1f} s")
    for method in ("ols", "fe", "lp", "acf", "wooldridge", "op"):
        d = design(df, method)
        tracemalloc.start()
        t = time.perf_counter()
        r = ProductionFunction(quiet=True).fit(d)
        dt = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        b = r.params
        print(f"{method:>10}: {dt:6.2f} s  peak {peak:7.0f} MiB  load {os.getloadavg()[0]:4.1f}  b_l={b[0]:.3f} b_k={b[1]:.3f}  "
              f"(n={r.nobs:,}, stage 2 n={r.fit['nobs_stage2']:,})")
    small = simulate_acf(a.boot_firms, a.periods, dgp=1, seed=2)
    for method in ("lp", "acf"):
        for jobs in (1, -1):
            d = design(small, method, bootstrap={"reps": a.boot_reps, "seed": 1}, n_jobs=jobs)
            t = time.perf_counter()
            ProductionFunction(quiet=True).fit(d)
            dt = time.perf_counter() - t
            print(f"bootstrap {method} {len(small):,} rows, {a.boot_reps} draws, n_jobs={jobs}: {dt:.1f} s "
                  f"({a.boot_reps / dt:.1f} draws/s, incl. the point estimate)")


if __name__ == "__main__":
    main()
