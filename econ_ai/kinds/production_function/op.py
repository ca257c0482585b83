"""Olley-Pakes (1996): the two-step estimator of ``lp.py`` with investment as the proxy,
optionally with OP's correction for selection on exit.

Exit correction (``exit_correction: true``, needs an ``exit`` column that is 1 in a firm's
last observed year when it exits the market, 0 otherwise): the survival probability
``P_t = Pr(survive to t | s_{t-1}, i_{t-1})`` is a probit on a polynomial of degree
``degree`` in the lagged state inputs and the lagged proxy, fitted on every firm-year that
either has a successor row or exits (rows in a firm's last year without exit are censored and
left out). Stage 2 then uses a polynomial in ``(omega_lag, P_hat)`` instead of ``omega_lag``.
"""

from __future__ import annotations

import numpy as np

from econ_ai.errors import EstimationError
from econ_ai.kinds.production_function.lp import estimate_oplp
from econ_ai.kinds.production_function.panel import CoreFit, ProdData
from econ_ai.kinds.production_function.polynomial import add_const, poly_terms


def survival_probability(data: ProdData, degree: int) -> np.ndarray:
    """P_hat for each row (NaN where the firm has no previous year)."""
    import statsmodels.api as sm

    if data.exit is None:
        raise EstimationError("op: exit_correction needs an 'exit' column (1 in the year a firm exits)")
    n = data.n
    has_next = np.zeros(n, dtype=bool)
    has_next[data.lag[data.lag >= 0]] = True
    exits = np.asarray(data.exit, float) == 1
    fit_rows = has_next | exits
    survived = has_next[fit_rows].astype(float)
    B = add_const(poly_terms([*data.state.T, data.proxy], degree))
    if survived.min() == survived.max():
        raise EstimationError("op: exit_correction needs both exits and survivors", diagnostics={"exits": int(exits.sum())})
    import warnings

    with warnings.catch_warnings():
        # fitted survival probabilities at 0/1 (perfect prediction in small samples or bootstrap
        # draws) are still valid propensity scores for the OP second stage
        warnings.simplefilter("ignore")
        res = sm.Probit(survived, B[fit_rows]).fit(disp=0, maxiter=200)
    p_row = res.predict(B)  # survival probability from t-1 information, indexed by the t-1 row
    out = np.full(n, np.nan)
    have = data.lag >= 0
    out[have] = p_row[data.lag[have]]
    return out


def estimate_op(data: ProdData, *, degree: int = 3, g_degree: int = 3, exit_correction: bool = False,
                start: np.ndarray | None = None, stage2: str = "nlls", **_: object) -> CoreFit:
    survival = survival_probability(data, degree) if exit_correction else None
    fit = estimate_oplp(data, degree=degree, g_degree=g_degree, survival=survival, method_name="op", start=start,
                         stage2=stage2)
    fit.extra["exit_correction"] = bool(exit_correction)
    return fit
