"""The CSV export of NBB's consult application (one filing per file).

Layout (``/work/shared/data/nbb-formats.md``; real exports are read by public scrapers with
``header=None`` after one title line): key/value header rows -- "Reference number",
"Entity number" (10 digits, no dots), "Accounting period start date", "Accounting period end
date" (yyyy-mm-dd), "Model code", "Deposit type" (Initial / Correction), "Currency", names,
address fields, "Correction flag", ... -- then ``"code","value"`` rows, only for rubrics with a
value. A code with a trailing ``P`` (``1003P``, ``22/27P``) is the previous period's figure.

Rows whose first field is neither a known header key nor a rubric code (a title line, the
entity name, address fields) are skipped; the number skipped is kept on the filing. A
semicolon delimiter is accepted, as is a comma decimal separator.
"""

from __future__ import annotations

import csv
import io
import re

from econ_ai.data.nbb_formats.filing import (Filing, currency_code, deposit_type, enterprise_number, parse_date,
                                             parse_number)
from econ_ai.errors import DataError

CODE = re.compile(r"^\d{1,5}(?:/\d{1,5})?[A-B]?P?$")
KEYS = {
    "reference number": "reference", "referentienummer": "reference", "numéro de référence": "reference",
    "entity number": "enterprise", "enterprise number": "enterprise", "ondernemingsnummer": "enterprise",
    "numéro d'entreprise": "enterprise",
    "deposit reference": "reference", "reference": "reference", "company number": "enterprise",
    "accounting period start date": "start", "accounting period end date": "end",
    "period start date": "start", "period end date": "end",
    "model code": "model", "model": "model", "deposit type": "deposit_type", "deposit date": "deposit_date",
    "currency": "currency", "correction flag": "correction_flag",
}
REQUIRED = ("enterprise", "end", "model")
LABELS = {"enterprise": "Entity number", "end": "Accounting period end date", "model": "Model code"}
_REF_IN_NAME = re.compile(r"(\d{4}-\d{6,9})")


def looks_like(text: str) -> bool:
    """True when the first lines carry the consult export's header keys."""
    head = text[:2000].lower()
    return "entity number" in head or "reference number" in head or "model code" in head


def parse(text: str, source: str) -> Filing:
    """One filing from the text of a consult CSV export; DataError names the line and field."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    if delim == ",":
        fast = _fast(text, source)
        if fast is not None:
            return _build(*fast, source=source)
    meta: dict[str, tuple[str, int]] = {}
    values: dict[tuple[str, str], float] = {}
    seen: dict[tuple[str, str], int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for row in reader:
            if len(row) < 2:
                continue
            key = row[0].strip()
            raw = row[1] if len(row) == 2 or row[1].strip() else next((x for x in row[2:] if x.strip()), "")
            line = reader.line_num
            if CODE.match(key):
                period = "N"
                if key.endswith("P"):
                    key, period = key[:-1], "N-1"
                v = parse_number(raw, file=source, line=line, what=f"value of {row[0].strip()}")
                if v is None:
                    continue
                k = (key, period)
                if k in values and values[k] != v:
                    raise DataError(f"rubric {row[0].strip()} given twice with different values "
                                    f"(first at line {seen[k]})", file=source, line=line)
                values[k] = v
                seen[k] = line
                continue
            name = KEYS.get(key.lower().rstrip(":").strip())
            if name is not None and name not in meta:
                meta[name] = (raw.strip(), line)
    except csv.Error as exc:
        raise DataError(f"malformed CSV ({exc})", file=source, line=reader.line_num) from None
    return _build(meta, values, source=source)


_LINE = re.compile(r'^"([^"\n]*)","([^"\n]*)"\r?$', re.M)


def _fast(text: str, source: str):
    """Plain two-field quoted lines only (what the export writes for nearly every file):
    one regex pass instead of the csv module; None when any line needs the full parser."""
    pairs = _LINE.findall(text)
    if len(pairs) != text.count("\n") + (0 if text.endswith("\n") else 1) - text.count("\n\n"):
        return None
    meta: dict[str, tuple[str, int]] = {}
    values: dict[tuple[str, str], float] = {}
    for line, (key, raw) in enumerate(pairs, start=1):
        if CODE.match(key):
            period = "N"
            if key.endswith("P"):
                key, period = key[:-1], "N-1"
            try:
                v = float(raw)
            except ValueError:
                v = parse_number(raw, file=source, line=line, what=f"value of {key}{'P' if period != 'N' else ''}")
            if v is None:
                continue
            k = (key, period)
            if k in values and values[k] != v:
                return None                                   # let the full parser name both lines
            values[k] = v
            continue
        name = KEYS.get(key.lower().rstrip(":").strip())
        if name is not None and name not in meta:
            meta[name] = (raw.strip(), line)
    return meta, values


def _build(meta, values, *, source: str) -> Filing:
    for k in REQUIRED:
        if k not in meta or not meta[k][0]:
            raise DataError(f"no '{LABELS[k]}' header row: not a complete consult CSV export", file=source)
    ent, eline = meta["enterprise"]
    enterprise = enterprise_number(ent, file=source, line=eline)
    end, end_line = meta["end"]
    end_date = parse_date(end, file=source, line=end_line, what="Accounting period end date")
    start = meta.get("start")
    ref = meta.get("reference", ("", 0))[0]
    if not ref:
        m = _REF_IN_NAME.search(source.rsplit("/", 1)[-1])
        if m is None:
            raise DataError("no 'Reference number' header row and none in the file name", file=source)
        ref = m.group(1)
    return Filing(
        source=source, fmt="consult_csv", reference=ref,
        enterprise=enterprise, end=end_date,
        start=parse_date(start[0], file=source, line=start[1], what="Accounting period start date")
        if start and start[0] else None,
        model=meta["model"][0],
        deposit_type=deposit_type(meta.get("deposit_type", ("", 0))[0], meta.get("correction_flag", ("", 0))[0]),
        deposit_date=meta.get("deposit_date", (None, 0))[0],
        currency=currency_code(meta.get("currency", ("EUR", 0))[0]),
        values=values,
    )
