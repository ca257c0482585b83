"""Every file in fixtures/malformed/ stops its reader with the exact DataError in NN_name.expected.

The reader is chosen by the name after the number: enterprise/activity/address/denomination ->
kbo.read_table, accounts -> nbb.read_accounts, ai_profile -> read_ai_profile, history ->
kbo.read_situation_history. Paths in the messages are relative to the repository root.
"""

from pathlib import Path

import pytest

from econ_ai.data import ai_profile, kbo, nbb
from econ_ai.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "fixtures/malformed").glob("*.csv"))


def reader(stem: str):
    kind = stem.split("_", 1)[1]
    for t in ("enterprise", "activity", "address", "denomination"):
        if kind.startswith(t):
            return lambda p: kbo.read_table(p, t)
    if kind.startswith("accounts"):
        return lambda p: nbb.read_accounts(p, quiet=True)
    if kind.startswith("ai_profile"):
        return ai_profile.read_ai_profile
    if kind.startswith("history"):
        return kbo.read_situation_history
    raise AssertionError(f"no reader for {stem}")


def test_at_least_twelve_cases():
    assert len(CASES) >= 12
    for c in CASES:
        assert c.with_suffix(".expected").exists(), c


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_malformed(case, monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    rel = str(case.relative_to(ROOT))
    with pytest.raises(DataError) as err:
        reader(case.stem)(rel)
    assert str(err.value) == expected
    assert err.value.file == rel and err.value.line is not None
