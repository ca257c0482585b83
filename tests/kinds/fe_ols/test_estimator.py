"""fe_ols: stored Stata/reghdfe references, peer-library cross-checks, properties, errors."""

from __future__ import annotations

import json
import warnings
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from econ_ai.errors import EstimationError
from econ_ai.kinds.fe_ols.estimator import INTERCEPT, SINGLETON_STEP, FeOLS
from econ_ai.kinds.registry import estimator as get
from econ_ai.results import ResultSet
from econ_ai.provenance import DataInfo, SampleStep


# peers' own deprecation chatter (pandas 3 in pyfixest, linearmodels) is not ours to see
pytestmark = [
    pytest.mark.filterwarnings("ignore::Warning:pyfixest.*"),
    pytest.mark.filterwarnings("ignore::Warning:linearmodels.*"),
]

REF = Path(__file__).resolve().parents[3] / "fixtures" / "reference" / "fe_ols"
CASES = json.loads((REF / "cases.json").read_text())["cases"]
_DATA: dict[str, pd.DataFrame] = {}


def _data(name: str, suffix: str) -> pd.DataFrame:
    if name not in _DATA:
        _DATA[name] = pd.read_csv(REF / name)
    df = _DATA[name]
    if suffix:
        base = [c[: -len(suffix)] for c in df.columns if c.endswith(suffix)]
        df = df.drop(columns=base).rename(columns={f"{b}{suffix}": b for b in base})
    return df


def _fit_case(case: dict, make_design):
    df = _data(case["data"], case["columns_suffix"])
    v = case["vcov"]
    design = make_design(
        df, case["outcome"], case["regressors"], absorb=case["absorb"], vcov=v["type"],
        cluster=v["cluster"], convention=v["convention"], options=case["options"], name=case["id"],
    )
    return FeOLS(quiet=True).fit(design)


def _check(value: float, ref, rtol: float) -> None:
    if isinstance(ref, str):  # published with a given number of digits
        half_unit = float(Decimal(1).scaleb(Decimal(ref).as_tuple().exponent)) / 2
        assert abs(value - float(ref)) <= half_unit + 1e-12, (value, ref)
    else:
        assert value == pytest.approx(ref, rel=rtol), (value, ref)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case(case, make_design):
    res = _fit_case(case, make_design)
    assert res.nobs == case["nobs"]
    for term, ref in case["coefficients"].items():
        est = res.coefficients[term]
        if "estimate" in ref:
            _check(est.estimate, ref["estimate"], case["rtol_coef"])
        if "std_error" in ref:
            _check(est.std_error, ref["std_error"], case["rtol_se"])
    if case.get("df") is not None:
        assert res.vcov.df == case["df"]
    if "r2" in case:
        assert res.fit["r2"] == pytest.approx(case["r2"], rel=1e-6)
    if "r2_within" in case:
        assert res.fit["r2_within"] == pytest.approx(case["r2_within"], rel=1e-6)


def test_reference_specs_exist_and_compile():
    from econ_ai.spec.compile import load_spec

    with_spec = [c for c in CASES if c.get("spec")]
    assert len(with_spec) >= 5
    for case in with_spec:
        spec = load_spec(str(REF / case["spec"]))
        m = spec.models[0]
        assert m.kind == "fe_ols"
        assert tuple(m.absorb) == tuple(case["absorb"])
        assert m.vcov.type == case["vcov"]["type"]
        assert tuple(m.vcov.cluster) == tuple(case["vcov"]["cluster"])
        assert tuple(m.terms) == tuple(case["regressors"])


# ---------------------------------------------------------------------------- pyfixest
PF_CASES = [
    ("y ~ x1 + x2", (), "iid", ()),
    ("y ~ x1 + x2", (), "hc1", ()),
    ("y ~ x1 + x2 | unit", ("unit",), "iid", ()),
    ("y ~ x1 + x2 | unit", ("unit",), "hc1", ()),
    ("y ~ x1 + x2 | unit", ("unit",), "cluster", ("unit",)),
    ("y ~ x1 + x2 | unit + time", ("unit", "time"), "cluster", ("unit",)),
    ("y ~ x1 + x2 | unit + time", ("unit", "time"), "cluster", ("group",)),
    ("y ~ x1 + x2 | group + time", ("group", "time"), "cluster", ("unit", "time")),
    ("y ~ x1 + x2 | unit", ("unit",), "cluster", ("unit", "time")),
]


