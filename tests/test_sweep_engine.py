"""Sweeps (econ_ai.sweep_engine): the same numbers as ``run`` model by model, cached == uncached,
a corrupt cache entry is rejected, and a Dask LocalCluster gives the local results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import econ_ai as ea

SPEC = {
    "kind": "fe_ols", "title": "sweep", "outcome": "y", "regressors": ["ai"],
    "stepwise": {"controls": {"csw0": ["x1", "x2", "log(x3)"]}},
    "vary": {"absorb": {"g": ["g"], "g+t": ["g", "t"], "gxt": ["g:t"]},
             "vcov": {"firm": {"cluster": ["firm"]}, "twoway": {"cluster": ["firm", "g"]}},
             "sample": {"all": [], "late": ["t >= 3"]}},
}


def panel(seed: int, n_firms: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    firm = np.repeat(np.arange(n_firms), 6)
    t = np.tile(np.arange(6), n_firms)
    g = rng.integers(0, 12, n_firms)[firm]
    ai = (rng.random(n_firms) < 0.2).astype(float)[firm]
    x1, x2 = rng.normal(size=(2, firm.size))
    x3 = np.exp(rng.normal(size=firm.size))
    x3[rng.random(firm.size) < 0.05] = -1.0  # log() drops these rows (sample differs by control set)
    y = 0.1 * ai + 0.3 * x1 - 0.2 * x2 + 0.1 * g + 0.05 * t + rng.normal(size=firm.size)
    return pd.DataFrame({"firm": firm, "t": t, "g": g, "ai": ai, "x1": x1, "x2": x2, "x3": x3, "y": y})


def _same_numbers(a, b):
    assert [r.name for r in a] == [r.name for r in b]
    for x, y in zip(a, b):
        assert x.coefficients == y.coefficients, x.name
        assert x.fit == y.fit and x.nobs == y.nobs and x.sample_log == y.sample_log and x.notes == y.notes


def test_sweep_equals_run_model_by_model(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path))
    df = panel(1)
    swept = ea.sweep(SPEC, data=df)
    assert len(swept) == 4 * 3 * 2 * 2
    _same_numbers(swept, ea.run(SPEC, data=df))  # FWL sharing changes no number
    r = swept[0]
    assert r.extra["axes"] == {"sample": "all", "absorb": "g", "vcov": "firm", "stepwise controls": "none"}
    assert r.extra["choices"]["absorb"] == ["g"]


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_cached_equals_uncached(tmp_path_factory, seed):
    root = tmp_path_factory.mktemp("cache")
    df = panel(seed, 120)
    import os

    os.environ["ECON_AI_CACHE"] = str(root)
    try:
        cold = ea.sweep(SPEC, data=df)
        warm = ea.sweep(SPEC, data=df)  # every demeaned column read back (verified) from disk
        off = ea.sweep(SPEC, data=df, cache=False)
    finally:
        del os.environ["ECON_AI_CACHE"]
    assert cold == warm == off
    assert any((root / "designs").rglob("*.npyc"))


def test_editing_one_control_reuses_the_other_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path))
    df = panel(2)
    ea.sweep(SPEC, data=df)
    n1 = len(list(tmp_path.rglob("*.npyc")))
    edited = dict(SPEC, stepwise={"controls": {"csw0": ["x1", "square(x2)", "log(x3)"]}})
    ea.sweep(edited, data=df)
    n2 = len(list(tmp_path.rglob("*.npyc")))
    assert 0 < n2 - n1 < n1 / 3  # only the new column (per sample and FE) is demeaned


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    yield cluster
    cluster.close()


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_dask_equals_local(dask_cluster, seed):
    df = panel(seed, 100)
    local = ea.sweep(SPEC, data=df, cache=False)
    remote = ea.sweep(SPEC, data=df, cache=False, scheduler=dask_cluster.scheduler_address)
    assert local == remote
    joblib = ea.sweep(SPEC, data=df, cache=False, n_jobs=2)
    assert local == joblib


def test_stepwise_coefficients_match_pyfixest_csw0():
    pf = pytest.importorskip("pyfixest")
    df = panel(3)
    df["lx3"] = np.log(df["x3"].where(df["x3"] > 0))
    spec = {"kind": "fe_ols", "outcome": "y", "regressors": ["ai"], "absorb": ["g", "t"],
            "vcov": {"cluster": ["firm"]}, "stepwise": {"controls": {"csw0": ["x1", "x2", "lx3"]}}}
    ours = ea.sweep(spec, data=df, cache=False)
    theirs = pf.feols("y ~ ai + csw0(x1, x2, lx3) | g + t", data=df, vcov={"CRV1": "firm"})
    models = list(theirs.all_fitted_models.values())
    assert len(models) == len(ours) == 4
    for r, m in zip(ours, models):
        coef = m.coef()
        for term in coef.index:
            assert r.coefficients[term].estimate == pytest.approx(coef[term], rel=1e-8, abs=1e-10)
        assert r.nobs == m._N
