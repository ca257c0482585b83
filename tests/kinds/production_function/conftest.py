"""Fixtures of the production-function tests: the prodest Chilean panel and simulated panels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from econ_ai.kinds.production_function.frame import design_from_frame
from econ_ai.kinds.production_function.simulate import simulate_acf

REF = Path(__file__).resolve().parents[3] / "fixtures" / "reference" / "prodest"


@pytest.fixture(scope="session")
def chilean() -> pd.DataFrame:
    return pd.read_csv(REF / "prodest.csv")


@pytest.fixture(scope="session")
def published() -> pd.DataFrame:
    return pd.read_csv(REF / "published.csv", index_col="method")


def chilean_design(df: pd.DataFrame, method: str, **options):
    proxy = "log_investment" if method == "op" else "log_materials"
    opts = {"method": method, "bootstrap": {"reps": 0}, "quiet": True, **options}
    return design_from_frame(df, output="log_y", free=["log_lab1", "log_lab2"], state=["log_k"], proxy=proxy,
                             unit="id", time="year", name=method.upper(), options=opts, source="prodest.csv")


def sim_design(df: pd.DataFrame, method: str, **options):
    opts = {"method": method, "bootstrap": {"reps": 0}, "quiet": True, **options}
    return design_from_frame(df, output="y", free=["l"], state=["k"], proxy="i" if method == "op" else "m",
                             unit="firm", time="year", exit="exit", name=method, options=opts)


@pytest.fixture(scope="session")
def make_chilean():
    """make_chilean(df, method, **options) -> Design."""
    return chilean_design


@pytest.fixture(scope="session")
def make_sim():
    """make_sim(df, method, **options) -> Design (simulated ACF panel)."""
    return sim_design


@pytest.fixture(scope="session")
def sim_dgp1() -> pd.DataFrame:
    return simulate_acf(1500, 10, dgp=1, seed=2024)


@pytest.fixture(scope="session")
def sim_dgp2() -> pd.DataFrame:
    return simulate_acf(1500, 10, dgp=2, seed=2025)