# Note: pyfixest 0.60 counts K order-dependently when an effect is nested in the cluster
# (on some data ``| unit + time`` with CRV1 unit gives K = k + 1, ``| time + unit`` gives
# k + G_time); econ_ai follows fixest's documented rule (K = k + G_time here), which is also
# what reghdfe does (Cigar reference case "cigar_fe_state_twoway" / xtreg cases).
@pytest.mark.parametrize("convention", ["fixest", "reghdfe"])
@pytest.mark.parametrize("fml,absorb,vtype,cluster", PF_CASES)
def test_matches_pyfixest(fml, absorb, vtype, cluster, convention, make_design, random_panel):
    """pyfixest default ssc = fixest convention; reghdfe equals it when the effects are
    connected (one redundant level per extra effect), as here."""
    pf = pytest.importorskip("pyfixest")
    df = random_panel(3, n_units=70, n_time=6)
    df.loc[df.index[:3], "unit"] = [1000, 1001, 1001]  # a singleton + a pair
    vc = {"iid": "iid", "hc1": "hetero", "cluster": {"CRV1": "+".join(cluster)}}[vtype]
    m = pf.feols(fml, data=df, vcov=vc, fixef_rm="singleton", fixef_tol=1e-13)
    res = FeOLS(quiet=True).fit(
        make_design(df, "y", ["x1", "x2"], absorb=absorb, vcov=vtype, cluster=cluster, convention=convention)
    )
    assert res.nobs == m._N
    coef, se = m.coef(), m.se()
    np.testing.assert_allclose(res.cov, m._vcov, rtol=1e-8)  # also when a variance is < 0
    assert res.vcov.df == pytest.approx(float(np.min(m._df_t)))
    for term in ("x1", "x2"):
        assert res.coefficients[term].estimate == pytest.approx(coef[term], rel=1e-8)
        if np.isfinite(se[term]):
            assert res.coefficients[term].std_error == pytest.approx(se[term], rel=1e-8)
            assert res.coefficients[term].p_value == pytest.approx(m.pvalue()[term], rel=1e-6, abs=1e-12)
        else:
            assert np.isnan(res.coefficients[term].std_error)
    if not absorb:
        assert res.coefficients[INTERCEPT].std_error == pytest.approx(se["Intercept"], rel=1e-8)


