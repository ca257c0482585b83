"""Benchmark of the synthetic population: generation, loading from the cache through the
readers (all four tables), peak memory. Each stage runs in a fresh subprocess so peaks do not
mix. Targets (brief): generation < 30 s, loading < 10 s, peak < 2 GiB at scale 1.

    python benchmarks/bench_synth.py              # scale 1 (about 20M account rows)
    python benchmarks/bench_synth.py --scale 0.1  # quicker
    python benchmarks/bench_synth.py --quick      # scale 0.05

Uses a throw-away cache folder (ECON_AI_CACHE) unless --cache is given.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap

GEN = textwrap.dedent("""
    import json, resource, sys, time
    from econ_ai.data.synth import ensure, read_manifest
    t0 = time.perf_counter()
    folder = ensure({scale}, quiet=True)
    dt = time.perf_counter() - t0
    m = read_manifest(folder)
    print(json.dumps({{"seconds": dt, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "rows": m["counts"]["account_rows"], "firms": m["counts"]["firms"]}}))
""")

LOAD = textwrap.dedent("""
    import json, resource, time
    from econ_ai.data import builtin
    out = {{}}
    t0 = time.perf_counter()
    for name in ("ai_profile", "accounts", "firms", "starters"):
        t = time.perf_counter()
        df, info = builtin.load(name, scale={scale}, quiet=True)
        out[name] = {{"seconds": time.perf_counter() - t, "rows": len(df)}}
    out["total_seconds"] = time.perf_counter() - t0
    out["cpu_seconds"] = time.process_time()
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
""")


def _run(code: str, env: dict) -> dict:
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise SystemExit(f"benchmark step failed (exit {r.returncode})")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--quick", action="store_true", help="scale 0.05")
    ap.add_argument("--cache", help="cache folder to use (default: a fresh temporary folder)")
    a = ap.parse_args(argv)
    scale = 0.05 if a.quick else a.scale
    with tempfile.TemporaryDirectory(prefix="econ_ai_bench_") as tmp:
        env = dict(os.environ, ECON_AI_CACHE=a.cache or tmp)
        print(f"generating scale {scale:g} into {env['ECON_AI_CACHE']} ...", file=sys.stderr)
        gen = _run(GEN.format(scale=scale), env)
        print("loading through the readers ...", file=sys.stderr)
        load = _run(LOAD.format(scale=scale), env)
    print(f"\n### econ_ai synthetic population, scale {scale:g}\n")
    print("| stage | seconds | peak MiB | rows | target |")
    print("|---|---:|---:|---:|---|")
    print(f"| generate (all raw files) | {gen['seconds']:.1f} | {gen['peak_mib']:.0f} | "
          f"{gen['rows']:,} account rows, {gen['firms']:,} firms | < 30 s, < 2048 MiB |")
    for name in ("ai_profile", "accounts", "firms", "starters"):
        print(f"| load {name} | {load[name]['seconds']:.1f} | | {load[name]['rows']:,} | |")
    print(f"| load all four (readers) | {load['total_seconds']:.1f} | {load['peak_mib']:.0f} | | "
          f"< 10 s, < 2048 MiB |")
    print(f"\nloading: {load['cpu_seconds']:.1f} s CPU (process, all threads)")
    print(f"\ncpu count {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} "
          f"(timings scale with machine load)")


if __name__ == "__main__":
    main()
