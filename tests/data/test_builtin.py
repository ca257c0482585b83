"""Built-in dataset registry: columns without generation, loading through the readers, cache
reuse, memoisation, provenance, real-data folders."""

from __future__ import annotations

import json
import shutil

import pytest

from econ_ai.data import builtin, schema
from econ_ai.data.synth import cache_dir, params as P
from econ_ai.data.synth.counts import scaled, scaled_partition
from econ_ai.errors import DataError
from econ_ai.provenance import SampleStep

SCALE = 0.02


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    root = tmp_path_factory.getbasetemp() / "econ_ai_cache_builtin"
    mp = pytest.MonkeyPatch()
    mp.setenv("ECON_AI_CACHE", str(root))
    builtin.clear_cache()
    yield root
    builtin.clear_cache()
    mp.undo()


def test_columns_come_from_the_schema_without_generating(monkeypatch):
    import econ_ai.data.synth as synth

    monkeypatch.setattr(synth, "ensure", lambda *a, **k: pytest.fail("generated"))
    for name in builtin.DATASETS:
        assert builtin.columns(name) == schema.columns(name)


def test_unknown_dataset_names_the_near_miss():
    with pytest.raises(DataError, match=r"unknown built-in dataset 'starter' \(did you mean 'starters'\?\)"):
        builtin.columns("starter")


def test_load_through_readers_with_provenance(cache):
    ai, info = builtin.load("ai_profile", scale=SCALE, quiet=True)
    assert info.synthetic and info.name == "ai_profile" and info.rows == len(ai)
    part = scaled_partition(P.FUNNEL_PARTITION, SCALE)
    assert ai["step"].value_counts().to_dict() == {k: v for k, v in part.items() if v}
    firms, finfo = builtin.load("firms", scale=SCALE, quiet=True)
    assert int(firms["ai"].sum()) == part["verified"]
    st, sinfo = builtin.load("starters", scale=SCALE, quiet=True)
    assert list(st.columns[: len(schema.columns("accounts"))]) == schema.columns("accounts")
    assert st.loc[st["ai"] == 0, "firm"].nunique() == scaled(P.N_REFERENCE, SCALE)
    assert st.loc[st["ai"] == 1, "firm"].nunique() == part["verified"]
    assert len({info.sha256, finfo.sha256, sinfo.sha256}) == 3
    # memoised: the same object, read once
    again, info2 = builtin.load("starters", scale=SCALE, quiet=True)
    assert again is st and info2 == sinfo


def test_sample_log_holds_the_readers_steps(cache):
    log = builtin.load_sample_log("starters", scale=SCALE, quiet=True)
    assert log and all(isinstance(s, SampleStep) for s in log)
    text = " | ".join(s.step for s in log)
    assert "duplicate filings" in text and "founded before 2010" in text


def test_cache_is_reused_and_not_regenerated(cache, monkeypatch):
    import econ_ai.data.synth as synth

    folder = cache_dir(SCALE, P.DEFAULT_SEED)
    man = json.loads((folder / "manifest.json").read_text())
    monkeypatch.setattr(synth, "generate", lambda *a, **k: pytest.fail("regenerated"))
    assert synth.ensure(SCALE, P.DEFAULT_SEED, quiet=True) == folder
    assert not list(folder.parent.glob("*.tmp-*"))  # no half-written folder left behind
    builtin.clear_cache()
    _, info = builtin.load("ai_profile", scale=SCALE, quiet=True)
    assert info.synthetic
    assert man["scale"] == SCALE and man["seed"] == P.DEFAULT_SEED


def test_a_broken_cache_folder_is_regenerated(cache, tmp_path, monkeypatch):
    import econ_ai.data.synth as synth

    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path))
    target = cache_dir(0.005, 11)
    target.mkdir(parents=True)
    (target / "accounts.parquet").write_bytes(b"half")  # no manifest: interrupted run
    out = synth.ensure(0.005, 11, quiet=True)
    assert out == target and (out / "manifest.json").is_file()


def test_real_data_folder_is_not_synthetic(cache, tmp_path):
    src = tmp_path / "real"
    shutil.copytree(cache_dir(SCALE, P.DEFAULT_SEED), src)
    (src / "manifest.json").unlink()
    df, info = builtin.load("ai_profile", source=src, quiet=True)
    syn, sinfo = builtin.load("ai_profile", scale=SCALE, quiet=True)
    assert not info.synthetic and info.rows == sinfo.rows == len(df)
    assert info.sha256 != sinfo.sha256
    (src / "ai_profile.csv").unlink()
    builtin.clear_cache()
    with pytest.raises(DataError, match="no ai_profile.csv"):
        builtin.load("ai_profile", source=src, quiet=True)


def test_scale_out_of_range():
    import econ_ai.data.synth as synth

    with pytest.raises(ValueError, match="scale must be in"):
        synth.ensure(0.0)