# ---------------------------------------------------------------------------- linearmodels
@pytest.mark.parametrize(
    "absorb,vtype,cluster,conventions",
    [
        (("unit",), "iid", (), ("reghdfe", "fixest", "statsmodels")),
        (("unit", "time"), "hc1", (), ("reghdfe", "fixest", "statsmodels")),
        (("unit",), "cluster", ("time",), ("reghdfe", "fixest", "statsmodels")),
        (("unit", "time"), "cluster", ("unit",), ("statsmodels",)),
    ],
)
def test_matches_linearmodels_absorbing(absorb, vtype, cluster, conventions, make_design, random_panel):
    """AbsorbingLS(debiased=True) counts every absorbed level in K (statsmodels convention;
    equal to reghdfe/fixest when no effect is nested in the cluster)."""
    absorbing = pytest.importorskip("linearmodels.iv.absorbing")
    df = random_panel(4, n_units=60, n_time=7)
    cat = pd.DataFrame({a: pd.Categorical(df[a]) for a in absorb})
    kw = {"iid": {"cov_type": "unadjusted"}, "hc1": {"cov_type": "robust"}}.get(vtype)
    if kw is None:
        kw = {"cov_type": "clustered", "clusters": df[cluster[0]]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lm = absorbing.AbsorbingLS(df["y"], df[["x1", "x2"]], absorb=cat).fit(debiased=True, **kw)
    for conv in conventions:
        res = FeOLS(quiet=True).fit(
            make_design(df, "y", ["x1", "x2"], absorb=absorb, vcov=vtype, cluster=cluster, convention=conv,
                        options={"drop_singletons": False})
        )
        for term in ("x1", "x2"):
            assert res.coefficients[term].estimate == pytest.approx(lm.params[term], rel=1e-8)
            assert res.coefficients[term].std_error == pytest.approx(lm.std_errors[term], rel=1e-8)


# ---------------------------------------------------------------------------- statsmodels
@pytest.mark.parametrize(
    "vtype,cluster",
    [("iid", ()), ("hc1", ()), ("cluster", ("unit",)), ("cluster", ("group",)), ("cluster", ("unit", "time"))],
)
def test_statsmodels_convention_matches_ols_with_dummies(vtype, cluster, make_design, random_panel):
    sm = pytest.importorskip("statsmodels.api")
    df = random_panel(5, n_units=40, n_time=6)
    D = pd.get_dummies(df["unit"], prefix="u", dtype=float)
    T = pd.get_dummies(df["time"], prefix="t", dtype=float).iloc[:, 1:]
    Xs = pd.concat([df[["x1", "x2"]], D, T], axis=1)
    mod = sm.OLS(df["y"], Xs)
    if vtype == "iid":
        r = mod.fit()
    elif vtype == "hc1":
        r = mod.fit(cov_type="HC1", use_t=True)
    elif len(cluster) == 1:
        r = mod.fit(cov_type="cluster", cov_kwds={"groups": df[cluster[0]].to_numpy()}, use_t=True)
    else:
        r = mod.fit(cov_type="cluster", cov_kwds={"groups": df[list(cluster)].to_numpy()}, use_t=True)
    res = FeOLS(quiet=True).fit(
        make_design(df, "y", ["x1", "x2"], absorb=("unit", "time"), vcov=vtype, cluster=cluster,
                    convention="statsmodels", options={"drop_singletons": False})
    )
    for term in ("x1", "x2"):
        assert res.coefficients[term].estimate == pytest.approx(r.params[term], rel=1e-8)
        assert res.coefficients[term].std_error == pytest.approx(r.bse[term], rel=1e-8)
        assert res.coefficients[term].p_value == pytest.approx(r.pvalues[term], rel=1e-6)


# ---------------------------------------------------------------------------- behaviour
def test_singletons_dropped_iteratively_and_logged(make_design):
    # unit 9 has one row (singleton); removing it leaves time 5 with one row -> singleton
    df = pd.DataFrame(
        {"unit": [1, 1, 2, 2, 3, 3, 4, 4, 9, 4],
         "time": [1, 2, 1, 2, 1, 2, 1, 2, 5, 5],
         "x1": [0.3, 1.2, -0.4, 0.8, 1.9, 0.1, -1.0, 0.4, 2.0, 0.7],
         "y": [1.0, 2.1, 0.2, 1.4, 2.9, 0.3, -0.5, 1.1, 4.0, 1.5]}
    )
    res = FeOLS(quiet=True).fit(make_design(df, "y", ["x1"], absorb=("unit", "time")))
    step = [s for s in res.sample_log if s.step == SINGLETON_STEP]
    assert step == [SampleStep(SINGLETON_STEP, 2, 8)]
    assert res.nobs == 8
    ref = FeOLS(quiet=True).fit(make_design(df.iloc[:8], "y", ["x1"], absorb=("unit", "time")))
    assert res.coefficients["x1"].estimate == pytest.approx(ref.coefficients["x1"].estimate, rel=1e-12)
    assert any("singleton" in n for n in res.notes)
    kept = FeOLS(quiet=True).fit(
        make_design(df, "y", ["x1"], absorb=("unit", "time"), options={"drop_singletons": False})
    )
    assert kept.nobs == 10


def test_collinear_and_within_constant_regressors_dropped_with_note(panel, make_design):
    df = panel.copy()
    df["x1_copy"] = 2.0 * df["x1"]
    df["unit_trait"] = (df["unit"] % 3).astype(float)  # constant within unit
    terms = ["x1", "x1_copy", "unit_trait", "x2"]
    res = FeOLS(quiet=True).fit(make_design(df, "y", terms, absorb=("unit", "time")))
    assert res.dropped_terms == ("x1_copy", "unit_trait")
    assert "The variable 'x1_copy' has been removed because of collinearity" in res.notes
    assert set(res.coefficients) == {"x1", "x2"}
    base = FeOLS(quiet=True).fit(make_design(df, "y", ["x1", "x2"], absorb=("unit", "time")))
    for t in ("x1", "x2"):
        assert res.coefficients[t].estimate == pytest.approx(base.coefficients[t].estimate, rel=1e-9)
        assert res.coefficients[t].std_error == pytest.approx(base.coefficients[t].std_error, rel=1e-9)
    assert res.fit["k"] == 2


def test_intercept_only_without_absorb_and_fit_stats(panel, make_design):
    res = FeOLS(quiet=True).fit(make_design(panel, "y", ["x1", "x2"]))
    assert list(res.coefficients) == [INTERCEPT, "x1", "x2"]
    assert np.isnan(res.fit["r2_within"])  # a missing statistic is NaN (exact JSON round trip)
    fe = FeOLS(quiet=True).fit(make_design(panel, "y", ["x1", "x2"], absorb=("unit",), vcov="cluster", cluster=("unit",)))
    assert INTERCEPT not in fe.coefficients
    assert fe.absorbed == ("unit",)
    assert fe.extra["fe_counts"]["unit"] == panel["unit"].nunique()
    assert fe.vcov.clusters == {"unit": panel["unit"].nunique()}
    assert 0 < fe.fit["r2_within"] < fe.fit["r2"] < 1
    assert fe.fit["depvar_mean"] == pytest.approx(panel["y"].mean())
    assert fe.fit["k"] == 2 and fe.fit["k_fe"] == 1  # FE nested in cluster: only the constant
    json_text = ResultSet("s.yaml", (res, fe), DataInfo("d", len(panel), "0" * 64)).to_json()
    back = ResultSet.from_dict(json.loads(json_text))
    assert back.results[1].vcov.clusters == {"unit": panel["unit"].nunique()}
    assert back.results[1].coefficients["x1"] == fe.coefficients["x1"]
    assert back.results[1].dropped_terms == () and back.results[1].absorbed == ("unit",)


def test_missing_values_are_removed_and_logged(panel, make_design):
    df = panel.copy()
    df.loc[df.index[:5], "x1"] = np.nan
    df.loc[df.index[5:7], "y"] = np.inf
    res = FeOLS(quiet=True).fit(make_design(df, "y", ["x1", "x2"], absorb=("unit",)))
    miss = [s for s in res.sample_log if s.step.startswith("missing")]
    assert miss and miss[0].removed == 7
    ref = FeOLS(quiet=True).fit(make_design(df.iloc[7:], "y", ["x1", "x2"], absorb=("unit",)))
    assert res.coefficients["x1"].estimate == pytest.approx(ref.coefficients["x1"].estimate, rel=1e-12)


def test_errors_are_named(panel, make_design):
    with pytest.raises(EstimationError, match=r"cluster variable 'unti' .*did you mean 'unit'"):
        d = make_design(panel, "y", ["x1"], absorb=("unit",), vcov="cluster", cluster=("unit",))
        from dataclasses import replace

        from econ_ai.spec.model import VcovSpec

        FeOLS(quiet=True).fit(replace(d, spec=replace(d.spec, vcov=VcovSpec("cluster", ("unti",)))))
    with pytest.raises(EstimationError, match="unknown vcov convention 'fixes'.*fixest"):
        FeOLS(quiet=True).fit(make_design(panel, "y", ["x1"], convention="fixes"))
    tiny = panel.iloc[:2]
    with pytest.raises(EstimationError, match="degrees of freedom"):
        FeOLS(quiet=True).fit(make_design(tiny, "y", ["x1", "x2"]))


def test_registered():
    assert get("fe_ols") is FeOLS


def test_two_fe_demean_methods_agree(panel, make_design):
    fits = {
        m: FeOLS(quiet=True, method=m).fit(make_design(panel, "y", ["x1", "x2"], absorb=("unit", "time", "group")))
        for m in ("schur", "ap")
    }
    for t in ("x1", "x2"):
        assert fits["schur"].coefficients[t].estimate == pytest.approx(fits["ap"].coefficients[t].estimate, rel=1e-8)


# ---------------------------------------------------------------------------- properties
def _dummies_lstsq(df: pd.DataFrame, absorb, terms):
    parts = [df[list(terms)].to_numpy(float)]
    for a in absorb:
        parts.append(pd.get_dummies(df[a], dtype=float).to_numpy())
    Z = np.column_stack(parts)
    beta, *_ = np.linalg.lstsq(Z, df["y"].to_numpy(float), rcond=None)
    resid = df["y"].to_numpy(float) - Z @ beta
    rank = np.linalg.matrix_rank(Z)
    zinv = np.linalg.pinv(Z.T @ Z)
    se = np.sqrt(np.diag(zinv)[: len(terms)] * (resid @ resid) / (len(df) - rank))
    return beta[: len(terms)], se


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n_fe=st.integers(1, 3), p_missing=st.floats(0.0, 0.4))
def test_property_equals_ols_with_dummies(seed, n_fe, p_missing, make_design, random_panel):
    df = random_panel(seed, n_units=25, n_time=5, p_missing=p_missing)
    rng = np.random.default_rng(seed)
    df.loc[rng.random(len(df)) < 0.05, "x2"] = np.nan  # missing values in a regressor
    absorb = ("unit", "time", "group")[:n_fe]
    res = FeOLS(quiet=True).fit(
        make_design(df, "y", ["x1", "x2"], absorb=absorb, convention="statsmodels", options={"drop_singletons": False})
    )
    clean = df.dropna(subset=["x2"])
    beta, se = _dummies_lstsq(clean, absorb, ["x1", "x2"])
    assert [res.coefficients[t].estimate for t in ("x1", "x2")] == pytest.approx(list(beta), rel=1e-7, abs=1e-10)
    assert [res.coefficients[t].std_error for t in ("x1", "x2")] == pytest.approx(list(se), rel=1e-7)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), c=st.floats(1e-3, 1e3).filter(lambda v: abs(v - 1) > 1e-6))
