"""ResultSets -> tidy CSV: one row per model x term (the shown quantity with its inference),
then one row per statistic (``quantity=stat``: N and every ``fit`` key), at full precision.

Columns: spec, model, quantity (coef | ame | or | stat), term, label, estimate, std_error,
statistic, p_value, ci_low, ci_high. The report's keep / drop / order / labels / show apply,
so the CSV holds the same selection as the table. Descriptive results (``Result.tables``) come
as a second block, after one blank line: spec, model, table, then the record keys.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from econ_ai.report.tables import STAT_LABELS, _quantities, is_regression, options_for, select_terms
from econ_ai.results import ESTIMATE_FIELDS, ResultSet

COLUMNS = ("spec", "model", "quantity", "term", "label", *ESTIMATE_FIELDS)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(x: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+1``,
    ``@SUM``) gets a leading ``'`` (OWASP CSV injection); numbers are never changed."""
    if isinstance(x, str) and x.startswith(FORMULA_START):
        return "'" + x
    return x


def _num(x: Any) -> Any:
    if x is None:
        return ""
    if isinstance(x, str):
        return _text(x)
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return "" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if isinstance(x, float):
        return repr(x)
    return x


def render_csv(resultsets: Sequence[ResultSet], *, report_overrides: Mapping[str, Any] | None = None) -> str:
    reg = io.StringIO()
    w = csv.writer(reg, lineterminator="\n")
    w.writerow(COLUMNS)
    n_reg = 0
    records: list[tuple[str, str, str, Mapping[str, Any]]] = []
    for rs in resultsets:
        opt = options_for(rs, report_overrides)
        results = [r for r in rs.results if is_regression(r)]
        shown = [_quantities(r, opt, rs.spec or None) for r in results]
        terms: list[str] = []
        for q in shown:
            terms += [t for t in q if t not in terms]
        terms = select_terms(terms, opt, file=rs.spec or None) if terms else []
        for r, q in zip(results, shown):
            for t in terms:
                if t in q:
                    e = q[t]
                    w.writerow([*map(_text, (rs.spec, r.name, opt.show, t, opt.labels.get(t, t))), *[_num(getattr(e, f)) for f in ESTIMATE_FIELDS]])
                    n_reg += 1
            stats = {"nobs": int(r.nobs), **{k: v for k, v in r.fit.items()}}
            for k, v in stats.items():
                w.writerow([*map(_text, (rs.spec, r.name, "stat", k, opt.labels.get(k) or STAT_LABELS.get(k, k))), _num(v), "", "", "", "", ""])
                n_reg += 1
        for r in rs.results:
            for name, recs in (r.tables or {}).items():
                records += [(rs.spec, r.name, name, rec) for rec in recs]
    out = reg.getvalue() if n_reg or not records else ""
    if records:
        keys: list[str] = []
        for *_, rec in records:
            keys += [k for k in rec if k not in keys]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["spec", "model", "table", *map(_text, keys)])
        for spec, model, name, rec in records:
            w.writerow([*map(_text, (spec, model, name)), *[_num(rec.get(k)) for k in keys]])
        out = (out + "\n" if out else "") + buf.getvalue()
    return out
