"""Read a Parquet file into pandas with little memory above the data itself.

``pandas.read_parquet`` converts a whole Arrow table at once: the Arrow buffers and the
pandas blocks coexist, and Arrow's memory pool keeps the freed pages. On the 4.8M-row
benchmark panel (8 numeric columns, 293 MiB of data) the process held 843 MiB after it; read
column by column (each column converted to a numpy array that views its Arrow buffer, no
block consolidation) it holds ~390 MiB (benchmarks/run_all.py, case fe_ols_5M).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def parquet_columns(path: Path) -> list[str]:
    """Column names from the file's schema (nothing else is read)."""
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def read_parquet_lean(path: Path, columns: Sequence[str] | None = None):
    """The file (or some of its columns) as a DataFrame, one column at a time.

    Columns whose Arrow type has no plain numpy equivalent (strings, dictionaries, nulls in
    integer columns, timestamps with time zones, ...) go through Arrow's own pandas
    conversion, so values and dtypes are those of ``pandas.read_parquet``.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    if _index_columns(pf):  # a stored pandas index (to_parquet with a named index): pandas' reader
        return pd.read_parquet(path, columns=None if columns is None else list(columns))
    names = list(pf.schema_arrow.names) if columns is None else list(columns)
    stored = _pandas_dtypes(pf)
    data = {}
    for c in names:
        tab = pf.read(columns=[c], use_pandas_metadata=True)
        col = tab.column(c)
        t = col.type
        numeric = pa.types.is_floating(t) or pa.types.is_integer(t)
        np_name = np.dtype(t.to_pandas_dtype()).name if numeric else None
        plain = numeric and col.null_count == 0 and stored.get(c, np_name) == np_name
        if plain:
            data[c] = col.to_numpy() if col.num_chunks == 1 else np.concatenate([ch.to_numpy() for ch in col.chunks])
        else:
            data[c] = tab.to_pandas()[c]
        del col, tab
    return pd.DataFrame(data, copy=False)


def _pandas_dtypes(pf) -> dict[str, str]:
    """The numpy/extension dtype names pandas stored per column (empty without metadata)."""
    import json

    raw = (pf.schema_arrow.metadata or {}).get(b"pandas")
    if not raw:
        return {}
    return {c["name"]: str(c.get("numpy_type")) for c in json.loads(raw).get("columns", []) if c.get("name")}


def _index_columns(pf) -> list[str]:
    """Columns pandas stored as the index (from the pandas metadata), if any."""
    import json

    meta = pf.schema_arrow.metadata or {}
    raw = meta.get(b"pandas")
    if not raw:
        return []
    idx = json.loads(raw).get("index_columns", [])
    return [c for c in idx if isinstance(c, str)]