def test_property_row_order_and_scaling(seed, c, make_design, random_panel):
    df = random_panel(seed, n_units=30, n_time=5)
    spec = dict(absorb=("unit", "time"), vcov="cluster", cluster=("unit",))
    base = FeOLS(quiet=True).fit(make_design(df, "y", ["x1", "x2"], **spec))
    shuffled = df.sample(frac=1.0, random_state=seed)
    perm = FeOLS(quiet=True).fit(make_design(shuffled, "y", ["x1", "x2"], **spec))
    scaled_df = df.assign(x1=df["x1"] * c)
    scaled = FeOLS(quiet=True).fit(make_design(scaled_df, "y", ["x1", "x2"], **spec))
    for t in ("x1", "x2"):
        assert perm.coefficients[t].estimate == pytest.approx(base.coefficients[t].estimate, rel=1e-9)
        assert perm.coefficients[t].std_error == pytest.approx(base.coefficients[t].std_error, rel=1e-9)
    assert scaled.coefficients["x1"].estimate == pytest.approx(base.coefficients["x1"].estimate / c, rel=1e-8)
    assert scaled.coefficients["x1"].statistic == pytest.approx(base.coefficients["x1"].statistic, rel=1e-8)
    assert scaled.coefficients["x2"].estimate == pytest.approx(base.coefficients["x2"].estimate, rel=1e-8)


