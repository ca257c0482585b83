"""Verified caches (econ_ai.data.cache): every cached file flipped, truncated and edited is
detected; corrupt entries are rebuilt with a warning; stale temp folders go; a rename race
uses the other run's verified result. Then the same on the real caches: the synthetic
population, the canonical tables and the generated-variable cache."""

from __future__ import annotations

import json
import os
import time

import pandas as pd
import pytest

from econ_ai.data import builtin, cache, derived
from econ_ai.data.synth import cache_dir

SCALE = 0.02


def _flip(p):
    b = bytearray(p.read_bytes())
    for i in range(16):  # 16 flipped bytes spread over the file, size unchanged
        j = (len(b) * (2 * i + 1)) // 32
        b[j] ^= 0xFF
    st = p.stat()
    p.write_bytes(bytes(b))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and mtime: only the hash sees it


def _truncate(p):
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _edit(p):
    """Change one digit (or one character), keeping the size; mtime changes as in an editor."""
    b = bytearray(p.read_bytes())
    for i in range(len(b) // 2, len(b)):
        if 48 <= b[i] <= 57:
            b[i] = 48 + (b[i] - 47) % 10
            break
    else:
        b[len(b) // 2] ^= 0x01
    p.write_bytes(bytes(b))


MUTATIONS = {"flip16": _flip, "truncate": _truncate, "edit": _edit}


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _new_process():
    cache._VERIFIED.clear()


def _build(tmp):
    (tmp / "sub").mkdir()
    (tmp / "a.csv").write_text("x,y\n1,2\n3,4\n" * 50)
    pd.DataFrame({"x": range(100), "s": ["a"] * 100}).to_parquet(tmp / "sub" / "b.parquet")
    (tmp / "c.json").write_text(json.dumps({"n": 12345}))
    return {"made": "by test"}


def test_entry_is_written_atomically_with_a_manifest(tmp_path):
    entry = cache.ensure(tmp_path / "e", _build, quiet=True)
    rec = json.loads((tmp_path / "e" / cache.RECORD).read_text())
    assert set(rec["files"]) == {"a.csv", "sub/b.parquet", "c.json"}
    for rel, r in rec["files"].items():
        p = tmp_path / "e" / rel
        assert r["size"] == p.stat().st_size and r["mtime_ns"] == p.stat().st_mtime_ns
        assert r["sha256"] == cache.sha256_file(p)
    assert entry.meta == {"made": "by test"}
    assert [p.name for p in tmp_path.iterdir()] == ["e"]  # no temp folder left


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("rel", ["a.csv", "sub/b.parquet", "c.json", cache.RECORD])
def test_every_mutation_of_every_file_is_detected_and_rebuilt(tmp_path, capsys, rel, mutation):
    target = tmp_path / "e"
    cache.ensure(target, _build, quiet=True)
    good = {r: (target / r).read_bytes() for r in _files(target) if r != cache.RECORD}
    MUTATIONS[mutation](target / rel)
    _new_process()
    with pytest.raises(cache.CacheCorrupt) as err:
        cache.open_entry(target, full=True)
    assert (rel in str(err.value)) or (rel == cache.RECORD and cache.RECORD in str(err.value))
    entry = cache.ensure(target, _build, quiet=True, full=True)
    warned = capsys.readouterr().err
    assert "corrupt" in warned and "rebuilding" in warned
    assert {r: (target / r).read_bytes() for r in good} == good
    assert entry.meta == {"made": "by test"}


def test_manifest_hash_edit_and_missing_or_extra_files_are_detected(tmp_path):
    target = tmp_path / "e"
    cache.ensure(target, _build, quiet=True)
    rp = target / cache.RECORD
    rec = json.loads(rp.read_text())
    rec["files"]["a.csv"]["sha256"] = "0" * 64  # an edited hash (digest not updated)
    rp.write_text(json.dumps(rec))
    with pytest.raises(cache.CacheCorrupt, match="edited"):
        cache.open_entry(target)
    cache.write_record(target, {})
    (target / "c.json").unlink()
    with pytest.raises(cache.CacheCorrupt, match="missing file.*c.json"):
        cache.open_entry(target)
    (target / "c.json").write_text("{}")
    (target / "extra.txt").write_text("x")
    with pytest.raises(cache.CacheCorrupt, match="not in the manifest: .*extra.txt"):
        cache.open_entry(target)
    rp.unlink()
    with pytest.raises(cache.CacheCorrupt, match="partial"):
        cache.open_entry(target)


def test_touched_but_intact_files_are_accepted(tmp_path):
    target = tmp_path / "e"
    cache.ensure(target, _build, quiet=True)
    os.utime(target / "a.csv", (1, 1))
    _new_process()
    assert cache.open_entry(target, full=True) is not None


def test_stale_temporary_folders_are_removed(tmp_path, capsys):
    target = tmp_path / "e"
    dead = tmp_path / "e.tmp-999999999-dead"      # a killed run (no such pid)
    legacy = tmp_path / "e.tmp-k3j4h5"            # tempfile.mkdtemp name of older code
    mine = tmp_path / f"e.tmp-{os.getpid()}-live"  # a running build: kept
    for d in (dead, legacy, mine):
        d.mkdir()
        (d / "half.csv").write_text("x")
    old = time.time() - 2 * cache.LEGACY_STALE_SECONDS
    for p in (legacy / "half.csv", legacy):
        os.utime(p, (old, old))
    cache.ensure(target, _build, quiet=False)
    assert not dead.exists() and not legacy.exists() and mine.exists()
    assert "stale temporary" in capsys.readouterr().err


def test_a_rename_collision_uses_the_other_runs_verified_result(tmp_path):
    target = tmp_path / "e"

    def racing_build(tmp):
        _build(tmp)
        cache.ensure(target, _build, quiet=True)  # another run finishes first
        (target / "c.json").write_text(json.dumps({"n": 12345}))  # same bytes, rewritten
        return {"made": "by the loser"}

    entry = cache.ensure(target, racing_build, quiet=True)
    assert entry.meta == {"made": "by test"}  # the winner's entry, verified
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e"]


def test_a_corrupt_winner_is_replaced_by_our_result(tmp_path, capsys):
    target = tmp_path / "e"

    def racing_build(tmp):
        _build(tmp)
        cache.ensure(target, _build, quiet=True)
        _truncate(target / "a.csv")
        return {"made": "by us"}

    entry = cache.ensure(target, racing_build, quiet=True)
    assert entry.meta == {"made": "by us"} and cache.open_entry(target, full=True)
    assert "corrupt" in capsys.readouterr().err


# -- the package's caches -------------------------------------------------------------------
@pytest.fixture()
def real_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path))
    builtin.clear_cache()
    derived.clear_memo()
    yield tmp_path
    builtin.clear_cache()
    derived.clear_memo()


