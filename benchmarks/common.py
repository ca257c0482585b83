"""Timing and peak-memory helpers any benchmark can import.

- ``measure(fn, repeats)``: call ``fn`` ``repeats`` times in this process; wall times of
  each call (the first is the "cold" one: imports, JIT), median of the rest ("warm"), and the
  peak resident memory during the calls (Linux: the high-water mark ``VmHWM`` is reset through
  ``/proc/self/clear_refs`` before measuring, so data built earlier does not count; elsewhere
  ``ru_maxrss``), plus the resident memory just before (``base_mb``).
- ``run_worker(argv)``: run a command (a benchmark script in worker mode) in a fresh
  subprocess and return the JSON object it prints on its last stdout line, so the peaks of
  different implementations never mix.
- ``markdown_table(rows, columns)``: a GitHub markdown table.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any


def _status_kb(key: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return float(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb() -> float:
    """Current resident memory in MiB (falls back to the peak where /proc is missing)."""
    kb = _status_kb("VmRSS")
    return kb / 1024.0 if kb is not None else peak_mb()


def peak_mb() -> float:
    kb = _status_kb("VmHWM")
    if kb is not None:
        return kb / 1024.0
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024.0 * 1024.0) if sys.platform == "darwin" else r / 1024.0


def reset_peak() -> bool:
    """Reset the resident high-water mark (Linux >= 4.0). True if it worked."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def measure(fn: Callable[[], Any], repeats: int = 3) -> dict[str, Any]:
    """Wall times and peak memory of ``repeats`` calls of ``fn`` (see module docstring)."""
    gc.collect()
    base = rss_mb()
    exact = reset_peak()
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    peak = peak_mb()
    warm = times[1:] or times
    return {
        "times": times,
        "cold_s": times[0],
        "warm_s": statistics.median(warm),
        "base_mb": base,
        "peak_mb": peak,
        "extra_mb": max(0.0, peak - base),
        "peak_exact": exact,
    }


def run_worker(argv: Sequence[str], timeout: float = 1800.0) -> dict[str, Any]:
    """Run ``argv`` in a fresh process; return the JSON object on its last stdout line
    (or ``{"error": ...}`` when it failed)."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    try:
        p = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f}s"}
    lines = [ln for ln in p.stdout.strip().splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return {"error": " | ".join(tail) or f"exit {p.returncode}"}
    return json.loads(lines[-1])


def markdown_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    def fmt(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
        return str(v)

    out = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    out += ["| " + " | ".join(fmt(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(out)
