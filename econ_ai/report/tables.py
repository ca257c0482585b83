"""ResultSets -> TableModel: what a table shows, kept apart from how it is drawn.

The statsmodels ``summary2`` idea: ``build_tables`` decides the rows, cells, stars, notes and
number formatting once; ``latex``/``markdown``/``html`` only draw a ``TableModel``. Numbers are
stored already rounded, as text with an ASCII ``-`` minus and ``,`` thousands separators
(``Cell.nums``); each renderer turns them into its own typography (``$-$`` and ``{,}`` in LaTeX).

Options come from a spec's ``report`` block (see ``ReportOptions``); bad options raise
``SpecError`` naming the spec file, the key and the near miss.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from econ_ai.errors import SpecError, did_you_mean
from econ_ai.report.model import Cell, HeaderCell, Panel, Row, Section, TableModel  # noqa: F401
from econ_ai.report.options import (  # noqa: F401  (re-exported: the renderers and tests import them here)
    GENERIC_STATS, STAT_ALIASES, default_stats, STAT_LABELS, ReportOptions, column_ranges, fmt_float,
    fmt_int, fmt_value, matches, select_terms, star_text, vcov_phrase,
)
from econ_ai.results import Estimate, Result, ResultSet

SYNTHETIC_NOTE = "Synthetic data \u2014 calibrated to published aggregates, not the real microdata."


def _pfmt(p: float) -> str:
    return f"{p:.2f}" if round(p, 2) == p else f"{p:g}"


def table_notes(blocks: Sequence[tuple[str, Sequence[Result]]], opt: ReportOptions, synthetic: bool) -> tuple[str, ...]:
    """Notes under a table. ``blocks`` = (panel name or '', its results): the SE sentence is
    said once when every column shares it, else per column range (and panel)."""
    notes: list[str] = []
    below = {
        "se": "Standard errors in parentheses." if opt.show == "coef" else "Standard errors (delta method) in parentheses.",
        "t": "t statistics in parentheses.",
        "ci": "95% confidence intervals in brackets.",
        "none": "",
    }[opt.below]
    head = {"coef": "", "ame": "Average marginal effects.", "or": "Odds ratios (exponentiated coefficients)."}[opt.show]
    notes.append(" ".join(s for s in (head, below) if s))
    if opt.stars:
        nb = "\u00a0"  # "p < 0.05" never broken across lines
        notes.append(", ".join(f"{s}{nb}p{nb}<{nb}{_pfmt(p)}" for p, s in sorted(opt.stars, reverse=True)) + ".")
    distinct = {vcov_phrase(r) for _, results in blocks for r in results} - {""}
    if len(distinct) == 1:
        notes.append(distinct.pop() + ".")
    elif distinct:  # one sentence per SE type, naming its columns (panel by panel)
        where: dict[str, list[str]] = {}
        for name, results in blocks:
            cols: dict[str, list[int]] = {}
            for i, r in enumerate(results, 1):
                if vcov_phrase(r):
                    cols.setdefault(vcov_phrase(r), []).append(i)
            for ph, c in cols.items():
                where.setdefault(ph, []).append((f"{name} " if name else "") + column_ranges(c))
        notes += [f"{'; '.join(w)}: {ph}." for ph, w in where.items()]
    if synthetic:
        notes.append(SYNTHETIC_NOTE)
    notes += list(opt.notes)
    return tuple(n for n in notes if n)


# --------------------------------------------------------------------------- regression panels
def _quantities(r: Result, opt: ReportOptions, file: str | None) -> dict[str, Estimate]:
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


def _stat_value(r: Result, key: str) -> Any:
    if key == "nobs":
        return int(r.nobs)
    for source in (r.fit, r.extra or {}):  # logit keeps depvar_mean in extra
        for k in STAT_ALIASES.get(key, (key,)):
            if k in source:
                v = source[k]
                return None if isinstance(v, float) and math.isnan(v) else v
    return None


def _stat_rows(results: Sequence[Result], opt: ReportOptions, kind: str, ncols: int, file: str | None) -> tuple[Section, ...]:
    explicit = opt.stats is not None
    keys = opt.stats if explicit else default_stats(kind)
    pad = [Cell()] * (ncols - len(results))
    vcov_rows: list[Row] = []
    stat_rows: list[Row] = []
    for key in keys:
        if key == "vcov":
            cells = [Cell(text=_vcov_short(r)) for r in results]
            if any(not c.empty for c in cells):
                vcov_rows.append(Row(opt.labels.get("vcov", STAT_LABELS["vcov"]), tuple(cells + pad), "vcov"))
            continue
        if key == "clusters":
            names: list[str] = []
            for r in results:
                names += [n for n in (r.vcov.clusters if r.vcov else {}) if n not in names]
            for n in names:
                cells = [Cell(nums=(fmt_int(r.vcov.clusters[n]),), role="stat") if r.vcov and n in r.vcov.clusters else Cell() for r in results]
                vcov_rows.append(Row(f"Clusters ({opt.labels.get(n, n)})", tuple(cells + pad), "vcov"))
            continue
        values = [_stat_value(r, key) for r in results]
        if all(v is None for v in values):
            if explicit:
                avail = sorted({"nobs", "vcov", "clusters"} | {k for r in results for k in r.fit})
                raise SpecError(f"no model reports {key!r}{did_you_mean(key, avail)}; available: {', '.join(avail)}",
                                file=file, key="report.stats")
            continue
        label = opt.labels.get(key) or STAT_LABELS.get(key) or key.replace("_", " ").capitalize()
        cells = [fmt_value(v, opt.digits) for v in values]
        stat_rows.append(Row(label, tuple(cells + pad), "stat", key))
    return tuple(Section(n, tuple(rows)) for n, rows in (("vcov", vcov_rows), ("stats", stat_rows)) if rows)


def _vcov_short(r: Result) -> str:
    if r.vcov is None:
        return ""
    t = r.vcov.type.lower()
    return {"iid": "IID", "hc1": "HC1", "cluster": "Clustered", "bootstrap": "Bootstrap", "gmm": "GMM"}.get(t, r.vcov.type)


def regression_panel(rs: ResultSet, opt: ReportOptions, ncols: int, title: str = "", names_row: bool = False) -> Panel:
    """One panel: coefficient rows (estimate + below), FE rows, vcov rows, stats rows."""
    results = [r for r in rs.results]
    file = rs.spec or None
    shown = [_quantities(r, opt, file) for r in results]
    terms: list[str] = []
    for r, q in zip(results, shown):
        terms += [t for t in list(q) + list(r.dropped_terms if opt.show == "coef" else ()) if t not in terms]
    terms = select_terms(terms, opt, file=file)
    pad = [Cell()] * (ncols - len(results))
    coef_rows: list[Row] = []
    for t in terms:
        main, below = [], []
        for r, q in zip(results, shown):
            e = q.get(t)
            if e is None:
                main.append(Cell(text="(dropped)") if t in r.dropped_terms else Cell())
                below.append(Cell())
                continue
            main.append(Cell(nums=(fmt_float(e.estimate, opt.digits),), stars=star_text(e.p_value, opt.stars), role="estimate"))
            if opt.below == "se":
                below.append(Cell(nums=(fmt_float(e.std_error, opt.digits),), template="({0})", role="below"))
            elif opt.below == "t":
                below.append(Cell(nums=(fmt_float(e.statistic, 2),), template="({0})", role="below"))
            elif opt.below == "ci":
                below.append(Cell(nums=(fmt_float(e.ci_low, opt.digits), fmt_float(e.ci_high, opt.digits)),
                                  template="[{0}, {1}]", role="below"))
        coef_rows.append(Row(opt.labels.get(t, t), tuple(main + pad), "coef", t))
        if opt.below != "none":
            below = [c if all(c.nums) else Cell() for c in below]
            coef_rows.append(Row("", tuple(below + pad), "below", t))
    sections: list[Section] = []
    if names_row:
        names = [Cell(text=opt.labels.get(r.name, r.name)) for r in results]
        sections.append(Section("names", (Row("", tuple(names + pad), "names"),)))
    sections.append(Section("coef", tuple(coef_rows)))
    fes: list[str] = []
    for r in results:
        fes += [f for f in r.absorbed if f not in fes]
    if fes:
        fe_rows = [Row(opt.fe_labels.get(f) or opt.labels.get(f) or f"{f} FE",
                       tuple([Cell(text="Yes" if f in r.absorbed else "No") for r in results] + pad), "fe", f) for f in fes]
        sections.append(Section("fe", tuple(fe_rows)))
    sections += _stat_rows(results, opt, rs.kind or (results[0].kind if results else ""), ncols, file)
    return Panel(title, tuple(sections))


# --------------------------------------------------------------------------- whole tables
def _group_header(opt: ReportOptions, names: Sequence[str], ncols: int, file: str | None) -> tuple[HeaderCell, ...]:
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for i, g in enumerate(opt.groups):
        key = f"report.groups[{i}]"
        if "models" in g:
            want = [str(m) for m in g["models"]]
            idx = []
            for m in want:
                if m not in names:
                    raise SpecError(f"no model {m!r}{did_you_mean(m, names)}", file=file, key=key + ".models")
                idx.append(names.index(m))
            if sorted(idx) != list(range(min(idx), max(idx) + 1)):
                raise SpecError("the models of a column group must be adjacent", file=file, key=key + ".models")
            start, span = min(idx), len(idx)
        else:
            span = g.get("span", 1)
            if (isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) and not isinstance(x, bool)
                                                                             for x in span) and 1 <= span[0] <= span[1]):
                start, span = span[0] - 1, span[1] - span[0] + 1  # [first, last], 1-based columns
            elif isinstance(span, bool) or not isinstance(span, int) or span < 1:
                raise SpecError(f"span must be a number of columns or [first, last] column numbers, got {span!r}",
                                file=file, key=key + ".span")
            else:
                start = pos
        if start < pos or start + span > ncols:
            raise SpecError(f"group {g['label']!r} overlaps another group or runs past the {ncols} columns",
                            file=file, key=key)
        spans.append((start, span, str(g["label"])))
        pos = start + span
    cells: list[HeaderCell] = []
    col = 0
    for start, span, label in spans:
        cells += [HeaderCell("")] * (start - col)
        cells.append(HeaderCell(label, span, rule=True))
        col = start + span
    return tuple(cells + [HeaderCell("")] * (ncols - col))


def _slug(s: str) -> str:
    stem = re.split(r"[\\/]", s)[-1].rsplit(".", 1)[0]
    return re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() or "table"


def _regression_table(rsets: list[ResultSet], opts: list[ReportOptions], stacked: bool) -> TableModel:
    opt0, rs0 = opts[0], rsets[0]
    file = rs0.spec or None
    synthetic = any(rs.data is not None and rs.data.synthetic for rs in rsets)
    header: list[tuple[HeaderCell, ...]] = []
    if stacked:
        ncols = max(len(rs.results) for rs in rsets)
        name_lists = [[o.labels.get(r.name, r.name) for r in rs.results] for rs, o in zip(rsets, opts)]
        shared = all(n == name_lists[0] for n in name_lists)
        panels = []
        for i, (rs, o) in enumerate(zip(rsets, opts)):
            title = o.panel or f"Panel {chr(65 + i)}: {rs.title or _slug(rs.spec)}"
            panels.append(regression_panel(rs, o, ncols, title, names_row=not shared))
        names = name_lists[0] if shared else []
        all_results = [r for rs in rsets for r in rs.results]
    else:
        all_results = [r for rs in rsets for r in rs.results]
        labels: dict[str, str] = {}
        fe_labels: dict[str, str] = {}
        for o in reversed(opts):  # every ResultSet's labels, the first one winning a conflict
            labels.update(o.labels)
            fe_labels.update(o.fe_labels)
        opt0 = replace(opt0, labels=labels, fe_labels=fe_labels)
        kinds = {rs.kind or r.kind for rs in rsets for r in rs.results}
        merged = ResultSet(rs0.spec, tuple(all_results), rs0.data, rs0.title, kinds.pop() if len(kinds) == 1 else "")
        ncols = len(all_results)
        panels = [regression_panel(merged, opt0, ncols)]
        names = [opt0.labels.get(r.name, r.name) for r in all_results]
        if not opt0.groups and len(rsets) > 1:
            opt0 = replace(opt0, groups=tuple(
                {"label": o.group or rs.title or _slug(rs.spec), "span": len(rs.results)} for rs, o in zip(rsets, opts)))
    if opt0.groups:
        header.append(_group_header(opt0, [r.name for r in all_results] if not stacked else [r.name for r in rs0.results], ncols, file))
    if opt0.column_numbers:
        header.append(tuple(HeaderCell(f"({i})") for i in range(1, ncols + 1)))
    if names:
        header.append(tuple(HeaderCell(n) for n in names) + (HeaderCell(""),) * (ncols - len(names)))
    if stacked:
        blocks = [(p.title.split(":")[0], rs.results) for p, rs in zip(panels, rsets)]
    else:
        blocks = [("", all_results)]
    notes = table_notes(blocks, opt0, synthetic)
    return TableModel(
        title=opt0.caption or opt0.title or rs0.title, header=tuple(header), panels=tuple(panels), ncols=ncols,
        notes=notes, label=opt0.label or f"tab:{_slug(rs0.spec)}", threeparttable=opt0.threeparttable,
    )


def records_table(rs: ResultSet, r: Result, name: str, records: Sequence[Mapping[str, Any]], opt: ReportOptions) -> TableModel:
    """A descriptive table (describe, top_quantile, ...): one row per record, one column per
    record key (``report.columns`` picks and orders them); labels apply to keys and to text values."""
    keys: list[str] = []
    for rec in records:
        keys += [k for k in rec if k not in keys]
    if opt.columns:
        for c in opt.columns:
            if c not in keys:
                raise SpecError(f"table {name!r} has no column {c!r}{did_you_mean(c, keys)}",
                                file=rs.spec or None, key="report.columns")
        keys = list(opt.columns)
    if not keys:
        keys = [""]
    rows = []
    for rec in records:
        cells = []
        for k in keys:
            c = fmt_value(rec.get(k), opt.digits)
            cells.append(Cell(text=opt.labels.get(c.text, c.text)) if c.text else c)
        rows.append(Row(cells[0].text or "".join(cells[0].nums), tuple(cells[1:]), "record"))
    ncols = len(keys) - 1
    label = lambda k: opt.labels.get(k, k)  # noqa: E731
    multi = len(rs.results) > 1 or len(r.tables) > 1
    title = opt.caption or opt.title or rs.title or r.name
    if multi:
        title = f"{title}: {r.name}" + (f" ({name})" if len(r.tables) > 1 else "")
    synthetic = rs.data is not None and rs.data.synthetic
    notes = ((SYNTHETIC_NOTE,) if synthetic else ()) + tuple(opt.notes)
    suffix = f"-{_slug(r.name)}-{_slug(name)}" if multi else ""
    return TableModel(
        title=title, header=(tuple(HeaderCell(label(k)) for k in keys[1:]),),
        panels=(Panel("", (Section("records", tuple(rows)),)),), ncols=ncols, stub=label(keys[0]),
        notes=notes, label=(opt.label or f"tab:{_slug(rs.spec)}") + suffix,
        threeparttable=opt.threeparttable, kind="records",
    )


def is_regression(r: Result) -> bool:
    return bool(r.coefficients or r.marginal_effects or r.odds_ratios)


def options_for(rs: ResultSet, overrides: Mapping[str, Any] | None = None) -> ReportOptions:
    return ReportOptions.parse({**dict(rs.report or {}), **dict(overrides or {})}, file=rs.spec or None)


def build_tables(
    resultsets: Sequence[ResultSet], *, panels: bool | None = None, overrides: Mapping[str, Any] | None = None
) -> list[TableModel]:
    """ResultSets -> the tables they make: one regression table (models side by side, or one
    panel per ResultSet when ``panels`` is true; by default, panels when every ResultSet has a
    ``report.panel`` title), then one records table per descriptive ``Result.tables`` entry."""
    rsets = list(resultsets)
    opts = [options_for(rs, overrides) for rs in rsets]
    reg = [(ResultSet(rs.spec, tuple(r for r in rs.results if is_regression(r)), rs.data, rs.title, rs.kind, rs.report), o)
           for rs, o in zip(rsets, opts)]
    reg = [(rs, o) for rs, o in reg if rs.results]
    out: list[TableModel] = []
    if reg:
        stacked = panels if panels is not None else (len(reg) > 1 and all(o.panel for _, o in reg))
        out.append(_regression_table([rs for rs, _ in reg], [o for _, o in reg], bool(stacked) and len(reg) > 1))
    for rs, o in zip(rsets, opts):
        for r in rs.results:
            for name, records in (r.tables or {}).items():
                out.append(records_table(rs, r, name, records, o))
    return out
