"""fe_ols benchmark: econ_ai vs pyfixest feols vs linearmodels AbsorbingLS at the study's scale.

    .venv/bin/python benchmarks/bench_fe_ols.py            # 157k firms, ~1.2M firm-years
    .venv/bin/python benchmarks/bench_fe_ols.py --quick    # 15k firms (smoke run)

Synthetic firm-year panel (seeded): firms enter 2010-2023 and stay a random number of
years, ~270 NACE-3 groups (fixed per firm), 14 years, an AI dummy (2% of firms) and 3
controls (log employees, log tangible and intangible assets) with firm effects.
Model: y ~ ai + 3 controls | nace3 + year, SEs clustered by firm; and the firm-FE variant
y ~ ai + 3 controls | firm + year (ai is then collinear with the firm effect and dropped by
every library), clustered by firm.

Each implementation runs in its own subprocess (peaks never mix): the data are built, the
resident-memory high-water mark is reset, then the fit is called ``--repeats`` times. "cold"
is the first call (pyfixest compiles numba code then), "warm" the median of the others.
econ_ai fits a Design built directly (codes from pandas.factorize, outside the timing).
linearmodels runs with ``debiased=True``. Prints a markdown table and econ_ai / pyfixest
warm-time ratios. Coefficients of the three are compared (max relative difference).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import markdown_table, measure, run_worker  # noqa: E402

N_FULL = 157_000
N_NACE = 270
YEARS = np.arange(2010, 2024)
CONTROLS = ["log_emp", "log_tang", "log_intang"]
TERMS = ["ai"] + CONTROLS


def make_panel(n_firms: int, seed: int = 2025) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = rng.integers(0, 6, n_firms)  # entry 2010-2015; ~7.6 years per firm on average
    span = np.minimum(rng.geometric(0.1, n_firms) + 1, len(YEARS) - start)
    firm = np.repeat(np.arange(n_firms), span)
    offs = np.arange(len(firm)) - np.repeat(np.cumsum(span) - span, span)
    year = YEARS[np.repeat(start, span) + offs]
    w = rng.dirichlet(np.full(N_NACE, 0.8))
    nace_f = rng.choice(N_NACE, n_firms, p=w)
    ai_f = (rng.random(n_firms) < 0.02).astype(float)
    fe_f = rng.normal(size=n_firms)
    n = len(firm)
    df = pd.DataFrame({"firm": firm, "year": year, "nace3": 100 + nace_f[firm], "ai": ai_f[firm]})
    for j, c in enumerate(CONTROLS):
        df[c] = 0.6 * fe_f[firm] + rng.normal(size=n) + 0.1 * j
    nace_eff = rng.normal(scale=0.2, size=N_NACE)[nace_f[firm]]
    year_eff = rng.normal(scale=0.1, size=len(YEARS))[year - YEARS[0]]
    df["y"] = (0.1 * df["ai"] + 0.05 * df["log_emp"] - 0.02 * df["log_tang"] + 0.03 * df["log_intang"]
               + nace_eff + year_eff + 0.3 * fe_f[firm] + rng.normal(size=n))
    return df


def _absorb(variant: str) -> list[str]:
    return ["nace3", "year"] if variant == "nace" else ["firm", "year"]


def worker(impl: str, variant: str, n_firms: int, repeats: int) -> dict:
    df = make_panel(n_firms)
    absorb = _absorb(variant)
    if impl == "econ_ai":
        from econ_ai.design import Design
        from econ_ai.kinds.fe_ols.estimator import FeOLS
        from econ_ai.spec.model import ModelSpec, VcovSpec

        design = Design(
            spec=ModelSpec(name="bench", kind="fe_ols", outcome="y", regressors=tuple(TERMS), absorb=tuple(absorb),
                           vcov=VcovSpec("cluster", ("firm",), "reghdfe")),
            y=df["y"].to_numpy(), X=df[TERMS].to_numpy(), terms=tuple(TERMS),
            fe={a: pd.factorize(df[a])[0] for a in absorb}, clusters={"firm": pd.factorize(df["firm"])[0]},
        )
        del df
        est = FeOLS(quiet=True)
        out = {}

        def fit():
            out["r"] = est.fit(design)

        m = measure(fit, repeats)
        r = out["r"]
        coefs = {k: v.estimate for k, v in r.coefficients.items()}
        ses = {k: v.std_error for k, v in r.coefficients.items()}
        m.update(nobs=r.nobs, method=r.extra["demean_method"])
    elif impl == "pyfixest":
        import pyfixest as pf

        fml = f"y ~ {' + '.join(TERMS)} | {' + '.join(absorb)}"
        out = {}

        def fit():
            out["m"] = pf.feols(fml, data=df, vcov={"CRV1": "firm"}, fixef_rm="singleton")

        m = measure(fit, repeats)
        coefs = out["m"].coef().to_dict()
        ses = out["m"].se().to_dict()
        m.update(nobs=int(out["m"]._N))
    elif impl == "linearmodels":
        import warnings

        from linearmodels.iv.absorbing import AbsorbingLS

        warnings.simplefilter("ignore")
        absorb_df = pd.DataFrame({a: pd.Categorical(df[a]) for a in absorb})
        out = {}

        def fit():
            mod = AbsorbingLS(df["y"], df[TERMS], absorb=absorb_df, drop_absorbed=True)
            out["r"] = mod.fit(cov_type="clustered", clusters=df["firm"], debiased=True)

        m = measure(fit, repeats)
        coefs = out["r"].params.to_dict()
        ses = out["r"].std_errors.to_dict()
        m.update(nobs=int(out["r"].nobs))
    else:
        raise SystemExit(f"unknown implementation {impl}")
    m.update(impl=impl, variant=variant, coefs=coefs, ses=ses)
    return m


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small panel (15k firms)")
    ap.add_argument("--repeats", type=int, default=4)
    ap.add_argument("--only", nargs="*", default=["econ_ai", "pyfixest", "linearmodels"])
    ap.add_argument("--worker", nargs=4, metavar=("IMPL", "VARIANT", "N_FIRMS", "REPEATS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        impl, variant, n, rep = a.worker
        print(json.dumps(worker(impl, variant, int(n), int(rep))))
        return
    n_firms = 15_000 if a.quick else N_FULL
    df = make_panel(n_firms)
    print(f"panel: {len(df):,} firm-years, {n_firms:,} firms, {df['nace3'].nunique()} NACE-3, "
          f"{df['year'].nunique()} years; repeats={a.repeats}", flush=True)
    del df
    rows = []
    for variant in ("nace", "firm"):
        res = {}
        for impl in a.only:
            print(f"  {variant:>4} FE: {impl} ...", file=sys.stderr, flush=True)
            r = run_worker([sys.executable, __file__, "--worker", impl, variant, str(n_firms), str(a.repeats)])
            res[impl] = r
        ref = res.get("pyfixest", {})
        for impl, r in res.items():
            row = {"model": f"FE {' + '.join(_absorb(variant))}, cluster firm", "impl": impl}
            if "error" in r:
                row["note"] = r["error"][:120]
                rows.append(row)
                continue
            row.update(nobs=r["nobs"], cold_s=r["cold_s"], warm_s=r["warm_s"], peak_mb=r["peak_mb"],
                       extra_mb=r["extra_mb"])
            if "warm_s" in ref:
                row["warm_vs_pyfixest"] = r["warm_s"] / ref["warm_s"]
                common = [k for k in r["coefs"] if k in ref["coefs"] and np.isfinite(ref["coefs"][k])]
                if common:
                    row["max_rel_diff_coef"] = max(abs(r["coefs"][k] / ref["coefs"][k] - 1) for k in common)
                    row["max_rel_diff_se"] = max(abs(r["ses"][k] / ref["ses"][k] - 1) for k in common)
            if r.get("method"):
                row["note"] = f"demean: {r['method']}"
            rows.append(row)
    cols = ["model", "impl", "nobs", "cold_s", "warm_s", "warm_vs_pyfixest", "peak_mb", "extra_mb",
            "max_rel_diff_coef", "max_rel_diff_se", "note"]
    print(markdown_table(rows, cols))
    print("\npeak_mb: resident high-water mark during the fits (data included); extra_mb: above the "
          "resident memory just before the first fit. Times in seconds.")


if __name__ == "__main__":
    main()
