"""Stepwise tables of a sweep: one table (panel) per combination of the axes other than the
control sets and absorbed effects; its columns are the control sets (and FE variants), with
the regressors' coefficients, one "Yes/No" row per control (the existing control rows of
``econ_ai.report.tables``: ``keep`` shows the regressors and hides the controls), FE rows and
the fit statistics. Built from the ordinary TableModel, so every format works.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from econ_ai.results import ResultSet

COLUMN_AXES = ("controls", "stepwise controls", "absorb", "stepwise absorb")


def stepwise_resultsets(rs: ResultSet) -> list[ResultSet]:
    """The sweep split into panels: same outcome / sample / vcov (and the other axes) per
    panel; each column named by its control set (and FE variant)."""
    groups: dict[tuple, list[Any]] = {}
    for r in rs.results:
        axes = dict(r.extra).get("axes") or {}
        key = tuple((a, v) for a, v in axes.items() if a not in COLUMN_AXES)
        groups.setdefault(key, []).append(r)
    out = []
    for key, results in groups.items():
        cols = []
        for r in results:
            axes = dict(r.extra).get("axes") or {}
            fe = [str(axes[a]) for a in ("absorb", "stepwise absorb") if a in axes]
            ctl = [str(axes[a]) for a in ("controls", "stepwise controls") if a in axes]
            label = ", ".join(fe) if fe else (", ".join(ctl) or r.name)  # controls: the Yes/No rows
            cols.append(replace(r, name=label))
        title = "; ".join(f"{a}: {v}" for a, v in key)
        report = dict(rs.report)
        report["panel"] = title
        out.append(ResultSet(spec=rs.spec, results=tuple(cols), data=rs.data, title=rs.title, kind=rs.kind,
                             report=report))
    return out


def stepwise_table(rs: ResultSet, format: str = "markdown", **report_options: Any) -> str:  # noqa: A002
    """The stepwise table(s) of a sweep in ``format`` (latex, markdown, html, csv)."""
    from econ_ai.report.render import render

    first = rs.results[0] if rs.results else None
    regs = list((dict(first.extra).get("choices") or {}).get("regressors") or []) if first else []
    overrides: dict[str, Any] = {"controls": "each"}
    if regs and "keep" not in (rs.report or {}):
        overrides["keep"] = regs
    overrides.update(report_options)
    parts = stepwise_resultsets(rs)
    return render(parts, format, panels=len(parts) > 1, report_overrides=overrides)
