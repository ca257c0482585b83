"""OLS / FE production functions against statsmodels and linearmodels (1e-8)."""

import numpy as np
import pandas as pd

from econ_ai.kinds.production_function.estimator import ProductionFunction


def test_ols_matches_statsmodels_cluster(chilean, make_chilean):
    import statsmodels.api as sm

    r = ProductionFunction().fit(make_chilean(chilean, "ols"))
    X = sm.add_constant(chilean[["log_lab1", "log_lab2", "log_k"]])
    ref = sm.OLS(chilean["log_y"], X).fit(cov_type="cluster", cov_kwds={"groups": chilean["id"]})
    for term in ("log_lab1", "log_lab2", "log_k"):
        np.testing.assert_allclose(r.coefficients[term].estimate, ref.params[term], rtol=1e-8)
        np.testing.assert_allclose(r.coefficients[term].std_error, ref.bse[term], rtol=1e-8)
    assert r.vcov.type == "cluster" and r.vcov.clusters["firm"] == chilean["id"].nunique()


def test_fe_matches_linearmodels(chilean, make_chilean):
    from linearmodels.panel import PanelOLS

    r = ProductionFunction().fit(make_chilean(chilean, "fe"))
    p = chilean.set_index(["id", "year"])
    ref = PanelOLS(p["log_y"], p[["log_lab1", "log_lab2", "log_k"]], entity_effects=True).fit(
        cov_type="clustered", cluster_entity=True, debiased=False
    )
    G, n, k = chilean["id"].nunique(), len(chilean), 3
    for term in ("log_lab1", "log_lab2", "log_k"):
        np.testing.assert_allclose(r.coefficients[term].estimate, ref.params[term], rtol=1e-8)
    # linearmodels clustered with debiased=False applies no small-sample factor; ours is the
    # statsmodels one, G/(G-1) * (N-1)/(N-K) with K = slopes only
    se_lm = ref.std_errors.to_numpy() * np.sqrt(G / (G - 1) * (n - 1) / (n - k))
    se = np.array([r.coefficients[t].std_error for t in ("log_lab1", "log_lab2", "log_k")])
    np.testing.assert_allclose(se, se_lm, rtol=1e-8)
    assert not np.allclose(r.params, ProductionFunction().fit(make_chilean(chilean, "ols")).params, atol=1e-3)


def test_ols_labour_biased_upward_on_simulated_data(sim_dgp1, make_sim):
    b = ProductionFunction().fit(make_sim(sim_dgp1, "ols")).params
    assert b[0] > 0.6 + 0.15  # true 0.6: simultaneity pushes the labour elasticity up
