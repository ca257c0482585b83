"""Shared inputs of the reporting tests: the stored ResultSets of fixtures/results/."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from econ_ai.results import ResultSet

ROOT = Path(__file__).resolve().parents[2]
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
                    "texlive-latex-extra); the LaTeX compile tests need it")
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
