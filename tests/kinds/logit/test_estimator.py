"""Logit estimator against stored references (fixtures/reference/logit/SOURCE.md).

Tolerances: coefficients 1e-6 relative, standard errors 1e-4 relative (Stata prints its
results to ~7 significant digits and stops Newton at its own tolerance).
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.inference.vcov import ml_sandwich as sandwich_cov
from econ_ai.kinds.logit.estimator import Logit
from econ_ai.kinds.registry import estimator as get
from econ_ai.results import ResultSet
from econ_ai.provenance import SampleStep
from econ_ai.spec.model import ModelSpec, VcovSpec

REF = Path(__file__).resolve().parents[3] / "fixtures" / "reference" / "logit"
COEF_RTOL, SE_RTOL = 1e-6, 1e-4


def make_design(df, outcome, terms, *, vcov=VcovSpec(), clusters=(), options=None, fe=None, log=()):
    X = np.column_stack([df[t].to_numpy(float) for t in terms]) if terms else np.empty((len(df), 0))
    return Design(
        spec=ModelSpec(name="m", kind="logit", outcome=outcome, regressors=tuple(terms), vcov=vcov,
                       options=dict(options or {})),
        y=df[outcome].to_numpy(float), X=X, terms=tuple(terms),
        clusters={c: pd.factorize(df[c])[0] for c in clusters}, fe=fe or {},
        index=np.arange(len(df)), sample_log=tuple(log),
    )


def with_dummies(df, col):
    d = df.copy()
    for lv in sorted(d[col].unique())[1:]:
        d[f"C({col})[T.{lv}]"] = (d[col] == lv).astype(float)
    return d


@pytest.fixture(scope="module")
def spector():
    return pd.read_csv(REF / "spector.csv")


@pytest.fixture(scope="module")
def clustered():
    return with_dummies(pd.read_csv(REF / "clustered_logit.csv"), "cat")


CL_TERMS = ["x1", "x2", "C(cat)[T.1]", "C(cat)[T.2]", "C(cat)[T.3]"]


def test_registered():
    assert get("logit") is Logit


def test_spector_matches_stata_oim(spector):
    ref = json.loads((REF / "spector_stata_oim.json").read_text())
    r = Logit().fit(make_design(spector, "grade", ["gpa", "tuce", "psi"]))
    assert list(r.coefficients) == ref["terms"]  # terms in order, intercept last (as Stata)
    for i, t in enumerate(ref["terms"]):
        e = r.coefficients[t]
        assert e.estimate == pytest.approx(ref["params"][i], rel=COEF_RTOL)
        assert e.std_error == pytest.approx(ref["bse"][i], rel=SE_RTOL)
        assert e.statistic == pytest.approx(ref["z"][i], rel=SE_RTOL)
        assert e.p_value == pytest.approx(ref["pvalues"][i], rel=1e-3)
        assert e.ci_low == pytest.approx(ref["conf_int"][i][0], rel=SE_RTOL, abs=1e-6)
        assert e.ci_high == pytest.approx(ref["conf_int"][i][1], rel=SE_RTOL, abs=1e-6)
    np.testing.assert_allclose(r.cov, np.array(ref["cov"]), rtol=SE_RTOL)
    # Stata 11 held gpa as float32 (2.66 -> 2.6600000858): log-likelihoods agree to ~1e-7
    assert r.fit["loglik"] == pytest.approx(ref["llf"], rel=1e-6)
    assert r.fit["loglik_null"] == pytest.approx(ref["llnull"], rel=1e-8)
    assert r.fit["pseudo_r2"] == pytest.approx(ref["prsquared"], rel=1e-6)
    assert r.fit["aic"] == pytest.approx(ref["aic"], rel=1e-6)
    assert r.fit["bic"] == pytest.approx(ref["bic"], rel=1e-6)
    assert r.fit["converged"] is True and r.fit["iterations"] > 0 and r.nobs == 32
    assert r.extra["depvar_mean"] == pytest.approx(11 / 32)
    assert r.vcov.type == "iid" and r.vcov.convention == "reghdfe" and r.vcov.df is None
    for i, t in enumerate(ref["ame_terms"]):
        assert r.marginal_effects[t].estimate == pytest.approx(ref["ame_dydx"][i], rel=COEF_RTOL)
        assert r.marginal_effects[t].std_error == pytest.approx(ref["ame_dydx_se"][i], rel=SE_RTOL)
    assert "Intercept" not in r.marginal_effects
    dc = r.extra["discrete_change_ame"]["psi"]
    assert dc["estimate"] == pytest.approx(ref["ame_discrete"][2], rel=COEF_RTOL)
    assert dc["std_error"] == pytest.approx(ref["ame_discrete_se"][2], rel=SE_RTOL)


def test_spector_with_statas_float32_gpa_matches_to_1e9(spector):
    """Stata held gpa as float32; with the same data the agreement is to ~1e-12."""
    ref = json.loads((REF / "spector_stata_oim.json").read_text())
    d = spector.assign(gpa=spector["gpa"].astype(np.float32).astype(float))
    r = Logit().fit(make_design(d, "grade", ["gpa", "tuce", "psi"]))
    np.testing.assert_allclose([e.estimate for e in r.coefficients.values()], ref["params"], rtol=1e-9)
    np.testing.assert_allclose([e.std_error for e in r.coefficients.values()], ref["bse"], rtol=1e-8)
    assert r.fit["loglik"] == pytest.approx(ref["llf"], rel=1e-12)
    # margins output agrees to 2.4e-8 only (printed with fewer digits or computed apart)
    np.testing.assert_allclose([r.marginal_effects[t].estimate for t in ref["ame_terms"]], ref["ame_dydx"], rtol=1e-7)


@pytest.mark.parametrize("convention", ["reghdfe", "stata"])
def test_spector_robust_matches_stata(spector, convention):
    ref = json.loads((REF / "spector_stata_robust.json").read_text())
    r = Logit().fit(make_design(spector, "grade", ["gpa", "tuce", "psi"], vcov=VcovSpec("hc1", (), convention)))
    for i, t in enumerate(ref["terms"]):
        assert r.coefficients[t].estimate == pytest.approx(ref["params"][i], rel=COEF_RTOL)
        assert r.coefficients[t].std_error == pytest.approx(ref["bse"][i], rel=SE_RTOL)
    np.testing.assert_allclose(r.cov, np.array(ref["cov"]), rtol=SE_RTOL)
    assert "N/(N-1)" in r.vcov.details


def test_spector_statsmodels_hc1_is_what_statsmodels_computes(spector):
    import statsmodels.api as sm

    X = sm.add_constant(spector[["gpa", "tuce", "psi"]].to_numpy(float), prepend=False)
    sm_res = sm.Logit(spector["grade"].to_numpy(float), X).fit(disp=0, cov_type="HC1")
    r = Logit().fit(make_design(spector, "grade", ["gpa", "tuce", "psi"], vcov=VcovSpec("hc1", (), "statsmodels")))
    np.testing.assert_allclose([e.std_error for e in r.coefficients.values()], sm_res.bse, rtol=1e-6)


def _pyfixest_case(clustered, case, vcov):
    ref = json.loads((REF / "clustered_logit_pyfixest.json").read_text())["cases"][case]
    r = Logit().fit(make_design(clustered, "y", CL_TERMS, vcov=vcov, clusters=vcov.cluster))
    for t, b in ref["coef"].items():
        assert r.coefficients[t].estimate == pytest.approx(b, rel=COEF_RTOL, abs=1e-9), t
        assert r.coefficients[t].std_error == pytest.approx(ref["se"][t], rel=SE_RTOL), t
    return r


@pytest.mark.parametrize(
    "case, vcov",
    [
        ("ssc_adj_false/iid", VcovSpec("iid")),
        ("ssc_adj_false/hetero", VcovSpec("hc1", (), "statsmodels")),  # HC0
        ("ssc_adj_false/cluster_g", VcovSpec("cluster", ("g",), "reghdfe")),
        ("ssc_adj_false/cluster_g", VcovSpec("cluster", ("g",), "stata")),
        ("ssc_default/iid", VcovSpec("iid", (), "fixest")),
        ("ssc_default/hetero", VcovSpec("hc1", (), "fixest")),
        ("ssc_default/cluster_g", VcovSpec("cluster", ("g",), "fixest")),
        ("ssc_default/cluster_g", VcovSpec("cluster", ("g",), "statsmodels")),  # same one-way factor
        ("ssc_default/cluster_g_h", VcovSpec("cluster", ("g", "h"), "fixest")),
    ],
)
def test_matches_pyfixest(clustered, case, vcov):
    r = _pyfixest_case(clustered, case, vcov)
    assert r.vcov.type == vcov.type and r.vcov.convention == vcov.convention
    if vcov.type == "cluster":
        assert r.vcov.clusters["g"] == 30


def test_cluster_conventions_against_statsmodels(clustered):
    import statsmodels.api as sm
    from statsmodels.stats.sandwich_covariance import cov_cluster_2groups

    X = np.column_stack([clustered[t].to_numpy(float) for t in CL_TERMS] + [np.ones(len(clustered))])
    y = clustered["y"].to_numpy(float)
    g, h = clustered["g"].to_numpy(), clustered["h"].to_numpy()
    sm_cl = sm.Logit(y, X).fit(disp=0, cov_type="cluster", cov_kwds={"groups": g})
    r_sm = Logit().fit(make_design(clustered, "y", CL_TERMS, vcov=VcovSpec("cluster", ("g",), "statsmodels"), clusters=("g",)))
    np.testing.assert_allclose(r_sm.cov, sm_cl.cov_params(), rtol=1e-6)
    # Stata's convention is statsmodels' without (N-1)/(N-K)
    r_st = Logit().fit(make_design(clustered, "y", CL_TERMS, vcov=VcovSpec("cluster", ("g",), "reghdfe"), clusters=("g",)))
    n, k = X.shape
    np.testing.assert_allclose(r_st.cov, sm_cl.cov_params() * (n - k) / (n - 1), rtol=1e-6)
    # two-way, statsmodels convention = cov_cluster_2groups (each term with its own G)
    sm_fit = sm.Logit(y, X).fit(disp=0)
    v2, _, _ = cov_cluster_2groups(sm_fit, g, group2=h)
    r2 = Logit().fit(make_design(clustered, "y", CL_TERMS, vcov=VcovSpec("cluster", ("g", "h"), "statsmodels"),
                                 clusters=("g", "h")))
    np.testing.assert_allclose(r2.cov, v2, rtol=1e-6)
    assert r2.vcov.clusters == {"g": 30, "h": 12} and "V_a + V_b - V_ab" in r2.vcov.details


def test_sandwich_cov_stata_ml_cluster_convention_on_poisson():
    """Stata's cluster factor for ML estimators (G/(G-1) only), against Stata's poisson."""
    import statsmodels.api as sm

    ref = json.loads((REF / "ships_poisson_cluster_stata.json").read_text())
    d = pd.read_csv(REF / "ships.csv").dropna()
    X = sm.add_constant(d[["yr_con", "op_75_79"]].to_numpy(float), prepend=False)
    y = d["accident"].to_numpy(float)
    res = sm.Poisson(y, X).fit(disp=0)
    scores = X * (y - res.predict())[:, None]
    V, Gs, _ = sandwich_cov(res.normalized_cov_params, scores, "cluster", "stata", {"ship": d["ship"].to_numpy()})
    assert Gs == {"ship": ref["n_clusters"]} and len(y) == ref["nobs"]
    np.testing.assert_allclose(res.params, ref["params"], rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(V)), ref["bse"], rtol=SE_RTOL)
    np.testing.assert_allclose(V, np.array(ref["cov"]), rtol=SE_RTOL, atol=1e-10)


def test_odds_ratios_are_exp_of_coefficient_cis(clustered):
    r = Logit().fit(make_design(clustered, "y", CL_TERMS, vcov=VcovSpec("cluster", ("g",)), clusters=("g",)))
    assert set(r.odds_ratios) == set(r.coefficients)
    for t, e in r.coefficients.items():
        o = r.odds_ratios[t]
        assert o.estimate == pytest.approx(math.exp(e.estimate), rel=1e-12)
        assert o.ci_low == pytest.approx(math.exp(e.ci_low), rel=1e-12)
        assert o.ci_high == pytest.approx(math.exp(e.ci_high), rel=1e-12)
        # 95% normal CI and two-sided normal p-value
        assert e.ci_high - e.estimate == pytest.approx(1.959963984540054 * e.std_error, rel=1e-9)
        assert e.p_value == pytest.approx(math.erfc(abs(e.statistic) / math.sqrt(2)), rel=1e-9)


def test_result_serialises(clustered):
    r = Logit().fit(make_design(clustered, "y", CL_TERMS, vcov=VcovSpec("cluster", ("g",)), clusters=("g",)))
    rs = ResultSet(spec="x.yaml", results=(r,), kind="logit")
    back = ResultSet.from_dict(json.loads(rs.to_json()))
    m = back.results[0]
    assert m.coefficients["x1"].estimate == pytest.approx(r.coefficients["x1"].estimate)
    assert m.marginal_effects["x1"].std_error == pytest.approx(r.marginal_effects["x1"].std_error)
    assert m.vcov.clusters == {"g": 30}
    assert m.extra["discrete_change_ame"]["C(cat)[T.3]"]["estimate"] == pytest.approx(
        r.extra["discrete_change_ame"]["C(cat)[T.3]"]["estimate"])


def test_absorbed_fe_become_dummies_on_request(clustered):
    fe = {"cat": pd.factorize(clustered["cat"], sort=True)[0]}
    r_fe = Logit(absorb_as_dummies=True).fit(make_design(clustered, "y", ["x1", "x2"], fe=fe))
    r_d = Logit().fit(make_design(clustered, "y", CL_TERMS))
    assert r_fe.coefficients["x1"].estimate == pytest.approx(r_d.coefficients["x1"].estimate, rel=1e-9)
    assert r_fe.coefficients["C(cat)[T.3]"].std_error == pytest.approx(r_d.coefficients["C(cat)[T.3]"].std_error, rel=1e-9)
    assert any("cat entered as 3 dummy columns" in n for n in r_fe.notes)


def test_absorbed_fe_default_is_irls_with_demeaning(clustered):
    fe = {"cat": pd.factorize(clustered["cat"], sort=True)[0]}
    r_fe = Logit().fit(make_design(clustered, "y", ["x1", "x2"], fe=fe))
    r_d = Logit().fit(make_design(clustered, "y", CL_TERMS))
    assert set(r_fe.coefficients) == {"x1", "x2"} and r_fe.absorbed == ("cat",)
    assert r_fe.extra["absorb_method"] == "IRLS with weighted demeaning"
    for t in ("x1", "x2"):
        assert r_fe.coefficients[t].estimate == pytest.approx(r_d.coefficients[t].estimate, rel=1e-9)
        assert r_fe.coefficients[t].std_error == pytest.approx(r_d.coefficients[t].std_error, rel=1e-9)


def test_collinear_column_dropped_with_note(clustered):
    d = clustered.assign(x1_twice=2 * clustered["x1"], const_one=1.0)
    r = Logit().fit(make_design(d, "y", ["x1", "x2", "x1_twice", "const_one"]))
    assert r.dropped_terms == ("x1_twice", "const_one")
    assert "x1_twice omitted because of collinearity" in r.notes
    r0 = Logit().fit(make_design(d, "y", ["x1", "x2"]))
    assert r.coefficients["x1"].estimate == pytest.approx(r0.coefficients["x1"].estimate, rel=1e-10)
    assert "x1_twice" not in r.coefficients and "x1_twice" not in r.marginal_effects


def test_sample_log_keeps_design_steps(spector):
    steps = (SampleStep("start: data", 0, 40), SampleStep("gpa > 0", 8, 32))
    r = Logit().fit(make_design(spector, "grade", ["gpa", "psi"], log=steps))
    assert r.sample_log == steps


def test_bad_inputs_raise_clear_errors(spector):
    d = spector.assign(grade3=spector["grade"] * 2)
    with pytest.raises(EstimationError, match=r"must be 0/1; found values \[2.0\]"):
        Logit().fit(make_design(d, "grade3", ["gpa"]))
    with pytest.raises(EstimationError, match=r"unknown vcov convention 'stat' \(did you mean 'stata'\?\)"):
        Logit().fit(make_design(spector, "grade", ["gpa"], vcov=VcovSpec("iid", (), "stat")))
    with pytest.raises(EstimationError, match=r"cluster variable 'firm' not in the design"):
        Logit().fit(make_design(spector, "grade", ["gpa"], vcov=VcovSpec("cluster", ("firm",))))


def test_bad_options_and_single_cluster_raise(spector):
    with pytest.raises(EstimationError, match=r"option 'separation_lp': invalid value 'alway' \(did you mean 'always'\?\); allowed: auto, always, never"):
        Logit().fit(make_design(spector, "grade", ["gpa"], options={"separation_lp": "alway"}))
    one = spector.assign(one=1)
    with pytest.raises(EstimationError, match="cluster variable 'one' has fewer than 2 clusters"):
        Logit().fit(make_design(one, "grade", ["gpa"], vcov=VcovSpec("cluster", ("one",)), clusters=("one",)))


def test_no_convergence_raises_with_diagnostics(spector):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(EstimationError) as ei:
            Logit().fit(make_design(spector, "grade", ["gpa", "tuce", "psi"], options={"maxiter": 2, "separation_lp": "never"}))
    assert "did not converge" in str(ei.value) and ei.value.diagnostics["iterations"] == 2