def _entries(root):
    return sorted(p for p in root.iterdir() if p.is_dir() and ".tmp-" not in p.name)


def test_every_file_of_every_package_cache_is_verified(real_cache):
    starters, info = builtin.load("starters", scale=SCALE, quiet=True)
    derived.cached_columns("derived-test", (info.sha256,), lambda: starters[["year"]] * 2, quiet=True)
    entries = _entries(real_cache)
    assert {e.name.split("-")[0] for e in entries} == {"synth", "tables", "derived"}
    checked = 0
    for entry in entries:
        for rel in _files(entry):
            for name, mutate in MUTATIONS.items():
                saved = (entry / rel).read_bytes()
                st = (entry / rel).stat()
                mutate(entry / rel)
                _new_process()
                with pytest.raises(cache.CacheCorrupt):
                    cache.open_entry(entry, full=True)
                (entry / rel).write_bytes(saved)
                os.utime(entry / rel, ns=(st.st_atime_ns, st.st_mtime_ns))
                checked += 1
        assert cache.open_entry(entry, full=True) is not None
    assert checked >= 3 * 14


def test_an_edited_digit_in_the_synthetic_kbo_is_regenerated(real_cache, capsys):
    """The issue's case: one digit changed in kbo/enterprise.csv changed N while data.sha256
    stayed the same. Now the change is found, the population regenerated, the data equal."""
    before, info = builtin.load("starters", scale=SCALE, quiet=True)
    folder = cache_dir(SCALE)
    for e in _entries(real_cache):
        if e.name.startswith("tables-"):
            import shutil

            shutil.rmtree(e)  # force a read of the raw files
    _edit(folder / "kbo" / "enterprise.csv")
    builtin.clear_cache()
    _new_process()
    after, info2 = builtin.load("starters", scale=SCALE, quiet=True)
    err = capsys.readouterr().err
    assert "kbo/enterprise.csv" in err and "corrupt" in err
    pd.testing.assert_frame_equal(before, after)
    assert info2 == info


def test_a_flipped_canonical_table_is_rebuilt_when_read(real_cache, capsys):
    before, info = builtin.load("accounts", scale=SCALE, quiet=True)
    (tables,) = [e for e in _entries(real_cache) if e.name.startswith("tables-")]
    _flip(tables / "accounts.parquet")
    builtin.clear_cache()
    _new_process()
    after, info2 = builtin.load("accounts", scale=SCALE, quiet=True, columns=["enterprise_number", "year"])
    assert "accounts.parquet" in capsys.readouterr().err
    pd.testing.assert_frame_equal(before[["enterprise_number", "year"]], after)
    assert info2 == info


def test_generated_columns_are_computed_once_per_key_and_rebuilt_when_corrupt(real_cache, capsys):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"v": [1.5, 2.5, 3.5]})

    a = derived.cached_columns("derived-x", ("k1",), compute, quiet=True)
    derived.clear_memo()
    b = derived.cached_columns("derived-x", ("k1",), compute, quiet=True)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(a, b)
    (entry,) = [e for e in _entries(real_cache) if e.name.startswith("derived-x")]
    _truncate(entry / "columns.parquet")
    derived.clear_memo()
    c = derived.cached_columns("derived-x", ("k1",), compute, quiet=True)
    assert len(calls) == 2 and "columns.parquet" in capsys.readouterr().err
    pd.testing.assert_frame_equal(a, c)
    derived.cached_columns("derived-x", ("k2",), compute, quiet=True)
    assert len(calls) == 3


def test_a_population_cached_before_manifests_is_adopted_when_its_hashes_match(real_cache,
                                                                                 monkeypatch):
    import econ_ai.data.synth as synth

    folder = synth.ensure(SCALE)
    (folder / cache.RECORD).unlink()  # as written by older code: manifest.json only
    _new_process()
    monkeypatch.setattr(synth, "generate", lambda *a, **k: pytest.fail("regenerated"))
    assert synth.ensure(SCALE) == folder and (folder / cache.RECORD).exists()
    (folder / cache.RECORD).unlink()
    _edit(folder / "ai_profile.csv")  # ...unless a file no longer matches manifest.json
    _new_process()
    with pytest.raises(pytest.fail.Exception, match="regenerated"):
        synth.ensure(SCALE)


def test_code_digest_covers_shipped_model_files_but_not_calibration_reports(tmp_path, monkeypatch):
    pkg = tmp_path / "digest_probe_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("X = 1\n")
    (pkg / "model.json").write_text('{"coef": [1.0]}\n')
    (pkg / "calibration-v1.json").write_text("{}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    d0 = cache.code_digest("digest_probe_pkg")
    (pkg / "calibration-v1.json").write_text('{"seeds": [1]}\n')   # a stored report: same key
    assert cache.code_digest("digest_probe_pkg") == d0
    (pkg / "model.json").write_text('{"coef": [2.0]}\n')          # a refitted model: new key
    d1 = cache.code_digest("digest_probe_pkg")
    assert d1 != d0
    (pkg / "__init__.py").write_text("X = 2\n")
    assert cache.code_digest("digest_probe_pkg") != d1
