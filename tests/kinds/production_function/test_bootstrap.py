import numpy as np

from econ_ai.kinds.production_function.bootstrap import bootstrap, resample_rows
from econ_ai.kinds.production_function.olsfe import estimate_ols
from econ_ai.kinds.production_function.panel import ProdData


def test_resample_rows_keeps_whole_firms():
    codes = np.array([0, 0, 0, 1, 2, 2])
    rows, unit = resample_rows(codes, np.random.default_rng(5))
    assert len(np.unique(unit)) == 3  # G draws, each a distinct new panel
    for u in np.unique(unit):
        src = np.unique(codes[rows[unit == u]])
        assert src.size == 1 and (unit == u).sum() == (codes == src[0]).sum()


def _toy(n_firms=60, T=5, seed=0):
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_firms), T)
    time = np.tile(np.arange(T), n_firms)
    a = rng.normal(size=n_firms)[unit]
    f = rng.normal(size=(unit.size, 1)) + a[:, None]
    s = rng.normal(size=(unit.size, 1))
    y = 0.5 * f[:, 0] + 0.3 * s[:, 0] + a + rng.normal(size=unit.size)
    return ProdData(y=y, free=f, state=s, proxy=s[:, 0], unit=unit, time=time)


def test_bootstrap_se_close_to_cluster_se_for_ols():
    """Firm bootstrap of OLS approximates the firm-clustered analytic SE (200 draws: +-25%)."""
    data = _toy(200, 5)
    draws = bootstrap(estimate_ols, data, {}, reps=200, seed=1, n_jobs=1, quiet=True)
    se_boot = draws.std(axis=0, ddof=1)
    se_clu = np.sqrt(np.diag(estimate_ols(data).cov))
    np.testing.assert_allclose(se_boot, se_clu, rtol=0.25)


def test_bootstrap_same_draws_whatever_the_workers():
    data = _toy()
    a = bootstrap(estimate_ols, data, {}, reps=6, seed=9, n_jobs=1, quiet=True)
    b = bootstrap(estimate_ols, data, {}, reps=6, seed=9, n_jobs=2, quiet=True)
    np.testing.assert_array_equal(a, b)
    c = bootstrap(estimate_ols, data, {}, reps=6, seed=10, n_jobs=1, quiet=True)
    assert not np.allclose(a, c)
