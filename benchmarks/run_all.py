"""Run every benchmark in this folder, one after the other, and print their reports.

    .venv/bin/python benchmarks/run_all.py [--quick]

Each bench_*.py script times econ_ai side by side with the peer libraries (pyfixest,
linearmodels, statsmodels) and reports medians, ratios and peak memory.
"""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
extra = sys.argv[1:]
status = 0
for script in sorted(here.glob("bench_*.py")):
    print(f"\n=== {script.name} ===", flush=True)
    status |= subprocess.call([sys.executable, str(script), *extra])
sys.exit(status)
