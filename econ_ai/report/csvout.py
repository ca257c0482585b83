"""TidyTable -> CSV: one row per model x term (the shown quantity with its inference),
then one row per statistic (``quantity=stat``: N and every ``fit`` key), at full precision.

Columns: spec, model, quantity (coef | ame | or | stat), term, label, estimate, std_error,
statistic, p_value, ci_low, ci_high. The report's keep / drop / order / labels / show apply,
so the CSV holds the same selection as the table (the rows come from
``econ_ai.report.estimates.tidy_table``). Descriptive results come as a second block, after
one blank line: spec, model, table, then the record keys.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from econ_ai.report.model import TIDY_COLUMNS as COLUMNS  # noqa: F401
from econ_ai.report.model import TidyTable


def _num(x: Any) -> Any:
    if x is None:
        return ""
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return "" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if isinstance(x, float):
        return repr(x)
    return x


def csv_text(t: TidyTable) -> str:
    out = ""
    if t.rows or not t.records:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(t.columns)
        for r in t.rows:
            w.writerow([r.spec, r.model, r.quantity, r.term, r.label, *[_num(v) for v in r.values]])
        out = buf.getvalue()
    if t.records:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["spec", "model", "table", *t.record_keys])
        for spec, model, name, values in t.records:
            w.writerow([spec, model, name, *[_num(v) for v in values]])
        out = (out + "\n" if out else "") + buf.getvalue()
    return out

