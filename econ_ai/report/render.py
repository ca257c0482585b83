"""The one entry point of the reporting layer: ``render(resultsets, fmt)``.

    render(resultsets, "latex" | "markdown" | "html" | "csv" | "json",
           standalone=False, panels=None, report_overrides=None) -> str

Report options come from each ResultSet's ``report`` mapping (the spec's report block);
``report_overrides`` is laid over every one of them. Several ResultSets make one table with
their models side by side, or (``panels=True``) one panel per ResultSet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from econ_ai.errors import did_you_mean
from econ_ai.results import ResultSet

FORMATS = ("latex", "markdown", "html", "csv", "json")
ALIASES = {"tex": "latex", "md": "markdown", "htm": "html"}
SUFFIX = {"latex": ".tex", "markdown": ".md", "html": ".html", "csv": ".csv", "json": ".json"}


def _as_list(resultsets: ResultSet | Sequence[ResultSet]) -> list[ResultSet]:
    if isinstance(resultsets, ResultSet):
        return [resultsets]
    out = list(resultsets)
    if not out:
        raise ValueError("render: no ResultSet given")
    for rs in out:
        if not isinstance(rs, ResultSet):
            raise TypeError(f"render: expected ResultSet objects, got {type(rs).__name__}")
    return out


def render(
    resultsets: ResultSet | Sequence[ResultSet],
    fmt: str,
    *,
    standalone: bool = False,
    panels: bool | None = None,
    report_overrides: Mapping[str, Any] | None = None,
) -> str:
    """Render ResultSets as text in one format (see module docstring)."""
    fmt = ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}{did_you_mean(fmt, FORMATS)}; choose one of {', '.join(FORMATS)}")
    rsets = _as_list(resultsets)
    if fmt == "json":
        if len(rsets) == 1:
            return rsets[0].to_json() + "\n"
        return json.dumps([rs.to_dict() for rs in rsets], indent=2, allow_nan=False) + "\n"
    if fmt == "csv":
        from econ_ai.report.csvout import csv_text
        from econ_ai.report.estimates import tidy_table

        return csv_text(tidy_table(rsets, report_overrides))
    from econ_ai.report.tables import build_tables

    tables = build_tables(rsets, panels=panels, overrides=report_overrides)
    if not tables:  # no coefficients and no records: say so instead of an empty string
        what = ", ".join(rs.spec or rs.title for rs in rsets)
        return {"latex": f"% econ_ai: nothing to tabulate in {what}\n",
                "markdown": f"*Nothing to tabulate in {what}.*\n",
                "html": f"<p>Nothing to tabulate in {what}.</p>\n"}[fmt]
    if fmt == "latex":
        from econ_ai.report.latex import render_latex as draw
    elif fmt == "markdown":
        from econ_ai.report.markdown import render_markdown as draw
    else:
        from econ_ai.report.html import render_html as draw
    return draw(tables, standalone=standalone)


def write(
    resultsets: ResultSet | Sequence[ResultSet],
    path: str | Path,
    fmt: str | None = None,
    **kwargs: Any,
) -> Path:
    """Render and write to ``path``; the format defaults to the file's suffix."""
    path = Path(path)
    if fmt is None:
        by_suffix = {v: k for k, v in SUFFIX.items()} | {".htm": "html", ".markdown": "markdown"}
        fmt = by_suffix.get(path.suffix.lower())
        if fmt is None:
            raise ValueError(f"cannot tell the format of {path} from its suffix; pass fmt=")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(resultsets, fmt, **kwargs), encoding="utf-8")
    return path
