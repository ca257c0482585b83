import numpy as np
import pytest

from econ_ai.errors import DataError
from econ_ai.study.indicators import add_productivity_indicators
from econ_ai.kinds.production_function.simulate import simulate_acf


@pytest.fixture(scope="module")
def starters():
    df = simulate_acf(1200, 10, dgp=3, seed=8)
    st = df.assign(value_added=np.exp(df.y), employees=np.exp(df.l), tangible_assets=np.exp(df.k),
                   intermediate_inputs=np.exp(df.m), nace2=(df.firm % 2).astype(str))
    st.loc[[0, 5, 17], "employees"] = 0.0
    st.loc[[3], "tangible_assets"] = np.nan
    return st


@pytest.fixture(scope="module")
def out(starters):
    # simulate_acf's k is the capital in use in year t already (not an end-of-year stock)
    return add_productivity_indicators(starters, quiet=True, lag_capital=False)


def test_indicators_added_and_invalid_rows_nan(starters, out):
    for c in ("labour_productivity", "tfp_lp", "tfp_acf", "tfp_wooldridge"):
        assert c in out.columns
    assert out.loc[[0, 3, 5, 17], "tfp_acf"].isna().all() and out["tfp_acf"].notna().sum() == len(out) - 4
    assert np.isnan(out.loc[0, "labour_productivity"])
    np.testing.assert_allclose(out.loc[1, "labour_productivity"], starters.loc[1, "value_added"] / starters.loc[1, "employees"])
    assert out.attrs["productivity"]["rows_without_logs"] == 4
    assert len(out) == len(starters) and "tfp_acf" not in starters.columns


def test_acf_tfp_tracks_true_productivity(out):
    ok = out["tfp_acf"].notna()
    assert np.corrcoef(out.loc[ok, "tfp_acf"], out.loc[ok, "omega"])[0, 1] > 0.9
    b = out.attrs["productivity"]["elasticities"]["tfp_acf"]["pooled"]
    assert abs(b[0] - 0.6) < 0.06


def test_indicators_by_group_and_missing_column(starters):
    small = starters[starters["firm"] < 500]
    grouped = add_productivity_indicators(small, by="nace2", min_group_rows=100, quiet=True, lag_capital=False)
    el = grouped.attrs["productivity"]["elasticities"]["tfp_lp"]
    assert set(el) == {"pooled", "0", "1"}
    with pytest.raises(DataError, match=r"no column 'employees' \(did you mean 'employes'\?\)"):
        add_productivity_indicators(starters.rename(columns={"employees": "employes"}), quiet=True)


def test_capital_is_last_years_stock_by_default(starters):
    """With end-of-year balance sheets the capital in use in year t is the t-1 stock: a firm's
    first observed year (and any year after a gap) gets no TFP."""
    sub = starters[starters["firm"] < 300]
    lagged = add_productivity_indicators(sub, quiet=True)
    first = sub.groupby("firm")["year"].transform("min") == sub["year"]
    assert lagged.loc[first, "tfp_lp"].isna().all()
    assert lagged.loc[~first, "tfp_lp"].notna().mean() > 0.95


def test_log_line_names_the_per_group_elasticities_used(starters, capsys):
    """The log says what is used: per-division medians when ``by`` is set, not the pooled fit."""
    small = starters[starters["firm"] < 500]
    grouped = add_productivity_indicators(small, by="nace2", min_group_rows=100, quiet=False, lag_capital=False)
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.startswith("[productivity] tfp_lp"))
    el = grouped.attrs["productivity"]["elasticities"]["tfp_lp"]
    med = np.median([el["0"], el["1"]], axis=0)
    assert "per nace2 (2 groups used)" in line and "(pooled)" not in line
    assert f"labour median {med[0]:.3f}" in line and f"capital median {med[1]:.3f}" in line
    add_productivity_indicators(small, quiet=False, lag_capital=False)
    assert "(pooled, used)" in capsys.readouterr().err
