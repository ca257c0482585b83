"""econ-ai sweep and econ-ai diff (PATH@REV through git, --fail-if-moved) on a CSV panel."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

from econ_ai.cli import main

SPEC = """kind: fe_ols
data: panel.csv
outcome: y
regressors: [ai]
absorb: [g]
vcov: {cluster: [firm]}
stepwise:
  controls: {csw0: [x1, x2]}
"""


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path / "cache"))
    rng = np.random.default_rng(5)
    n = 600
    firm = np.repeat(np.arange(n // 3), 3)
    df = pd.DataFrame({"firm": firm, "g": firm % 7, "ai": (firm % 5 == 0).astype(float),
                       "x1": rng.normal(size=n), "x2": rng.normal(size=n)})
    df["y"] = 0.2 * df["ai"] + 0.5 * df["x1"] + rng.normal(size=n)
    df.to_csv(tmp_path / "panel.csv", index=False)
    (tmp_path / "spec.yaml").write_text(SPEC)
    return tmp_path


def test_sweep_writes_the_stepwise_table_and_the_curve(folder, capsys):
    assert main(["sweep", str(folder / "spec.yaml"), "-q", "--figure", str(folder / "curve.png")]) == 0
    out = capsys.readouterr().out
    assert "| x1 | No | Yes | Yes |" in out and "| x2 | No | No | Yes |" in out
    assert "Specification curve of 'ai': 3 specifications" in out
    assert (folder / "curve.png").exists() and (folder / "curve.pdf").exists()


def test_diff_against_a_git_revision_and_fail_if_moved(folder, capsys):
    git = ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "spec.yaml"], check=True)
    subprocess.run(git + ["commit", "-qm", "v1"], check=True)
    (folder / "spec.yaml").write_text(SPEC.replace("absorb: [g]", "absorb: []"))
    spec = str(folder / "spec.yaml")
    assert main(["diff", f"{spec}@HEAD", spec, "-q", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "- `- absorb: ['g'] (removed)`" in out or "absorb: removed ['g']" in out
    assert "coef ai" in out and "Intercept" in out
    assert main(["diff", f"{spec}@HEAD", spec, "-q", "--fail-if-moved", "1e-9"]) == 1
    assert main(["diff", spec, spec, "-q", "--fail-if-moved", "0"]) == 0
    assert not list(folder.glob(".spec@*"))  # the revision's temporary copy is removed
    assert main(["diff", f"{spec}@nosuchrev", spec, "-q"]) == 2
    assert "cannot read" in capsys.readouterr().err
