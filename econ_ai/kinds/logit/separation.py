"""Separation and collinearity checks for binary-outcome models, reported by variable.

A logit has no finite maximum-likelihood estimate when a regressor (or a combination of
regressors) separates the outcome. Optimisers then stop somewhere along a ray and print a
"30-sized" coefficient. We detect it and report it by name instead:

- ``dummy_separation``: Stata's rule for 0/1 regressors (``logit`` without ``asis``): if all
  outcomes are equal among the observations with ``x != 0`` (or ``x == 0``), that category
  predicts the outcome perfectly: the observations in it are dropped and the variable with
  them ("tech_hardware != 0 predicts failure perfectly; 9 obs dropped"). Repeated until no
  such dummy is left (dropping rows can reveal another). The omitted base level of a
  categorical ``C(x)`` is checked too (its rows are dropped; there is no column to drop).
- ``lp_separation``: the linear program of Konis (2007), also used by R's detectseparation:
  with ``A = diag(2y - 1) X`` (columns scaled to max |x| = 1), maximise ``1'A b`` subject to
  ``A b >= 0`` and ``-1 <= b <= 1``. A positive optimum means there is a direction b along
  which the likelihood keeps increasing: separation. Rows with ``(A b)_i > 0`` are perfectly
  predicted. Two more LPs (only when separated) tell complete from quasi-complete separation
  and find the sparsest separating direction, whose non-zero entries name the variables.
  Solved with scipy's HiGHS (``scipy.optimize.linprog``).
- ``collinear_columns``: columns in the span of the kept columns before them: a Cholesky
  factorisation of the scaled X'X in column order, as fixest does. Not a pivoted QR on purpose:
  the spec's order decides which column goes (later columns are dropped; the intercept and the
  regressors, which come first, are kept). A QR of the n x k matrix was 8x slower here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class DummySeparation:
    """One 0/1 regressor that predicts the outcome perfectly in one of its categories."""

    term: str
    category: str  # "!= 0" or "== 0"
    outcome: str  # "failure" (all y = 0) or "success" (all y = 1)
    rows: np.ndarray = field(repr=False)  # boolean mask (over the rows given) of rows dropped
    base_level: bool = False  # term is a categorical group C(x) and the category its base level

    @property
    def n(self) -> int:
        return int(self.rows.sum())

    @property
    def condition(self) -> str:
        if self.base_level:
            return f"{self.term} {'==' if self.category == '!= 0' else '!='} base level"
        return f"{self.term} {self.category}"

    def message(self) -> str:
        if self.base_level:  # no column to drop: the omitted level's rows go
            return f"{self.condition} predicts {self.outcome} perfectly; {self.n} obs not used"
        return f"{self.condition} predicts {self.outcome} perfectly; {self.term} dropped and {self.n} obs not used"


def dummy_separation(
    y: np.ndarray, X: np.ndarray, names: Sequence[str], *, skip: Sequence[str] = ("Intercept",)
) -> tuple[list[DummySeparation], np.ndarray]:
    """Stata's perfect-prediction rule for 0/1 columns, applied until nothing changes.

    Returns the separating dummies (in the order found) and the boolean mask of rows kept.
    Rows are dropped only from the category that predicts perfectly.
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    n = y.shape[0]
    keep = np.ones(n, dtype=bool)
    found: list[DummySeparation] = []
    skip_set = set(skip)
    binary = ((X == 0) | (X == 1)).all(axis=0)
    cand = [j for j, nm in enumerate(names) if nm not in skip_set and binary[j]]
    labels = [names[j] for j in cand]
    blocks = [X[:, cand]]
    # the omitted (base) level of each categorical group C(x) is a 0/1 indicator too
    from econ_ai.kinds.logit.margins import categorical_groups

    for grp, cols in categorical_groups(names).items():
        base = 1.0 - X[:, cols].sum(axis=1)
        if np.all((base == 0) | (base == 1)):
            blocks.append(base[:, None])
            labels.append(grp)
    n_real = len(cand)
    # counts per 0/1 column (one matrix-vector product), updated as perfectly predicted rows go
    Xb = np.hstack(blocks)
    n1, y1 = Xb.sum(axis=0), y @ Xb
    nk, yk = float(n), float(y.sum())
    active = np.ones(len(labels), dtype=bool)
    while active.any():
        n0, y0 = nk - n1, yk - y1
        hit = None
        for c in np.flatnonzero(active):
            if n1[c] == 0 or n0[c] == 0:
                continue  # constant here: left to the collinearity check
            for cat, nn, yy, val in (("!= 0", n1[c], y1[c], 1.0), ("== 0", n0[c], y0[c], 0.0)):
                if yy == 0 or yy == nn:
                    hit = (c, cat, "success" if yy == nn else "failure", val)
                    break
            if hit:
                break
        if hit is None:
            break
        c, cat, outcome, val = hit
        rows = keep & (Xb[:, c] == val)
        found.append(DummySeparation(labels[c], cat, outcome, rows, base_level=c >= n_real))
        keep &= ~rows
        active[c] = False
        n1 -= Xb[rows].sum(axis=0)
        y1 -= y[rows] @ Xb[rows]
        nk -= rows.sum()
        yk -= y[rows].sum()
    return found, keep


@dataclass(frozen=True)
class LPSeparation:
    """Result of the Konis (2007) linear-programming check."""

    separated: bool
    complete: bool
    terms: tuple[str, ...]  # variables with a non-zero entry in the separating direction
    rows: np.ndarray = field(repr=False)  # boolean mask of perfectly predicted rows
    direction: np.ndarray = field(repr=False)

    @property
    def n(self) -> int:
        return int(self.rows.sum())

    def message(self) -> str:
        kind = "complete" if self.complete else "quasi-complete"
        who = ", ".join(self.terms) if self.terms else "the intercept alone (the outcome does not vary)"
        return f"{kind} separation by {who}: {self.n} obs perfectly predicted"


