"""``make bench``: econ_ai against its peers, whole processes, one Markdown table.

    .venv/bin/python benchmarks/run_all.py              # every case (about 2-4 minutes)
    .venv/bin/python benchmarks/run_all.py --quick      # the data at 1/10 (smoke run)
    .venv/bin/python benchmarks/run_all.py --only fe_logit fe_ols_5M --repeats 3

The cases are in benchmarks/suite.py. Each implementation runs as its own process (``econ-ai
run SPEC --format json`` for econ_ai, benchmarks/peers.py for pyfixest, linearmodels and
statsmodels) on the same Parquet file, written once beforehand. Time = wall clock of the
whole process; CPU = its user + system time; peak = its maximum resident set size, all three
read from ``os.wait4`` (the kernel's rusage of that child alone, as ``/usr/bin/time -v``
reports it). On a loaded machine the wall time of a process stretches with the queue for the
cores while its CPU time does not: both are shown. With ``--repeats N`` the
median of N runs is shown. Ratios are econ_ai / peer. Agreement: the largest relative
difference of the coefficients and of the SEs over the terms both report (ok when <= 1e-6
and <= 1e-4), and whether the numbers of observations agree. The machine's load average
is printed with the table: on a shared machine the absolute times move with it.

The other scripts in this folder (bench_fe_ols.py, bench_logit.py, bench_productivity.py,
bench_readers.py, bench_reproduce.py, bench_synth.py, bench_transforms.py, bench_linkage.py,
bench_linkage_blocking.py) time parts of
the package inside one process and are run on their own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from suite import cases  # noqa: E402

COEF_TOL, SE_TOL = 1e-6, 1e-4


def run_process(argv: list[str]) -> dict:
    """Wall time and peak RSS (MiB) of one process (rusage of that child via os.wait4)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=dict(os.environ, PYTHONWARNINGS="ignore"))
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-2:]
            return {"error": " | ".join(tail) or f"exit {p.returncode}"}
    return {"s": wall, "cpu": ru.ru_utime + ru.ru_stime, "mib": ru.ru_maxrss / 1024.0}


