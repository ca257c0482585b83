"""Shared test helpers: Designs built directly (any kind), and the stored ResultSets of
fixtures/results/ with the LaTeX compiler (reporting and study tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.design import Design
from econ_ai.results import ResultSet
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


# ---- reporting and study fixtures
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "fixtures" / "results"
GOLDEN = ROOT / "fixtures" / "golden"


def load(stem: str) -> ResultSet:
    return ResultSet.from_json(RESULTS / f"{stem}.json")


@pytest.fixture
def growth() -> ResultSet:
    return load("growth")


@pytest.fixture
def levels() -> ResultSet:
    return load("levels")


@pytest.fixture
def logit() -> ResultSet:
    return load("logit")


@pytest.fixture
def describe() -> ResultSet:
    return load("describe")


@pytest.fixture
def load_rs():
    """load_rs("growth") -> the stored ResultSet fixtures/results/growth.json."""
    return load


@pytest.fixture
def golden_dir() -> Path:
    return GOLDEN


@pytest.fixture
def latex_compiler():
    """compile(source, workdir, name) -> PDF path; skips the test when pdflatex is missing."""
    return compile_latex


def pdflatex_or_skip() -> str:
    exe = shutil.which("pdflatex")
    if exe is None and os.environ.get("CI"):
        pytest.fail("pdflatex not installed, and in CI the LaTeX compile tests must run (.ci/run installs it)")
    if exe is None:
        pytest.skip("pdflatex not installed (apt-get install texlive-latex-base texlive-latex-recommended "
                    "texlive-latex-extra texlive-science); the LaTeX compile tests need it")
    return exe


def compile_latex(source: str, workdir: Path, name: str = "doc") -> Path:
    """Compile a standalone document with pdflatex; fail with the log's error lines."""
    exe = pdflatex_or_skip()
    tex = workdir / f"{name}.tex"
    tex.write_text(source, encoding="utf-8")
    proc = subprocess.run(
        [exe, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=workdir, capture_output=True, text=True, timeout=120,
        env={**os.environ, "max_print_line": "1000"},
    )
    log = (workdir / f"{name}.log").read_text(encoding="latin-1") if (workdir / f"{name}.log").exists() else proc.stdout
    errors = [ln for ln in log.splitlines() if ln.startswith("!")]
    assert proc.returncode == 0 and not errors, f"pdflatex failed ({proc.returncode}): {errors[:5]}\n{log[-3000:]}"
    pdf = workdir / f"{name}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf
