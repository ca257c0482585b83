"""Fixed-effect logit numerics: absorbed effects inside IRLS, never as dummy columns.

As fixest's ``feglm(family = "logit")`` (Bergé 2018; Stammann 2018; Correia, Guimarães and
Zylkin 2019): each iteratively-reweighted least-squares (IRLS) step regresses the working
response ``z = eta + (y - mu) / w`` (``w = mu (1 - mu)``) on X with the fixed effects projected
out by weighted demeaning (``econ_ai.inference.demean.Demeaner`` with weights ``w``: exact for
one effect or "one large + small" effects, accelerated alternating projections otherwise), so
any number of effects costs O(N K) per step. The linear index including the effects is
``eta = z - (z~ - X~ b)`` (Frisch-Waugh-Lovell); the effects themselves are never formed.
Canonical link: IRLS is Newton-Raphson on the profile likelihood and converges to the same
maximum as a logit on explicit dummies (checked in tests/kinds/logit/test_feglm.py).

- Start: ``mu = 1/2`` (pyfixest's; the first weights are uniform, so the first demeaning is
  the unweighted one used for the collinearity check).
- Step halving when the deviance rises (as fixest/pyfixest). Convergence: relative deviance
  change ``|d - d_old| / (0.1 + |d|) < tol``.
- Alternating projections are warm-started from the previous step's demeaned columns
  (``M_w (x~_old) = M_w x`` exactly, as x~_old - x lies in the span of the dummies).
- At convergence the weights and X~ are recomputed at the final mu, so the Hessian is the
  observed one at the estimate (statsmodels' and Stata's OIM on the dummy design, whose
  coefficient block equals ``inv(X~' W X~)`` by the partitioned inverse).

Separation by fixed-effect level (``fe_separation``): a group whose outcome is all 0 or all 1
has an effect at -inf / +inf; its rows carry no information on the coefficients and are
dropped, iteratively across effects (dropping rows of one effect can leave another effect's
group constant), as fixest (``fixef.rm = "perfect"``) and Stata (``logit`` with ``i.fe``:
"... != 0 predicts failure perfectly") do.

Marginal effects (``fe_marginal_effects``): see the docstring there and docs/fe_logit.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from econ_ai.inference.demean import Demeaner


@dataclass(frozen=True)
class FeSeparation:
    """Rows dropped because the groups of one absorbed effect have a constant outcome."""

    effect: str
    groups: int
    rows: int

    def step(self) -> str:
        return f"separation: {self.groups} groups of {self.effect} with outcome all 0 or all 1"


def fe_separation(y: np.ndarray, fe: Mapping[str, np.ndarray], keep: np.ndarray) -> tuple[np.ndarray, list[FeSeparation]]:
    """Drop rows of fixed-effect groups whose outcome is constant, until none is left.

    Returns the new keep mask and one record per effect that dropped something (groups and rows
    summed over the rounds).
    """
    keep = keep.copy()
    found: dict[str, list[int]] = {}
    changed = True
    while changed:
        changed = False
        for name, codes in fe.items():
            c = codes[keep]
            g = int(codes.max()) + 1 if codes.size else 0
            cnt = np.bincount(c, minlength=g)
            s1 = np.bincount(c, weights=y[keep], minlength=g)
            bad = (cnt > 0) & ((s1 == 0) | (s1 == cnt))
            if bad.any():
                rows = keep & bad[codes]
                keep &= ~rows
                acc = found.setdefault(name, [0, 0])
                acc[0] += int(bad.sum())
                acc[1] += int(rows.sum())
                changed = True
    return keep, [FeSeparation(k, v[0], v[1]) for k, v in found.items()]


_EPS = np.finfo(float).eps


def _mu(eta: np.ndarray) -> np.ndarray:
    """Fitted probabilities kept within [eps, 1 - eps], as R's binomial()$linkinv: the IRLS
    weights mu (1 - mu) stay positive even along a separating direction."""
    return np.clip(expit(eta), _EPS, 1.0 - _EPS)


def _loglik(y: np.ndarray, eta: np.ndarray) -> float:
    return float(y @ eta - np.logaddexp(0.0, eta).sum())


@dataclass
class IRLSFit:
    beta: np.ndarray
    eta: np.ndarray  # linear index including the fixed effects
    mu: np.ndarray
    loglik: float
    iterations: int
    converged: bool
    demean_method: str
    step_halvings: int = 0


def irls_logit(
    y: np.ndarray,
    X: np.ndarray,
    fe: Sequence[np.ndarray],
    *,
    tol: float = 1e-10,
    maxiter: int = 100,
    demean_method: str = "auto",
    demean_tol: float = 1e-10,
    Xt0: np.ndarray | None = None,
) -> IRLSFit:
    """Logit with absorbed effects ``fe`` (codes 0..G-1, every level present) by IRLS.

    ``Xt0``: X demeaned without weights (the first step's X~, uniform weights), if known.
    """
    n, k = X.shape
    mu = np.full(n, 0.5)  # as pyfixest (fixest's (y + 0.5) / 2 has a higher likelihood than the first step)
    eta = np.zeros(n)
    ll = _loglik(y, eta)
    beta = np.zeros(k)
    prev: tuple[np.ndarray, np.ndarray] | None = None  # (z, [z~, X~]) of the last step, for AP warm starts
    halvings = 0
    method = demean_method
    for it in range(1, maxiter + 1):
        w = mu * (1.0 - mu)
        z = eta + (y - mu) / w
        dm = Demeaner(fe, w, method=demean_method, tol=demean_tol)
        method = dm.method
        if it == 1 and Xt0 is not None:
            zt = dm.demean(z)[0]
            Xt = Xt0
        else:
            if prev is not None and dm.method == "ap":
                Z = prev[1]  # reuse the buffer: z~_old + (z - z_old), X~_old
                Z[:, 0] += z - prev[0]
            else:
                Z = np.empty((n, k + 1), order="F")
                Z[:, 0] = z
                Z[:, 1:] = X
            Zt, info = dm.demean(Z)
            if not info.converged:
                raise np.linalg.LinAlgError("; ".join(info.notes))
            zt, Xt = Zt[:, 0], Zt[:, 1:]
            prev = (z, Zt)
        if k:
            WX = Xt * w[:, None]
            A = WX.T @ Xt
            beta = np.linalg.solve(A, WX.T @ zt)
            eta_new = z - zt + Xt @ beta
        else:
            eta_new = z - zt
        ll_new = _loglik(y, eta_new)
        if ll_new < ll:  # deviance rose: halve the step
            step = 1.0
            while ll_new < ll and step > 1e-12:
                step /= 2.0
                halvings += 1
                cand = eta + step * (eta_new - eta)
                ll_new = _loglik(y, cand)
            eta_new = cand
        dev, dev_new = -2.0 * ll, -2.0 * ll_new
        eta, ll = eta_new, ll_new
        mu = _mu(eta)
        if abs(dev_new - dev) / (0.1 + abs(dev_new)) < tol:
            return IRLSFit(beta, eta, mu, ll, it, True, method, halvings)
    return IRLSFit(beta, eta, mu, ll, maxiter, False, method, halvings)


@dataclass
class FinalStep:
    """Quantities at the estimate: weights, demeaned X, bread and the demeaner (for AMEs)."""

    w: np.ndarray
    Xt: np.ndarray
    bread: np.ndarray  # inv(X~' W X~): the coefficient block of the inverse negative Hessian
    demeaner: Demeaner


def final_step(X: np.ndarray, fe: Sequence[np.ndarray], mu: np.ndarray, *, demean_method: str = "auto",
               demean_tol: float = 1e-10) -> FinalStep:
    w = mu * (1.0 - mu)
    dm = Demeaner(fe, w, method=demean_method, tol=demean_tol)
    Xt = dm.demean(X)[0] if X.shape[1] else np.zeros_like(X)
    A = (Xt * w[:, None]).T @ Xt
    bread = np.linalg.inv(A) if A.size else np.zeros((0, 0))
    return FinalStep(w, Xt, (bread + bread.T) / 2.0, dm)


@dataclass(frozen=True)
class FeMargins:
    """AMEs of some regressors: point estimates, the delta-method pieces for any covariance.

    ``jhj``: J H^-1 J' (the iid / OIM covariance before a small-sample factor);
    ``psi``: (n, m) per-observation influence of the fitted parameters on the AMEs, so the
    sandwich covariance is ``sum_g (sum_{i in g} e_i psi_i)(...)'`` with ``e = y - mu``.
    """

    names: tuple[str, ...]
    ame: np.ndarray
    jhj: np.ndarray
    psi: np.ndarray


def _delta(step: FinalStep, R: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """J H^-1 J' and Z H^-1 J' (n x m) for J = R' W Z + [C, 0] without forming the dummies Z.

    Z = [X, D] is the full design (D: dummies of every effect), H = Z' W Z. ``R`` (n x m) and
    ``C`` (m x k) describe the Jacobian rows. H^-1 Z' W R are the weighted least-squares
    coefficients of R on Z, so Z H^-1 Z' W R = R - R~ + X~ U with U = bread X~' W R~, and
    Z H^-1 [C, 0]' = X~ bread C' (the coefficient columns of H^-1, mapped to the rows).
    """
    w, Xt, bread = step.w, step.Xt, step.bread
    Rt = step.demeaner.demean(R)[0]
    U = bread @ (Xt * w[:, None]).T @ Rt  # (k, m)
    F = R - Rt + Xt @ U
    jhj = R.T @ (F * w[:, None]) + U.T @ C.T + C @ U + C @ bread @ C.T
    psi = F + Xt @ (bread @ C.T)
    return (jhj + jhj.T) / 2.0, psi


def fe_marginal_effects(
    step: FinalStep, X: np.ndarray, beta: np.ndarray, eta: np.ndarray, names: Sequence[str],
    *, discrete: Sequence[int] | None = None, groups: Mapping[int, Sequence[int]] | None = None,
) -> FeMargins:
    """Average marginal effects over the estimation sample, fixed effects included in eta.

    Derivative AMEs (``discrete=None``): ``AME_j = mean_i p_i (1 - p_i) b_j`` with
    ``p_i = F(x_i'b + alpha_fe(i))``. Discrete change (``discrete``: column indices of 0/1
    regressors; ``groups``: column -> columns of its categorical group, changed from the base
    level): ``mean_i F(eta_i^(1)) - F(eta_i^(0))``. Delta-method Jacobian with respect to all
    parameters, the effects included (``dAME/dalpha_g = mean over the rows of g``), so the
    covariance equals the one of Stata's ``margins`` after ``logit y x i.fe`` (the full
    covariance of the dummy model), without forming the dummies (see ``_delta``).
    """
    n, k = X.shape
    p = expit(eta)
    s = p * (1.0 - p)
    if discrete is None:
        # J_j = mean(s) e_j + b_j (1/n) Z' (s (1 - 2p)): R = r b' with r = (1 - 2p) / n (W R = V)
        ms = float(s.mean())
        R = ((1.0 - 2.0 * p) / n)[:, None] * beta[None, :]
        jhj, psi = _delta(step, R, ms * np.eye(k))
        return FeMargins(tuple(names), ms * beta, jhj, psi)
    groups = dict(groups or {})
    cols = list(discrete)
    m = len(cols)
    R = np.empty((n, m))
    C = np.zeros((m, k))
    ame = np.empty(m)
    for r_, j in enumerate(cols):
        grp = list(groups.get(j, [j]))
        eta0 = eta - X[:, grp] @ beta[grp]
        p0, p1 = expit(eta0), expit(eta0 + beta[j])
        f0, f1 = p0 * (1 - p0), p1 * (1 - p1)
        ame[r_] = float((p1 - p0).mean())
        df = f1 - f0
        R[:, r_] = df / (n * s)
        C[r_, grp] = -(df @ X[:, grp]) / n
        C[r_, j] += float(f1.mean())
    jhj, psi = _delta(step, R, C)
    return FeMargins(tuple(names[j] for j in cols), ame, jhj, psi)
