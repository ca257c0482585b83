"""Built-in datasets: the canonical tables, read from the synthetic default population (or a
folder of real KBO / NBB files) THROUGH the data layer's readers.

    DATASETS = ("starters", "firms", "ai_profile", "accounts", "ai_companies", "linked_candidates")
    columns(name)                    -> column names (econ_ai.data.schema; nothing generated)
    load(name, *, scale, seed, quiet, source) -> (DataFrame, DataInfo)
    load_sample_log(name, ...)       -> tuple[SampleStep, ...]: what the readers dropped / filled

``source=None`` uses the synthetic population cached by ``econ_ai.data.synth.ensure(scale,
seed)`` (generated on first use) and gives ``DataInfo(synthetic=True)``. ``source=FOLDER``
reads a user's real files laid out as :mod:`econ_ai.data.source_folder` documents (``kbo/``,
``nbb/`` with filings or an accounts table, ``ai_profile.csv``); ``synthetic=False``.

``DataInfo.sha256`` = sha256 of the raw files' digests (the manifest, for the synthetic data)
plus the dataset name; ``rows`` = rows of the returned table. Tables are memoised in-process
per (scale, seed, source), so one reproduction reads each raw file once. Returned frames are
the memoised objects: copy before modifying them.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from econ_ai.data.synth.params import DEFAULT_SEED
from econ_ai.errors import DataError, did_you_mean
from econ_ai.hashing import sha256_files
from econ_ai.provenance import DataInfo, SampleStep

DATASETS = ("starters", "firms", "ai_profile", "accounts", "ai_companies", "linked_candidates")
HISTORY_FILE = "juridical_situation_history.csv"


def _check_name(name: str) -> str:
    if name not in DATASETS:
        raise DataError(f"unknown built-in dataset '{name}'{did_you_mean(name, DATASETS)}; "
                        f"known: {', '.join(DATASETS)}")
    return name


def columns(name: str) -> list[str]:
    """Canonical columns of a built-in dataset (from econ_ai.data.schema, nothing generated)."""
    from econ_ai.data import schema

    return list(schema.columns(_check_name(name)))


@dataclass
class _Source:
    folder: Path
    synthetic: bool
    digest: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    logs: dict[str, tuple[SampleStep, ...]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


_MEMO: dict[tuple, _Source] = {}


def clear_cache() -> None:
    """Forget the in-process memo (the on-disk synthetic cache stays)."""
    _MEMO.clear()


def _accounts_path(folder: Path) -> Path:
    for name in ("accounts.parquet", "accounts.csv"):
        if (folder / name).is_file():
            return folder / name
    raise DataError("no accounts.parquet or accounts.csv in the data folder", file=str(folder))


def _source(scale: float, seed: int | None, source: str | Path | None, quiet: bool) -> _Source:
    seed = DEFAULT_SEED if seed is None else int(seed)
    key = (float(scale), seed, None) if source is None else (None, None, str(Path(source).resolve()))
    if key in _MEMO:
        return _MEMO[key]
    if source is None:
        from econ_ai.data.synth import ensure, read_manifest

        folder = ensure(scale, seed, quiet=quiet)
        man = read_manifest(folder)
        h = hashlib.sha256()
        for f in sorted(man["files"]):
            h.update(f"{f}:{man['files'][f]}\n".encode())
        src = _Source(folder, True, h.hexdigest())
    else:
        from econ_ai.data import source_folder

        folder = Path(source)
        source_folder.check(folder)
        src = _Source(folder, False, sha256_files(folder, source_folder.files(folder)))
    _MEMO[key] = src
    return src


def _log(quiet: bool, msg: str) -> None:
    if not quiet:
        print(f"[econ_ai data] {msg}", file=sys.stderr, flush=True)


def _raw_firms(src: _Source, quiet: bool) -> pd.DataFrame:
    if "firms_kbo" not in src.raw:
        from econ_ai.data.kbo import firms_table, read_situation_history
        from econ_ai.data.kbo_entities import read_kbo_sources as read_kbo

        t0 = time.perf_counter()
        hp = src.folder / HISTORY_FILE
        hist = read_situation_history(hp) if hp.is_file() else None
        kbo = read_kbo(src.folder / "kbo", history=hist, quiet=quiet)
        firms = firms_table(kbo, hist)
        src.raw["firms_kbo"] = firms
        src.logs["firms_kbo"] = tuple(firms.attrs.pop("sample_log", None) or ())  # attrs stay JSON-safe (to_parquet)
        _log(quiet, f"KBO: {len(firms):,} enterprises [{time.perf_counter() - t0:.1f}s]")
    return src.raw["firms_kbo"]


def _load_table(name: str, src: _Source, quiet: bool) -> pd.DataFrame:
    if name in src.tables:
        return src.tables[name]
    t0 = time.perf_counter()
    if name == "ai_profile":
        from econ_ai.data.ai_profile import read_ai_profile

        df = read_ai_profile(src.folder / "ai_profile.csv")
        src.logs[name] = tuple(df.attrs.pop("sample_log", None) or ())
    elif name == "accounts":
        if src.synthetic:
            from econ_ai.data.nbb import read_accounts

            df, steps = read_accounts(_accounts_path(src.folder), quiet=quiet)
        else:
            from econ_ai.data.source_folder import read_accounts as read_folder_accounts

            df, steps = read_folder_accounts(src.folder, quiet=quiet)
        src.logs[name] = tuple(steps)
    elif name == "firms":
        from econ_ai.data.variables import add_firm_flags

        raw = _raw_firms(src, quiet)
        df = add_firm_flags(raw, _load_table("accounts", src, quiet),
                            _load_table("ai_profile", src, quiet))
        src.logs[name] = src.logs.get("firms_kbo", ())
    elif name == "ai_companies":
        from econ_ai.data.ai_companies import build_ai_companies

        df = build_ai_companies(_load_table("ai_profile", src, quiet), _load_table("firms", src, quiet),
                                _load_table("accounts", src, quiet))
        src.logs[name] = src.logs.get("ai_profile", ())
    elif name == "linked_candidates":  # Figure 1 by record linkage (econ_ai.linkage.dataset)
        from econ_ai.linkage.dataset import build_linked_candidates

        df = build_linked_candidates(src.folder, quiet=quiet)
        src.logs[name] = ()
    else:  # starters
        from econ_ai.data.variables import build_starters

        raw = _raw_firms(src, quiet)
        df, steps = build_starters(raw, _load_table("accounts", src, quiet),
                                   _load_table("ai_profile", src, quiet))
        src.logs[name] = (src.logs.get("firms_kbo", ()) + src.logs.get("accounts", ())
                          + tuple(steps))
    src.tables[name] = df
    _log(quiet, f"{name}: {len(df):,} rows [{time.perf_counter() - t0:.1f}s]")
    return df


def load(name: str, *, scale: float = 1.0, seed: int = DEFAULT_SEED, quiet: bool = False,
         source: str | Path | None = None) -> tuple[pd.DataFrame, DataInfo]:
    """A canonical table and its provenance. See the module docstring."""
    _check_name(name)
    src = _source(scale, seed, source, quiet)
    df = _load_table(name, src, quiet)
    digest = hashlib.sha256(f"{src.digest}:{name}".encode()).hexdigest()
    return df, DataInfo(name=name, rows=int(len(df)), sha256=digest, synthetic=src.synthetic)


def load_sample_log(name: str, *, scale: float = 1.0, seed: int = DEFAULT_SEED, quiet: bool = False,
                    source: str | Path | None = None) -> tuple[SampleStep, ...]:
    """The readers' SampleSteps behind a table (to prepend to every result's sample log)."""
    _check_name(name)
    src = _source(scale, seed, source, quiet)
    _load_table(name, src, quiet)
    return src.logs.get(name, ())
