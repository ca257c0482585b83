"""Shared helpers to build Designs directly in estimator tests (generic: any kind)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pytest

from econ_ai.design import Design
from econ_ai.spec.model import ModelSpec, VcovSpec


def codes_of(values) -> np.ndarray:
    """Integer codes 0..G-1 of any column (missing -> -1)."""
    codes, _ = pd.factorize(pd.Series(values), sort=True)
    return np.asarray(codes, dtype=np.int64)


def make_design(
    df: pd.DataFrame,
    outcome: str,
    terms: Sequence[str],
    *,
    kind: str = "fe_ols",
    absorb: Sequence[str] = (),
    vcov: str = "iid",
    cluster: Sequence[str] = (),
    convention: str = "reghdfe",
    name: str = "m",
    options: Mapping | None = None,
    columns: Mapping[str, np.ndarray] | None = None,
) -> Design:
    """A Design from a DataFrame whose columns are already the terms (no transforms)."""
    spec = ModelSpec(
        name=name,
        kind=kind,
        outcome=outcome,
        regressors=tuple(terms),
        absorb=tuple(absorb),
        vcov=VcovSpec(type=vcov, cluster=tuple(cluster), convention=convention),
        options=dict(options or {}),
    )
    X = df[list(terms)].to_numpy(dtype=float) if terms else None
    return Design(
        spec=spec,
        y=df[outcome].to_numpy(dtype=float),
        X=X,
        terms=tuple(terms),
        fe={h: codes_of(df[h]) for h in absorb},
        clusters={c: codes_of(df[c]) for c in cluster},
        columns=dict(columns or {}),
        index=np.asarray(df.index),
    )


def random_panel(seed: int = 0, n_units: int = 60, n_time: int = 8, k: int = 2, p_missing: float = 0.15) -> pd.DataFrame:
    """Unbalanced panel: unit, time, a coarse group, k regressors x1..xk, outcome y."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_units):
        for t in range(n_time):
            if rng.random() < p_missing:
                continue
            rows.append((u, t))
    df = pd.DataFrame(rows, columns=["unit", "time"])
    n = len(df)
    df["group"] = df["unit"] % 7
    ue = rng.normal(size=n_units)[df["unit"]]
    te = rng.normal(size=n_time)[df["time"]]
    for j in range(1, k + 1):
        df[f"x{j}"] = rng.normal(size=n) + 0.5 * ue
    df["y"] = sum(0.5 * j * df[f"x{j}"] for j in range(1, k + 1)) + ue + te + rng.normal(size=n) * (1 + 0.5 * ue**2)
    return df


@pytest.fixture
def panel() -> pd.DataFrame:
    return random_panel()


@pytest.fixture(name="make_design")
def _make_design_fixture():
    """The ``make_design`` helper as a fixture (test modules here are not a package)."""
    return make_design


@pytest.fixture(name="random_panel")
def _random_panel_fixture():
    """The ``random_panel`` helper as a fixture."""
    return random_panel
