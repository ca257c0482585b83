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
from econ_ai.report.model import Cell, HeaderCell, Layout, Panel, Row, Section, TableModel  # noqa: F401
from econ_ai.report.estimates import estimate_table, quantities
from econ_ai.report.options import (  # noqa: F401  (re-exported: tests import them here)
    GENERIC_STATS, STAT_ALIASES, STAT_LABELS, ReportOptions, column_ranges, default_stats, fmt_code, fmt_float,
    fmt_int, fmt_sig, fmt_value, is_code_key, matches, select_terms, star_text, vcov_phrase,
)
from econ_ai.results import Estimate, Result, ResultSet

SYNTHETIC_NOTE = "Synthetic data \u2014 calibrated to published aggregates, not the real microdata."


def _pfmt(p: float) -> str:
    return f"{p:.2f}" if round(p, 2) == p else f"{p:g}"


def _quantity_sentence(opt: ReportOptions) -> str:
    below = {
        "se": "Standard errors in parentheses." if opt.show == "coef" else "Standard errors (delta method) in parentheses.",
        "t": "t statistics in parentheses.",
        "ci": "95% confidence intervals in brackets.",
        "none": "",
    }[opt.below]
    head = {"coef": "", "ame": "Average marginal effects.", "or": "Odds ratios (exponentiated coefficients)."}[opt.show]
    return " ".join(s for s in (head, below) if s)


def table_notes(blocks: Sequence[tuple[str, Sequence[Result]]], opt: ReportOptions, synthetic: bool,
                block_opts: Sequence[ReportOptions] | None = None) -> tuple[str, ...]:
    """Notes under a table. ``blocks`` = (panel name or '', its results): the SE sentence is
    said once when every column shares it, else per column range (and panel). ``block_opts``
    (stacked panels) = each panel's options: what its cells show (coefficients, AMEs, odds
    ratios) and its own ``report.notes`` are said per panel when the panels differ."""
    notes: list[str] = []
    bopts = list(block_opts) if block_opts else [opt] * len(blocks)
    sentences = [_quantity_sentence(o) for o in bopts]
    if len(set(sentences)) <= 1:
        notes.append(sentences[0] if sentences else _quantity_sentence(opt))
    else:
        for (name, _), sent in zip(blocks, sentences):
            if sent:
                notes.append(f"{name}: {sent}" if name else sent)
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
    notes += dropped_notes(blocks)
    if synthetic:
        notes.append(SYNTHETIC_NOTE)
    seen: list[str] = []
    for o in ([opt] + bopts):
        seen += [n for n in o.notes if n not in seen]
    notes += seen
    return tuple(n for n in notes if n)


def _dropped_sentence(r: Result, term: str) -> str:
    """Why ``term`` is not in column ``r``: the estimator's note, in the outcome's words."""
    hit = next((n for n in r.notes if f"{term} dropped" in n or f"{term} omitted" in n), "")
    if not hit:
        return f"{term} dropped"
    outcome = r.outcome or "the outcome"
    hit = hit.replace("predicts failure perfectly", f"predicts {outcome} = 0 perfectly")
    hit = hit.replace("predicts success perfectly", f"predicts {outcome} = 1 perfectly")
    return hit


def dropped_notes(blocks: Sequence[tuple[str, Sequence[Result]]]) -> list[str]:
    """One note per reason a term was dropped (perfect prediction, collinearity), naming the
    term and the columns it is missing from, and the observations it cost."""
    where: dict[str, list[str]] = {}
    for name, results in blocks:
        cols: dict[str, list[int]] = {}
        for i, r in enumerate(results, 1):
            for t in r.dropped_terms:
                cols.setdefault(_dropped_sentence(r, t), []).append(i)
        for sent, c in cols.items():
            where.setdefault(sent, []).append((f"{name} " if name else "") + column_ranges(c))
    return [f"{'; '.join(w)}: {sent}." for sent, w in where.items()]


# --------------------------------------------------------------------------- regression panels
_quantities = quantities  # the one builder lives in econ_ai.report.estimates


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
                name = re.sub(r"\s+(FE|fixed effects?)$", "", opt.fe_labels.get(n) or opt.labels.get(n) or n)
                vcov_rows.append(Row(f"Clusters ({name})", tuple(cells + pad), "vcov"))
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


