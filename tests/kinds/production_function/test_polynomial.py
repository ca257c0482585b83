import numpy as np
import pytest

from econ_ai.kinds.production_function.polynomial import lag_index, lstsq, n_poly_terms, poly_terms, power_basis, power_resid


def test_poly_terms_count_and_column_space():
    rng = np.random.default_rng(0)
    a, b = rng.normal(10, 2, 500), rng.normal(5, 1, 500)
    P = poly_terms([a, b], 3)
    assert P.shape == (500, n_poly_terms(2, 3)) == (500, 9)
    raw = np.column_stack([a, b, a * a, a * b, b * b, a**3, a * a * b, a * b * b, b**3])
    y = np.sin(a) + b**2
    fit_std = np.column_stack([np.ones(500), P]) @ lstsq(np.column_stack([np.ones(500), P]), y)
    fit_raw = np.column_stack([np.ones(500), raw]) @ np.linalg.lstsq(np.column_stack([np.ones(500), raw]), y, rcond=None)[0]
    np.testing.assert_allclose(fit_std, fit_raw, rtol=1e-7, atol=1e-7)


def test_power_basis_same_span_as_raw_powers():
    w = np.linspace(8, 12, 50)
    y = np.exp(w / 4)
    B = power_basis(w, 3)
    raw = np.column_stack([np.ones(50), w, w**2, w**3])
    np.testing.assert_allclose(B @ np.linalg.lstsq(B, y, rcond=None)[0], raw @ np.linalg.lstsq(raw, y, rcond=None)[0], rtol=1e-8)


def test_lag_index_handles_order_and_gaps():
    unit = np.array([2, 1, 1, 2, 1, 2])
    time = np.array([2001, 2003, 2001, 2000, 2002, 2003])  # unit 2 has a gap at 2002
    lag = lag_index(unit, time)
    assert lag.tolist() == [3, 4, -1, -1, 2, -1]


def test_lag_index_rejects_duplicates():
    with pytest.raises(ValueError, match="duplicate"):
        lag_index(np.array([1, 1]), np.array([2000, 2000]))


def test_power_resid_equals_least_squares_residual():
    rng = np.random.default_rng(3)
    w = rng.normal(12, 3, 1000)
    t = np.exp(w / 6) + rng.normal(size=1000)
    B = power_basis(w, 3)
    np.testing.assert_allclose(power_resid(t, w, 3), t - B @ np.linalg.lstsq(B, t, rcond=None)[0], rtol=1e-9, atol=1e-9)
