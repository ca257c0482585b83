"""Olley-Pakes: the prodest vignette's Chilean estimates and the exit correction."""

import numpy as np
import pytest

from econ_ai.errors import EstimationError
from econ_ai.kinds.production_function.estimator import ProductionFunction


def test_op_chilean_matches_prodest(chilean, published, make_chilean):
    r = ProductionFunction().fit(make_chilean(chilean, "op"))
    ref = published.loc["op"]
    # labour: .319/.258 vs .314/.256; capital .129 vs .168 (stage-2 variant, see SOURCE.md)
    assert abs(r.coefficients["log_lab1"].estimate - ref["log_lab1"]) < 0.01
    assert abs(r.coefficients["log_lab2"].estimate - ref["log_lab2"]) < 0.01
    assert abs(r.coefficients["log_k"].estimate - ref["log_k"]) < 0.05


def test_op_exit_correction_needs_exit_column(chilean, make_chilean):
    with pytest.raises(EstimationError, match="exit"):
        ProductionFunction().fit(make_chilean(chilean, "op", exit_correction=True))


def test_op_exit_correction_runs_and_moves_capital_little_when_exit_is_random(make_sim):
    from econ_ai.kinds.production_function.simulate import simulate_acf

    df = simulate_acf(800, 8, dgp=1, seed=11)
    rng = np.random.default_rng(1)
    # random exits: cut the history of 30% of firms at a random year, flag their last year
    cut = rng.integers(3, 8, df["firm"].nunique())
    keep = df["year"] <= np.where(rng.random(df["firm"].nunique()) < 0.3, cut, 99)[df["firm"]]
    df = df.loc[keep].copy()
    last = df.groupby("firm")["year"].transform("max") == df["year"]
    df["exit"] = (last & (df["year"] < 8)).astype(int)
    base = ProductionFunction().fit(make_sim(df, "op")).params
    corr = ProductionFunction().fit(make_sim(df, "op", exit_correction=True))
    assert corr.extra["exit_correction"] is True
    assert abs(corr.params[1] - base[1]) < 0.1  # exit unrelated to productivity here


def test_op_prodest_stage2_capital(chilean, published, make_chilean):
    r = ProductionFunction().fit(make_chilean(chilean, "op", stage2="prodest"))
    assert abs(r.coefficients["log_k"].estimate - published.loc["op", "log_k"]) < 0.01  # .162 vs .168
