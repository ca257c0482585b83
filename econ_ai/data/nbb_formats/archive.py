"""Walk files, folders and ZIP files (nested too) and say what each document is.

Every document found gets a label (``folder/file.csv``, ``extract.zip!2023/0123.xbrl``) used in
error messages and in the report, and a kind:

    consult_csv      a consult CSV export (header keys "Entity number", "Model code", ...)
    long_table       econ_ai's own long rubric table (CSV or Parquet, EnterpriseNumber, ...)
    json             webservice JSON (filing or references list)
    xbrl             an XBRL instance (.xbrl / .xml)
    skipped          anything else (README, PDF, ...): counted, not read

Hidden files and folders (``.name``) are not visited.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from econ_ai.data.nbb_formats import consult_csv, xbrl
from econ_ai.errors import DataError

LONG_HEADER = ("EnterpriseNumber", "DepositKey", "Rubric")


@dataclass
class Document:
    label: str
    kind: str
    data: bytes | None = None        # content (None for a long table read from its path)
    path: Path | None = None


def _kind(name: str, data: bytes) -> str:
    low = name.lower()
    if low.endswith((".parquet", ".pq")):
        return "long_table"
    if low.endswith(".json"):
        return "json"
    if low.endswith((".xbrl", ".xml")):
        return "xbrl" if xbrl.looks_like(data) else "skipped"
    if low.endswith(".csv") or low.endswith(".txt"):
        head = data[:3000].decode("utf-8", errors="replace").lstrip("\ufeff")
        first = head.split("\n", 1)[0]
        if all(k in first for k in LONG_HEADER):
            return "long_table"
        if consult_csv.looks_like(head):
            return "consult_csv"
        return "skipped" if low.endswith(".txt") else "unknown_csv"
    return "skipped"


def _from_zip(label: str, data: bytes, depth: int) -> Iterator[Document]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DataError("not a readable ZIP file", file=label) from None
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in info.filename.split("/")):
                continue
            try:
                member = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                raise DataError(f"member '{info.filename}' cannot be read ({exc})", file=label) from None
            yield from _document(f"{label}!{info.filename}", member, None, depth + 1)


def _document(label: str, data: bytes, path: Path | None, depth: int) -> Iterator[Document]:
    if label.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        if depth > 4:
            raise DataError("ZIP files nested more than 4 deep", file=label)
        yield from _from_zip(label, data, depth)
        return
    kind = _kind(label, data)
    if kind == "unknown_csv":
        first = data[:300].decode("utf-8", errors="replace").split("\n", 1)[0]
        hint = (" (it looks like a canonical accounts table: put it alone in the data folder's nbb/, "
                "it is read as is)") if "enterprise_number" in first and "year" in first else ""
        raise DataError("CSV file is neither a consult CSV export (no 'Entity number' / 'Model code' header rows) "
                        "nor econ_ai's long rubric table (no EnterpriseNumber, DepositKey, Rubric header)" + hint,
                        file=label, line=1)
    yield Document(label, kind, data, path)


def walk(sources) -> Iterator[Document]:
    """Documents of every source (a file, a folder, a ZIP), in sorted order within folders."""
    for src in sources:
        p = Path(src)
        if p.is_dir():
            files = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                files += [Path(dirpath, f) for f in filenames if not f.startswith(".")]
            files.sort()
        elif p.is_file():
            files = [p]
        else:
            raise DataError("no such file or folder", file=str(src))
        for f in files:
            if f.suffix.lower() in (".parquet", ".pq"):
                yield Document(str(f), "long_table", None, f)
                continue
            try:
                data = f.read_bytes()
            except OSError as exc:
                raise DataError(f"cannot be read ({exc.strerror})", file=str(f)) from None
            for doc in _document(str(f), data, f, 0):
                if doc.kind == "long_table" and doc.path is None and f.suffix.lower() == ".csv":
                    doc.path = f
                yield doc
