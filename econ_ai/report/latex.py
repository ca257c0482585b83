"""TableModel -> LaTeX (booktabs), in the style of esttab / etable.

Coefficients with stars as ``$^{***}$``, the statistic beneath, ``\\cmidrule(lr)`` under column
groups, ``\\midrule`` between sections, a panel title row per panel, notes in a ``\\parbox`` as
wide as the table (the tabular is measured in box 0; no extra package) or, with
``threeparttable: true``, in a ``tablenotes`` list. Numbers: ``$-$`` minus, ``{,}`` thousands separators.
``standalone=True`` wraps the table in an ``article`` document that compiles with pdflatex.
"""

from __future__ import annotations

from collections.abc import Sequence

from econ_ai.report.tables import Cell, HeaderCell, Row, TableModel

# Characters with a meaning in TeX (and a few that OT1 fonts draw wrongly, or that `\\` would
# read as its optional argument / star at a row start).
_TEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", "[": "{[}", "]": "{]}",
    "*": "{*}", "\u00b2": r"\textsuperscript{2}", "\u00b3": r"\textsuperscript{3}",
    "\u20ac": r"\texteuro{}", "\u2014": "---", "\u2013": "--", "\u2212": "$-$", "\u00a0": "~", "\n": " ", "\r": " ", "\t": " ",
}
# Pairs that fonts turn into ligatures (-- en dash, ,, low quote); the first one gets a "{}".
_LIGATURE_FIRST = {"-": "-", ",": ","}


def escape_latex(text: str) -> str:
    """Escape text so it prints literally in LaTeX (``_ % & # $ { } ~ ^ \\`` and friends).
    Control characters are dropped; other non-ASCII letters are left to inputenc (utf8)."""
    out = []
    text = str(text)
    for i, ch in enumerate(text):
        if ch in _LIGATURE_FIRST and i + 1 < len(text) and text[i + 1] == _LIGATURE_FIRST[ch]:
            out.append(ch + "{}")
        elif ch == "`":  # a left quote in every font encoding (no TS1 glyph, no bitmap fonts)
            out.append("{`}")
        elif ch in _TEX:
            out.append(_TEX[ch])
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            continue
        else:
            out.append(ch)
    return "".join(out)


def latex_number(s: str) -> str:
    """'-1,234.5' -> '$-$1{,}234.5'."""
    return s.replace("-", "$-$").replace(",", "{,}")


def cell_latex(c: Cell) -> str:
    if c.nums:
        body = c.template.format(*[latex_number(n) for n in c.nums])
    else:
        body = escape_latex(c.text)
    if c.stars:
        body += "$^{" + escape_latex(c.stars).replace("{*}", "*") + "}$"
    return body


def _row(label: str, cells: Sequence[str]) -> str:
    return " & ".join([label, *cells]) + r" \\"


def _header_row(cells: Sequence[HeaderCell], stub: str) -> list[str]:
    parts = [stub]
    rules = []
    col = 2
    for h in cells:
        t = escape_latex(h.text)
        parts.append(t if h.span == 1 else rf"\multicolumn{{{h.span}}}{{c}}{{{t}}}")
        if h.rule and h.text:
            rules.append(rf"\cmidrule(lr){{{col}-{col + h.span - 1}}}")
        col += h.span
    out = [" & ".join(parts) + r" \\"]
    if rules:
        out.append(" ".join(rules))
    return out


def table_latex(t: TableModel) -> str:
    """One ``table`` float."""
    n = t.ncols
    colspec = "l" + ("c" * n if n <= 3 else f"*{{{n}}}{{c}}")
    lines = [r"\begin{table}[htbp]", r"\centering"]
    if t.title:
        lines.append(rf"\caption{{{escape_latex(t.title)}}}")
    if t.label:
        lines.append(rf"\label{{{_label(t.label)}}}")
    if t.threeparttable:
        lines.append(r"\begin{threeparttable}")
    boxed = bool(t.notes) and not t.threeparttable  # notes as wide as the table (box 0 holds it)
    if boxed:
        lines.append(r"\sbox0{%")
    lines += [rf"\begin{{tabular}}{{{colspec}}}", r"\toprule"]
    for i, h in enumerate(t.header):
        lines += _header_row(h, escape_latex(t.stub) if i == len(t.header) - 1 else "")
    for p in t.panels:
        lines.append(r"\midrule")
        if p.title:
            lines.append(rf"\multicolumn{{{n + 1}}}{{l}}{{\textit{{{escape_latex(p.title)}}}}} \\")
            lines.append(r"\addlinespace[2pt]")
        for k, s in enumerate(p.sections):
            if k > 0:
                lines.append(r"\midrule")
            lines += [_body_row(r) for r in s.rows]
    lines += [r"\bottomrule", r"\end{tabular}" + ("}%" if boxed else "")]
    if t.notes:
        if t.threeparttable:
            lines += [r"\begin{tablenotes}[flushleft]", r"\footnotesize"]
            lines += [rf"\item {escape_latex(x)}" for x in t.notes]
            lines += [r"\end{tablenotes}"]
        else:
            lines += [r"\usebox0\par\smallskip", r"\parbox{\wd0}{\footnotesize\raggedright",
                      "Notes: " + " ".join(escape_latex(x) for x in t.notes) + "}"]
    if t.threeparttable:
        lines.append(r"\end{threeparttable}")
    lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"


def _body_row(r: Row) -> str:
    label = escape_latex(r.label)
    if r.role == "names":
        return _row(label, [escape_latex(c.text) for c in r.cells])
    return _row(label, [cell_latex(c) for c in r.cells])


def _label(s: str) -> str:
    return "".join(ch for ch in s if ch.isalnum() or ch in ":-._/")


PREAMBLE = r"""\documentclass{article}
\IfFileExists{lmodern.sty}{\usepackage[T1]{fontenc}\usepackage{lmodern}}{}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage{booktabs}
\usepackage{threeparttable}
\usepackage[margin=2cm,landscape]{geometry}
\begin{document}
"""


def render_latex(tables: Sequence[TableModel], *, standalone: bool = False) -> str:
    body = "\n".join(table_latex(t) for t in tables)
    if not standalone:
        return body
    return PREAMBLE + body + r"\end{document}" + "\n"
