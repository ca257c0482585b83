"""Covariance conventions: parameter counts, factors, degrees of freedom."""

from __future__ import annotations

import numpy as np
import pytest

from econ_ai.inference.estimates import estimates
from econ_ai.inference.vcov import DofInfo, compute_vcov


def test_K_per_convention():
    lv = {"firm": 100, "year": 10}
    d = DofInfo(nobs=1000, k=3, fe_levels=lv, redundant=1, nested={"firm": True, "year": False})
    # iid / hc1: every level counted, minus redundancy
    assert d.K("reghdfe", clustered=False) == 3 + 110 - 1
    assert d.K("fixest", clustered=False) == 3 + 110 - 1
    assert d.K("statsmodels", clustered=False) == 3 + 110 - 1
    # cluster: firm nested in the cluster -> reghdfe counts constant + year levels - 1
    assert d.K("reghdfe", clustered=True) == 3 + 1 + 9
    assert d.K("fixest", clustered=True) == 3 + 110 - 1 - 99
    assert d.K("statsmodels", clustered=True) == 3 + 110 - 1
    # disconnected first pair: reghdfe uses the components, fixest one per extra effect
    d2 = DofInfo(nobs=1000, k=3, fe_levels=lv, redundant=3, first_pair_components=3, redundant_exact=3)
    assert d2.K("reghdfe", clustered=False) == 3 + 110 - 3
    assert d2.K("fixest", clustered=False) == 3 + 110 - 1
    assert d2.K("statsmodels", clustered=False) == 3 + 110 - 3
    assert DofInfo(nobs=10, k=2).K("reghdfe", clustered=True) == 2


def _ols(seed=0, n=200):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    u = rng.normal(size=n) * (1 + np.abs(X[:, 1]))
    bread = np.linalg.inv(X.T @ X)
    g1 = rng.integers(0, 12, n)
    g2 = rng.integers(0, 7, n)
    return X, u, bread, g1, g2


def test_iid_and_hc1_match_statsmodels():
    sm = pytest.importorskip("statsmodels.api")
    X, u, bread, g1, _ = _ols()
    y = X @ np.array([1.0, 2.0, -1.0]) + u
    beta = bread @ X.T @ y
    r = y - X @ beta
    dof = DofInfo(nobs=len(y), k=3)
    for vtype, cov in (("iid", "nonrobust"), ("hc1", "HC1")):
        V, info = compute_vcov(X, r, bread, vtype=vtype, convention="reghdfe", dof=dof)
        ref = sm.OLS(y, X).fit(cov_type=cov)
        np.testing.assert_allclose(V, ref.cov_params(), rtol=1e-10)
        assert info.df == len(y) - 3 and info.type == vtype
    V, info = compute_vcov(X, r, bread, vtype="cluster", convention="statsmodels", dof=dof, clusters={"g": g1})
    ref = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g1})
    np.testing.assert_allclose(V, ref.cov_params(), rtol=1e-10)
    assert info.df == 11 and info.clusters == {"g": 12}


def test_two_way_rules():
    X, u, bread, g1, g2 = _ols(1)
    dof = DofInfo(nobs=len(u), k=3)
    Vm, im = compute_vcov(X, u, bread, vtype="cluster", convention="reghdfe", dof=dof, clusters={"a": g1, "b": g2})
    Vs, is_ = compute_vcov(X, u, bread, vtype="cluster", convention="statsmodels", dof=dof, clusters={"a": g1, "b": g2})
    assert im.df == is_.df == 6
    assert "min" in im.details and "df = min(G_a, G_b) - 1 = 6" in im.details
    # by hand
    adj = (len(u) - 1) / (len(u) - 3)

    def meat(c):
        S = np.column_stack([np.bincount(c, weights=X[:, j] * u) for j in range(3)])
        return S.T @ S

    inter = g1 * 7 + g2
    _, inter = np.unique(inter, return_inverse=True)
    Gab = inter.max() + 1
    Ma, Mb, Mab = meat(g1), meat(g2), meat(inter)
    np.testing.assert_allclose(Vm, adj * 7 / 6 * bread @ (Ma + Mb - Mab) @ bread, rtol=1e-12)
    np.testing.assert_allclose(Vs, adj * bread @ (12 / 11 * Ma + 7 / 6 * Mb - Gab / (Gab - 1) * Mab) @ bread, rtol=1e-12)


def test_bad_arguments():
    X, u, bread, g1, _ = _ols()
    dof = DofInfo(nobs=len(u), k=3)
    with pytest.raises(ValueError, match="unknown vcov convention"):
        compute_vcov(X, u, bread, vtype="iid", convention="stata", dof=dof)
    with pytest.raises(ValueError, match="unknown vcov type"):
        compute_vcov(X, u, bread, vtype="hc3", convention="reghdfe", dof=dof)
    with pytest.raises(ValueError, match="one or two cluster variables"):
        compute_vcov(X, u, bread, vtype="cluster", convention="reghdfe", dof=dof, clusters={})
    with pytest.raises(ValueError, match="at least 2 clusters"):
        compute_vcov(X, u, bread, vtype="cluster", convention="reghdfe", dof=dof, clusters={"g": np.zeros(len(u), int)})


def test_estimates_use_t_df():
    from scipy import stats

    (e,) = estimates(np.array([2.0]), np.array([[1.0]]), df=10)
    assert e.statistic == 2.0
    assert e.p_value == pytest.approx(2 * stats.t(10).sf(2.0))
    assert e.ci_high - e.estimate == pytest.approx(stats.t(10).ppf(0.975))
    (z,) = estimates(np.array([2.0]), np.array([[1.0]]), df=None)
    assert z.p_value == pytest.approx(2 * stats.norm.sf(2.0))
    (neg,) = estimates(np.array([1.0]), np.array([[-1.0]]), df=5)
    assert np.isnan(neg.std_error) and np.isnan(neg.p_value)
