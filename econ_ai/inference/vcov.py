"""Covariance matrices of least-squares coefficients and their small-sample conventions.

All conventions share the sandwich ``V = c * B M B`` with ``B = inv(X'X)`` of the (demeaned)
regressors kept, residuals ``u``, and differ only in the factor ``c``, in the K it uses and in
the degrees of freedom of the t distribution. Notation: N observations, k regressors kept
(including ``Intercept`` when nothing is absorbed), L = sum of the levels of the absorbed
effects minus the redundant ones (``fe_dof``), G clusters.

``reghdfe`` (default; Stata reghdfe 6 with its default ``dof()``):
  - iid: ``s2 = RSS/(N-K)``, K = k + L; t with N-K df.
  - hc1: ``c = N/(N-K)``, K = k + L; t with N-K df.
  - cluster: ``c = G/(G-1) * (N-1)/(N-K)`` where absorbed effects nested in a cluster
    variable are not counted: K = k + 1 + sum over non-nested effects of (levels - 1)
    (the 1 is the constant, which reghdfe reports as ``_cons``); t with G-1 df.
    Redundant levels: exact for the first pair of effects (connected components), one per
    further effect (a lower bound, as reghdfe's pairwise check in the usual connected case).
  - two-way (Cameron-Gelbach-Miller): ``V = V_a + V_b - V_ab``, every term with the same
    factor using ``G = min(G_a, G_b)``; t with min(G_a, G_b)-1 df. Checked against
    reghdfe numbers on the Cigar data (fixtures/reference/fe_ols).
``fixest`` (R fixest / pyfixest defaults ``ssc(adj=TRUE, fixef.K="nested", cluster.adj=TRUE,
  cluster.df="min", t.df="min")``):
  - K = k + sum(levels) - (number of effects - 1) (no exact redundancy check); with
    clusters, effects nested in a cluster variable count 1 instead of their levels.
  - iid: ``s2 = RSS/(N-K)``; hc1 ``N/(N-K)``; cluster ``G/(G-1)(N-1)/(N-K)``, two-way with
    min G in every term; t with N-K or min(G)-1 df.
``statsmodels`` (OLS on explicit dummies, ``cov_type`` nonrobust | HC1 | cluster):
  - K = rank of [X, dummies] = k + L (nested effects are always counted).
  - iid ``RSS/(N-K)``; hc1 ``N/(N-K)``; cluster ``G/(G-1)(N-1)/(N-K)`` with t(G-1);
    two-way: each term with its own ``G_j/(G_j-1)`` (``cov_cluster_2groups``), the
    intersection included, t with min(G)-1 df.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from econ_ai.results import Estimate, VcovInfo

CONVENTIONS = ("reghdfe", "fixest", "statsmodels")
TYPES = ("iid", "hc1", "cluster")


@dataclass(frozen=True)
class DofInfo:
    """What the conventions need to count parameters.

    ``fe_levels``: levels per absorbed effect (after singletons); ``redundant``: redundant FE
    dummies (reghdfe count: components of the first pair + one per further effect);
    ``redundant_exact``: exact rank deficiency of the dummies when known;
    ``nested``: absorbed effect -> nested in one of the cluster variables.
    """

    nobs: int
    k: int
    fe_levels: Mapping[str, int] = field(default_factory=dict)
    redundant: int = 0
    redundant_exact: int | None = None
    nested: Mapping[str, bool] = field(default_factory=dict)
    first_pair_components: int = 1

    @property
    def n_fe(self) -> int:
        return len(self.fe_levels)

    def K(self, convention: str, clustered: bool) -> int:
        k, lv = self.k, self.fe_levels
        if not lv:
            return k
        if convention == "statsmodels":
            red = self.redundant if self.redundant_exact is None else self.redundant_exact
            return k + sum(lv.values()) - red
        if convention == "fixest":
            K = k + sum(lv.values()) - (self.n_fe - 1)
            if clustered:
                K -= sum(g - 1 for h, g in lv.items() if self.nested.get(h))
            return K
        # reghdfe
        if not clustered or not any(self.nested.get(h) for h in lv):
            return k + sum(lv.values()) - self.redundant
        names = list(lv)
        K = k + 1 + sum(lv[h] - 1 for h in names if not self.nested.get(h))
        if len(names) >= 2 and not self.nested.get(names[0]) and not self.nested.get(names[1]):
            K -= self.first_pair_components - 1
        return K


def _group_sums(scores: np.ndarray, codes: np.ndarray) -> np.ndarray:
    G = int(codes.max()) + 1 if codes.size else 0
    if scores.shape[1] == 0:
        return np.zeros((G, 0))
    return np.column_stack([np.bincount(codes, weights=scores[:, j], minlength=G) for j in range(scores.shape[1])])


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ga, gb = int(a.max()) + 1, int(b.max()) + 1
    comb = a.astype(np.int64) * gb + b
    if ga * gb <= 50_000_000:
        present = np.bincount(comb, minlength=ga * gb) > 0
        return (np.cumsum(present) - 1)[comb]
    return np.unique(comb, return_inverse=True)[1].ravel()


def n_groups(codes: np.ndarray) -> int:
    return int((np.bincount(codes) > 0).sum()) if codes.size else 0


def compute_vcov(
    Xd: np.ndarray,
    resid: np.ndarray,
    bread: np.ndarray,
    *,
    vtype: str,
    convention: str,
    dof: DofInfo,
    clusters: Mapping[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, VcovInfo]:
    """Covariance matrix of the coefficients and the VcovInfo that says how it was made."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown vcov convention '{convention}' (one of {', '.join(CONVENTIONS)})")
    if vtype not in TYPES:
        raise ValueError(f"unknown vcov type '{vtype}' (one of {', '.join(TYPES)})")
    N = dof.nobs
    k = bread.shape[0]
    if vtype == "iid":
        K = dof.K(convention, clustered=False)
        s2 = float(resid @ resid) / (N - K)
        V = s2 * bread
        return V, VcovInfo("iid", {}, convention, float(N - K), f"s2 = RSS/(N-K), N={N}, K={K}")
    if vtype == "hc1":
        K = dof.K(convention, clustered=False)
        scores = Xd * resid[:, None]
        V = (N / (N - K)) * (bread @ (scores.T @ scores) @ bread)
        return V, VcovInfo("hc1", {}, convention, float(N - K), f"HC1: N/(N-K), N={N}, K={K}")
    # cluster
    clusters = dict(clusters or {})
    if not 1 <= len(clusters) <= 2:
        raise ValueError(f"cluster covariance needs one or two cluster variables, got {len(clusters)}")
    K = dof.K(convention, clustered=True)
    scores = Xd * resid[:, None]
    names = list(clusters)
    Gs = {c: n_groups(clusters[c]) for c in names}
    adj = (N - 1) / (N - K)
    terms: list[tuple[int, int, np.ndarray]] = []  # (sign, G, meat)
    for c in names:
        S = _group_sums(scores, clusters[c])
        terms.append((1, Gs[c], S.T @ S))
    if len(names) == 2:
        inter = _intersect(clusters[names[0]], clusters[names[1]])
        S = _group_sums(scores, inter)
        terms.append((-1, n_groups(inter), S.T @ S))
    Gmin = min(Gs.values())
    if Gmin < 2:
        raise ValueError(f"cluster covariance needs at least 2 clusters (got {Gs})")
    meat = np.zeros((k, k))
    for sign, G, M in terms:
        g = G if convention == "statsmodels" else Gmin
        meat += sign * (g / (g - 1)) * M
    V = adj * (bread @ meat @ bread)
    V = (V + V.T) / 2.0
    if len(names) == 1:
        details = f"G/(G-1)*(N-1)/(N-K), G={Gmin}, N={N}, K={K}; df = G-1"
    else:
        rule = "each term with its own G_j/(G_j-1)" if convention == "statsmodels" else "G = min(G) in every term"
        details = (
            f"two-way (Cameron-Gelbach-Miller) V_a + V_b - V_ab, {rule}, (N-1)/(N-K), N={N}, K={K}; "
            f"df = min({', '.join(f'G_{c}' for c in names)}) - 1 = {Gmin - 1}"
        )
    return V, VcovInfo("cluster", Gs, convention, float(Gmin - 1), details)


def estimates(params: np.ndarray, V: np.ndarray, df: float | None, level: float = 0.95) -> list[Estimate]:
    """Estimate records with t statistics, p-values from t(df) (normal if df is None) and CIs."""
    from scipy import special  # lighter than scipy.stats

    if df is None:
        q = float(special.ndtri(0.5 + level / 2.0))

        def sf(t: float) -> float:
            return float(special.ndtr(-t))
    else:
        q = float(special.stdtrit(df, 0.5 + level / 2.0))

        def sf(t: float) -> float:
            return float(special.stdtr(df, -t))

    out = []
    for b, v in zip(params, np.diag(V)):
        se = float(np.sqrt(v)) if v >= 0 else float("nan")
        t = float(b) / se if se > 0 else float("nan")
        p = 2.0 * sf(abs(t)) if np.isfinite(t) else float("nan")
        out.append(Estimate(float(b), se, t, p, float(b) - q * se, float(b) + q * se))
    return out
