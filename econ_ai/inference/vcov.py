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

from econ_ai.inference.groups import dense_codes, group_sums, intersect, n_groups
from econ_ai.results import VcovInfo

# the small-sample conventions and covariance types a spec may name (defined once: the spec
# schema, the estimators and the reports read them here)
CONVENTIONS = ("reghdfe", "statsmodels", "fixest")
TYPES = ("iid", "hc1", "cluster")
# the logit also accepts "stata" (Stata's ML estimators; same factors as "reghdfe")
ML_CONVENTIONS = ("reghdfe", "stata", "statsmodels", "fixest")


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


def _as_codes(values: np.ndarray) -> np.ndarray:
    """Non-negative integer codes as they are (prepared designs have them), others renumbered."""
    v = np.asarray(values).ravel()
    if v.dtype.kind in "iu" and (v.size == 0 or v.min() >= 0):
        return v
    return dense_codes(v)[0]


def _sums(scores: np.ndarray, codes: np.ndarray, resid: np.ndarray | None) -> np.ndarray:
    """Group sums of the scores, or of ``scores * resid`` formed one column at a time."""
    if resid is None:
        return group_sums(scores, codes)
    G = int(codes.max()) + 1 if codes.size else 0
    if scores.shape[1] == 0:
        return np.zeros((G, 0))
    buf = np.empty(resid.shape[0])
    return np.column_stack([np.bincount(codes, weights=np.multiply(scores[:, j], resid, out=buf), minlength=G)
                            for j in range(scores.shape[1])])


def cluster_meat(scores: np.ndarray, clusters: Mapping[str, np.ndarray], resid: np.ndarray | None = None,
                 ) -> tuple[list[tuple[int, int, np.ndarray]], dict[str, int]]:
    """The meat terms of a one- or two-way clustered sandwich: ``[(sign, G, S'S), ...]`` with
    the score sums S per cluster (two-way adds the intersection with sign -1, as
    Cameron-Gelbach-Miller), and G per cluster variable. With ``resid`` the scores are
    ``scores * resid[:, None]``, never formed as an n x k matrix (least squares)."""
    names = list(clusters)
    if not 1 <= len(names) <= 2:
        raise ValueError(f"cluster covariance needs one or two cluster variables, got {len(names)}")
    codes = {c: _as_codes(clusters[c]) for c in names}
    Gs = {c: n_groups(codes[c]) for c in names}
    terms: list[tuple[int, int, np.ndarray]] = []
    for c in names:
        S = _sums(scores, codes[c], resid)
        terms.append((1, Gs[c], S.T @ S))
    if len(names) == 2:
        inter = intersect(codes[names[0]], codes[names[1]])
        S = _sums(scores, inter, resid)
        terms.append((-1, n_groups(inter), S.T @ S))
    return terms, Gs


def clustered_sandwich(bread: np.ndarray, scores: np.ndarray, clusters: Mapping[str, np.ndarray], *,
                       own_g: bool, factor: float = 1.0, resid: np.ndarray | None = None
                       ) -> tuple[np.ndarray, dict[str, int]]:
    """``factor * B (sum_j sign_j g_j/(g_j-1) M_j) B``: the clustered sandwich of every
    estimator here. ``own_g``: each term uses its own G (statsmodels, Stata's ML estimators);
    otherwise every term uses min(G) (reghdfe, fixest)."""
    terms, Gs = cluster_meat(scores, clusters, resid)
    Gmin = min(Gs.values())
    if Gmin < 2:
        raise ValueError(f"cluster covariance needs at least 2 clusters (got {Gs})")
    meat = np.zeros((bread.shape[0], bread.shape[0]))
    for sign, G, M in terms:
        g = G if own_g else Gmin
        meat += sign * (g / (g - 1)) * M
    V = factor * (bread @ meat @ bread)
    return (V + V.T) / 2.0, Gs