def measure(argv: list[str], out: Path, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        r = run_process(argv)
        if "error" in r:
            return r
        runs.append(r)
    res = {k: statistics.median(r[k] for r in runs) for k in ("s", "cpu", "mib")}
    res["est"] = json.loads(out.read_text())
    return res


def econ_ai_estimates(doc: dict) -> dict:
    m = doc["models"][0]
    return {"coef": {k: v["estimate"] for k, v in m["coefficients"].items()},
            "se": {k: v["std_error"] for k, v in m["coefficients"].items()}, "nobs": m["nobs"]}


def agreement(ours: dict, peer: dict) -> str:
    common = [k for k in ours["coef"] if k in peer["coef"]]
    if not common:
        return "no common terms"
    dc = max(abs(ours["coef"][k] / peer["coef"][k] - 1) for k in common)
    ds = max(abs(ours["se"][k] / peer["se"][k] - 1) for k in common)
    ok = dc <= COEF_TOL and ds <= SE_TOL and ours["nobs"] == peer["nobs"]
    nobs = "" if ours["nobs"] == peer["nobs"] else f", nobs {ours['nobs']} vs {peer['nobs']}"
    return f"{'ok' if ok else 'DIFFERS'}: coef {dc:.0e}, se {ds:.0e} ({len(common)} terms{nobs})"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="every data set at 1/10")
    ap.add_argument("--repeats", type=int, default=1, help="runs per implementation (median shown)")
    ap.add_argument("--only", nargs="*", help="case names (see benchmarks/suite.py)")
    ap.add_argument("--work", default=None, help="folder for the data files (default: a folder in /tmp)")
    a = ap.parse_args()
    work = Path(a.work or Path(tempfile.gettempdir()) / f"econ_ai_bench{'_quick' if a.quick else ''}")
    work.mkdir(parents=True, exist_ok=True)
    exe = str(Path(sys.executable).with_name("econ-ai"))
    todo = [c for c in cases(a.quick) if not a.only or c.name in a.only]
    rows = []
    scaling = []  # (case, nobs, econ_ai result, pyfixest result) of the fe_ols cases
    load_before = load()
    for c in todo:
        data = work / f"{c.name.replace('_dummies', '')}.parquet"
        if not data.exists():
            df = c.build()
            df.to_parquet(data, index=False)
            print(f"[bench] wrote {data} ({len(df):,} rows)", file=sys.stderr, flush=True)
            del df
        spec = work / f"{c.name}.yaml"
        spec.write_text(c.spec.format(data=data))
        out = work / f"{c.name}.econ_ai.json"
        print(f"[bench] {c.name}: econ_ai ...", file=sys.stderr, flush=True)
        ours = measure([exe, "run", str(spec), "--format", "json", "-o", str(out), "-q"], out, a.repeats)
        if "est" in ours:
            ours["est"] = econ_ai_estimates(ours["est"])
        peers = {}
        for impl in c.peers:
            print(f"[bench] {c.name}: {impl} ...", file=sys.stderr, flush=True)
            pout = work / f"{c.name}.{impl}.json"
            peers[impl] = measure([sys.executable, str(HERE / "peers.py"), impl, c.model, str(data), str(pout)],
                                  pout, a.repeats)
        if c.model == "fe_ols" and "est" in ours:
            scaling.append((c.name, ours["est"]["nobs"], ours, peers.get("pyfixest", {})))
        base = {"case": c.label, "econ_ai s": ours.get("s"), "econ_ai cpu s": ours.get("cpu"),
                "econ_ai MiB": ours.get("mib")}
        if "error" in ours:
            base["agreement"] = f"econ_ai failed: {ours['error'][:100]}"
        if not peers:
            rows.append(base)
        for i, (impl, r) in enumerate(peers.items()):
            row = dict(base) if i == 0 else {"case": "″"}
            row["peer"] = impl
            if "error" in r:
                row["agreement"] = f"{impl} failed: {r['error'][:100]}"
            else:
                row.update({"peer s": r["s"], "peer cpu s": r["cpu"], "peer MiB": r["mib"]})
                if "s" in ours:
                    row.update({"time ratio": ours["s"] / r["s"], "cpu ratio": ours["cpu"] / r["cpu"],
                                "memory ratio": ours["mib"] / r["mib"],
                                "agreement": agreement(ours["est"], r["est"])})
            rows.append(row)
    cols = ["case", "econ_ai s", "econ_ai cpu s", "econ_ai MiB", "peer", "peer s", "peer cpu s", "peer MiB",
            "time ratio", "cpu ratio", "memory ratio", "agreement"]

    def fmt(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.2f}" if v < 100 else f"{v:,.0f}"
        return str(v)

    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---:" if c.endswith(("s", "MiB", "ratio")) and c != "case" else "---" for c in cols) + "|")
    for r in rows:
        print("| " + " | ".join(fmt(r.get(c)) for c in cols) + " |")
    if len(scaling) > 1:
        print("\nGrowth with the panel size (fe_ols; each step is about 4x the rows):")
        for (n0, r0, a0, p0), (n1, r1, a1, p1) in zip(scaling, scaling[1:]):
            line = (f"- {n0} -> {n1} (rows x{r1 / r0:.2f}): econ_ai wall x{a1['s'] / a0['s']:.2f}, "
                    f"CPU x{a1['cpu'] / a0['cpu']:.2f}, peak x{a1['mib'] / a0['mib']:.2f}")
            if "cpu" in p0 and "cpu" in p1:
                line += (f"; pyfixest wall x{p1['s'] / p0['s']:.2f}, CPU x{p1['cpu'] / p0['cpu']:.2f}, "
                         f"peak x{p1['mib'] / p0['mib']:.2f}")
            print(line)
    print(f"\nWhole processes: wall seconds, CPU seconds (user + system) and peak resident MiB (median of "
          f"{a.repeats}); ratio = econ_ai / peer. "
          f"{os.cpu_count()} CPUs, load average (1/5/15 min) {load_before} before, {load()} after. "
          "Synthetic data (benchmarks/suite.py).")


if __name__ == "__main__":
    main()
