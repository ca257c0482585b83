"""Separation (perfect and quasi-complete) and collinearity: detected, named, handled as Stata."""

from __future__ import annotations

import numpy as np
import pytest

import econ_ai.kinds.logit.estimator as logit_mod
from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.kinds.logit.estimator import Logit
from econ_ai.kinds.logit.separation import collinear_columns, dummy_separation, lp_separation
from econ_ai.provenance import SampleStep
from econ_ai.spec.model import ModelSpec, VcovSpec


def design(y, cols: dict, *, options=None, vcov=VcovSpec(), clusters=None):
    names = tuple(cols)
    X = np.column_stack([np.asarray(v, float) for v in cols.values()])
    return Design(spec=ModelSpec(name="sep", kind="logit", outcome="failed", regressors=names, vcov=vcov,
                                 options=dict(options or {})),
                  y=np.asarray(y, float), X=X, terms=names, clusters=clusters or {},
                  sample_log=(SampleStep("start: data", 0, len(y)),))


def sm_coefs(y, X):
    import statsmodels.api as sm

    return sm.Logit(y, np.column_stack([X, np.ones(len(y))])).fit(disp=0, tol=1e-12).params


@pytest.fixture
def hardware():
    """300 firms; the 9 with tech_hardware = 1 never fail."""
    rng = np.random.default_rng(11)
    n = 300
    x = rng.normal(size=n)
    hw = np.zeros(n)
    hw[rng.choice(n, 9, replace=False)] = 1.0
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + x)))).astype(float)
    y[hw == 1] = 0.0
    return y, x, hw


def test_dummy_that_predicts_failure_is_dropped_with_its_obs(hardware):
    y, x, hw = hardware
    r = Logit().fit(design(y, {"x": x, "tech_hardware": hw}))
    assert r.dropped_terms == ("tech_hardware",)
    assert "tech_hardware != 0 predicts failure perfectly; tech_hardware dropped and 9 obs not used" in r.notes
    assert r.sample_log[-1] == SampleStep("separation: tech_hardware != 0 predicts failure perfectly", 9, 291)
    assert r.nobs == 291 and "tech_hardware" not in r.coefficients
    keep = hw == 0
    ref = sm_coefs(y[keep], x[keep][:, None])
    assert r.coefficients["x"].estimate == pytest.approx(ref[0], rel=1e-8)
    assert r.coefficients["Intercept"].estimate == pytest.approx(ref[1], rel=1e-8)


def test_dummy_whose_zero_category_predicts_success():
    rng = np.random.default_rng(2)
    n = 200
    x = rng.normal(size=n)
    d = (rng.random(n) < 0.8).astype(float)
    y = (rng.random(n) < 0.4).astype(float)
    y[d == 0] = 1.0
    r = Logit().fit(design(y, {"x": x, "vc": d}))
    assert r.dropped_terms == ("vc",)
    assert r.notes[0] == f"vc == 0 predicts success perfectly; vc dropped and {int((d == 0).sum())} obs not used"
    assert r.nobs == int(d.sum())


def test_categorical_level_with_no_event_is_dropped():
    rng = np.random.default_rng(3)
    n = 400
    lvl = rng.integers(0, 4, n)
    C = {f"C(nace2)[T.{v}]": (lvl == i).astype(float) for i, v in ((1, 58), (2, 62), (3, 72))}
    y = (rng.random(n) < 0.3).astype(float)
    y[lvl == 2] = 0.0
    r = Logit().fit(design(y, {"x": rng.normal(size=n), **C}))
    assert r.dropped_terms == ("C(nace2)[T.62]",)
    assert r.nobs == n - int((lvl == 2).sum())
    assert set(r.marginal_effects) == {"x", "C(nace2)[T.58]", "C(nace2)[T.72]"}


def test_separation_raise_option(hardware):
    y, x, hw = hardware
    with pytest.raises(EstimationError, match="tech_hardware != 0 predicts failure perfectly"):
        Logit(separation="raise").fit(design(y, {"x": x, "tech_hardware": hw}))


