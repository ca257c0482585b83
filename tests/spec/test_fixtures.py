"""Every invalid spec fixture gives exactly its .expected error; every valid one compiles,
passes the column check against its data and prepares."""

from pathlib import Path

import pandas as pd
import pytest

from econ_ai.errors import SpecError
from econ_ai.spec.compile import load_spec, validate_columns

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "fixtures" / "specs"
INVALID = sorted((SPECS / "invalid").glob("*.yaml"))
VALID = sorted((SPECS / "valid").glob("*.yaml"))


def _read(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"nace3": str, "nace2": str, "enterprise_number": str})


def test_enough_fixtures():
    assert len(INVALID) >= 24 and len(VALID) >= 6
    for p in INVALID:
        assert p.with_suffix(".expected").exists(), p


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid(path, monkeypatch):
    monkeypatch.chdir(ROOT)  # messages name the file relative to the repo root
    rel = path.relative_to(ROOT).as_posix()
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    with pytest.raises(SpecError) as info:
        spec = load_spec(rel)
        validate_columns(spec, _read(spec.data.path).columns)
    assert str(info.value) == expected


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid(path, monkeypatch):
    from econ_ai.kinds.registry import prepare

    monkeypatch.chdir(ROOT)
    spec = load_spec(path.relative_to(ROOT).as_posix())
    assert spec.data.path is not None and Path(spec.data.path).exists()
    table = _read(spec.data.path)
    validate_columns(spec, table.columns)
    for model in spec.models:
        design = prepare(model, table)
        assert design.nobs > 0
        log = design.sample_log
        assert log[0].remaining == len(table)
        assert log[0].remaining - sum(s.removed for s in log) == design.nobs


def test_every_kind_has_a_valid_fixture():
    from econ_ai.kinds.registry import KINDS

    kinds = {load_spec(p).kind for p in VALID}
    assert kinds == set(KINDS)
