"""The peer side of the whole-process benchmarks (benchmarks/run_all.py): one regression per
process, read from the same Parquet file econ_ai reads, coefficients and SEs written as JSON.

    python benchmarks/peers.py IMPL MODEL DATA.parquet OUT.json

IMPL: pyfixest | linearmodels | statsmodels. MODEL: fe_ols (y ~ ai + 3 controls | nace3 + year,
cluster by firm) or fe_logit (failed ~ 13 regressors | nace3, HC1). Each script does what a
user of that library would write: read the file, fit, print/save the estimates.

Conventions (so the agreement check compares like with like, see suite.py):
- fe_ols: pyfixest ``vcov={"CRV1": "firm"}`` (fixest's nested-FE K), linearmodels
  ``AbsorbingLS(...).fit(cov_type="clustered", debiased=True)``.
- fe_logit: pyfixest ``feglm(family="logit", vcov="hetero",
                         iwls_tol=1e-10)`` (HC0 N/(N-K), K counting the
  levels: econ_ai's ``hc1`` under the fixest convention); statsmodels ``Logit`` on explicit
  dummies (``pd.get_dummies``, first level dropped), ``cov_type="HC0"`` times N/(N-K), the same
  estimator (the factor is applied here, stated in the output).
"""

from __future__ import annotations

import json
import sys
import warnings

REGS_OLS = ["ai", "log_emp", "log_tang", "log_intang"]


def logit_terms(columns) -> list[str]:
    return [c for c in columns if c.startswith("r")]


def main() -> None:
    impl, model, data, out = sys.argv[1:5]
    warnings.simplefilter("ignore")
    import numpy as np
    import pandas as pd

    df = pd.read_parquet(data)
    if impl == "pyfixest":
        import pyfixest as pf

        if model == "fe_ols":
            m = pf.feols(f"y ~ {' + '.join(REGS_OLS)} | nace3 + year", data=df, vcov={"CRV1": "firm"})
        else:
            regs = logit_terms(df.columns)
            m = pf.feglm(f"failed ~ {' + '.join(regs)} | nace3", data=df, family="logit", vcov="hetero",
                         iwls_tol=1e-10)
        res = {"coef": m.coef().to_dict(), "se": m.se().to_dict(), "nobs": int(m._N)}
    elif impl == "linearmodels":
        from linearmodels.iv.absorbing import AbsorbingLS

        absorb = pd.DataFrame({a: pd.Categorical(df[a]) for a in ("nace3", "year")})
        r = AbsorbingLS(df["y"], df[REGS_OLS], absorb=absorb, drop_absorbed=True).fit(
            cov_type="clustered", clusters=df["firm"], debiased=True)
        res = {"coef": r.params.to_dict(), "se": r.std_errors.to_dict(), "nobs": int(r.nobs)}
    elif impl == "statsmodels":
        import statsmodels.api as sm

        regs = logit_terms(df.columns)
        X = pd.concat([df[regs], pd.get_dummies(df["nace3"], prefix="nace3", drop_first=True, dtype=float)], axis=1)
        X = sm.add_constant(X)
        r = sm.Logit(df["failed"].to_numpy(float), X.to_numpy(float)).fit(disp=0, method="newton", cov_type="HC0")
        n, k = X.shape
        se = np.sqrt(np.diag(r.cov_params())) * np.sqrt(n / (n - k))
        res = {"coef": dict(zip(X.columns, r.params)), "se": dict(zip(X.columns, se)), "nobs": int(n),
               "note": "HC0 x N/(N-K)"}
    else:
        raise SystemExit(f"unknown implementation {impl}")
    with open(out, "w") as fh:
        json.dump(res, fh)


if __name__ == "__main__":
    main()
