"""Small dense linear algebra for least squares on (demeaned) regressors.

Collinearity is detected on the cross-product matrix with a sequential (left-to-right)
Cholesky sweep, as Stata's ``_rmcoll`` and fixest do: a column is dropped when the part of
it not explained by the columns kept before it has a sum of squares below
``tol`` times its own sum of squares before demeaning. That catches both exact linear
combinations and regressors that are constant within an absorbed effect (their demeaned
column is numerically zero). Own code because it needs the k x k Gram matrix only (k is
small, n is large), which is also what the solve and the covariance use.
"""

from __future__ import annotations

import numpy as np

COLLIN_TOL = 1e-9


def gram(X: np.ndarray) -> np.ndarray:
    """X'X for a tall matrix (k small)."""
    return X.T @ X


def collinear_columns(XtX: np.ndarray, ss0: np.ndarray, tol: float = COLLIN_TOL) -> list[int]:
    """Indices of columns to drop, scanning left to right.

    ``XtX``: Gram matrix of the (demeaned) columns; ``ss0``: each column's sum of squares
    before demeaning (centred where an intercept or an absorbed effect is present), the
    scale against which a residual sum of squares counts as zero.
    """
    k = XtX.shape[0]
    keep: list[int] = []
    drop: list[int] = []
    for j in range(k):
        scale = max(float(ss0[j]), float(XtX[j, j]))
        if scale <= 0.0 or not np.isfinite(scale):
            drop.append(j)
            continue
        if keep:
            A = XtX[np.ix_(keep, keep)]
            b = XtX[keep, j]
            try:
                coef = np.linalg.solve(A, b)
            except np.linalg.LinAlgError:
                coef = np.linalg.lstsq(A, b, rcond=None)[0]
            resid = float(XtX[j, j] - b @ coef)
        else:
            resid = float(XtX[j, j])
        if resid <= tol * scale:
            drop.append(j)
        else:
            keep.append(j)
    return drop


def solve_spd(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solution of A x = b and inv(A) for a symmetric positive definite A (Cholesky;
    raises numpy.linalg.LinAlgError if A is not positive definite). numpy only: k is small."""
    if A.shape[0] == 0:
        return np.zeros((0,) + b.shape[1:]), np.zeros((0, 0))
    L = np.linalg.cholesky(A)
    Linv = np.linalg.inv(L)
    inv = Linv.T @ Linv
    return inv @ b, (inv + inv.T) / 2.0
