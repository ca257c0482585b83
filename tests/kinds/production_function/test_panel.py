"""The shared optimiser and data container: failures raise EstimationError with diagnostics."""

import numpy as np
import pytest

from econ_ai.errors import EstimationError
from econ_ai.kinds.production_function.estimator import ProductionFunction
from econ_ai.kinds.production_function.panel import minimise


def test_minimise_finds_quadratic_minimum_and_prefers_admissible_root():
    x, f, ok, _ = minimise(lambda b: float(((b - np.array([0.3, 0.7])) ** 2).sum()), np.zeros(2), method_name="t")
    np.testing.assert_allclose(x, [0.3, 0.7], atol=1e-5)
    two_roots = lambda b: float((b[0] ** 2 - 1.0) ** 2)  # roots at -1 and +1  # noqa: E731
    x, *_ = minimise(two_roots, np.array([-0.8]), method_name="t", grid=False, extra_starts=[np.array([0.8])],
                     admissible=lambda b: b[0] > 0)
    assert x[0] == pytest.approx(1.0, abs=1e-4)


def test_minimise_non_convergence_raises_with_diagnostics():
    with pytest.raises(EstimationError) as e:
        # a kink with unequal slopes: the optimiser stops at it, the gradient test fails
        minimise(lambda b: float(abs(b[0] - 0.123) + 0.5 * (b[0] - 0.123)), np.array([0.0]), method_name="acf", grid=False)
    d = e.value.diagnostics
    assert {"objective", "iterations", "gradient_norm", "starting_values"} <= set(d)
    with pytest.raises(EstimationError, match="not finite at the starting values"):
        minimise(lambda b: float("nan"), np.array([0.0]), method_name="lp")


def test_too_few_rows_and_non_finite_inputs(chilean, make_chilean):
    tiny = chilean[chilean["id"].isin(chilean["id"].unique()[:3])]
    with pytest.raises(EstimationError, match="model 'ACF'.*too few firm-years"):
        ProductionFunction().fit(make_chilean(tiny, "acf"))
    d = make_chilean(chilean, "lp")
    y = d.y.copy()
    y[0] = np.inf
    import dataclasses

    with pytest.raises(EstimationError, match="1 rows with missing or non-finite"):
        ProductionFunction().fit(dataclasses.replace(d, y=y))