@pytest.fixture
def quasi():
    """y = 0 below x = 0, y = 1 above, both outcomes at x == 0: quasi-complete separation by x."""
    rng = np.random.default_rng(5)
    x = np.repeat(np.arange(-3, 4), 30).astype(float)
    y = (x > 0).astype(float)
    tie = x == 0
    y[tie] = (rng.random(tie.sum()) < 0.5).astype(float)
    z = rng.normal(size=x.size)
    return y, x, z


def test_lp_detects_quasi_complete_separation(quasi):
    y, x, z = quasi
    X = np.column_stack([np.ones_like(x), x, z])
    sep = lp_separation(y, X, ["Intercept", "x", "z"])
    assert sep.separated and not sep.complete and sep.terms == ("x",)
    assert sep.n == int((x != 0).sum())
    assert sep.message() == f"quasi-complete separation by x: {sep.n} obs perfectly predicted"


@pytest.mark.parametrize("lp_cells", [logit_mod.LP_AUTO_MAX_CELLS, 0])  # before fitting / after a suspicious fit
def test_quasi_complete_continuous_regressor_is_named_and_dropped(quasi, monkeypatch, lp_cells):
    y, x, z = quasi
    monkeypatch.setattr(logit_mod, "LP_AUTO_MAX_CELLS", lp_cells)
    r = Logit().fit(design(y, {"x": x, "z": z}))
    assert r.dropped_terms == ("x",)
    assert any(n.startswith("quasi-complete separation by x") and n.endswith("dropped x") for n in r.notes)
    assert r.nobs == x.size
    assert all(abs(e.estimate) < 5 for e in r.coefficients.values())  # no 30-sized coefficient


def test_quasi_complete_raise(quasi):
    y, x, z = quasi
    with pytest.raises(EstimationError, match="quasi-complete separation by x") as ei:
        Logit().fit(design(y, {"x": x, "z": z}, options={"separation": "raise"}))
    assert ei.value.diagnostics["terms"] == "x"


def test_complete_separation_raises_naming_the_variable():
    rng = np.random.default_rng(8)
    x = rng.normal(size=150)
    y = (x > 0.1).astype(float)
    with pytest.raises(EstimationError, match=r"complete separation by x: 150 obs perfectly predicted"):
        Logit().fit(design(y, {"x": x, "z": rng.normal(size=150)}))


def test_no_separation_on_ordinary_data():
    rng = np.random.default_rng(9)
    X = np.column_stack([np.ones(500), rng.normal(size=(500, 3))])
    y = (rng.random(500) < 1 / (1 + np.exp(-X @ [0.2, 1, -1, 0.5]))).astype(float)
    assert not lp_separation(y, X, ["Intercept", "a", "b", "c"]).separated
    found, keep = dummy_separation(y, X, ["Intercept", "a", "b", "c"])
    assert found == [] and keep.all()


def test_outcome_without_variation_raises(hardware):
    y, x, hw = hardware
    y2 = np.where(hw == 1, 0.0, 1.0)  # after dropping the hardware firms every y is 1
    with pytest.raises(EstimationError, match="outcome does not vary .* after dropping perfectly predicted"):
        Logit().fit(design(y2, {"x": x, "tech_hardware": hw}))


def test_collinear_columns_keep_the_first_in_order():
    rng = np.random.default_rng(4)
    n = 200
    a, b = rng.normal(size=n), rng.normal(size=n)
    X = np.column_stack([np.ones(n), a, b, a - 2 * b, np.zeros(n), 3 + a, rng.normal(size=n)])
    assert collinear_columns(X) == [3, 4, 5]
    assert collinear_columns(X[:, [0, 1, 2, 6]]) == []
    # dummies of a categorical plus all levels: the last level goes
    lvl = rng.integers(0, 3, n)
    D = (lvl[:, None] == np.arange(3)[None, :]).astype(float)
    assert collinear_columns(np.column_stack([np.ones(n), D])) == [3]


