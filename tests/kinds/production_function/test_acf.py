"""ACF: the prodest vignette's Chilean estimates, parameter recovery on ACF's DGPs, and the
spurious root of DGP 2."""

import numpy as np

from econ_ai.kinds.production_function.estimator import ProductionFunction


def test_acf_chilean_matches_prodest_with_its_degree_2(chilean, published, make_chilean):
    """prodest R's prodestACF (vignette) uses a degree-2 first-stage polynomial (G = 2)."""
    r = ProductionFunction().fit(make_chilean(chilean, "acf", degree=2))
    ref = published.loc["acf"]
    for term in ("log_lab1", "log_lab2", "log_k"):
        assert abs(r.coefficients[term].estimate - ref[term]) < 0.005, term


def test_acf_chilean_degree_3_differs_and_is_documented(chilean, published, make_chilean):
    r = ProductionFunction().fit(make_chilean(chilean, "acf"))  # default degree 3
    assert abs(r.coefficients["log_lab1"].estimate - published.loc["acf", "log_lab1"]) > 0.03
    assert r.fit["degree"] == 3 and r.fit["converged"]


def test_acf_recovers_dgp1(sim_dgp1, make_sim):
    b = ProductionFunction().fit(make_sim(sim_dgp1, "acf")).params
    assert abs(b[0] - 0.6) < 0.05 and abs(b[1] - 0.4) < 0.05


def test_acf_picks_the_persistent_root_in_dgp2(sim_dgp2, make_sim):
    """(1, 0) is an exact root in DGP 2 and OLS starts next to it; the persistent root wins."""
    r = ProductionFunction().fit(make_sim(sim_dgp2, "acf"))
    assert abs(r.params[0] - 0.6) < 0.05 and abs(r.params[1] - 0.4) < 0.05


def test_acf_bootstrap_ses(chilean, make_chilean):
    """Few draws (prodest's vignette used few too): finite, positive, labour SE below 0.5."""
    d = make_chilean(chilean, "acf", degree=2, bootstrap={"reps": 5, "seed": 3}, n_jobs=1)
    r = ProductionFunction().fit(d)
    se = np.array([e.std_error for e in r.coefficients.values()])
    assert np.all(np.isfinite(se) & (se > 0) & (se < 0.5)) and r.fit["bootstrap_failed"] == 0
