"""Benchmark of the NBB format readers (prints timings and peak memory; no thresholds).

    .venv/bin/python benchmarks/bench_nbb_readers.py [--csv 100000] [--json 5000] [--xbrl 2000]
                                                     [--dir DIR] [--quick]

1. writes the first N deposits of the synthetic long table (scale 0.25 cache) as consult-CSV
   exports, and the first M as webservice JSON (filings + references lists), with
   ``econ_ai.data.synth.nbb_filings_out`` (written once into --dir and reused);
2. writes K copies of the real micro XBRL instance (fixtures/nbb/real/2023-00123456.xbrl, 75 kB,
   121 contexts) under K different enterprise numbers;
3. times ``econ_ai.data.nbb_formats.combine.read_sources`` (files -> canonical accounts) on each
   folder in a fresh child process and reports wall and CPU time (the machine is shared: wall
   time grows with the load average, CPU time much less), time per filing and the child's peak
   RSS (resource.getrusage RUSAGE_SELF in the child, imports included).
The target of issue 10: 100,000 consult-CSV filings in <= 60 s with peak memory < 2 GiB.
The folder defaults to the econ_ai cache (not /tmp: creating a file in /tmp cost ~2 ms on this
machine, ~0.1 ms elsewhere on the same disk).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import sys, time, resource
from econ_ai.data.nbb_formats.combine import read_sources
t0, c0 = time.perf_counter(), time.process_time()
df, rep = read_sources([sys.argv[1]], quiet=True)
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
n = sum(rep.filings_read.values())
print(f"{dt:.3f} {n} {len(df)} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {cpu:.3f}")
"""


def prepare(folder: Path, n_csv: int, n_json: int, n_xbrl: int) -> dict[str, Path]:
    import pandas as pd

    from econ_ai.data import synth
    from econ_ai.data.synth.nbb_filings_out import write_filings

    out = {}
    long = None
    for fmt, n in (("consult_csv", n_csv), ("json", n_json)):
        d = folder / f"{fmt}_{n}"
        out[fmt] = d
        if (d / ".done").is_file() or n == 0:
            continue
        if long is None:
            long = pd.read_parquet(synth.ensure(0.25, synth.DEFAULT_SEED, quiet=True) / "accounts.parquet")
        t = time.perf_counter()
        k = write_filings(long, d, fmt, limit=n)
        (d / ".done").write_text(str(k))
        print(f"wrote {k:,} {fmt} filings in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    d = folder / f"xbrl_{n_xbrl}"
    out["xbrl"] = d
    if not (d / ".done").is_file() and n_xbrl:
        d.mkdir(parents=True, exist_ok=True)
        src = (ROOT / "fixtures/nbb/real/2023-00123456.xbrl").read_text(encoding="utf-8")
        for i in range(n_xbrl):
            ent = f"{1_000_000_000 + i:010d}"
            (d / f"2023-{10_000_000 + i:08d}.xbrl").write_text(src.replace("0925590628", ent), encoding="utf-8")
        (d / ".done").write_text(str(n_xbrl))
    return out


def run(folder: Path) -> tuple[float, int, int, float, float]:
    r = subprocess.run([sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True)
    dt, n, rows, peak, cpu = r.stdout.split()
    return float(dt), int(n), int(rows), float(peak), float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", type=int, default=100_000)
    ap.add_argument("--json", type=int, default=5_000)
    ap.add_argument("--xbrl", type=int, default=2_000)
    ap.add_argument("--dir", default=None, help="default: <econ_ai cache>/bench_nbb")
    ap.add_argument("--quick", action="store_true", help="10,000 / 1,000 / 200 filings")
    ap.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.quick:
        a.csv, a.json, a.xbrl = 10_000, 1_000, 200
    if a.dir is None:
        from econ_ai.data.synth import cache_root

        a.dir = str(cache_root() / "bench_nbb")
    if a.prepare_only:
        prepare(Path(a.dir), a.csv, a.json, a.xbrl)
        return
    # prepare in a child: a forked reader child starts with its parent's RSS in ru_maxrss, so
    # the parent must not hold the long table when the readers run
    subprocess.run([sys.executable, __file__, "--prepare-only", "--dir", a.dir, "--csv", str(a.csv),
                    "--json", str(a.json), "--xbrl", str(a.xbrl)], check=True)
    dirs = {"consult_csv": Path(a.dir) / f"consult_csv_{a.csv}", "json": Path(a.dir) / f"json_{a.json}",
            "xbrl": Path(a.dir) / f"xbrl_{a.xbrl}"}
    rows = []
    for fmt in ("consult_csv", "json", "xbrl"):
        n_req = {"consult_csv": a.csv, "json": a.json, "xbrl": a.xbrl}[fmt]
        if not n_req:
            continue
        dt, n, out_rows, peak, cpu = run(dirs[fmt])
        rows.append({"format": fmt, "filings": n, "seconds": round(dt, 2), "cpu_seconds": round(cpu, 2),
                     "us_per_filing": round(dt / n * 1e6),
                     "enterprise_years": out_rows, "peak_rss_mib": round(peak)})
    print("| format | filings | wall s | cpu s | us per filing (wall) | enterprise-years | peak RSS MiB (child) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['format']} | {r['filings']:,} | {r['seconds']} | {r['cpu_seconds']} | {r['us_per_filing']} | "
              f"{r['enterprise_years']:,} | {r['peak_rss_mib']} |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
