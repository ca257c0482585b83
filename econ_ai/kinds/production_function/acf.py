"""Ackerberg, Caves and Frazer (2015) estimator.

Stage 1 (OLS): ``y = phi(f, s, p) + e`` with ``phi`` a full polynomial of degree ``degree``
(default 3) in the free inputs, state inputs and proxy (intermediate inputs) plus a
constant: the free inputs are NOT identified here (ACF's point against LP).

Stage 2 (GMM): for candidate ``b = (b_f, b_s)``, ``omega = phi_hat - x'b`` and
``omega_lag = phi_hat_lag - x_lag'b``; ``xi`` is the residual of ``omega`` on
``[1, omega_lag, omega_lag^2, omega_lag^3]`` (AR-like Markov law, degree ``g_degree``);
moments ``E[z xi] = 0`` with ``z = (f_{t-1}, s_t)`` (lagged free inputs, current state
inputs); criterion ``(Z'xi)' (Z'Z)^{-1} (Z'xi) / n`` (exactly identified, so the weight
does not matter at the optimum). This is prodest's ``prodestACF`` / Stata ``prodest, acf``
set-up. Starting values (deterministic): OLS of y on [1, f, s]; the OLS start shifted by
-0.2 in the free inputs; equal elasticities summing to the OLS returns to scale; and the
minimum of a grid scan for up to two parameters (panels up to 200,000 rows). Each start
runs Levenberg-Marquardt on the weighted moment vector.

Several roots: exactly identified, the criterion can be zero at more than one point. In
ACF's DGP 2 (labour chosen at t, no wage variation) ``b_l = 1, b_k = 0`` is an exact root:
``omega(b)`` is then the (i.i.d.) labour optimisation error, uncorrelated with every
t-1 instrument. Among starts that reach the same minimum, we keep the solution of the
earliest start (OLS first, as prodest) whose implied productivity is persistent (R^2 of
omega on g(omega_lag) at least 0.05; the method rests on a Markov process that predicts
omega); ``extra["persistence_r2"]`` reports it.
"""

from __future__ import annotations

import numpy as np

from econ_ai.errors import EstimationError
from econ_ai.kinds.production_function.lp import GRID_MAX_ROWS

MIN_PERSISTENCE = 0.05  # R^2 of omega on g(omega_lag) below this: a degenerate (i.i.d.) root
from econ_ai.kinds.production_function.panel import CoreFit, ProdData, minimise
from econ_ai.kinds.production_function.polynomial import add_const, lstsq, poly_terms, power_resid


def first_stage_acf(data: ProdData, degree: int) -> np.ndarray:
    P = poly_terms([*data.free.T, *data.state.T, data.proxy], degree)
    Z = add_const(P)
    return Z @ lstsq(Z, data.y)


def estimate_acf(data: ProdData, *, degree: int = 3, g_degree: int = 3, start: np.ndarray | None = None, **_: object) -> CoreFit:
    """``start`` (bootstrap draws: the full-sample estimate) replaces the multi-start search."""
    phi = first_stage_acf(data, degree)
    rows = np.flatnonzero(data.lag >= 0)
    k = data.free.shape[1] + data.state.shape[1]
    if rows.size < 10 * (k + g_degree + 1):
        raise EstimationError(
            f"acf: too few firm-years with a previous year ({rows.size})",
            diagnostics={"rows": int(data.n), "with_lag": int(rows.size)},
        )
    lag = data.lag[rows]
    X = data.X
    Xt, Xl = X[rows], X[lag]
    ph, phl = phi[rows], phi[lag]
    Z = np.column_stack([data.free[lag], data.state[rows]])
    W = np.linalg.inv(Z.T @ Z / rows.size)
    n = rows.size

    def xi_of(b: np.ndarray) -> np.ndarray:
        w = ph - Xt @ b
        wl = phl - Xl @ b
        return power_resid(w, wl, g_degree)

    L = np.linalg.cholesky(W)

    def resid(b: np.ndarray) -> np.ndarray:  # objective = ||resid||^2
        return 100.0 * (L.T @ (Z.T @ xi_of(b) / n))

    def objective(b: np.ndarray) -> float:
        r = resid(b)
        return float(r @ r)  # = 1e4 * m'Wm, scaled so the gradient test is meaningful

    def persistence(b: np.ndarray) -> float:
        w = ph - Xt @ b
        return 1.0 - float(xi_of(b).var() / max(w.var(), 1e-300))

    if start is not None:
        b, f, ok, it = minimise(objective, np.asarray(start, float), method_name="acf", grid=False, residuals=resid)
        return CoreFit(beta=b, objective=f / 1e4, converged=ok, iterations=it, nobs=int(n))
    XX = add_const(X)
    start = np.linalg.lstsq(XX, data.y, rcond=None)[0][1:]
    shifted = start.copy()
    shifted[: data.free.shape[1]] -= 0.2
    even = np.full(k, start.sum() / k)
    b, f, ok, it = minimise(objective, start, method_name="acf", extra_starts=[shifted, even],
                            admissible=lambda b: persistence(b) >= MIN_PERSISTENCE,
                            residuals=resid, grid=n <= GRID_MAX_ROWS, fallback_above=1e-10,
                            stop_at=1e-10)
    return CoreFit(beta=b, objective=f / 1e4, converged=ok, iterations=it, nobs=int(n),
                   extra={"start": start.tolist(), "persistence_r2": persistence(b)})
