"""Strict CSV reading shared by the KBO, NBB and ai_profile readers.

The raw files follow the KBO open-data conventions (KBO cookbook, section 1.5.1): comma
delimiter, fields between double quotes (dates often unquoted), optional UTF-8 byte-order mark,
dd-mm-yyyy dates, and an empty field (quoted or not) meaning NULL.

Two paths:

* fast path: ``pyarrow.csv`` reads every column as text (NULL for empty). It is strict about
  the number of fields and about UTF-8, but its messages do not name lines;
* diagnostic path: when the fast path fails, the file is scanned again with the ``csv``
  module (``strict=True``) to find the exact line and column, and a :class:`DataError`
  ``FILE:LINE:COL: message`` is raised. The slow scan only runs on bad input.

Value checks (dates, numbers, duplicate keys) run vectorised on the columns; the row index of
the first offending value is turned into a line number (``row + 2`` unless quoted fields hold
line breaks, in which case the csv module counts them).

Lookup helpers for the readers: :func:`arrow_text`, :func:`positions` (an Arrow hash join of
text keys: 1.86M account rows against 307k firms in ~0.2 s, where pandas' object-string
get_indexer took ~1.5 s), :func:`numeric_codes`; :func:`parse_dates` parses each distinct text
once (300k founding dates hold ~5k distinct values).

Why our own code: pandas' C parser silently pads short rows with NULL and turns rows with too
many fields into an index, so it cannot detect a truncated file; the csv module is exact but
~10x slower than pyarrow on the 20M-row NBB file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.errors import DataError, did_you_mean

BOM = b"\xef\xbb\xbf"


def _raw(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None


def _check_utf8(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = exc.start
        line = data.count(b"\n", 0, pos) + 1
        col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
        raise DataError(f"not UTF-8 at byte {pos} (line {line})", file=file, line=line, column=col) from None


def _header(text: str, file: str) -> list[str]:
    if not text.strip():
        raise DataError("empty file (expected a header line)", file=file, line=1)
    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0].rstrip("\r"))), [])
    return [h.strip() for h in first]


def _scan(text: str, file: str, ncols: int) -> None:
    """Slow exact scan: raise DataError on the first structural problem."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    prev_end = 0
    try:
        for row in reader:
            start = prev_end + 1
            prev_end = reader.line_num
            if start == 1:
                continue
            if row == []:
                continue
            if len(row) != ncols:
                what = "too few" if len(row) < ncols else "too many"
                raise DataError(
                    f"{what} fields: {len(row)} (header has {ncols}){' (truncated file?)' if len(row) < ncols else ''}",
                    file=file,
                    line=start,
                    column=min(len(row), ncols) + 1,
                )
    except csv.Error as exc:
        line = prev_end + 1
        msg = str(exc)
        if "end of data" in msg or "EOF" in msg:
            raise DataError("unterminated quoted field (truncated file?)", file=file, line=line) from None
        raise DataError(f"malformed CSV: {msg}", file=file, line=reader.line_num) from None


def row_lines(text: str) -> np.ndarray:
    """Line number (1-based) where each data row starts (handles quoted line breaks)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out = []
    prev_end = 0
    for row in reader:
        start = prev_end + 1
        prev_end = reader.line_num
        if start == 1 or row == []:
            continue
        out.append(start)
    return np.asarray(out, dtype=np.int64)


class CsvTable:
    """A parsed text table plus what is needed to point at a line of its file."""

    def __init__(self, df: pd.DataFrame, file: str, data: bytes, header: list[str]) -> None:
        self.df = df
        self.file = file
        self._data = data
        self.header = header
        self._lines: np.ndarray | None = None

    def line_of(self, row: int) -> int:
        if self._lines is None:
            # more line breaks than rows: quoted line breaks or blank lines -> count exactly
            if self._data.rstrip(b"\r\n").count(b"\n") > len(self.df):
                self._lines = row_lines(self._data.decode("utf-8"))
            else:
                self._lines = np.arange(2, len(self.df) + 2, dtype=np.int64)
        return int(self._lines[row])

    def col_of(self, name: str) -> int:
        return self.header.index(name) + 1

    def error(self, message: str, row: int, column: str | None = None) -> DataError:
        col = self.col_of(column) if column is not None else None
        return DataError(message, file=self.file, line=self.line_of(row), column=col)


def read_text_table(
    path: str | Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    allow_extra: bool = True,
    file_label: str | None = None,
) -> CsvTable:
    """Read a quoted CSV as text columns (None = NULL); check header and structure.

    ``required`` columns must be present (error names the near miss); ``optional`` ones are
    added as all-NULL when absent. Extra columns are kept when ``allow_extra``.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    p = Path(path)
    file = file_label or str(path)
    data = _raw(p)
    if data.startswith(BOM):
        data = data[len(BOM):]
    if not data.strip():
        raise DataError("empty file (expected a header line)", file=file, line=1)
    first = data.split(b"\n", 1)[0]
    header = _header(_check_utf8(first, file), file)
    for name in required:
        if name not in header:
            raise DataError(f"missing column '{name}'{did_you_mean(name, header)}", file=file, line=1)
    if not allow_extra:
        known = set(required) | set(optional)
        for i, h in enumerate(header):
            if h not in known:
                raise DataError(f"unknown column '{h}'{did_you_mean(h, known)}", file=file, line=1, column=i + 1)
    dupes = [h for h in header if header.count(h) > 1]
    if dupes:
        raise DataError(f"column '{dupes[0]}' appears twice in the header", file=file, line=1)
    try:
        tbl = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        text = _check_utf8(data, file)        # names the byte of a UTF-8 error
        _scan(text, file, len(header))
        raise DataError("malformed CSV (could not be parsed)", file=file) from None
    # an odd number of quote characters means an unterminated quoted field at the end
    if data.count(b'"') % 2 == 1:
        _scan(_check_utf8(data, file), file, len(header))
    df = tbl.to_pandas()
    for name in optional:
        if name not in df.columns:
            df[name] = pd.Series([None] * len(df), dtype=object)
    return CsvTable(df, file, data, header)


