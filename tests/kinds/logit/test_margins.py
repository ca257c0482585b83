"""Analytic AMEs and delta-method SEs against statsmodels' get_margeff and Stata's margins."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from econ_ai.kinds.logit.margins import (
    categorical_groups,
    is_binary,
    logit_ame,
    logit_discrete_ame,
)

REF = Path(__file__).resolve().parents[3] / "fixtures" / "reference" / "logit"


def _random_logit(seed, n=400):
    """Random design: intercept, 2 continuous, one 0/1 regressor, a 4-level categorical."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.gamma(2.0, size=n)
    d = (rng.random(n) < 0.3).astype(float)
    cat = rng.integers(0, 4, n)
    C = (cat[:, None] == np.arange(1, 4)[None, :]).astype(float)
    X = np.column_stack([np.ones(n), x1, x2, d, C])
    names = ["Intercept", "x1", "x2", "d", "C(c)[T.1]", "C(c)[T.2]", "C(c)[T.3]"]
    b = np.array([-0.4, 0.9, -0.3, 0.7, 0.4, -0.5, 0.2])
    y = (rng.random(n) < 1 / (1 + np.exp(-X @ b))).astype(float)
    return y, X, names


def _sm_fit(y, X):
    import statsmodels.api as sm

    return sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_analytic_ame_equals_get_margeff(seed):
    y, X, names = _random_logit(seed)
    res = _sm_fit(y, X)
    mfx = res.get_margeff(at="overall", method="dydx")
    me = logit_ame(X, res.params, res.cov_params(), names)
    assert me.names == tuple(names[1:])
    np.testing.assert_allclose(me.ame, mfx.margeff, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(me.std_error, mfx.margeff_se, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(me.cov, mfx.margeff_cov, rtol=1e-7, atol=1e-14)


def test_discrete_change_equals_get_margeff_dummy_for_a_lone_dummy():
    y, X, names = _random_logit(4)
    res = _sm_fit(y, X)
    mfx = res.get_margeff(at="overall", method="dydx", dummy=True)
    dc = logit_discrete_ame(X, res.params, res.cov_params(), names, columns=["d"])
    j = names.index("d") - 1  # get_margeff leaves out the constant
    assert dc.ame[0] == pytest.approx(mfx.margeff[j], rel=1e-8)
    assert dc.std_error[0] == pytest.approx(mfx.margeff_se[j], rel=1e-8)


def test_discrete_change_of_a_categorical_level_from_the_base_level():
    """Brute force: build the counterfactual matrices and a numerical Jacobian."""
    y, X, names = _random_logit(5)
    res = _sm_fit(y, X)
    b, V = np.asarray(res.params), np.asarray(res.cov_params())
    grp = [names.index(c) for c in ("C(c)[T.1]", "C(c)[T.2]", "C(c)[T.3]")]
    j = names.index("C(c)[T.2]")
    X0 = X.copy()
    X0[:, grp] = 0.0
    X1 = X0.copy()
    X1[:, j] = 1.0

    def ame(beta):
        return np.mean(1 / (1 + np.exp(-X1 @ beta)) - 1 / (1 + np.exp(-X0 @ beta)))

    h = 1e-6
    jac = np.array([(ame(b + h * e) - ame(b - h * e)) / (2 * h) for e in np.eye(len(b))])
    dc = logit_discrete_ame(X, b, V, names, columns=["C(c)[T.2]"])
    assert dc.ame[0] == pytest.approx(ame(b), rel=1e-12)
    np.testing.assert_allclose(dc.jacobian[0], jac, rtol=1e-6, atol=1e-9)
    assert dc.std_error[0] == pytest.approx(np.sqrt(jac @ V @ jac), rel=1e-6)


def test_default_discrete_columns_are_the_binary_ones():
    y, X, names = _random_logit(6)
    res = _sm_fit(y, X)
    dc = logit_discrete_ame(X, res.params, res.cov_params(), names)
    assert dc.names == ("d", "C(c)[T.1]", "C(c)[T.2]", "C(c)[T.3]")
    assert categorical_groups(names) == {"C(c)": [4, 5, 6]}
    assert is_binary(X[:, 3]) and not is_binary(X[:, 1]) and not is_binary(X[:, 0])


def test_spector_ames_match_stata_margins():
    import pandas as pd
    import statsmodels.api as sm

    ref = json.loads((REF / "spector_stata_oim.json").read_text())
    d = pd.read_csv(REF / "spector.csv")
    X = sm.add_constant(d[["gpa", "tuce", "psi"]].to_numpy(float), prepend=False)
    names = ["gpa", "tuce", "psi", "Intercept"]
    res = _sm_fit(d["grade"].to_numpy(float), X)
    me = logit_ame(X, res.params, res.cov_params(), names)
    np.testing.assert_allclose(me.ame, ref["ame_dydx"], rtol=1e-6)
    np.testing.assert_allclose(me.std_error, ref["ame_dydx_se"], rtol=1e-4)
    dc = logit_discrete_ame(X, res.params, res.cov_params(), names)
    assert dc.names == ("psi",)
    assert dc.ame[0] == pytest.approx(ref["ame_discrete"][2], rel=1e-6)
    assert dc.std_error[0] == pytest.approx(ref["ame_discrete_se"][2], rel=1e-4)


def test_memory_is_linear_in_n_times_k():
    """get_margeff(at='overall') allocates n*k*k floats; the analytic version O(n k)."""
    rng = np.random.default_rng(0)
    n, k = 20_000, 60
    X = np.column_stack([np.ones(n), rng.normal(size=(n, k - 1))])
    b = rng.normal(scale=0.05, size=k)
    V = np.eye(k) * 1e-4
    names = ["Intercept"] + [f"x{i}" for i in range(1, k)]
    tracemalloc.start()
    logit_ame(X, b, V, names)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * n * 8 + 4 * k * k * 8 + 1_000_000  # a few length-n vectors, never n*k*k (~576 MB)
