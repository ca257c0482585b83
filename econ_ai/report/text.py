"""Summary -> plain text (``econ-ai run SPEC --format text``), in the spirit of fixest's
``summary()``; records tables (TableModel) as aligned columns."""

from __future__ import annotations

from econ_ai.report.model import ModelSummary, Summary, TableModel

MAX_RECORD_ROWS = 40


def _block(title: str, stat: str, lines) -> list[str]:
    w = max([len(x.term) for x in lines] + [8])
    out = [f"{title}:", f"  {'':<{w}}  {'Estimate':>11} {'Std. Error':>11} {stat:>9} {'Pr(>|' + stat[0] + '|)':>10}"]
    for x in lines:
        out.append(f"  {x.term:<{w}}  {x.estimate:>11} {x.std_error:>11} {x.statistic:>9} {x.p_value:>10} {x.stars}".rstrip())
    return out


def table_text(t: TableModel, max_rows: int = MAX_RECORD_ROWS) -> list[str]:
    """A records table as aligned text columns (the first ``max_rows`` rows)."""
    head = [t.stub] + [h.text for h in (t.header[-1] if t.header else ())]
    rows = [[r.label] + [c.template.format(*c.nums) + c.stars if c.nums else c.text for c in r.cells]
            for p in t.panels for s in p.sections for r in s.rows]
    shown = rows[:max_rows]
    widths = [max(len(str(x[j])) for x in [head] + shown if j < len(x)) for j in range(len(head))]
    fmt = lambda row: "  " + "  ".join(str(v).ljust(widths[0]) if j == 0 else str(v).rjust(widths[j])  # noqa: E731
                                       for j, v in enumerate(row)).rstrip()
    out = [f"{t.title}:", fmt(head)] + [fmt(r) for r in shown]
    if len(rows) > max_rows:
        out.append(f"  ... {len(rows) - max_rows} more rows (--format csv lists them all)")
    return out


def model_text(m: ModelSummary) -> list[str]:
    out = list(m.head)
    for title, stat, lines in m.blocks:
        out += _block(title, stat, lines)
    out += list(m.fit)
    for t in m.records:
        out += table_text(t)
    out += list(m.sample)
    out += [f"Note: {n}" for n in m.notes]
    return out


def summary_text(s: Summary) -> str:
    out = list(s.head) + [""]
    for m in s.models:
        out += model_text(m) + [""]
    out += list(s.footer)
    return "\n".join(out).rstrip("\n") + "\n"


def summarize(rs, verbose: bool = False) -> str:  # kept for callers; builds in report.summary
    from econ_ai.report.summary import summarize as build_and_draw

    return build_and_draw(rs, verbose=verbose)


def summarize_result(r, verbose: bool = False) -> list[str]:  # kept for callers (Result.summary)
    from econ_ai.report.summary import summarize_result as build_and_draw

    return build_and_draw(r, verbose=verbose)
