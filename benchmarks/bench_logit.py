"""Logit benchmark: econ_ai's Logit (statsmodels fit + analytic AMEs) at the study's scale
versus statsmodels' fit + ``get_margeff(at="overall")`` on subsamples.

    .venv/bin/python benchmarks/bench_logit.py            # 157k firms, ~20 covariates + 80 NACE-2 dummies
    .venv/bin/python benchmarks/bench_logit.py --quick    # 20k firms (smoke run)
    .venv/bin/python benchmarks/bench_logit.py --repeat 3 # fastest of 3 runs per case

Every case runs in a fresh subprocess (so peak memories do not mix); each prints wall time
and peak RSS (ru_maxrss) and the peak above the process's RSS after the data were built.
get_margeff's memory grows with n * k^2: it is measured at 2.5k, 5k and 10k rows and
extrapolated linearly in n to the full sample. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

N_FULL = 157_000
N_COVARIATES = 20
N_NACE = 81  # 80 dummies


def make_data(n: int, seed: int = 2025):
    """Synthetic cross-section of firms: y = failed (about 10%), 20 covariates (12 continuous,
    8 rare 0/1 technology-like flags) and a skewed 81-level NACE-2 categorical."""
    rng = np.random.default_rng(seed)
    cont = rng.normal(size=(n, 12))
    flags = (rng.random((n, 8)) < np.linspace(0.02, 0.2, 8)).astype(float)
    w = rng.dirichlet(np.full(N_NACE, 0.7))
    nace = rng.choice(N_NACE, size=n, p=w)
    D = np.zeros((n, N_NACE - 1))
    rows = nace > 0
    D[np.flatnonzero(rows), nace[rows] - 1] = 1.0
    beta = np.r_[rng.normal(scale=0.3, size=12), rng.normal(scale=0.4, size=8)]
    eta = -2.3 + np.c_[cont, flags] @ beta + rng.normal(scale=0.3, size=N_NACE)[nace]
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    X = np.c_[cont, flags, D]
    terms = tuple([f"x{i}" for i in range(12)] + [f"tech_{i}" for i in range(8)]
                  + [f"C(nace2)[T.{v}]" for v in range(1, N_NACE)])
    return y, X, terms, nace


def clean(y, X):
    """What econ_ai does before fitting, for the statsmodels cases: drop constant columns and
    (Stata's rule) 0/1 columns whose category predicts the outcome perfectly, with their rows."""
    from econ_ai.kinds.logit.separation import dummy_separation

    names = [str(j) for j in range(X.shape[1])]
    found, keep = dummy_separation(y, X, names, skip=())
    drop = {int(f.term) for f in found}
    y, X = y[keep], X[keep]
    cols = [j for j in range(X.shape[1]) if j not in drop and X[:, j].std() > 0]
    return y, X[:, cols]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _traced(fn):
    """(result, seconds, peak MB allocated while fn ran: numpy buffers are traced)."""
    import tracemalloc

    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    sec = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out, sec, peak


def case_econ_ai(n: int) -> dict:
    from econ_ai.design import Design
    from econ_ai.kinds.logit.estimator import Logit
    from econ_ai.kinds.logit.margins import logit_ame, logit_discrete_ame
    from econ_ai.spec.model import ModelSpec, VcovSpec

    import statsmodels.discrete.discrete_model  # noqa: F401  (imported in both cases before timing)

    y, X, terms, nace = make_data(n)
    d = Design(spec=ModelSpec(name="bench", kind="logit", outcome="failed", vcov=VcovSpec("cluster", ("nace2",))),
               y=y, X=X, terms=terms, clusters={"nace2": nace})
    r, t_fit, extra_mb = _traced(lambda: Logit().fit(d))
    # the AMEs alone, on the fitted model
    Xf = np.c_[np.ones(n), X]
    names = ["Intercept", *terms]
    keep = [names.index(t) for t in ["Intercept", *[t for t in terms if t in r.coefficients]]]
    b = np.r_[r.params[-1], r.params[:-1]]
    V = r.cov[np.ix_(np.r_[len(b) - 1, np.arange(len(b) - 1)], np.r_[len(b) - 1, np.arange(len(b) - 1)])]
    t0 = time.perf_counter()
    logit_ame(Xf[:, keep], b, V, [names[j] for j in keep])
    t_ame = time.perf_counter() - t0
    t0 = time.perf_counter()
    dc = logit_discrete_ame(Xf[:, keep], b, V, [names[j] for j in keep])
    t_dc = time.perf_counter() - t0
    return {"n": n, "k": len(keep), "seconds": t_fit, "ame_seconds": t_ame, "discrete_seconds": t_dc,
            "n_discrete": len(dc.names), "dropped": list(r.dropped_terms), "iterations": r.fit["iterations"],
            "peak_mb": _rss_mb(), "extra_mb": extra_mb}


def case_sm_fit(n: int) -> dict:
    import statsmodels.api as sm

    y, X, _, _ = make_data(n)
    y, X = clean(y, X)
    res, sec, extra = _traced(lambda: sm.Logit(y, np.c_[np.ones(len(y)), X]).fit(disp=0, method="newton"))
    return {"n": len(y), "k": X.shape[1] + 1, "seconds": sec, "iterations": res.mle_retvals["iterations"],
            "peak_mb": _rss_mb(), "extra_mb": extra}


def case_sm_margeff(n: int) -> dict:
    import statsmodels.api as sm

    y, X, _, _ = make_data(n, seed=7)
    y, X = clean(y, X)  # a rare level may be absent from, or separated in, a small sample
    Xc = np.c_[np.ones(len(y)), X]
    t0 = time.perf_counter()
    res = sm.Logit(y, Xc).fit(disp=0, method="newton")
    fit_sec = time.perf_counter() - t0
    _, sec, extra = _traced(lambda: res.get_margeff(at="overall", method="dydx").margeff_se)
    return {"n": len(y), "k": Xc.shape[1], "seconds": sec, "fit_seconds": fit_sec, "peak_mb": _rss_mb(),
            "extra_mb": extra}


CASES = {"econ_ai": case_econ_ai, "sm_fit": case_sm_fit, "sm_margeff": case_sm_margeff}


REPEAT = 1


def run(case: str, n: int) -> dict:
    """Run a case REPEAT times, each in a fresh subprocess; keep the fastest run (the machine
    is shared: the minimum is the least disturbed measurement)."""
    best = None
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, __file__, "--case", case, "--n", str(n)], capture_output=True, text=True,
                             check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        best = r if best is None or r["seconds"] < best["seconds"] else best
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--case", choices=sorted(CASES))
    ap.add_argument("--n", type=int)
    ap.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest is reported")
    a = ap.parse_args()
    global REPEAT
    REPEAT = max(1, a.repeat)
    if a.case:
        print(json.dumps(CASES[a.case](a.n)))
        return
    n = 20_000 if a.quick else N_FULL
    subs = [2_000, 4_000] if a.quick else [2_500, 5_000, 10_000]
    import os

    print(f"# logit benchmark: n={n}, {N_COVARIATES} covariates + {N_NACE - 1} NACE-2 dummies; "
          f"{os.cpu_count()} cpus, load average before: {os.getloadavg()[0]:.1f}")
    rows = []
    ours = run("econ_ai", n)
    print(f"econ_ai done: {ours['seconds']:.2f}s", file=sys.stderr)
    rows.append(("econ_ai Logit.fit (fit + cluster SE + AMEs + discrete AMEs + checks)", ours))
    smf = run("sm_fit", n)
    rows.append(("statsmodels Logit.fit only", smf))
    mg = []
    for m in subs:
        r = run("sm_margeff", m)
        print(f"get_margeff n={m}: {r['seconds']:.2f}s", file=sys.stderr)
        rows.append((f"statsmodels get_margeff(at='overall') on n={m} (its fit took {r['fit_seconds']:.2f}s)", r))
        mg.append(r)
    small = run("econ_ai", subs[-1])
    rows.append((f"econ_ai Logit.fit on n={subs[-1]} (same work as the first row)", small))
    print("| case | n | k | seconds | peak RSS MB (process) | peak allocated during the call MB |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r['n']} | {r['k']} | {r['seconds']:.2f} | {r['peak_mb']:.0f} | {r['extra_mb']:.0f} |")
    print()
    print(f"econ_ai: analytic AMEs {ours['ame_seconds']:.3f}s; {ours['n_discrete']} discrete-change AMEs "
          f"{ours['discrete_seconds']:.2f}s; Newton iterations {ours['iterations']}; dropped {ours['dropped']}")
    print(f"ratio econ_ai full fit / statsmodels fit only: {ours['seconds'] / smf['seconds']:.2f}")
    last = mg[-1]
    print(f"n={subs[-1]}: statsmodels fit + get_margeff {last['fit_seconds'] + last['seconds']:.2f}s vs econ_ai "
          f"{small['seconds']:.2f}s (ratio {(last['fit_seconds'] + last['seconds']) / small['seconds']:.1f})")
    # linear fit of get_margeff's extra memory and time in n, extrapolated to the full sample
    ns = np.array([r["n"] for r in mg], float)
    mem = np.array([r["extra_mb"] / (r["k"] ** 2) for r in mg])  # per k^2, to remove the varying k
    sec = np.array([r["seconds"] for r in mg])
    sec = sec / np.array([r["k"] ** 2 for r in mg])
    (am, bm), (at, bt) = np.polyfit(ns, mem, 1), np.polyfit(ns, sec, 1)
    k = ours["k"]
    print(f"get_margeff (n*k^2 scaling fitted on the subsamples) extrapolated to n={n}, k={k}: "
          f"~{(am * n + bm) * k * k / 1024:.1f} GB allocated (one n*k*k float64 array alone: "
          f"{n * k * k * 8 / 2**30:.1f} GB), ~{(at * n + bt) * k * k:.0f} s; analytic AMEs: {ours['ame_seconds']:.3f} s, "
          f"{ours['extra_mb']:.0f} MB for the whole econ_ai fit")


if __name__ == "__main__":
    main()
