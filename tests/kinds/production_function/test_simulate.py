"""The ACF DGP simulator: structure, and the textbook biases on it."""

import numpy as np
import pytest

from econ_ai.kinds.production_function.simulate import simulate_acf


def test_shape_and_panel():
    df = simulate_acf(50, 10, dgp=1, seed=1)
    assert len(df) == 500 and df.groupby("firm")["year"].nunique().eq(10).all()
    assert np.isfinite(df[["y", "l", "k", "m", "i"]].to_numpy()).all()
    # omega is AR(1) with rho 0.7 and sd 0.3
    om = df.pivot(index="firm", columns="year", values="omega").to_numpy()
    assert abs(np.corrcoef(om[:, 1:].ravel(), om[:, :-1].ravel())[0, 1] - 0.7) < 0.1
    assert abs(om.std() - 0.3) < 0.05


def test_seed_determinism_and_bad_dgp():
    a, b = simulate_acf(20, 10, seed=3), simulate_acf(20, 10, seed=3)
    assert a.equals(b)
    with pytest.raises(ValueError, match="dgp"):
        simulate_acf(20, 10, dgp=4)


def test_leontief_materials_and_measurement_error():
    clean = simulate_acf(200, 10, dgp=1, seed=4)
    # materials = b_l l + b_k k + omega exactly when there is no optimisation error (DGP 1)
    np.testing.assert_allclose(clean["m"], 0.6 * clean["l"] + 0.4 * clean["k"] + clean["omega"], atol=1e-10)
    noisy = simulate_acf(200, 10, dgp=1, seed=4, meas_error=0.2)
    share = (noisy["m"] - clean["m"]).var() / clean["m"].var()
    assert 0.15 < share < 0.25
