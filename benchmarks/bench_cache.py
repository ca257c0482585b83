"""Cost of verifying the caches (issue 15): cheap checks and full sha256 on first use.

    .venv/bin/python benchmarks/bench_cache.py [--scale 1.0]

Each measurement runs in a fresh subprocess (nothing memoised): opening the synthetic
population's entry (manifest digest + size + mtime of every file), hashing every file in full
(what a process that reads the raw files pays once), and the same for the canonical-table
entry and the TFP entry (built first if missing). Prints seconds and bytes hashed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, sys, time
from econ_ai.data import cache, builtin
from econ_ai.data.synth import ensure_entry
scale = float(sys.argv[1]); what = sys.argv[2]
builtin.load("ai_profile", scale=scale, quiet=True)  # builds the table cache if missing
cache._VERIFIED.clear(); cache.STATS.update(hash_seconds=0.0, hashed_bytes=0)
t0 = time.perf_counter()
if what.startswith("synth"):
    e = ensure_entry(scale, quiet=True)
else:
    src = builtin._source(scale, None, None, True)
    e = builtin._canonical(src, True)
    e = cache.open_entry(e.folder)
cheap = time.perf_counter() - t0
cache._VERIFIED.clear(); cache.STATS.update(hash_seconds=0.0, hashed_bytes=0)
t0 = time.perf_counter()
e.verify()
full = time.perf_counter() - t0
print(json.dumps({"entry": e.folder.name, "files": len(e.files), "cheap_s": cheap, "full_s": full,
                  "bytes": cache.STATS["hashed_bytes"]}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    print("| cache entry | files | MB | open (size+mtime) s | full sha256 s | MB/s |")
    print("|---|---|---|---|---|---|")
    for what in ("synth", "tables"):
        out = subprocess.run([sys.executable, "-c", CHILD, str(args.scale), what],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        mb = r["bytes"] / 1e6
        print(f"| {r['entry']} | {r['files']} | {mb:.0f} | {r['cheap_s']:.4f} | {r['full_s']:.3f} "
              f"| {mb / max(r['full_s'], 1e-9):.0f} |")


if __name__ == "__main__":
    main()
