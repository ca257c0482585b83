"""Fixed-effect logit (absorbed effects inside IRLS) against pyfixest feglm and the dummy path.

References: fixtures/reference/logit/fe_logit_pyfixest.json (pyfixest feglm, family logit;
SOURCE.md) and econ_ai's own logit on explicit dummy columns (statsmodels Newton fit, itself
checked against Stata in test_logit.py). Tolerances: coefficients 1e-6 relative, standard
errors and AMEs 1e-4 relative (the issue's); the observed agreement is ~1e-12 with the dummy
path and ~1e-8 on SEs with pyfixest (whose last IRLS weights lag one step).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.kinds.logit.feglm import fe_separation, irls_logit
from econ_ai.kinds.logit.estimator import Logit
from econ_ai.spec.model import ModelSpec, VcovSpec

REF = Path(__file__).resolve().parents[3] / "fixtures" / "reference" / "logit"
COEF_RTOL, SE_RTOL = 1e-6, 1e-4
TERMS = ["x1", "x2", "C(cat)[T.1]", "C(cat)[T.2]"]


@pytest.fixture(scope="module")
def data():
    df = pd.read_csv(REF / "fe_logit.csv")
    for c in (1, 2):
        df[f"C(cat)[T.{c}]"] = (df["cat"] == c).astype(float)
    return df


def design(df, terms=TERMS, fe=("g",), vcov=VcovSpec(), options=None):
    return Design(
        spec=ModelSpec(name="m", kind="logit", outcome="y", regressors=tuple(terms), absorb=tuple(fe), vcov=vcov,
                       options=dict(options or {})),
        y=df["y"].to_numpy(float), X=df[list(terms)].to_numpy(float), terms=tuple(terms),
        fe={f: pd.factorize(df[f], sort=True)[0] for f in fe},
        clusters={c: pd.factorize(df[c])[0] for c in vcov.cluster}, index=np.arange(len(df)),
    )


def with_dummies(df, fe):
    d = df.copy()
    cols = []
    for f in fe:
        for lv in sorted(d[f].unique())[1:]:
            d[f"C({f})[T.{lv}]"] = (d[f] == lv).astype(float)
            cols.append(f"C({f})[T.{lv}]")
    return d, cols


CONV = {"ssc_adj_false": "reghdfe", "ssc_default": "fixest"}
VT = {"iid": ("iid", ()), "hetero": ("hc1", ()), "cluster_cl": ("cluster", ("cl",)), "cluster_g": ("cluster", ("g",))}
CASES = json.loads((REF / "fe_logit_pyfixest.json").read_text())["cases"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_pyfixest_feglm(data, case):
    fe, label, v = case.split("/")
    vtype, cl = VT[v]
    conv = CONV[label]
    if label == "ssc_adj_false" and v == "hetero":
        conv = "statsmodels"  # pyfixest's hetero without k_adj is HC0, econ_ai's statsmodels hc1
    ref = CASES[case]
    r = Logit().fit(design(data, fe=tuple(fe.split("+")), vcov=VcovSpec(vtype, cl, conv)))
    assert r.nobs == ref["nobs"] and list(r.coefficients) == TERMS
    for t in TERMS:
        assert r.coefficients[t].estimate == pytest.approx(ref["coef"][t], rel=COEF_RTOL), t
        assert r.coefficients[t].std_error == pytest.approx(ref["se"][t], rel=SE_RTOL), t


@pytest.mark.parametrize("fe", [("g",), ("g", "h")])
@pytest.mark.parametrize("vcov", [VcovSpec("iid"), VcovSpec("hc1", (), "reghdfe"), VcovSpec("hc1", (), "statsmodels"),
                                  VcovSpec("cluster", ("cl",), "reghdfe"), VcovSpec("cluster", ("cl",), "statsmodels"),
                                  VcovSpec("cluster", ("cl", "h"), "stata")])
def test_agrees_with_dummy_path(data, fe, vcov):
    """Coefficients, SEs, AMEs (delta method over every parameter) and discrete-change AMEs
    equal those of the logit on explicit dummies (Stata's `logit y x i.g` + `margins`)."""
    r = Logit().fit(design(data, fe=fe, vcov=vcov))
    d, cols = with_dummies(data, fe)
    r0 = Logit().fit(design(d, terms=TERMS + cols, fe=(), vcov=vcov))
    for t in TERMS:
        for got, ref in ((r.coefficients[t], r0.coefficients[t]), (r.marginal_effects[t], r0.marginal_effects[t])):
            assert got.estimate == pytest.approx(ref.estimate, rel=COEF_RTOL), t
            assert got.std_error == pytest.approx(ref.std_error, rel=SE_RTOL), t
        assert r.odds_ratios[t].ci_high == pytest.approx(r0.odds_ratios[t].ci_high, rel=COEF_RTOL)
    for t in ("x2", "C(cat)[T.1]", "C(cat)[T.2]"):
        got, ref = r.extra["discrete_change_ame"][t], r0.extra["discrete_change_ame"][t]
        assert got["estimate"] == pytest.approx(ref["estimate"], rel=COEF_RTOL), t
        assert got["std_error"] == pytest.approx(ref["std_error"], rel=SE_RTOL), t
    assert "x1" not in r.extra["discrete_change_ame"]
    for key in ("loglik", "loglik_null", "pseudo_r2", "aic", "bic", "df_model"):
        assert r.fit[key] == pytest.approx(r0.fit[key], rel=1e-9), key
    assert r.vcov.clusters == r0.vcov.clusters
    assert r.absorbed == fe and r.extra["fe_counts"] == {f: data[f].nunique() for f in fe}


def test_more_effects_by_alternating_projections(data):
    """Three effects: the default (exact Schur) demeaner and alternating projections inside IRLS."""
    df = data.assign(k=(data["g"] * 7 + data["h"]) % 11)
    r = Logit().fit(design(df, fe=("g", "h", "k"), vcov=VcovSpec("hc1")))
    d, cols = with_dummies(df, ("g", "h", "k"))
    r0 = Logit().fit(design(d, terms=TERMS + cols, fe=(), vcov=VcovSpec("hc1")))
    fe = {f: pd.factorize(df[f])[0] for f in ("g", "h", "k")}
    X = df[TERMS].to_numpy(float)
    fit = irls_logit(df["y"].to_numpy(float), X, list(fe.values()), demean_method="ap")
    assert fit.converged and fit.demean_method == "ap"
    for j, t in enumerate(TERMS):
        assert fit.beta[j] == pytest.approx(r0.coefficients[t].estimate, rel=1e-8)
        assert r.coefficients[t].std_error == pytest.approx(r0.coefficients[t].std_error, rel=SE_RTOL)
        assert r.coefficients[t].estimate == pytest.approx(r0.coefficients[t].estimate, rel=COEF_RTOL)


def test_separated_groups_dropped_and_logged(data):
    df = data.copy()
    df.loc[df["g"] == 3, "y"] = 0  # all failures
    df.loc[df["g"] == 7, "y"] = 1  # all successes
    n3, n7 = int((df["g"] == 3).sum()), int((df["g"] == 7).sum())
    r = Logit().fit(design(df, vcov=VcovSpec("hc1")))
    assert r.nobs == len(df) - n3 - n7
    step = r.sample_log[-1]
    assert step.step == "separation: 2 groups of g with outcome all 0 or all 1"
    assert step.removed == n3 + n7 and step.remaining == r.nobs
    assert r.extra["fe_separation"] == {"g": {"groups": 2, "obs": n3 + n7}}
    # Stata's rule on the dummy design drops the same rows and gives the same estimates
    d, cols = with_dummies(df, ("g",))
    r0 = Logit().fit(design(d, terms=TERMS + cols, fe=(), vcov=VcovSpec("hc1")))
    assert r0.nobs == r.nobs
    for t in TERMS:
        assert r.coefficients[t].estimate == pytest.approx(r0.coefficients[t].estimate, rel=COEF_RTOL)
        assert r.coefficients[t].std_error == pytest.approx(r0.coefficients[t].std_error, rel=SE_RTOL)
    with pytest.raises(EstimationError, match="groups of g with outcome all 0 or all 1"):
        Logit(separation="raise").fit(design(df))


def test_fe_separation_is_iterative():
    # dropping group a=0 (all y=1) leaves group b=1 with y all 0 (row 2), which leaves group
    # a=1 with row 3 alone (y = 1)
    y = np.array([1, 1, 0, 1, 0, 0, 1], float)
    a = np.array([0, 0, 1, 1, 2, 2, 2])
    b = np.array([1, 1, 1, 0, 0, 0, 0])
    keep, found = fe_separation(y, {"a": a, "b": b}, np.ones(7, bool))
    assert keep.tolist() == [False, False, False, False, True, True, True]
    assert [(f.effect, f.groups, f.rows) for f in found] == [("a", 2, 3), ("b", 1, 1)]


def test_separating_regressor_reported(data):
    df = data.assign(rare=0.0)
    idx = df.index[df["y"] == 0][:6]
    df.loc[idx, "rare"] = 1.0  # rare == 1 only among failures
    r = Logit().fit(design(df, terms=TERMS + ["rare"], vcov=VcovSpec("hc1")))
    assert "rare" in r.dropped_terms and "rare" not in r.coefficients
    assert any(n.startswith("rare != 0 predicts failure perfectly") for n in r.notes)
    assert ("separation: rare != 0 predicts failure perfectly", 6) in [(s.step, s.removed) for s in r.sample_log]
    assert r.nobs == len(df) - 6


def test_regressor_constant_within_effect_dropped(data):
    df = data.assign(gmean=data.groupby("g")["x1"].transform("mean"))
    r = Logit().fit(design(df, terms=TERMS + ["gmean"]))
    assert r.dropped_terms == ("gmean",)
    assert any("gmean omitted because of collinearity" in n for n in r.notes)
    r0 = Logit().fit(design(data))
    assert r.coefficients["x1"].estimate == pytest.approx(r0.coefficients["x1"].estimate, rel=1e-10)


def test_outcome_constant_after_separation_raises(data):
    df = data.assign(y=(data["g"] < 15).astype(int))
    with pytest.raises(EstimationError, match="outcome does not vary"):
        Logit().fit(design(df))


def test_no_regressors_fe_only(data):
    r = Logit().fit(design(data, terms=[]))
    assert r.coefficients == {} and r.marginal_effects == {}
    d, cols = with_dummies(data, ("g",))
    r0 = Logit().fit(design(d, terms=cols, fe=()))
    assert r.fit["loglik"] == pytest.approx(r0.fit["loglik"], rel=1e-10)


def test_result_serialises(data):
    r = Logit().fit(design(data, vcov=VcovSpec("cluster", ("cl",))))
    d = r.to_dict()
    assert d["absorbed"] == ["g"] and set(d["coefficients"]) == set(TERMS)
    assert any("inside IRLS by weighted demeaning" in n for n in r.notes)


def test_spec_level_absorb_uses_the_fixed_effect_path_and_round_trips(data):
    """Through the public API (spec -> prepare -> Logit): absorb is absorbed in IRLS by default,
    ``absorb_as_dummies: true`` gives the dummy columns; the same coefficients; exact JSON."""
    import econ_ai as ea

    df = data.drop(columns=["C(cat)[T.1]", "C(cat)[T.2]"])
    rs = ea.logit(df, outcome="y", regressors=["x1", "x2"], controls=["C(cat)"], absorb=["g"],
                  vcov={"type": "hc1", "convention": "fixest"})
    r = rs.results[0]
    ref = CASES["g/ssc_default/hetero"]
    assert list(r.coefficients) == TERMS and r.extra["absorb_method"] == "IRLS with weighted demeaning"
    for t in TERMS:
        assert r.coefficients[t].estimate == pytest.approx(ref["coef"][t], rel=COEF_RTOL)
        assert r.coefficients[t].std_error == pytest.approx(ref["se"][t], rel=SE_RTOL)
    rd = ea.logit(df, outcome="y", regressors=["x1", "x2"], controls=["C(cat)"], absorb=["g"],
                  vcov={"type": "hc1", "convention": "fixest"}, absorb_as_dummies=True).results[0]
    assert "C(g)[T.1]" in rd.coefficients
    assert rd.coefficients["x1"].estimate == pytest.approx(r.coefficients["x1"].estimate, rel=1e-8)
    assert ea.ResultSet.from_json(rs.to_json()) == rs


def test_quasi_separating_continuous_regressor_does_not_break_irls(data):
    """A continuous regressor that (almost) separates: the weights stay positive (clamped
    probabilities), and the fit is reported by the separation check or raises an econ_ai error."""
    df = data.assign(z=np.where(data["y"] == 1, 1.0, -1.0) * (1.0 + np.abs(data["x1"])))
    try:
        r = Logit().fit(design(df, terms=TERMS + ["z"], vcov=VcovSpec("hc1")))
    except EstimationError as exc:
        assert "separation" in str(exc) or "converge" in str(exc)
    else:
        assert "z" in r.dropped_terms or any("separation" in n for n in r.notes)
