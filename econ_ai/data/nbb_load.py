"""Loading of the NBB long rubric file (CSV or Parquet) into integer codes, for :mod:`nbb`.

Every key column becomes ``(codes, uniques)``: int32 codes per long row (-1 for an empty value)
and the distinct values as a pyarrow string Array; ``FiscalYearEnd`` stored as a Parquet date
becomes ``("years", float64 years)``; ``Value`` becomes float64.

Why our own code (measured on the 20.35M-row synthetic file, 2 cores): ``pq.read_table`` of the
whole file followed by one factorisation held the Arrow table (~1 GiB with dictionaries) and the
codes at once (3 GiB peak for the accounts) and took 7 s. Here the file is read one row group
at a time with Parquet dictionaries kept (``read_dictionary``), each chunk's indices are stored
into preallocated int32 arrays and the chunk is freed; only the chunk dictionaries are kept and
merged at the end by one Arrow hash pass (``dictionary_encode`` over their concatenation), so
no string becomes a Python object and no per-row string is hashed when the file is
dictionary-encoded (as written by :mod:`econ_ai.data.synth.writers`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data import csvio
from econ_ai.errors import DataError, did_you_mean

COLUMNS = ["EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubric", "Period", "Value"]


class _Locator:
    """Turns a row index of the long file into a DataError location."""

    def __init__(self, file: str, table: csvio.CsvTable | None) -> None:
        self.file, self.table = file, table

    def error(self, message: str, row: int, column: str | None = None) -> DataError:
        if self.table is not None:
            return self.table.error(message, row, column)
        return DataError(f"row {row + 1} (Parquet): {message}", file=self.file)


def equal_width_words(keys):
    """The bytes of equal-width strings (<= 16 bytes, e.g. "2023-00012345") as an (n, 2) array of
    big-endian uint64 (zero-padded: byte order = text order); None if widths differ or nulls."""
    import pyarrow as pa

    keys = keys.cast(pa.string())
    if keys.null_count or len(keys) == 0:
        return None
    off = np.frombuffer(keys.buffers()[1], dtype=np.int32, count=len(keys) + 1, offset=keys.offset * 4)
    width = int(off[1] - off[0])
    if not 0 < width <= 16 or not (np.diff(off) == width).all():
        return None
    raw = np.frombuffer(keys.buffers()[2], dtype=np.uint8, count=int(off[-1] - off[0]), offset=int(off[0]))
    buf = np.zeros((len(keys), 16), dtype=np.uint8)
    buf[:, :width] = raw.reshape(len(keys), width)
    return buf.view(">u8").astype(np.uint64)


def _distinct_by_hash(arr) -> bool:
    """True when a 64-bit hash of each (equal-width) string is distinct, which proves the strings
    distinct (0.05 s for 1.9M deposit keys; an Arrow hash pass took 0.5 s). False = unknown."""
    w = equal_width_words(arr)
    if w is None:
        return False
    with np.errstate(over="ignore"):
        h = w[:, 0] * np.uint64(0x9E3779B97F4A7C15) + (w[:, 1] ^ (w[:, 1] >> np.uint64(29)))
    return len(pd.unique(h)) == len(h)


class _Codes:
    """Accumulates the dictionary chunks of one string column into global codes."""

    def __init__(self, n: int, small: bool = False) -> None:
        self.codes = np.empty(n, dtype=np.int16 if small else np.int32)
        self.dicts: list = []          # distinct chunk dictionaries, in order of appearance
        self.parts: list = []          # (start, stop, index into dicts, has nulls)
        self.size = 0                  # sum of the distinct dictionaries' lengths

    def add(self, chunk, start: int) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_dictionary(chunk.type):
            chunk = pc.dictionary_encode(chunk)
        stop = start + len(chunk)
        if not self.dicts or not chunk.dictionary.equals(self.dicts[-1]):
            self.dicts.append(chunk.dictionary)
            self.size += len(chunk.dictionary)
            if self.size > np.iinfo(self.codes.dtype).max:
                self.codes = self.codes.astype(np.int32)
        idx = chunk.indices
        nulls = idx.null_count > 0
        if nulls:
            idx = idx.fill_null(-1)
        if len(idx) and idx.buffers()[1] is not None and idx.type in (pa.int32(), pa.int16(), pa.int8()):
            dt = np.dtype(idx.type.to_pandas_dtype())       # zero-copy view of the index buffer
            view = np.frombuffer(idx.buffers()[1], dtype=dt, count=len(idx), offset=idx.offset * dt.itemsize)
        else:
            view = idx.to_numpy(zero_copy_only=False)
        self.codes[start:stop] = view
        self.parts.append((start, stop, len(self.dicts) - 1, nulls))

    def finish(self):
        import pyarrow as pa
        import pyarrow.compute as pc

        if not self.dicts:
            return self.codes, pa.array([], pa.string())
        merged = len(self.dicts) > 1                  # dictionary_encode output: values unique
        if not merged:
            uniq = self.dicts[0]
        else:
            cat = pa.concat_arrays([d.cast(pa.string()) for d in self.dicts])
            offsets = np.concatenate([[0], np.cumsum([len(d) for d in self.dicts])])
            # no value in two dictionaries (one row group per set of filings): codes + offset.
            # pc.unique is a cheaper hash pass than dictionary_encode (no index output)
            disjoint = cat.null_count == 0 and (_distinct_by_hash(cat) or len(pc.unique(cat)) == len(cat))
            if disjoint:
                uniq, allmap = cat, None
            else:
                enc = pc.dictionary_encode(cat)
                uniq = enc.dictionary
                allmap = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32)
            for start, stop, w, nulls in self.parts:
                seg = self.codes[start:stop]
                if disjoint:
                    if offsets[w]:
                        if nulls:
                            seg[seg >= 0] += offsets[w]
                        else:
                            seg += offsets[w]
                    continue
                m = allmap[offsets[w]:offsets[w + 1]]
                if len(m) and not np.array_equal(m, np.arange(len(m), dtype=np.int32)):
                    seg[:] = np.where(seg >= 0, m[np.maximum(seg, 0)], -1) if nulls else m[seg]
        uniq = uniq.cast(pa.string())
        codes = self.codes
        if uniq.null_count or (not merged and len(pc.unique(uniq)) != len(uniq)):
            u_np = np.asarray(uniq.to_pylist(), dtype=object)   # duplicate or null dictionary values
            remap, uniques = pd.factorize(u_np, use_na_sentinel=True)
            codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1).astype(np.int32)
            return codes, pa.array(list(uniques), type=pa.string())
        return codes, uniq


def _value_column(chunks, loc: _Locator) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    v = pa.chunked_array(chunks) if not isinstance(chunks, pa.ChunkedArray) else chunks
    if pa.types.is_string(v.type) or pa.types.is_large_string(v.type) or pa.types.is_dictionary(v.type):
        s = pd.Series(v.to_numpy(zero_copy_only=False), dtype=object)
        val = pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64)
        bad = np.isnan(val) & s.notna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise loc.error(f"column 'Value': not a number: '{s.iloc[i]}'", i, "Value")
        return val
    return np.asarray(pc.cast(v, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)


def _load_parquet(path: Path, file: str):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except FileNotFoundError:
        raise DataError("file not found", file=file) from None
    except Exception as exc:
        raise DataError(f"not a readable Parquet file ({exc})", file=file) from None
    for c in COLUMNS:
        if c not in schema.names:
            raise DataError(f"missing column '{c}'{did_you_mean(c, schema.names)}", file=file)
    dict_cols = [c for c in COLUMNS[:-1] if pa.types.is_string(schema.field(c).type)
                 or pa.types.is_large_string(schema.field(c).type)]
    loc = _Locator(file, None)
    fy_type = schema.field("FiscalYearEnd").type
    fy_dates = pa.types.is_date(fy_type) or pa.types.is_timestamp(fy_type)
    v_type = schema.field("Value").type
    if (pa.types.is_string(v_type) or pa.types.is_large_string(v_type) or pa.types.is_dictionary(v_type)):
        tbl = pq.read_table(path, columns=["Value"])          # text values: parse (and check) first
        val = _value_column(tbl.column("Value"), loc)
        del tbl
    else:
        val = None
    pf = pq.ParquetFile(path, read_dictionary=dict_cols)
    n = pf.metadata.num_rows
    acc = {c: _Codes(n, small=c in ("Model", "Rubric", "Period", "FiscalYearEnd"))
           for c in COLUMNS[:-1] if not (c == "FiscalYearEnd" and fy_dates)}
    years = np.empty(n, dtype=np.float64) if fy_dates else None
    if val is None:
        val = np.empty(n, dtype=np.float64)
        read_cols = COLUMNS
    else:
        read_cols = COLUMNS[:-1]
    start = 0
    for rg in range(pf.num_row_groups):
        t = pf.read_row_group(rg, columns=read_cols, use_threads=False)  # threads: 2x slower here
        for c in read_cols:
            col = t.column(c)
            s = start
            for chunk in col.chunks:
                if c == "Value":
                    val[s:s + len(chunk)] = _value_column([chunk], loc)
                elif c == "FiscalYearEnd" and fy_dates:
                    years[s:s + len(chunk)] = np.asarray(pc.year(chunk).to_numpy(zero_copy_only=False),
                                                         dtype=np.float64)
                else:
                    acc[c].add(chunk, s)
                s += len(chunk)
        start += t.num_rows
        del t
    out = {c: a.finish() for c, a in acc.items()}
    if fy_dates:
        out["FiscalYearEnd"] = ("years", years)
    out = {c: out[c] for c in COLUMNS[:-1]}
    return out, val, loc, n


def load(path: Path, file: str):
    """Columns as (codes, uniques) for keys and float64 for Value; plus a locator and the row count."""
    if path.suffix.lower() in (".parquet", ".pq"):
        return _load_parquet(path, file)
    import pyarrow as pa

    t = csvio.read_text_table(path, required=COLUMNS, file_label=file)
    loc = _Locator(file, t)
    csvio.require_values(t, COLUMNS[:-1])
    out = {}
    for c in COLUMNS[:-1]:
        codes, uniques = pd.factorize(t.df[c])
        out[c] = (codes.astype(np.int32), pa.array([str(u) for u in uniques], type=pa.string()))
    val = csvio.parse_numbers(t, "Value")
    return out, val, loc, len(t.df)
