"""The JSON of NBB's webservices (Authentic / Extracts / Improved data, XBRL filings since 2022).

Two documents, as used by public clients of the API (repository lennybrans/CompanyData-NBB):

* a **references list** (``legalEntity/{number}/references``): a list of deposits, each with
  ``ReferenceNumber``, ``DepositDate``, ``ExerciseDates {startDate, endDate}``, ``ModelType``,
  ``DepositType``, ``Currency`` and ``AccountingDataURL``;
* a **filing** (``application/x.jsonxbrl``): ``ReferenceNumber``, ``EnterpriseName``, ...,
  ``Rubrics: [{Code, Value, Period: "N" | "NM1"}]``.

A filing takes its period, model, deposit type and currency from its own fields when present,
else from the references entry with the same ReferenceNumber (read from any file of the same
run). The enterprise number comes from an ``EnterpriseNumber`` field of either, else from a
10-digit number in the file's name or its folder's (``0123456749_references.json``,
``0123456749/2023-00012345.json``). Keys are
matched case-insensitively; a file may also hold ``{"References": [...], "Filings": [...]}``.
"""

from __future__ import annotations

import json
import re

from econ_ai.data.nbb_formats.filing import (Filing, currency_code, deposit_type, enterprise_number, parse_date,
                                             parse_number)
from econ_ai.errors import DataError

PERIODS = {"N": "N", "NM1": "N-1", "N-1": "N-1"}
_TEN = re.compile(r"(?<!\d)(\d{10})(?!\d)")


def _get(d: dict, *names, default=None):
    low = {str(k).lower(): v for k, v in d.items()}
    for n in names:
        if n.lower() in low:
            return low[n.lower()]
    return default


def load(text: str, source: str) -> tuple[list[dict], dict[str, dict]]:
    """Filing objects (raw dicts tagged with their source) and references by ReferenceNumber."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON ({exc.msg})", file=source, line=exc.lineno, column=exc.colno) from None
    items: list = []
    if isinstance(doc, dict) and (_get(doc, "References") is not None or _get(doc, "Filings") is not None):
        items = list(_get(doc, "References", default=[]) or []) + list(_get(doc, "Filings", default=[]) or [])
    elif isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict):
        items = [doc]
    else:
        raise DataError("JSON is neither an object nor a list", file=source)
    # a 10-digit number in the file name, else in a folder name (0123456749/references.json)
    hits = [m for part in source.replace("!", "/").split("/") for m in _TEN.finditer(part.replace(".", ""))]
    name_ent = hits[-1] if hits else None
    filings, refs = [], {}
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            raise DataError(f"item {i + 1} is not an object", file=source)
        ref = _get(it, "ReferenceNumber")
        if _get(it, "Rubrics") is not None:
            if _get(it, "EnterpriseNumber", "EntityNumber") is None and name_ent is not None:
                it = {**it, "EnterpriseNumber": name_ent.group(1)}
            filings.append({"_item": it, "_source": source, "_index": i})
        elif ref is not None:
            entry = dict(it)
            if _get(entry, "EnterpriseNumber", "EntityNumber") is None and name_ent is not None:
                entry["EnterpriseNumber"] = name_ent.group(1)
            refs[str(ref)] = entry
        else:
            raise DataError(f"item {i + 1}: neither a filing (no 'Rubrics') nor a reference (no 'ReferenceNumber')",
                            file=source)
    return filings, refs


def build(raw: dict, refs: dict[str, dict]) -> Filing:
    """A Filing from a filing object and the references read so far."""
    it, source, i = raw["_item"], raw["_source"], raw["_index"]
    where = f"filing {i + 1}"
    ref = _get(it, "ReferenceNumber")
    if ref is None:
        raise DataError(f"{where}: field 'ReferenceNumber' missing", file=source)
    ref = str(ref)
    meta = refs.get(ref, {})

    def field(*names):
        v = _get(it, *names)
        return v if v is not None else _get(meta, *names)

    ent = field("EnterpriseNumber", "EntityNumber")
    if ent is None:
        raise DataError(f"{where} ({ref}): no 'EnterpriseNumber' in the filing or its references entry "
                        f"(read the references list too, or name it <enterprise number>_references.json)",
                        file=source)
    dates = field("ExerciseDates") or {}
    end = _get(dates, "endDate", "EndDate") if isinstance(dates, dict) else None
    if end is None:
        raise DataError(f"{where} ({ref}): no 'ExerciseDates.endDate' in the filing or its references entry "
                        f"(read the references list too)", file=source)
    start = _get(dates, "startDate", "StartDate") if isinstance(dates, dict) else None
    model = field("ModelType", "Model", "ModelCode")
    if model is None:
        raise DataError(f"{where} ({ref}): no 'ModelType' in the filing or its references entry", file=source)
    values: dict[tuple[str, str], float] = {}
    for j, r in enumerate(_get(it, "Rubrics") or []):
        code = _get(r, "Code")
        per = PERIODS.get(str(_get(r, "Period", default="N")).upper())
        if code is None or per is None:
            continue                                   # other periods (NM2 ...) are not used
        v = parse_number(_get(r, "Value"), file=source, what=f"{where}.Rubrics[{j}].Value")
        if v is not None:
            values[(str(code).strip(), per)] = v
    return Filing(
        source=source, fmt="webservice_json", reference=ref,
        enterprise=enterprise_number(ent, file=source, what=f"{where}.EnterpriseNumber"),
        end=parse_date(end, file=source, what=f"{where}.ExerciseDates.endDate"),
        start=parse_date(start, file=source, what=f"{where}.ExerciseDates.startDate") if start else None,
        model=str(model).replace("mdl:m", "m"),
        deposit_type=deposit_type(field("DepositType")),
        deposit_date=field("DepositDate"),
        currency=currency_code(field("Currency")),
        values=values,
    )
