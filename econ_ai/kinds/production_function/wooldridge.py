"""Wooldridge (2009) one-step GMM estimator, prodest's ``prodestWRDG`` formulation.

With the Markov law linear in omega (as prodest and Petrin-Levinsohn-Poi), both equations
are linear in the parameters, so the GMM estimator has a closed form (no optimiser):

- eq. 1: ``y_t = b_f'f_t + a_1 + c(s_t, p_t) + e_t``, instruments ``(f_t, 1, c-terms)``;
- eq. 2: ``y_t = b_f'f_t + b_s's_t + a_2 + d(s_{t-1}, p_{t-1}) + u_t``, instruments
  ``(f_{t-1}, s_t, 1, d-terms)``;

``c`` and ``d`` are polynomials of degree ``degree`` (default 3) with their own coefficients;
``b_f`` is common to both equations. Over-identified by the number of free inputs.
``gmm_weight``:

- ``"cluster"`` (default): two-step efficient GMM; step 1 with the block-diagonal 2SLS
  weight, step 2 with the inverse of the firm-clustered moment covariance S. Standard errors
  ``(G' S^-1 G)^-1 / n`` (no small-sample factor); Hansen's J in ``extra``.
- ``"homoskedastic"``: one step with ``W = [sigma^2 blockdiag(Z1'Z1, Z2'Z2)]^-1``, which is
  the "optimal" weight prodest's ``weightM`` computes (one common error variance, no
  cross-equation covariance), so this reproduces prodest's estimator. Standard errors are
  the sandwich ``(G'WG)^-1 G'W S W G (G'WG)^-1 / n`` with S clustered by firm. Only rows whose firm is observed in t-1 are used (both equations), as prodest.
"""

from __future__ import annotations

import numpy as np

from econ_ai.errors import EstimationError
from econ_ai.inference.groups import group_sums
from econ_ai.kinds.production_function.panel import CoreFit, ProdData
from econ_ai.kinds.production_function.polynomial import poly_terms


def estimate_wooldridge(data: ProdData, *, degree: int = 3, gmm_weight: str = "cluster", **_: object) -> CoreFit:
    if gmm_weight not in ("cluster", "homoskedastic"):
        raise EstimationError(f"wooldridge: gmm_weight must be 'cluster' or 'homoskedastic', got {gmm_weight!r}")
    rows = np.flatnonzero(data.lag >= 0)
    lag = data.lag[rows]
    n = rows.size
    F, S = data.free.shape[1], data.state.shape[1]
    P1 = poly_terms([*data.state[rows].T, data.proxy[rows]], degree)
    P2 = poly_terms([*data.state[lag].T, data.proxy[lag]], degree)
    q = P1.shape[1]
    if n < 5 * (F + S + 2 * q + 2):
        raise EstimationError(f"wooldridge: too few firm-years with a previous year ({n})")
    y = data.y[rows]
    f, s, fl = data.free[rows], data.state[rows], data.free[lag]
    one = np.ones((n, 1))
    k = F + S + 1 + q + 1 + q  # theta = [b_f, b_s, a1, gamma, a2, delta]
    # compact regressor blocks (the stacked X1, X2 would be mostly zeros): eq. 1 regressors
    # are exactly its instruments Z1 = [f, 1, P1]; eq. 2 regressors X2c = [f, s, 1, P2]
    Z1 = np.column_stack([f, one, P1])
    X2c = np.column_stack([f, s, one, P2])
    Z2 = np.column_stack([fl, s, one, P2])
    m1, m2 = Z1.shape[1], Z2.shape[1]
    cols1 = np.r_[np.arange(F), np.arange(F + S, F + S + 1 + q)]  # theta positions of Z1's columns
    cols2 = np.r_[np.arange(F + S), np.arange(F + S + 1 + q, k)]  # theta positions of X2c's columns
    G = np.zeros((m1 + m2, k))
    G[:m1, cols1] = Z1.T @ Z1 / n
    G[m1:, cols2] = Z2.T @ X2c / n
    b = np.r_[Z1.T @ y, Z2.T @ y] / n
    W1 = np.zeros((m1 + m2, m1 + m2))
    W1[:m1, :m1] = np.linalg.inv(Z1.T @ Z1 / n)
    W1[m1:, m1:] = np.linalg.inv(Z2.T @ Z2 / n)
    theta1 = _solve(G, W1, b)
    uniq, codes = np.unique(data.unit[rows], return_inverse=True)

    def S_of(theta: np.ndarray) -> np.ndarray:
        e1, e2 = y - Z1 @ theta[cols1], y - X2c @ theta[cols2]
        g = np.column_stack([Z1 * e1[:, None], Z2 * e2[:, None]])
        gc = group_sums(g, codes, uniq.size)
        return gc.T @ gc / n

    if gmm_weight == "cluster":
        W2 = np.linalg.pinv(S_of(theta1), hermitian=True)
        theta = _solve(G, W2, b)
        mbar = b - G @ theta
        J = float(n * mbar @ W2 @ mbar)
        cov = np.linalg.inv(G.T @ W2 @ G) / n
    else:
        theta = theta1
        Smat = S_of(theta)
        mbar = b - G @ theta
        J = float(n * mbar @ np.linalg.pinv(Smat, hermitian=True) @ mbar)
        A = np.linalg.inv(G.T @ W1 @ G)
        cov = A @ G.T @ W1 @ Smat @ W1 @ G @ A / n
    beta = theta[: F + S]
    if not np.all(np.isfinite(beta)):
        raise EstimationError("wooldridge: GMM solution not finite", diagnostics={"nobs": n})
    return CoreFit(
        beta=beta, objective=J, converged=True, iterations=2, nobs=int(n), cov=cov[: F + S, : F + S],
        extra={"gmm_weight": gmm_weight, "hansen_j": J, "j_df": int(m1 + m2 - k), "n_instruments": int(m1 + m2)},
    )


def _solve(G: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    A = G.T @ W @ G
    return np.linalg.lstsq(A, G.T @ W @ b, rcond=None)[0]