def test_disconnected_effects_reghdfe_counts_components_fixest_does_not(make_design, random_panel):
    df = random_panel(7, n_units=40, n_time=6, p_missing=0.0)
    df = df[(df["unit"] < 20) == (df["time"] < 3)].copy()  # two blocks that share no unit or year
    fits = {
        c: FeOLS(quiet=True).fit(make_design(df, "y", ["x1", "x2"], absorb=("unit", "time"), convention=c))
        for c in ("reghdfe", "fixest", "statsmodels")
    }
    G = df["unit"].nunique() + df["time"].nunique()
    assert fits["reghdfe"].fit["K"] == 2 + G - 2  # two mobility groups: two redundant levels
    assert fits["statsmodels"].fit["K"] == 2 + G - 2  # exact rank of the dummies
    assert fits["fixest"].fit["K"] == 2 + G - 1
    assert fits["reghdfe"].coefficients["x1"].estimate == pytest.approx(fits["fixest"].coefficients["x1"].estimate)


def test_no_regressors(make_design, panel):
    fe_only = FeOLS(quiet=True).fit(make_design(panel, "y", [], absorb=("unit",), vcov="cluster", cluster=("unit",)))
    assert fe_only.coefficients == {} and 0 < fe_only.fit["r2"] < 1
    const = FeOLS(quiet=True).fit(make_design(panel, "y", [], vcov="hc1"))
    assert const.coefficients[INTERCEPT].estimate == pytest.approx(panel["y"].mean())
