"""Production functions and TFP: spec kind ``production_function``.

``method`` (in ``ModelSpec.options``) picks the estimator: ``ols``, ``fe`` (firm fixed
effects), ``op`` (Olley-Pakes, investment proxy), ``lp`` (Levinsohn-Petrin, intermediate
inputs), ``acf`` (Ackerberg-Caves-Frazer), ``wooldridge`` (Wooldridge 2009 GMM). Other
options: ``degree`` (control-function polynomial, default 3), ``exit_correction`` (op),
``bootstrap: {reps, seed}`` (default 50 draws, seed 12345; op, lp, acf), ``n_jobs``
(bootstrap workers, default -1), ``gmm_weight`` (wooldridge: ``cluster`` | ``homoskedastic``),
``stage2`` (op, lp: ``nlls`` textbook | ``prodest``), ``g_degree`` (Markov polynomial, 3),
``tfp_name``, ``quiet``.

Standard errors: OLS/FE analytic, clustered by firm; Wooldridge analytic GMM (firm-clustered
moment covariance); OP/LP/ACF firm-resampling bootstrap (``bootstrap.py``).

Log TFP is ``omega_hat = y - b'x`` (output minus the estimated input contributions; it keeps
the constant and the first-stage noise ``e``, the usual ``prodest, predict omega`` in logs).
It is not stored in the Result (too big for JSON): ``Result.params`` keeps the elasticity
vector (free then state, in ``Result.extra["inputs"]`` order) and ``tfp_series(result,
design)`` recomputes omega_hat exactly, as a Series indexed by ``design.index``.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.inference.estimates import estimate_map
from econ_ai.kinds.options import KindEstimator
from econ_ai.kinds.production_function.options import PROXY_METHODS, Bootstrap, ProductionOptions
from econ_ai.results import Result, VcovInfo
from econ_ai.provenance import SampleStep

METHODS = ("ols", "fe", "op", "lp", "acf", "wooldridge")
BOOTSTRAPPED = ("op", "lp", "acf")


def core_function(method: str):
    """The estimation core of a method: ``f(ProdData, **options) -> CoreFit``."""
    if method == "ols":
        from econ_ai.kinds.production_function.olsfe import estimate_ols as f
    elif method == "fe":
        from econ_ai.kinds.production_function.olsfe import estimate_fe as f
    elif method == "op":
        from econ_ai.kinds.production_function.op import estimate_op as f
    elif method == "lp":
        from econ_ai.kinds.production_function.lp import estimate_lp as f
    elif method == "acf":
        from econ_ai.kinds.production_function.acf import estimate_acf as f
    elif method == "wooldridge":
        from econ_ai.kinds.production_function.wooldridge import estimate_wooldridge as f
    else:
        raise ValueError(method)
    return f


def prod_data_from_design(design: Design):
    """ProdData from a Design built by the spec helper's prepare (see the brief's contract)."""
    from econ_ai.kinds.production_function.panel import ProdData

    if design.y is None or design.X is None:
        raise EstimationError("production function needs output (y) and inputs (X)", model=design.name)
    free = list(design.extra.get("free", ()))
    state = list(design.extra.get("state", ()))
    nf = len(free) if free else design.X.shape[1] - max(len(state), 1)
    X = np.asarray(design.X, float)
    for need in ("unit", "time"):
        if need not in design.columns:
            raise EstimationError(f"design has no '{need}' column", model=design.name)
    y = np.asarray(design.y, float)
    # OLS and FE need no proxy: a missing proxy column is all-NaN and checked by the proxy methods
    proxy = np.asarray(design.columns["proxy"], float) if "proxy" in design.columns else np.full(y.shape[0], np.nan)
    checked = [y[:, None], X] + ([proxy[:, None]] if "proxy" in design.columns else [])
    bad = ~np.isfinite(np.hstack(checked)).all(axis=1)
    if bad.any():
        raise EstimationError(
            f"{int(bad.sum())} rows with missing or non-finite output, inputs or proxy reached the "
            "estimator (prepare should drop and log them, e.g. log of zero investment)",
            model=design.name,
        )
    ex = design.columns.get("exit")
    return ProdData(
        y=y, free=X[:, :nf], state=X[:, nf:], proxy=proxy,
        unit=np.asarray(design.columns["unit"]), time=np.asarray(design.columns["time"]).astype(np.int64),
        exit=None if ex is None else np.asarray(ex, float),
        free_names=tuple(design.terms[:nf]), state_names=tuple(design.terms[nf:]),
    )


class ProductionFunction(KindEstimator):
    """Estimator for kind ``production_function``; options: :class:`ProductionOptions`
    (the spec's, or those given to the constructor; keyword overrides win)."""

    kind = "production_function"
    Options = ProductionOptions

    def fit(self, design: Design) -> Result:
        opts = self.resolve_options(design)
        method = opts.method
        boot = opts.bootstrap or Bootstrap()
        if method in PROXY_METHODS and "proxy" not in design.columns:
            raise EstimationError(f"method '{method}' needs a proxy column (give 'proxy:')", model=design.name)
        data = prod_data_from_design(design)
        quiet = opts.quiet
        core_opts: dict[str, Any] = {"degree": opts.degree}
        if opts.g_degree is not None:
            core_opts["g_degree"] = opts.g_degree
        if method == "op":
            core_opts["exit_correction"] = opts.exit_correction
        if method in ("op", "lp"):
            core_opts["stage2"] = opts.stage2
        if method == "wooldridge":
            core_opts["gmm_weight"] = opts.gmm_weight
        core = core_function(method)
        if not quiet:
            print(f"[production_function] {design.name}: {method} on {data.n} firm-years, {data.n_units} firms", file=sys.stderr)
        try:
            cf = core(data, **core_opts)
        except EstimationError as err:
            raise EstimationError(err.message, model=design.name, diagnostics=err.diagnostics) from None
        k = cf.beta.shape[0]
        reps = boot.reps if method in BOOTSTRAPPED else 0
        failed = 0
        if method in BOOTSTRAPPED and reps > 0:
            from econ_ai.kinds.production_function.bootstrap import bootstrap

            draws = bootstrap(core, data, {**core_opts, "start": cf.beta}, reps=reps, seed=boot.seed, n_jobs=opts.n_jobs,
                              quiet=quiet, label=f"{design.name} {method} bootstrap")
            ok = draws[~np.isnan(draws).any(axis=1)]
            failed = reps - ok.shape[0]
            cov = np.cov(ok, rowvar=False, ddof=1).reshape(k, k)
            rts_se = float(np.std(ok.sum(axis=1), ddof=1))
            vcov = VcovInfo("bootstrap", {"firm": data.n_units}, "firm-resampling bootstrap", None,
                            f"{ok.shape[0]} successful draws of {reps}, seed {boot.seed}, sd with ddof=1")
        elif cf.cov is not None:
            cov = cf.cov
            rts_se = float(np.sqrt(np.ones(k) @ cov @ np.ones(k)))
            vcov = (VcovInfo("gmm", {"firm": data.n_units}, "gmm-cluster", None,
                             f"Wooldridge GMM, weight {core_opts.get('gmm_weight')}, moments clustered by firm")
                    if method == "wooldridge" else
                    VcovInfo("cluster", {"firm": data.n_units}, "statsmodels", None, "clustered by firm: G/(G-1)*(N-1)/(N-K)"))
        else:
            cov = np.full((k, k), np.nan)
            rts_se = float("nan")
            vcov = VcovInfo("none", {}, "", None, "bootstrap reps = 0: no standard errors")
        se = np.sqrt(np.diag(cov))
        names = data.names
        coefs = estimate_map(names, cf.beta, se)
        log = list(design.sample_log)
        if cf.nobs and cf.nobs < data.n and method not in ("ols", "fe"):
            log.append(SampleStep("second stage: firm-years without the previous year of the same firm", data.n - cf.nobs, cf.nobs))
        fit = {
            "returns_to_scale": float(cf.beta.sum()), "rts_se": rts_se, "nobs": data.n, "nobs_stage2": cf.nobs,
            "n_firms": data.n_units, "converged": bool(cf.converged), "objective": float(cf.objective),
            "method": method, "degree": core_opts["degree"], "bootstrap_reps": reps, "bootstrap_failed": failed,
            "iterations": int(cf.iterations),
        }
        extra = {"inputs": list(names), "free": list(data.free_names), "state": list(data.state_names),
                 "proxy": design.extra.get("proxy", ""),
                 "tfp_name": str(opts.get("tfp_name") or f"tfp_{method}"),
                 "tfp_definition": "omega_hat = y - b'x (log output minus estimated input contributions)"}
        extra.update({k2: v for k2, v in cf.extra.items()
                      if k2 in ("hansen_j", "j_df", "gmm_weight", "exit_correction", "persistence_r2")})
        if "stage2" in core_opts:
            extra["stage2"] = core_opts["stage2"]
        return Result(name=design.name, kind="production_function", nobs=data.n, coefficients=coefs,
                      outcome=design.spec.outcome or str(opts.get("output") or ""), fit=fit, vcov=vcov,
                      sample_log=tuple(log),
                      notes=tuple(design.notes), extra=extra, params=np.asarray(cf.beta), cov=cov)


def tfp_array(result: Result, design: Design) -> np.ndarray:
    """Firm-year log TFP ``y - b'x`` as a numpy array aligned with the design rows."""
    if result.params is None:
        raise EstimationError("result has no parameter vector (was it read back from JSON?)", model=result.name)
    return np.asarray(design.y, float) - np.asarray(design.X, float) @ np.asarray(result.params, float)


def tfp_series(result: Result, design: Design):
    """Firm-year log TFP as a pandas Series indexed by ``design.index``, named ``tfp_name``."""
    import pandas as pd

    idx = design.index if design.index is not None else np.arange(design.nobs)
    return pd.Series(tfp_array(result, design), index=idx, name=result.extra.get("tfp_name", "tfp"))


__all__ = ["ProductionFunction", "core_function", "prod_data_from_design", "tfp_array", "tfp_series", "METHODS"]
