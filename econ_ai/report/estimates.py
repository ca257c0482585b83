"""The one estimate-table builder: ResultSets -> tidy estimate rows.

Every view of the coefficients goes through here: the regression tables (``tables``), the tidy
CSV (``csvout``) and the text summary (``text``). It decides which quantity is shown
(coefficients, average marginal effects or odds ratios), which terms (``keep`` / ``drop`` /
``order``) and in which order, and which terms ``keep`` hid (for the "Controls" rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from econ_ai.errors import SpecError
from econ_ai.report.model import TIDY_COLUMNS, TidyRow, TidyTable
from econ_ai.report.options import STAT_LABELS, ReportOptions, matches, select_terms
from econ_ai.results import ESTIMATE_FIELDS, Estimate, Result, ResultSet

INTERCEPTS = ("const", "Intercept", "_cons", "(Intercept)")


@dataclass(frozen=True)
class EstimateRow:
    """One model x term: the shown quantity (``coef`` | ``ame`` | ``or``) with its inference."""

    model: str
    quantity: str
    term: str
    label: str
    estimate: Estimate


def quantities(r: Result, opt: ReportOptions, file: str | None = None) -> dict[str, Estimate]:
    """The estimates shown for one model: coefficients, AMEs or odds ratios (with delta-method
    SE exp(b)*se(b) and the coefficient's z and p, as Stata's ``logit, or``)."""
    if opt.show == "coef":
        return dict(r.coefficients)
    if opt.show == "ame":
        if r.marginal_effects is None:
            raise SpecError(f"show: ame, but model {r.name!r} has no marginal effects", file=file, key="report.show")
        return dict(r.marginal_effects)
    if r.odds_ratios is None:
        raise SpecError(f"show: or, but model {r.name!r} has no odds ratios", file=file, key="report.show")
    out = {}
    for term, o in r.odds_ratios.items():
        c = r.coefficients.get(term)
        se = o.estimate * c.std_error if c is not None else float("nan")
        z = c.statistic if c is not None else float("nan")
        p = c.p_value if c is not None else float("nan")
        out[term] = Estimate(o.estimate, se, z, p, o.ci_low, o.ci_high)
    return out


@dataclass(frozen=True)
class EstimateTable:
    """What a regression table shows: the terms in table order, each model's quantities, and
    the terms ``keep`` hid per model (intercepts excluded)."""

    results: tuple[Result, ...]
    shown: tuple[dict[str, Estimate], ...]
    terms: tuple[str, ...]
    hidden: tuple[tuple[str, ...], ...]
    quantity: str

    def rows(self, opt: ReportOptions) -> list[EstimateRow]:
        out = []
        for r, q in zip(self.results, self.shown):
            out += [EstimateRow(r.name, self.quantity, t, opt.labels.get(t, t), q[t]) for t in self.terms if t in q]
        return out


def estimate_table(results: Sequence[Result], opt: ReportOptions, file: str | None = None, *,
                   with_dropped: bool = True, strict: bool = True) -> EstimateTable:
    results = tuple(results)
    shown = tuple(quantities(r, opt, file) for r in results)
    all_terms: list[str] = []
    for r, q in zip(results, shown):
        extra = list(r.dropped_terms) if (with_dropped and opt.show == "coef") else []
        all_terms += [t for t in list(q) + extra if t not in all_terms]
    terms = select_terms(all_terms, opt, file=file, strict=strict) if all_terms else []
    hidden = []
    for q in shown:
        hidden.append(tuple(t for t in q if opt.keep and not matches(t, opt.keep) and t not in INTERCEPTS
                            and not matches(t, opt.drop)))
    return EstimateTable(results, shown, tuple(terms), tuple(hidden), opt.show)


def tidy_rows(results: Sequence[Result], opt: ReportOptions, file: str | None = None) -> list[EstimateRow]:
    """Tidy rows (model x term) in table order: what the CSV and the text summary list."""
    return estimate_table(results, opt, file, with_dropped=False).rows(opt)


def tidy_table(resultsets: Sequence[ResultSet], overrides: Mapping[str, Any] | None = None) -> TidyTable:
    """ResultSets -> the tidy model the CSV renderer draws (full precision)."""
    rows: list[TidyRow] = []
    records: list[tuple[str, str, str, Mapping[str, Any]]] = []
    regs = [r for rs in resultsets for r in rs.results if r.coefficients or r.marginal_effects or r.odds_ratios]
    if overrides and regs and len(resultsets) > 1:  # patterns laid over every ResultSet: checked on all terms
        first = resultsets[0]
        estimate_table(regs, ReportOptions.parse({**dict(first.report or {}), **dict(overrides)}, file=first.spec or None),
                       first.spec or None, with_dropped=False)
    for rs in resultsets:
        opt = ReportOptions.parse({**dict(rs.report or {}), **dict(overrides or {})}, file=rs.spec or None)
        results = [r for r in rs.results if r.coefficients or r.marginal_effects or r.odds_ratios]
        et = estimate_table(results, opt, rs.spec or None, with_dropped=False, strict=len(resultsets) == 1)
        for r, q in zip(et.results, et.shown):
            for t in et.terms:
                if t in q:
                    e = q[t]
                    rows.append(TidyRow(rs.spec, r.name, opt.show, t, opt.labels.get(t, t),
                                        tuple(getattr(e, f) for f in ESTIMATE_FIELDS)))
            for k, v in {"nobs": int(r.nobs), **dict(r.fit)}.items():
                rows.append(TidyRow(rs.spec, r.name, "stat", k, opt.labels.get(k) or STAT_LABELS.get(k, k),
                                    (v, "", "", "", "", "")))
        for r in rs.results:
            for name, recs in (r.tables or {}).items():
                records += [(rs.spec, r.name, name, rec) for rec in recs]
    keys: list[str] = []
    for *_, rec in records:
        keys += [k for k in rec if k not in keys]
    return TidyTable(
        columns=TIDY_COLUMNS, rows=tuple(rows),
        record_keys=tuple(keys),
        records=tuple((s, m, n, tuple(rec.get(k) for k in keys)) for s, m, n, rec in records),
    )


TIDY_FRAME_COLUMNS = ("model", "term", "quantity", *ESTIMATE_FIELDS)


def tidy_frame(results: Sequence[Result]):
    """``Result.tidy()`` / ``ResultSet.tidy()``: every quantity a model reports -- ``coef``,
    then ``ame`` and ``or`` for logits -- one row per model x term, through the same builder
    as the tables (odds ratios with the delta-method SE, as the tables show them)."""
    import pandas as pd

    rows: list[tuple] = []
    for show, has in (("coef", lambda r: bool(r.coefficients)), ("ame", lambda r: r.marginal_effects is not None),
                      ("or", lambda r: r.odds_ratios is not None)):
        chosen = [r for r in results if has(r)]
        if chosen:
            for row in tidy_rows(chosen, ReportOptions.parse({"show": show})):
                rows.append((row.model, row.term, show, *(getattr(row.estimate, f) for f in ESTIMATE_FIELDS)))
    return pd.DataFrame(rows, columns=list(TIDY_FRAME_COLUMNS))
