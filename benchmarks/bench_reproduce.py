"""Time the whole reproduction (``econ-ai reproduce``) and report per-spec seconds and peak memory.

    .venv/bin/python benchmarks/bench_reproduce.py [--scale 1.0] [--cold]

Runs the reproduction in a fresh subprocess (so the peak resident memory is its own), with
the synthetic population already cached (``--cold`` generates it first, into a fresh cache
folder, and times that too). Targets (issue 6): whole run under 60 s wall on this 2-core
machine, peak memory under 3 GiB.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    code = subprocess.call(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, max over children so far
    return wall, max(peak, before) / 1024, code


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--cold", action="store_true", help="generate the population into a fresh cache first")
    args = ap.parse_args()
    env = dict(os.environ)
    exe = str(Path(sys.executable).with_name("econ-ai"))
    out = Path(tempfile.mkdtemp(prefix="econ_ai_repro_"))
    if args.cold:
        env["ECON_AI_CACHE"] = tempfile.mkdtemp(prefix="econ_ai_cache_")
        wall, peak, _ = run([exe, "data", "synth", "--scale", str(args.scale), "-q"], env)
        print(f"generation: {wall:.1f} s, peak {peak:.0f} MiB")
    else:  # make sure the cache exists, untimed
        subprocess.call([exe, "data", "synth", "--scale", str(args.scale), "-q"], env=env, cwd=ROOT,
                        stdout=subprocess.DEVNULL)
    wall, peak, code = run([exe, "reproduce", "--scale", str(args.scale), "-o", str(out), "-q"], env)
    text = (out / "REPRODUCTION.md").read_text()
    print(f"reproduce --scale {args.scale:g}: {wall:.1f} s wall, peak {peak:.0f} MiB, exit {code}")
    print(text.splitlines()[4])
    print("\n| spec | seconds |\n|---|---|")
    for spec, sec in re.findall(r"^\| (\d\d_\w+) \| ([\d.]+) \|$", text, flags=re.M):
        print(f"| {spec} | {sec} |")
    print(f"\n(outputs in {out}; the per-spec seconds include loading a table the first time it is used)")


if __name__ == "__main__":
    main()