def test_dropping_rows_can_reveal_another_separating_dummy():
    rng = np.random.default_rng(12)
    n = 300
    a = np.zeros(n)
    b = np.zeros(n)
    a[:10] = 1.0
    b[5:25] = 1.0  # rows 5-9 have a = 1 and y = 0; the other b = 1 rows all have y = 1
    y = (rng.random(n) < 0.4).astype(float)
    y[:10] = 0.0
    y[10:25] = 1.0
    X = np.column_stack([np.ones(n), rng.normal(size=n), a, b])
    found, keep = dummy_separation(y, X, ["Intercept", "x", "a", "b"])
    assert [(f.term, f.category, f.outcome, f.n) for f in found] == [("a", "!= 0", "failure", 10), ("b", "!= 0", "success", 15)]
    assert keep.sum() == n - 25 and not keep[:25].any()
    r = Logit().fit(design(y, {"x": X[:, 1], "a": a, "b": b}))
    assert r.dropped_terms == ("a", "b") and r.nobs == n - 25
    assert [s.removed for s in r.sample_log[1:]] == [10, 15] and r.sample_log[-1].remaining == n - 25


def test_with_the_lp_check_off_a_separated_fit_is_never_silent(quasi):
    """Newton walks along the separating ray: no convergence, so an error, not a coefficient."""
    y, x, z = quasi
    with pytest.raises(EstimationError, match="did not converge") as ei:
        Logit().fit(design(y, {"x": x, "z": z}, options={"separation_lp": "never"}))
    assert ei.value.diagnostics["iterations"] == 100 and ei.value.diagnostics["max_abs_xb"] > 30


def test_base_level_of_a_categorical_that_predicts_failure():
    rng = np.random.default_rng(21)
    n = 300
    lvl = rng.integers(0, 3, n)
    y = (rng.random(n) < 0.5).astype(float)
    y[lvl == 0] = 0.0  # the omitted level never has the event
    C = {f"C(nace2)[T.{v}]": (lvl == v).astype(float) for v in (1, 2)}
    r = Logit().fit(design(y, {"x": rng.normal(size=n), **C}))
    n0 = int((lvl == 0).sum())
    # no column to drop for the base level itself; its rows go
    assert f"C(nace2) == base level predicts failure perfectly; {n0} obs not used" in r.notes
    assert r.sample_log[-1] == SampleStep("separation: C(nace2) == base level predicts failure perfectly", n0, n - n0)
    # then C(nace2)[T.2] = 1 - C(nace2)[T.1]: collinear with the intercept
    assert "C(nace2)[T.2] omitted because of collinearity" in r.notes and r.nobs == n - n0
    assert r.dropped_terms == ("C(nace2)[T.2]",)


def test_two_dummies_that_separate_together_drop_the_determined_obs():
    """a = b = 1 always fails, a = b = 0 always succeeds: neither dummy alone predicts
    perfectly, the LP finds the pair; as Stata, the determined obs go."""
    rng = np.random.default_rng(22)
    n = 400
    a = (rng.random(n) < 0.5).astype(float)
    b = (rng.random(n) < 0.5).astype(float)
    y = (rng.random(n) < 0.5).astype(float)
    y[(a == 1) & (b == 1)] = 0.0
    y[(a == 0) & (b == 0)] = 1.0
    det = int(((a == 1) & (b == 1)).sum() + ((a == 0) & (b == 0)).sum())
    r = Logit().fit(design(y, {"z": rng.normal(size=n), "a": a, "b": b}))
    assert r.nobs == n - det
    assert r.sample_log[-1] == SampleStep(f"separation: {det} obs completely determined by a, b", det, n - det)
    assert r.dropped_terms == ("b",)  # b = 1 - a on the rows left
    assert all(abs(e.estimate) < 5 for e in r.coefficients.values())
