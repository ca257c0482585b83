"""Generated variables cached per data version (issue 13 section 2), via econ_ai.data.cache.

``cached_columns(kind, key_parts, compute)`` returns the DataFrame that ``compute()`` makes
(row-aligned with the table it was computed from), stored once per key as
``$ECON_AI_CACHE/<kind>-<key>/columns.parquet``. The key should hold the data version (the
table's DataInfo.sha256) and the sha256 of the code that computes the columns
(``cache.code_digest``), so new data or new code gives a new entry. Memoised in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from econ_ai.data import cache

_MEMO: dict[str, Any] = {}


def cached_columns(kind: str, key_parts: Iterable[Any], compute: Callable[[], Any], *,
                   quiet: bool = False):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from econ_ai.data.synth import cache_root

    target = cache_root() / f"{kind}-{cache.key_of(*key_parts)}"
    if str(target) in _MEMO:
        return _MEMO[str(target)]

    def build(tmp) -> dict:
        df = compute()
        plain = df.reset_index(drop=True)
        plain.attrs = {}
        pq.write_table(pa.Table.from_pandas(plain, preserve_index=False), tmp / "columns.parquet",
                       compression="zstd")
        return {"rows": int(len(df)), "columns": [str(c) for c in df.columns]}

    for attempt in (1, 2):
        entry = cache.ensure(target, build, quiet=quiet)
        try:
            df = pq.read_table(entry.path("columns.parquet")).to_pandas()
            break
        except cache.CacheCorrupt as exc:
            if attempt == 2:
                raise
            cache.discard(target, exc.problem, quiet=quiet)
        except Exception as exc:  # noqa: BLE001 - verified bytes that do not parse
            if attempt == 2:
                raise
            cache.discard(target, f"columns.parquet cannot be read: {exc}", quiet=quiet)
    _MEMO[str(target)] = df
    return df


def clear_memo() -> None:
    _MEMO.clear()
