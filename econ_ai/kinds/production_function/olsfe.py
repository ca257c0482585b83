"""OLS and within (firm fixed effects) production functions, the benchmarks every
control-function paper reports next to OP/LP/ACF.

``y = a + b'x + e`` (OLS) and ``y = a_i + b'x + e`` (FE, the within transformation by
firm). Analytic standard errors clustered by firm, statsmodels' small-sample convention
(G/(G-1) * (N-1)/(N-K); for FE K counts the slope coefficients only, so FE SEs equal
linearmodels ``PanelOLS(entity_effects=True).fit(cov_type='clustered', cluster_entity=True,
debiased=False)`` times sqrt(G/(G-1) * (N-1)/(N-K))).
Checked against statsmodels and linearmodels in tests (1e-8).
"""

from __future__ import annotations

import numpy as np

from econ_ai.inference.groups import group_means
from econ_ai.inference.vcov import clustered_sandwich
from econ_ai.kinds.production_function.panel import CoreFit, ProdData
from econ_ai.kinds.production_function.polynomial import add_const


def _demean(a: np.ndarray, codes: np.ndarray, G: int) -> np.ndarray:
    return a - group_means(a, codes, G)[codes]


def _cluster_cov(X: np.ndarray, e: np.ndarray, codes: np.ndarray, G: int, k: int) -> np.ndarray:
    """Clustered by firm, statsmodels' convention G/(G-1) (N-1)/(N-K)."""
    n = X.shape[0]
    V, _ = clustered_sandwich(np.linalg.inv(X.T @ X), X * e[:, None], {"firm": codes}, own_g=True,
                              factor=(n - 1) / (n - k))
    return V


def estimate_ols(data: ProdData, **_: object) -> CoreFit:
    X = add_const(data.X)
    b = np.linalg.lstsq(X, data.y, rcond=None)[0]
    e = data.y - X @ b
    codes, G = _codes(data.unit)
    cov = _cluster_cov(X, e, codes, G, X.shape[1])
    return CoreFit(beta=b[1:], objective=float(e @ e), nobs=data.n, cov=cov[1:, 1:], extra={"intercept": float(b[0])})


def estimate_fe(data: ProdData, **_: object) -> CoreFit:
    codes, G = _codes(data.unit)
    Xd = _demean(data.X, codes, G)
    yd = _demean(data.y, codes, G)
    b = np.linalg.lstsq(Xd, yd, rcond=None)[0]
    e = yd - Xd @ b
    cov = _cluster_cov(Xd, e, codes, G, Xd.shape[1])
    return CoreFit(beta=b, objective=float(e @ e), nobs=data.n, cov=cov)


def _codes(unit: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, codes = np.unique(unit, return_inverse=True)
    return codes, int(uniq.shape[0])