def _coef_cells(e: Estimate, opt: ReportOptions) -> tuple[Cell, Cell]:
    main = Cell(nums=(fmt_sig(e.estimate, opt.digits),), stars=star_text(e.p_value, opt.stars), role="estimate")
    if opt.below == "se":
        below = Cell(nums=(fmt_sig(e.std_error, opt.digits),), template="({0})", role="below")
    elif opt.below == "t":
        below = Cell(nums=(fmt_float(e.statistic, 2),), template="({0})", role="below")
    elif opt.below == "ci":
        below = Cell(nums=(fmt_sig(e.ci_low, opt.digits), fmt_sig(e.ci_high, opt.digits)), template="[{0}, {1}]", role="below")
    else:
        below = Cell()
    return main, below


def _control_rows(et, opt: ReportOptions, pad: list[Cell], file: str | None) -> list[Row]:
    """Yes/No rows for the controls that ``keep`` hides (per control, one row, or named groups)."""
    if opt.controls == "none" or not any(et.hidden):
        return []
    yes = lambda b: Cell(text="Yes" if b else "No")  # noqa: E731
    if opt.controls == "one":
        return [Row(opt.labels.get("controls", "Controls"), tuple([yes(bool(h)) for h in et.hidden] + pad), "controls")]
    if opt.controls == "each":
        names: list[str] = []
        for h in et.hidden:
            names += [t for t in h if t not in names]
        return [Row(opt.labels.get(t, t), tuple([yes(t in h) for h in et.hidden] + pad), "controls", t) for t in names]
    rows = []
    every = sorted({t for h in et.hidden for t in h})
    for i, (label, pats) in enumerate(opt.controls):
        for p in pats:  # a wildcard group may match nothing in a variant (its row reads No)
            if "*" not in p and not any(matches(t, [p]) for t in every):
                raise SpecError(f"{p!r} names no control that keep hides{did_you_mean(p, every)}",
                                file=file, key=f"report.controls.{label}")
        rows.append(Row(label, tuple([yes(any(matches(t, pats) for t in h)) for h in et.hidden] + pad), "controls"))
    return rows


def depvar_labels(results: Sequence[Result], opt: ReportOptions) -> list[str]:
    return [opt.labels.get(r.outcome, r.outcome) for r in results]


def regression_panel(rs: ResultSet, opt: ReportOptions, ncols: int, title: str = "", names_row: bool = False,
                     depvar_row: bool = False) -> Panel:
    """One panel: coefficient rows (estimate + below), control rows, FE rows, vcov rows, stats rows."""
    results = [r for r in rs.results]
    file = rs.spec or None
    et = estimate_table(results, opt, file)
    pad = [Cell()] * (ncols - len(results))
    coef_rows: list[Row] = []
    for t in et.terms:
        main, below = [], []
        for r, q in zip(results, et.shown):
            e = q.get(t)
            if e is None:
                main.append(Cell(text="(dropped)") if t in r.dropped_terms else Cell())
                below.append(Cell())
                continue
            m, b = _coef_cells(e, opt)
            main.append(m)
            below.append(b)
        coef_rows.append(Row(opt.labels.get(t, t), tuple(main + pad), "coef", t))
        if opt.below != "none":
            below = [c if all(c.nums) else Cell() for c in below]
            coef_rows.append(Row("", tuple(below + pad), "below", t))
    sections: list[Section] = []
    head: list[Row] = []
    if depvar_row:
        dv = [Cell(text=x) for x in depvar_labels(results, opt)]
        head.append(Row(opt.labels.get("depvar", "Dependent variable"), tuple(dv + pad), "names"))
    if names_row:
        names = [Cell(text=opt.labels.get(r.name, r.name)) for r in results]
        head.append(Row("", tuple(names + pad), "names"))
    if head:
        sections.append(Section("names", tuple(head)))
    sections.append(Section("coef", tuple(coef_rows)))
    controls = _control_rows(et, opt, pad, file)
    if controls:
        sections.append(Section("controls", tuple(controls)))
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
            panels.append(regression_panel(rs, o, ncols, title, names_row=not shared,
                                           depvar_row=o.depvar and any(r.outcome for r in rs.results)))
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
    stubs = [""] * len(header)
    if not stacked and opt0.depvar and any(r.outcome for r in all_results):
        dv = depvar_labels(all_results, opt0)
        if dv != names:
            header.append(_spans(dv, ncols))
            stubs.append(opt0.labels.get("depvar", "Dependent variable"))
        else:  # the model names are the dependent variables: one row says both
            names = []
            header.append(tuple(HeaderCell(n) for n in dv))
            stubs.append(opt0.labels.get("depvar", "Dependent variable"))
    if names:
        header.append(tuple(HeaderCell(n) for n in names) + (HeaderCell(""),) * (ncols - len(names)))
        stubs.append("")
    if stacked:
        blocks = [(p.title.split(":")[0], rs.results) for p, rs in zip(panels, rsets)]
    else:
        blocks = [("", all_results)]
    notes = table_notes(blocks, opt0, synthetic, block_opts=opts if stacked else None)
    return TableModel(
        title=opt0.caption or opt0.title or rs0.title, header=tuple(header), panels=tuple(panels), ncols=ncols,
        notes=notes, label=opt0.label or f"tab:{_slug(rs0.spec)}", threeparttable=opt0.threeparttable,
        header_stubs=tuple(stubs), layout=_layout(opt0),
    )