def robust_sandwich(bread: np.ndarray, scores: np.ndarray, factor: float = 1.0) -> np.ndarray:
    """``factor * B (S'S) B`` with per-observation scores S (HC0 times ``factor``)."""
    return factor * (bread @ (scores.T @ scores) @ bread)


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
        r2 = resid * resid  # X' diag(u^2) X one column at a time (no n x k score matrix)
        meat = np.column_stack([Xd.T @ (Xd[:, j] * r2) for j in range(k)]) if k else np.zeros((0, 0))
        V = (N / (N - K)) * (bread @ meat @ bread)
        return V, VcovInfo("hc1", {}, convention, float(N - K), f"HC1: N/(N-K), N={N}, K={K}")
    # cluster
    clusters = dict(clusters or {})
    K = dof.K(convention, clustered=True)
    names = list(clusters)
    V, Gs = clustered_sandwich(bread, Xd, clusters, own_g=convention == "statsmodels",
                               factor=(N - 1) / (N - K), resid=resid)
    Gmin = min(Gs.values())
    if len(names) == 1:
        details = f"G/(G-1)*(N-1)/(N-K), G={Gmin}, N={N}, K={K}; df = G-1"
    else:
        rule = "each term with its own G_j/(G_j-1)" if convention == "statsmodels" else "G = min(G) in every term"
        details = (
            f"two-way (Cameron-Gelbach-Miller) V_a + V_b - V_ab, {rule}, (N-1)/(N-K), N={N}, K={K}; "
            f"df = min({', '.join(f'G_{c}' for c in names)}) - 1 = {Gmin - 1}"
        )
    return V, VcovInfo("cluster", Gs, convention, float(Gmin - 1), details)


def _stata_like(convention: str) -> bool:
    return convention in ("reghdfe", "stata")


def ml_sandwich(bread: np.ndarray, scores: np.ndarray, vtype: str, convention: str,
                clusters: Mapping[str, np.ndarray] | None = None,
                n_params: int | None = None) -> tuple[np.ndarray, dict[str, int], str]:
    """Covariance of an ML estimator (the logit) by ``vtype`` and ``convention``.

    bread: inverse of the negative Hessian (k, k); scores: per-observation scores (n, k).
    iid: the bread (fixest: times (N-1)/(N-K)). hc1: Stata ``N/(N-1)``, statsmodels none
    (HC0), fixest ``N/(N-K)``. One-way cluster: Stata ``G/(G-1)`` (as ``logit,
    vce(cluster)``), statsmodels and fixest ``G/(G-1) (N-1)/(N-K)``. Two-way: Stata each
    term its own ``G/(G-1)``; statsmodels the same times (N-1)/(N-K); fixest min(G) in every
    term times (N-1)/(N-K). ``n_params``: the K of these factors when it is not the number
    of score columns (absorbed fixed effects count). Returns (cov, {cluster var: G}, details).
    """
    n, k = scores.shape
    k = k if n_params is None else int(n_params)
    adj_nk = (n - 1.0) / (n - k)
    if vtype == "iid":
        c = adj_nk if convention == "fixest" else 1.0
        return bread * c, {}, "inverse of the negative Hessian (OIM)" + (" x (N-1)/(N-K)" if c != 1.0 else "")
    if vtype == "hc1":
        if _stata_like(convention):
            c, txt = n / (n - 1.0), "N/(N-1)"
        elif convention == "statsmodels":
            c, txt = 1.0, "none (HC0)"
        else:
            c, txt = n / (n - k), "N/(N-K)"
        return robust_sandwich(bread, scores, c), {}, f"sandwich with scores; small-sample factor {txt}"
    clusters = dict(clusters or {})
    names = list(clusters)
    if len(names) == 1:
        V, Gs = clustered_sandwich(bread, scores, clusters, own_g=True,
                                   factor=1.0 if _stata_like(convention) else adj_nk)
        txt = "G/(G-1)" if _stata_like(convention) else "G/(G-1) (N-1)/(N-K)"
        return V, Gs, f"one-way cluster on {names[0]}; factor {txt}"
    if len(names) == 2:
        V, Gs = clustered_sandwich(bread, scores, clusters, own_g=convention != "fixest",
                                   factor=1.0 if _stata_like(convention) else adj_nk)
        G_ab = n_groups(intersect(*(_as_codes(clusters[nm]) for nm in names)))
        details = (
            f"two-way cluster on {names[0]} and {names[1]} (Cameron-Gelbach-Miller: V_a + V_b - V_ab; "
            f"G_ab = {G_ab}); " + ("factor min(G)/(min(G)-1) (N-1)/(N-K) on every term" if convention == "fixest"
                                   else "each term with its own G/(G-1)" + ("" if _stata_like(convention) else " (N-1)/(N-K)"))
        )
        if np.any(np.linalg.eigvalsh((V + V.T) / 2) < 0):
            details += "; note: not positive semi-definite"
        return V, Gs, details
    raise ValueError(f"cluster needs one or two variables, got {len(names)}")
