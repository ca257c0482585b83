"""TableModel -> GitHub-flavoured Markdown: a pipe table with the title above, notes below.

The first header row is the pipe-table header; further header rows (model names under column
numbers) and panel titles become bold / italic body rows. Markdown characters in text are
backslash-escaped (stars become ``\\*``), so labels never turn into emphasis, links or math.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from econ_ai.report.model import Cell, HeaderCell, TableModel

_MD_SPECIAL = set("\\`*_[]|#$~")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # only a '<' that could open an HTML tag


def escape_markdown(text: str) -> str:
    s = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
    s = _TAG_START.sub("&lt;", s)
    return " ".join(s.split())  # no newlines inside a table cell


def cell_markdown(c: Cell) -> str:
    body = c.template.format(*c.nums) if c.nums else escape_markdown(c.text)
    return body + escape_markdown(c.stars)


def _header_cells(cells: Sequence[HeaderCell]) -> list[str]:
    out: list[str] = []
    for h in cells:
        out += [escape_markdown(h.text)] + [""] * (h.span - 1)
    return out


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def table_markdown(t: TableModel) -> str:
    n = t.ncols
    header = list(t.header) or [tuple(HeaderCell("") for _ in range(n))]
    lines = []
    if t.title:
        lines += [f"**{escape_markdown(t.title)}**", ""]
    first = _header_cells(header[0])
    stub = escape_markdown(t.header_stub(0)) if t.header else ""
    lines.append(_line([stub, *first]))
    lines.append(_line([":---"] + [":---:"] * n))
    for i, h in enumerate(header[1:], 2):
        stub = escape_markdown(t.header_stub(i - 1))
        lines.append(_line([stub, *[f"**{c}**" if c else "" for c in _header_cells(h)]]))
    for p in t.panels:
        if p.title:
            lines.append(_line([f"*{escape_markdown(p.title)}*"] + [""] * n))
        for s in p.sections:
            for r in s.rows:
                cells = [cell_markdown(c) for c in r.cells]
                if r.role == "names":
                    cells = [f"**{c}**" if c else "" for c in cells]
                lines.append(_line([escape_markdown(r.label), *cells]))
    if t.notes:
        lines += ["", "*Notes:* " + " ".join(escape_markdown(x) for x in t.notes)]
    return "\n".join(lines) + "\n"


def render_markdown(tables: Sequence[TableModel], *, standalone: bool = False) -> str:
    """``standalone`` makes no difference for Markdown; kept for a uniform signature."""
    return "\n".join(table_markdown(t) for t in tables)
