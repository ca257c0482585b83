"""Average marginal effects (AMEs) of a logit, computed analytically, with delta-method SEs.

Why our own code: statsmodels' ``LogitResults.get_margeff(at="overall")`` builds N x K x K
arrays for the Jacobian of the AMEs. ``benchmarks/bench_logit.py`` measures its peak allocation
on 2.5k-10k subsamples and extrapolates ~23 GB (and minutes) for 157k firms x 99 columns (20
covariates + NACE-2 dummies); on a wider design the process was killed at ~190 GB. The
analytic version takes well under a second there. For the logit the Jacobian has a closed form that needs only
O(N K) work and O(N) extra memory:

    p_i = F(x_i'b),  s_i = p_i (1 - p_i),  F the logistic cdf
    AME_j            = mean(s) b_j                              (derivative AME, "dydx")
    dAME_j / db_l    = mean(s) 1{j = l} + b_j mean(s (1 - 2 p) x_l)
    Var(AME)         = J V J'                                    (delta method)

This equals ``get_margeff(at="overall", method="dydx")`` (checked to 1e-8 in
``tests/estimators/test_margins.py``) and Stata's ``margins, dydx(*)`` for continuous regressors.

For 0/1 regressors Stata (with ``i.x``) and ``get_margeff(dummy=True)`` also offer the
discrete-change AME ``mean(F(x_i'b | x_j = 1) - F(x_i'b | x_j = 0))``. Its Jacobian row is
``mean(f1 x^(1) - f0 x^(0))`` with ``f = p (1 - p)`` at the two counterfactual rows; since the
counterfactual rows differ from x_i only in column j (or in the columns of one categorical
group), ``X' f`` (a matrix-vector product) gives it without forming N x K copies. For a
categorical control (``C(nace2)[T.62]`` columns), as Stata's ``margins, dydx(i.nace2)``, the
change is from the base level: every column of the group is set to 0, then the level's to 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_CAT = re.compile(r"^(?P<group>C\(.+\))\[T\..*\]$")


@dataclass(frozen=True)
class MarginalEffects:
    """AMEs of some columns of X: ``names[i]`` has effect ``ame[i]`` with covariance ``cov``
    (delta method: ``jacobian @ V @ jacobian.T``)."""

    names: tuple[str, ...]
    ame: np.ndarray
    cov: np.ndarray
    jacobian: np.ndarray

    @property
    def std_error(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diag(self.cov), 0.0, None))


def logit_ame(
    X: np.ndarray,
    params: np.ndarray,
    cov: np.ndarray,
    names: Sequence[str],
    *,
    skip: Sequence[str] = ("Intercept",),
) -> MarginalEffects:
    """Derivative AMEs (``dydx`` averaged over the sample) of every column except ``skip``.

    X: (n, k) with the intercept column included; params (k,); cov (k, k) of params.
    """
    X = np.asarray(X, dtype=float)
    b = np.asarray(params, dtype=float)
    V = np.asarray(cov, dtype=float)
    from scipy.special import expit

    n, k = X.shape
    p = expit(X @ b)
    s = p * (1.0 - p)
    ms = s.mean()
    g = X.T @ (s * (1.0 - 2.0 * p)) / n  # (k,) mean(s (1-2p) x_l)
    keep = [j for j, nm in enumerate(names) if nm not in set(skip)]
    idx = np.asarray(keep, dtype=int)
    ame = ms * b[idx]
    J = np.outer(b[idx], g)  # (m, k)
    J[np.arange(len(idx)), idx] += ms
    return MarginalEffects(tuple(names[j] for j in keep), ame, J @ V @ J.T, J)


def is_binary(col: np.ndarray) -> bool:
    """True when a column holds only 0 and 1 (and both occur)."""
    col = np.asarray(col)
    return bool(col.size) and bool(((col == 0) | (col == 1)).all()) and col.min() == 0 and col.max() == 1


def categorical_groups(names: Sequence[str]) -> dict[str, list[int]]:
    """``C(x)[T.level]`` columns grouped by ``C(x)``: {"C(x)": [column indices]}."""
    groups: dict[str, list[int]] = {}
    for j, nm in enumerate(names):
        m = _CAT.match(nm)
        if m:
            groups.setdefault(m.group("group"), []).append(j)
    return groups


def logit_discrete_ame(
    X: np.ndarray,
    params: np.ndarray,
    cov: np.ndarray,
    names: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    skip: Sequence[str] = ("Intercept",),
    chunk: int = 16,
) -> MarginalEffects:
    """Discrete-change AMEs ``mean(F(x | x_j=1) - F(x | x_j=0))`` of 0/1 columns.

    ``columns``: which columns (default: every 0/1 column not in ``skip``). A column of a
    categorical group ``C(x)[T.l]`` changes from the base level (the whole group set to 0)
    to level l, like Stata's ``margins, dydx(i.x)``.
    """
    X = np.asarray(X, dtype=float)
    b = np.asarray(params, dtype=float)
    V = np.asarray(cov, dtype=float)
    n, k = X.shape
    pos = {nm: j for j, nm in enumerate(names)}
    if columns is None:
        columns = [nm for j, nm in enumerate(names) if nm not in set(skip) and is_binary(X[:, j])]
    group_of: dict[int, list[int]] = {}
    for cols in categorical_groups(names).values():
        for j in cols:
            group_of[j] = cols
    from scipy.special import expit

    eta = X @ b
    cols_j = [pos[nm] for nm in columns]
    # linear index with the column's whole group set to 0 (x^(0)); computed once per group
    base: dict[tuple[int, ...], np.ndarray] = {}
    for j in cols_j:
        grp = tuple(group_of.get(j, [j]))
        if grp not in base:
            base[grp] = eta - X[:, list(grp)] @ b[list(grp)]
    ame = np.empty(len(cols_j))
    J = np.empty((len(cols_j), k))
    for start in range(0, len(cols_j), chunk):  # blocks of columns: one GEMM per block, O(n chunk) memory
        blk = cols_j[start:start + chunk]
        eta0 = np.column_stack([base[tuple(group_of.get(j, [j]))] for j in blk])
        p0 = expit(eta0)
        p1 = expit(eta0 + b[blk][None, :])
        f0, f1 = p0 * (1 - p0), p1 * (1 - p1)
        ame[start:start + len(blk)] = (p1 - p0).mean(axis=0)
        # mean(f1 x^(1) - f0 x^(0)): X' (f1 - f0) over the unchanged columns, fixed values elsewhere
        jac = (X.T @ (f1 - f0)).T / n
        for r, j in enumerate(blk):
            jac[r, group_of.get(j, [j])] = 0.0
            jac[r, j] = f1[:, r].mean()
        J[start:start + len(blk)] = jac
    out_names = list(columns)
    return MarginalEffects(tuple(out_names), ame, J @ V @ J.T, J)