def arrow_text(s: pd.Series):
    """A text Series as a pyarrow string Array (zero-copy for pandas' Arrow-backed str; NaN /
    None -> null; a value that is not a str -> null, so it matches no text)."""
    import pyarrow as pa

    try:
        if s.dtype == object:
            arr = pa.array(s.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
        else:
            arr = pa.array(s.array)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([v if isinstance(v, str) else None for v in s], type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.type == pa.string() else arr.cast(pa.string())


def positions(values: pd.Series, index: pd.Series) -> np.ndarray:
    """Position of each value in ``index`` (unique), -1 when absent: one Arrow hash join instead
    of pandas' object-string get_indexer (measured 1.5 s -> 0.2 s on 1.86M accounts rows)."""
    import pyarrow.compute as pc

    r = pc.index_in(arrow_text(values), value_set=arrow_text(index))
    return np.asarray(r.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def numeric_codes(s: pd.Series, missing: float) -> np.ndarray:
    """pd.to_numeric(s, errors="coerce").fillna(missing) on the distinct values only (codes repeat)."""
    codes, uniq = pd.factorize(s)
    num = pd.to_numeric(pd.Series(np.asarray(uniq, dtype=object), dtype=object), errors="coerce")
    num = num.fillna(missing).to_numpy(dtype=float)
    return np.where(codes >= 0, num[np.maximum(codes, 0)] if len(num) else missing, missing)


def isin_text(s: pd.Series, values) -> np.ndarray:
    """Boolean array: non-NULL values of a text Series that are in ``values`` (vectorised in Arrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s.to_numpy(dtype=object), type=pa.string()) if s.dtype == object else pa.array(s)
    res = pc.is_in(arr, value_set=pa.array([str(v) for v in values], type=pa.string()))
    return np.asarray(res.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def parse_dates(table: CsvTable, column: str, fmt: str = "%d-%m-%Y", label: str = "dd-mm-yyyy") -> pd.Series:
    """Parse a text date column; the first bad value raises DataError with its line/column.

    Arrow's strptime rolls impossible dates over (31-02 -> 03-03) and accepts unpadded
    fields, so each parsed date is formatted back and must equal the input text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    s = table.df[column]
    arr = pa.array(s.to_numpy(dtype=object), type=pa.string()) if s.dtype == object else pa.array(s)
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    # dates repeat (300k founding dates, ~5k distinct): parse and check each distinct text once
    enc = pc.dictionary_encode(arr)
    uniq = enc.dictionary
    ts_u = pc.strptime(uniq, format=fmt, unit="us", error_is_null=True)
    same = pc.equal(pc.strftime(ts_u, format=fmt), uniq).fill_null(False)
    bad_u = ~np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
    codes = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    if bad_u.any():
        i = int(np.flatnonzero(np.isin(codes, np.flatnonzero(bad_u)))[0])
        raise table.error(f"column '{column}': bad date '{s.iloc[i]}' (expected {label})", i, column)
    ts = ts_u.take(enc.indices)
    return pd.Series(ts.to_pandas(), index=s.index, name=column).astype("datetime64[us]")


def parse_numbers(table: CsvTable, column: str) -> np.ndarray:
    """Parse a decimal column (period as decimal point) to float64; NULL -> NaN."""
    s = table.df[column]
    out = pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64)
    bad = np.isnan(out) & s.notna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise table.error(f"column '{column}': not a number: '{s.iloc[i]}'", i, column)
    return out


def require_values(table: CsvTable, columns: Sequence[str]) -> None:
    """Mandatory columns must not be NULL."""
    for c in columns:
        miss = table.df[c].isna().to_numpy()
        if miss.any():
            i = int(np.flatnonzero(miss)[0])
            raise table.error(f"column '{c}': empty value where one is required", i, c)


def check_unique(table: CsvTable, keys: Sequence[str]) -> None:
    """Raise DataError on the first duplicate key (names both lines)."""
    dup = table.df.duplicated(list(keys), keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        key_vals = table.df.iloc[i][list(keys)]
        first = table.df[list(keys)].eq(key_vals.values).all(axis=1).to_numpy()
        j = int(np.flatnonzero(first)[0])
        shown = ", ".join(f"{k}='{v}'" for k, v in key_vals.items())
        raise table.error(f"duplicate key {shown} (first on line {table.line_of(j)})", i)


def check_allowed(table: CsvTable, column: str, allowed: Sequence[str], what: str | None = None) -> None:
    """Values of ``column`` (non-NULL) must be in ``allowed``."""
    s = table.df[column]
    ok = s.isna().to_numpy() | isin_text(s, allowed)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        v = s.iloc[i]
        raise table.error(
            f"column '{column}': unknown {what or 'value'} '{v}'{did_you_mean(v, allowed)}", i, column
        )
