"""Levinsohn-Petrin: the prodest vignette's Chilean estimates, and the functional-dependence
bias under ACF's Leontief DGP."""

import numpy as np

from econ_ai.kinds.production_function.estimator import ProductionFunction


def test_lp_chilean_matches_prodest(chilean, published, make_chilean):
    r = ProductionFunction().fit(make_chilean(chilean, "lp"))
    ref = published.loc["lp"]
    # labour within 0.01 of the vignette (we get .201/.170 vs .199/.169); capital .127 vs .117
    assert abs(r.coefficients["log_lab1"].estimate - ref["log_lab1"]) < 0.01
    assert abs(r.coefficients["log_lab2"].estimate - ref["log_lab2"]) < 0.01
    assert abs(r.coefficients["log_k"].estimate - ref["log_k"]) < 0.02
    assert r.fit["nobs_stage2"] < r.nobs  # firms' first years cannot enter stage 2 ...
    assert any("previous year" in s.step for s in r.sample_log)  # ... and that is logged


def test_lp_labour_collapses_under_leontief_materials(sim_dgp1, make_sim):
    """ACF's functional dependence: with m = b_l l + b_k k + omega, LP's first stage cannot
    identify b_l (y - m is noise), so LP labour is far below the true 0.6."""
    b = ProductionFunction().fit(make_sim(sim_dgp1, "lp")).params
    assert b[0] < 0.3


def test_lp_bootstrap_ses_deterministic_and_positive(chilean, make_chilean):
    d = make_chilean(chilean, "lp", bootstrap={"reps": 8, "seed": 7}, n_jobs=1)
    r1, r2 = ProductionFunction().fit(d), ProductionFunction().fit(d)
    se1 = np.array([e.std_error for e in r1.coefficients.values()])
    se2 = np.array([e.std_error for e in r2.coefficients.values()])
    np.testing.assert_array_equal(se1, se2)
    assert np.all(se1 > 0.005) and np.all(se1 < 0.2)
    assert r1.vcov.type == "bootstrap" and r1.fit["bootstrap_reps"] == 8


def test_lp_prodest_stage2_capital(chilean, published, make_chilean):
    r = ProductionFunction().fit(make_chilean(chilean, "lp", stage2="prodest"))
    assert abs(r.coefficients["log_k"].estimate - published.loc["lp", "log_k"]) < 0.005  # .120 vs .117
    assert abs(r.coefficients["log_lab1"].estimate - published.loc["lp", "log_lab1"]) < 0.005
    assert r.extra["stage2"] == "prodest"
