"""TableModel -> HTML: a plain ``<table>`` with a ``<caption>``, a small embedded ``<style>``
(booktabs-like rules), classes ``stars`` / ``se`` / ``fe`` / ``stat`` / ``panel`` for styling,
notes in ``<tfoot>``. ``standalone=True`` wraps the tables in a whole HTML5 document.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from econ_ai.report.model import Cell, TableModel

STYLE = """<style>
table.econ-ai { border-collapse: collapse; font-family: sans-serif; font-size: 0.9em; margin: 1em 0; }
table.econ-ai caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.4em; }
table.econ-ai th, table.econ-ai td { padding: 0.15em 0.7em; text-align: center; }
table.econ-ai .stub, table.econ-ai td.label { text-align: left; }
table.econ-ai thead { border-top: 2px solid #000; border-bottom: 1px solid #000; }
table.econ-ai th.group { border-bottom: 1px solid #000; }
table.econ-ai tbody + tbody, table.econ-ai tr.panel th { border-top: 1px solid #000; }
table.econ-ai tr.panel th { text-align: left; font-style: italic; font-weight: normal; }
table.econ-ai tbody:last-of-type { border-bottom: 2px solid #000; }
table.econ-ai .stars { vertical-align: super; font-size: 0.75em; }
table.econ-ai td.se { color: #333; }
table.econ-ai tfoot td { text-align: left; font-size: 0.8em; padding-top: 0.4em; }
</style>"""

_ROLE_CLASS = {"estimate": "est", "below": "se", "stat": "stat"}


def html_number(s: str) -> str:
    return escape(s).replace("-", "&minus;")


def cell_html(c: Cell, row_role: str) -> str:
    body = c.template.format(*[html_number(x) for x in c.nums]) if c.nums else escape(c.text)
    if c.stars:
        body += f'<span class="stars">{escape(c.stars)}</span>'
    cls = _ROLE_CLASS.get(c.role, row_role)
    return f'<td class="{cls}">{body}</td>'


def table_html(t: TableModel) -> str:
    n = t.ncols
    out = ['<table class="econ-ai">']
    if t.title:
        out.append(f"<caption>{escape(t.title)}</caption>")
    out.append("<thead>")
    for i, h in enumerate(t.header):
        stub = escape(t.header_stub(i))
        cells = [f'<th class="stub">{stub}</th>']
        for c in h:
            span = f' colspan="{c.span}"' if c.span > 1 else ""
            cls = ' class="group"' if c.rule and c.text else ""
            cells.append(f"<th{span}{cls}>{escape(c.text)}</th>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead>")
    for p in t.panels:
        for k, s in enumerate(p.sections):
            out.append(f'<tbody class="{escape(s.name)}">')
            if k == 0 and p.title:
                out.append(f'<tr class="panel"><th colspan="{n + 1}">{escape(p.title)}</th></tr>')
            for r in s.rows:
                tds = "".join(cell_html(c, r.role) for c in r.cells)
                out.append(f'<tr class="{r.role}"><td class="label">{escape(r.label)}</td>{tds}</tr>')
            out.append("</tbody>")
    if t.notes:
        notes = "<br>".join(escape(x) for x in t.notes)
        out.append(f'<tfoot><tr><td colspan="{n + 1}">Notes: {notes}</td></tr></tfoot>')
    out.append("</table>")
    return "\n".join(out) + "\n"


def render_html(tables: Sequence[TableModel], *, standalone: bool = False) -> str:
    body = STYLE + "\n" + "\n".join(table_html(t) for t in tables)
    if not standalone:
        return body
    title = escape(tables[0].title) if tables and tables[0].title else "econ_ai tables"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