def _layout(opt: ReportOptions) -> Layout:
    return Layout(siunitx=opt.siunitx, wide=opt.wide, wrap=opt.wrap)


def _spans(texts: Sequence[str], ncols: int) -> tuple[HeaderCell, ...]:
    """Adjacent equal texts share one cell (etable's "Dependent Var." row)."""
    cells: list[HeaderCell] = []
    for t in texts:
        if cells and cells[-1].text == t and t:
            cells[-1] = HeaderCell(t, cells[-1].span + 1, rule=True)
        else:
            cells.append(HeaderCell(t))
    cells = [HeaderCell(c.text, c.span, rule=c.span > 1) for c in cells]
    return tuple(cells) + (HeaderCell(""),) * (ncols - len(texts))


# what the describe kind's internal names mean, unless the spec's labels say otherwise
RECORD_LABELS = {"__rows__": "Number of firms", "n": "N", "n_missing": "N missing", "n_group": "N in group",
                 "n_incomplete": "N incomplete", "sd": "Std. dev.", "ratio_to_rows": "Ratio to firm share"}


def _count_column(key: str, values: Sequence[Any]) -> bool:
    """A column of counts: every value a whole number (ints, or floats such as weighted sums
    of ones that are whole), and at least one of them an int or the key names a count/total."""
    vals = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not vals or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in vals):
        return False
    if not all(float(v).is_integer() for v in vals):
        return False
    k = str(key).lower()
    return all(isinstance(v, int) for v in vals) or k in ("n", "count", "total", "group_total") or k.startswith("n_") \
        or k.endswith(("_total", "_count"))


def _total_key(key: str) -> bool:
    k = str(key).lower()
    return k in ("total", "group_total", "weighted", "wsum", "sum") or k.endswith(("_total", "_sum"))


def _ordered(records: Sequence[Mapping[str, Any]], opt: ReportOptions, file: str | None) -> list[Mapping[str, Any]]:
    """``report.row_order: {key: [v1, v2, ...]}``: rows in that order of ``key`` (stable; values
    not listed keep their place after the listed ones)."""
    out = list(records)
    for key, order in opt.row_order.items():
        seen = {str(rec.get(key)) for rec in out if key in rec}
        if not seen:
            continue
        for v in order:
            if v not in seen:
                raise SpecError(f"row_order value {v!r} never occurs in column {key!r}{did_you_mean(v, sorted(seen))}",
                                file=file, key=f"report.row_order.{key}")
        rank = {v: i for i, v in enumerate(order)}
        out.sort(key=lambda rec: rank.get(str(rec.get(key)), len(rank)))
    return out


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
    records = _ordered(records, opt, rs.spec or None)
    counts = {k for k in keys if _count_column(k, [rec.get(k) for rec in records])}
    rows = []
    for rec in records:
        cells = []
        for k in keys:
            v = rec.get(k)
            if is_code_key(k, opt.codes):
                c = fmt_code(v)
            elif k in counts and v is not None:
                c = Cell(nums=(fmt_int(round(float(v))),), role="stat")
            elif _total_key(k) and isinstance(v, (int, float)) and not isinstance(v, bool) \
                    and (abs(v) >= 100 or float(v).is_integer()):
                c = Cell(nums=(fmt_int(round(float(v))),), role="stat")  # sums: 9,904, never 9904.000
            else:
                c = fmt_value(v, opt.digits)
            cells.append(Cell(text=opt.labels.get(c.text) or RECORD_LABELS.get(c.text, c.text)) if c.text else c)
        rows.append(Row(cells[0].text or "".join(cells[0].nums), tuple(cells[1:]), "record"))
    ncols = len(keys) - 1
    label = lambda k: opt.labels.get(k) or RECORD_LABELS.get(k, k)  # noqa: E731
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
