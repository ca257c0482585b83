"""The canonical tables cached as Parquet (issue 13 section 2), through econ_ai.data.cache.

After the first read of the raw files (KBO CSVs, NBB accounts, the AI list) the five built-in
tables are written to ``$ECON_AI_CACHE/tables-<key>/<table>.parquet`` with their readers'
sample logs in the entry's manifest. ``<key>`` combines the raw files' content hashes (the
source digest) with the sha256 of the data layer's code, so other raw files or other reader
code give another entry. Later processes read only the columns a spec needs.

    ensure(digest, build_all, quiet)  -> cache.Entry      (build_all() -> {name: (df, steps)})
    read(entry, name, columns=None)   -> DataFrame        (full sha256 on first use per process)
    steps(entry, name)                -> tuple[SampleStep, ...]

Column dtypes that Parquet does not carry exactly (object columns of Python strings / None)
are recorded and restored, so a cached table equals the freshly built one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from econ_ai.data import cache

VERSION = 1


def root() -> Path:
    from econ_ai.data.synth import cache_root

    return cache_root()


def entry_dir(digest: str) -> Path:
    key = cache.key_of(VERSION, digest, cache.code_digest("econ_ai.data", "econ_ai.hashing",
                                                      "econ_ai.linkage"))
    return root() / f"tables-{key}"


def write_frame(folder: Path, name: str, df) -> dict:
    """Write one frame as Parquet; return what is needed to restore it exactly."""
    obj = [str(c) for c in df.columns if str(df[c].dtype) == "object"]
    import pyarrow as pa
    import pyarrow.parquet as pq

    plain = df.copy(deep=False)
    plain.attrs = {}  # sample logs go to the manifest, not into the Parquet metadata
    pq.write_table(pa.Table.from_pandas(plain, preserve_index=False), folder / f"{name}.parquet",
                   compression="zstd")
    return {"rows": int(len(df)), "columns": [str(c) for c in df.columns], "object": obj}


def ensure(digest: str, build_all: Callable[[], dict], *, quiet: bool = False) -> cache.Entry:
    def build(tmp: Path) -> dict:
        tables = build_all()
        meta: dict = {"tables": {}, "digest": digest}
        for name, (df, log) in tables.items():
            info = write_frame(tmp, name, df)
            info["steps"] = [s.to_dict() for s in log]
            meta["tables"][name] = info
        return meta

    return cache.ensure(entry_dir(digest), build, quiet=quiet)


def read(entry: cache.Entry, name: str, columns: Iterable[str] | None = None):
    import pyarrow.parquet as pq

    info = entry.meta["tables"][name]
    path = entry.path(f"{name}.parquet")
    cols = None
    if columns is not None:
        want = set(columns)
        cols = [c for c in info["columns"] if c in want]
    try:
        df = pq.read_table(path, columns=cols).to_pandas()
    except Exception as exc:  # noqa: BLE001 - a verified file that does not parse
        raise cache.CacheCorrupt(entry.folder, f"{name}.parquet cannot be read: {exc}") from None
    for c in info.get("object", ()):
        if c in df.columns:
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def steps(entry: cache.Entry, name: str):
    from econ_ai.provenance import SampleStep

    return tuple(SampleStep.from_dict(d) for d in entry.meta["tables"][name]["steps"])
