"""The table file a spec's ``data:`` names (CSV, compressed CSV, Parquet), read with errors
that name the file and the line.

    header(path, spec_path)          -> column names (reads the first line only)
    read(path, spec_path, text_columns) -> DataFrame

Accepted: ``.csv``, ``.csv.gz``, ``.csv.bz2``, ``.csv.xz``, ``.csv.zip`` (one member),
``.parquet`` / ``.pq``. CSV files are UTF-8 (a UTF-8 BOM is fine). Refused with a DataError
(or a SpecError for the ``data:`` key): a missing file, a folder, an unreadable or
over-long name, another suffix, an empty or whitespace-only file, UTF-16 or Latin-1 text
(with the line of the first byte that is not UTF-8), duplicate column names (pandas would
silently rename the second ``x`` to ``x.1``), and rows that do not parse.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import lzma
import re
import zipfile
from collections import Counter
from pathlib import Path

from econ_ai.errors import DataError, SpecError

CSV_SUFFIXES = {".csv": None, ".csv.gz": "gzip", ".csv.bz2": "bz2", ".csv.xz": "xz",
                ".csv.zip": "zip"}
PARQUET_SUFFIXES = (".parquet", ".pq")


def kind(path: Path) -> str | None:
    """'csv', 'parquet' or None (not a table file)."""
    name = path.name.lower()
    if any(name.endswith(s) for s in CSV_SUFFIXES):
        return "csv"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def _suffix_error(path: Path, spec_path: str | None) -> SpecError:
    allowed = ", ".join([*CSV_SUFFIXES, *PARQUET_SUFFIXES])
    return SpecError(f"data file must be a table file ({allowed}), got '{path.name[:100]}'",
                     file=spec_path, key="data")


def _check_path(path: Path, spec_path: str | None) -> None:
    shown = str(path)
    try:
        if not path.exists():
            raise SpecError(f"data file not found: {shown}", file=spec_path, key="data")
        if path.is_dir():
            raise SpecError(f"data file is a folder: {shown}", file=spec_path, key="data")
    except OSError as exc:  # e.g. "File name too long"
        raise SpecError(f"data file name cannot be used: {exc.strerror or exc}",
                        file=spec_path, key="data") from None
    if kind(path) is None:
        raise _suffix_error(path, spec_path)


def _open_bytes(path: Path):
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")
    if name.endswith(".xz"):
        return lzma.open(path, "rb")
    if name.endswith(".zip"):
        zf = zipfile.ZipFile(path)
        members = [m for m in zf.namelist() if not m.endswith("/")]
        if len(members) != 1:
            raise DataError(f"a .csv.zip must hold exactly one file, found {len(members)}",
                            file=str(path))
        return zf.open(members[0])
    return open(path, "rb")


def _decode_error(path: Path, data: bytes, exc: UnicodeDecodeError, offset: int = 0) -> DataError:
    line = data.count(b"\n", 0, exc.start) + 1 + offset
    hint = ""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        hint = "; the file is UTF-16: save it as UTF-8"
    else:
        hint = "; save it as UTF-8 (it looks like Latin-1 / Windows-1252 text)"
    return DataError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}){hint}", file=str(path),
                     line=line)


def header(path: Path, spec_path: str | None = None) -> list[str]:
    """The column names of a table file (first line of a CSV; the schema of a Parquet)."""
    _check_path(path, spec_path)
    if kind(path) == "parquet":
        return _parquet_columns(path)
    try:
        with _open_bytes(path) as fh:
            first = fh.readline(1 << 20)
            while first.strip() == b"" and first:  # whitespace-only lines before the header
                first = fh.readline(1 << 20)
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError) as exc:
        raise DataError(f"cannot read the file: {exc}", file=str(path)) from None
    if not first.strip():
        raise DataError("empty file: no header line with column names", file=str(path), line=1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _decode_error(path, first, exc) from None
    if "\x00" in text:
        raise DataError("the header holds NUL bytes: the file is UTF-16 or binary, not a "
                        "UTF-8 CSV", file=str(path), line=1)
    names = next(csv.reader([text.rstrip("\r\n")]), [])
    check_unique(names, str(path))
    return names


def check_unique(names, file: str) -> None:
    dup = [n for n, c in Counter(map(str, names)).items() if c > 1]
    if dup:
        raise DataError(f"duplicate column name(s) {', '.join(repr(d) for d in dup[:5])} in the "
                        "header; every column needs its own name", file=file, line=1)


def _parquet_columns(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    try:
        names = list(pq.read_schema(path).names)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for bad files
        raise DataError(f"not a readable Parquet file: {exc}", file=str(path)) from None
    names = [n for n in names if n != "__index_level_0__"]
    check_unique(names, str(path))
    return names


_LINE = re.compile(r"line (\d+)")


def read(path: Path, spec_path: str | None = None, text_columns=frozenset()):
    """The whole table (codes in ``text_columns`` stay text)."""
    import pandas as pd

    names = header(path, spec_path)
    shown = str(path)
    try:
        if kind(path) == "parquet":
            from econ_ai.data.parquet_io import read_parquet_lean

            return read_parquet_lean(path)
        dtype = {c: str for c in names if c in text_columns}
        return pd.read_csv(path, dtype=dtype, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            with _open_bytes(path) as fh:
                data = fh.read()
            data.decode("utf-8-sig")
        except UnicodeDecodeError as inner:
            raise _decode_error(path, data, inner) from None
        except Exception:  # noqa: BLE001
            pass
        raise DataError(f"not UTF-8 text: {exc.reason}", file=shown) from None
    except pd.errors.EmptyDataError:
        raise DataError("empty file: no header line with column names", file=shown, line=1) from None
    except pd.errors.ParserError as exc:
        m = _LINE.search(str(exc))
        raise DataError(f"cannot parse the CSV: {str(exc).strip()}", file=shown,
                        line=int(m.group(1)) if m else None) from None
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError) as exc:
        raise DataError(f"cannot read the table: {exc}", file=shown) from None
    except Exception as exc:  # noqa: BLE001 - pyarrow errors on a corrupt Parquet file
        if type(exc).__module__.startswith("pyarrow"):
            raise DataError(f"not a readable Parquet file: {exc}", file=shown) from None
        raise
