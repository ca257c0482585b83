"""Long spec-fuzz run (issue 15): N mutated specs through ``econ-ai validate``'s code path.

    .venv/bin/python benchmarks/fuzz_specs.py --cases 20000 [--seed 1] [--save fixtures/specs/fuzz_regressions]

Uses the mutations of tests/spec/mutations.py (the in-suite hypothesis test runs a bounded
number of them). Each case: valid, a clean error naming the file, an error that does not name
the file, a crash (traceback), or slow (over 2 s CPU; over 30 s wall it is stopped). Prints
counts, the slowest cases, and writes every crasher / slow / unnamed case to --save (the
regression corpus the test suite re-checks) as NNNN_<mutations>.yaml.
"""

from __future__ import annotations

import argparse
import collections
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "spec"))

from mutations import check, mutate, setup_dir  # noqa: E402

CPU_LIMIT = 2.0
WALL_LIMIT = 30


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save", default=None, help="folder for crashers (default: print only)")
    ap.add_argument("--progress", type=int, default=1000)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    folder = setup_dir(Path(tempfile.mkdtemp(prefix="econ_ai_fuzz_")))
    import os

    os.environ["ECON_AI_CACHE"] = str(folder.parent / "cache")  # validate times parsing, not cache builds
    counts: collections.Counter = collections.Counter()
    slowest: list[tuple[float, str]] = []
    bad: list[tuple[str, str, str]] = []
    signal.signal(signal.SIGALRM, _alarm)
    t_start = time.perf_counter()
    for i in range(args.cases):
        text, names = mutate(rnd)
        path = folder / "mutant.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        signal.alarm(WALL_LIMIT)
        try:
            outcome, cpu, detail = check(path)
        except _Timeout:
            outcome, cpu, detail = "timeout", float(WALL_LIMIT), ""
        finally:
            signal.alarm(0)
        if outcome in ("valid", "clean") and cpu >= CPU_LIMIT:
            outcome = "slow"
        counts[outcome] += 1
        slowest = sorted(slowest + [(cpu, "+".join(names))], reverse=True)[:5]
        if outcome not in ("valid", "clean"):
            bad.append((outcome, "+".join(names), text))
            first = detail.strip().splitlines()[-1] if detail.strip() else ""
            print(f"[{i}] {outcome} ({'+'.join(names)}, {cpu:.2f} s): {first[:200]}", flush=True)
        if args.progress and (i + 1) % args.progress == 0:
            print(f"... {i + 1} cases, {dict(counts)} [{time.perf_counter() - t_start:.0f} s]",
                  flush=True)
    print(f"\n{args.cases} cases (seed {args.seed}) in {time.perf_counter() - t_start:.0f} s: "
          f"{dict(sorted(counts.items()))}")
    print("slowest (CPU s):", ", ".join(f"{s:.2f} {n}" for s, n in slowest))
    if args.save and bad:
        out = Path(args.save)
        out.mkdir(parents=True, exist_ok=True)
        for outcome, names, text in bad:
            n = len(list(out.glob("*.yaml")))
            safe = names.replace(".yaml", "").replace("+", "-")[:60]
            (out / f"{n:04d}_{outcome}_{safe}.yaml").write_text(text, encoding="utf-8",
                                                                  errors="surrogatepass")
        print(f"{len(bad)} case(s) written to {out}")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