def lp_separation(
    y: np.ndarray,
    X: np.ndarray,
    names: Sequence[str],
    *,
    skip: Sequence[str] = ("Intercept",),
    tol: float = 1e-7,
) -> LPSeparation:
    """Detect (quasi-)complete separation by linear programming (Konis 2007).

    ``X`` must include the intercept column (named in ``skip``; it may enter the direction
    but is not reported as a variable). Three small LPs, the last two only when separated:

    1. Konis: max 1'A b s.t. A b >= 0, |b| <= 1. Positive optimum = separation; rows with
       (A b)_i > 0 are the perfectly predicted ones.
    2. Complete? max t s.t. A b >= t, |b| <= 1, t <= 1: t > 0 = every row strictly separated.
    3. Which variables: the sparsest direction (min sum |b_j| over non-intercept j, s.t.
       A b >= 0, 1'A b >= 1); its non-zero entries name the variables (an L1 objective picks
       few of them where several directions separate).
    """
    from scipy.optimize import linprog

    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    n, k = X.shape
    scale = np.abs(X).max(axis=0)
    scale[scale == 0] = 1.0
    A = (2.0 * y - 1.0)[:, None] * (X / scale)
    res = linprog(c=-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(n), bounds=[(-1.0, 1.0)] * k, method="highs")
    if res.status != 0:  # pragma: no cover - this LP is bounded and feasible (b = 0)
        raise RuntimeError(f"separation LP failed: {res.message}")
    fitted = A @ res.x
    thr = tol * max(1.0, float(np.abs(fitted).max(initial=0.0)))
    rows = fitted > thr
    if not rows.any():
        return LPSeparation(False, False, (), np.zeros(n, dtype=bool), np.zeros(k))
    # 2. complete separation: a direction with every row strictly on its side
    res2 = linprog(c=np.r_[np.zeros(k), -1.0], A_ub=np.hstack([-A, np.ones((n, 1))]), b_ub=np.zeros(n),
                   bounds=[(-1.0, 1.0)] * k + [(None, 1.0)], method="highs")
    complete = bool(res2.status == 0 and -res2.fun > tol)
    if complete:
        rows = np.ones(n, dtype=bool)
    # 3. sparsest separating direction, b = bp - bm
    skip_set = set(skip)
    w = np.array([0.0 if nm in skip_set else 1.0 for nm in names])
    res3 = linprog(c=np.r_[w, w], A_ub=np.vstack([np.hstack([-A, A]), -np.r_[A.sum(0), -A.sum(0)][None, :]]),
                   b_ub=np.r_[np.zeros(n), -1.0], bounds=[(0, None)] * (2 * k), method="highs")
    b = res.x
    if res3.status == 0:
        b3 = res3.x[:k] - res3.x[k:]
        b = b3 / max(1.0, float(np.abs(b3).max()))
    b = np.where(np.abs(b) < tol, 0.0, b)
    terms = tuple(nm for j, nm in enumerate(names) if b[j] != 0.0 and nm not in skip_set)
    return LPSeparation(True, complete, terms, rows, b)


def collinear_columns(X: np.ndarray, *, tol: float = 1e-10) -> list[int]:
    """Indices of columns that are (numerically) linear combinations of earlier columns.

    As fixest: columns scaled to unit norm, then a Cholesky factorisation of X'X in column
    order; column j is redundant when the squared norm of its part orthogonal to the kept
    columns before it is <= ``tol`` (1e-10, fixest's ``collin.tol``; a relative residual norm
    of 1e-5). O(n k^2) for X'X (one matrix product), O(k^3) after it.
    """
    X = np.asarray(X, dtype=float)
    k = X.shape[1]
    if k == 0:
        return []
    from scipy.linalg import solve_triangular

    G = X.T @ X
    norms = np.sqrt(np.clip(np.diag(G), 0.0, None))
    zero = norms == 0
    inv = 1.0 / np.where(zero, 1.0, norms)
    G = G * inv[:, None] * inv[None, :]  # Gram matrix of the unit-norm columns
    L = np.zeros((k, k))  # rows of the Cholesky factor of the kept columns
    kept: list[int] = []
    dropped: list[int] = []
    for j in range(k):
        if zero[j]:
            dropped.append(j)
            continue
        m = len(kept)
        if m:
            # solve L_kept l = G[kept, j] (forward substitution on the kept block)
            lj = solve_triangular(L[:m, :m], G[kept, j], lower=True, check_finite=False)
            d = G[j, j] - lj @ lj
        else:
            lj, d = np.zeros(0), G[j, j]
        if d <= tol:
            dropped.append(j)
            continue
        L[m, :m] = lj
        L[m, m] = np.sqrt(d)
        kept.append(j)
    return dropped


def apply_dummy_separation(found, *, raise_error: bool, model: str, cols, names, dropped: list, notes: list,
                           log: list, remaining: int) -> int:
    """Stata's rule for every separated 0/1 regressor in ``found``: drop the variable (unless it
    is a base level), name it in the notes and log the perfectly predicted rows; with
    ``raise_error`` the first one is an EstimationError. Returns the rows that remain."""
    from econ_ai.errors import EstimationError
    from econ_ai.provenance import SampleStep

    for f in found:
        if raise_error:
            raise EstimationError(f.message(), model=model, diagnostics={"separation": "dummy"})
        if not f.base_level:
            cols[names.index(f.term)] = False
            dropped.append(f.term)
        notes.append(f.message())
        remaining -= f.n
        log.append(SampleStep(f"separation: {f.condition} predicts {f.outcome} perfectly", f.n, remaining))
    return remaining
