"""Control-function building blocks: polynomial bases, panel lags, least squares.

``poly_terms`` builds every monomial of total degree 1..degree of the given columns (no
constant), the series approximation of the unknown control function used by OP, LP, ACF and
Wooldridge (prodest's ``poly(..., raw = TRUE)``). Columns are centred and scaled before the
powers are taken (an affine change of the basis: the fitted values are unchanged, the
conditioning of the normal equations is much better on log levels around 10-15).

``lag_index`` finds, for each row, the row of the same unit one period earlier (exactly
``time - 1``) or -1; gaps in a firm's history are not bridged.

Written here (not borrowed from a library) because the estimators need these on 10^6 rows
inside optimisation loops and bootstrap draws: numpy ``lstsq`` on a prebuilt basis is what
keeps LP, ACF and Wooldridge under the 10 s budget of ``benchmarks/bench_productivity.py``.
"""

from __future__ import annotations

from itertools import combinations_with_replacement

import numpy as np

from econ_ai.inference.panel import lag_rows


def poly_terms(cols: list[np.ndarray] | np.ndarray, degree: int, *, standardise: bool = True) -> np.ndarray:
    """All monomials of total degree 1..``degree`` of the columns (n x m), without constant."""
    X = np.column_stack([np.asarray(c, dtype=float) for c in cols]) if isinstance(cols, list) else np.asarray(cols, float)
    if X.ndim == 1:
        X = X[:, None]
    if degree < 1:
        raise ValueError(f"polynomial degree must be >= 1, got {degree}")
    if standardise:
        sd = X.std(axis=0)
        sd[sd == 0] = 1.0
        X = (X - X.mean(axis=0)) / sd
    m = X.shape[1]
    out = []
    for d in range(1, degree + 1):
        for combo in combinations_with_replacement(range(m), d):
            col = X[:, combo[0]].copy()
            for j in combo[1:]:
                col *= X[:, j]
            out.append(col)
    return np.column_stack(out)


def n_poly_terms(m: int, degree: int) -> int:
    from math import comb

    return comb(m + degree, degree) - 1


def lag_index(unit: np.ndarray, time: np.ndarray) -> np.ndarray:
    """Row index of the same unit at ``time - 1`` (or -1 when that row does not exist)."""
    return lag_rows(unit, time)


def lstsq(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares coefficients via the normal equations with a lstsq fallback.

    The normal equations (Cholesky of X'X) are 5-10x faster than QR on tall matrices; if X'X
    is badly conditioned we fall back to ``numpy.linalg.lstsq``.
    """
    XtX = X.T @ X
    Xty = X.T @ y
    try:
        c = np.linalg.cond(XtX)
        if np.isfinite(c) and c < 1e10:
            L = np.linalg.cholesky(XtX)
            z = np.linalg.solve(L, Xty)
            return np.linalg.solve(L.T, z)
    except np.linalg.LinAlgError:
        pass
    return np.linalg.lstsq(X, y, rcond=None)[0]


def power_basis(w: np.ndarray, degree: int) -> np.ndarray:
    """``[1, w, w^2, ..., w^degree]`` of the centred and scaled ``w`` (same column space)."""
    sd = w.std()
    z = (w - w.mean()) / (sd if sd > 0 else 1.0)
    out = np.empty((w.shape[0], degree + 1))
    out[:, 0] = 1.0
    for d in range(1, degree + 1):
        out[:, d] = out[:, d - 1] * z
    return out


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    # einsum's own loop: as fast as single-threaded BLAS ddot, and it does not spin up BLAS
    # threads (multi-threaded ddot was 5x slower on a loaded 2-core machine)
    return float(np.einsum("i,i->", a, b))


def power_resid(target: np.ndarray, w: np.ndarray, degree: int) -> np.ndarray:
    """Residual of ``target`` regressed on ``[1, w, ..., w^degree]`` (centred, scaled ``w``).

    Same numbers as ``target - B @ lstsq(B, target)`` with ``B = power_basis(w, degree)``, but
    from contiguous 1-D power vectors and their dot products (no n x (degree+1) matrix):
    this is the inner loop of the OP/LP/ACF criteria, evaluated dozens of times on 10^6 rows.
    """
    sd = w.std()
    z = (w - w.mean()) / (sd if sd > 0 else 1.0)
    P = [np.ones_like(z), z]
    for _ in range(2, degree + 1):
        P.append(P[-1] * z)
    k = degree + 1
    G = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            G[i, j] = G[j, i] = _dot(P[i], P[j])
    b = np.array([_dot(p, target) for p in P])
    try:
        c = np.linalg.solve(G, b)
    except np.linalg.LinAlgError:
        c = np.linalg.lstsq(G, b, rcond=None)[0]
    out = target - c[0]
    for i in range(1, k):
        out -= c[i] * P[i]
    return out


def add_const(X: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(X.shape[0]), X])
