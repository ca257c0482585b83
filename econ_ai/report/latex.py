"""TableModel -> LaTeX (booktabs), in the style of esttab / etable.

Coefficients with stars as ``$^{***}$``, the statistic beneath, ``\\cmidrule(lr)`` under column
groups, ``\\midrule`` between sections, a panel title row per panel, notes in a ``\\parbox`` as
wide as the table (the tabular is measured in box 0; no extra package) or, with
``threeparttable: true``, in a ``tablenotes`` list. Numbers: ``$-$`` minus, ``{,}`` thousands separators.
``standalone=True`` wraps the table in an ``article`` document that compiles with pdflatex.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from econ_ai.report.model import Cell, HeaderCell, Row, TableModel

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


def cell_latex(c: Cell, siunitx: bool = False) -> str:
    r"""A cell. In siunitx ``S`` columns a single number stays bare (aligned on its decimal
    point), brackets around it are text (``{(}0.005{)}``), stars go in ``\sym{}``, and
    everything else (text, counts with separators, intervals) is braced text."""
    if siunitx:
        if c.empty:
            return ""
        if len(c.nums) == 1 and _SI_NUMBER.match(c.nums[0]) and (c.role != "stat" or "." in c.nums[0]):
            pre, _, post = c.template.partition("{0}")
            body = (f"{{{escape_latex(pre)}}}" if pre else "") + c.nums[0] + (f"{{{escape_latex(post)}}}" if post else "")
            return body + (r"\sym{" + c.stars + "}" if c.stars else "")
        return "{" + cell_latex(c) + "}"
    if c.nums:
        body = c.template.format(*[latex_number(n) for n in c.nums])
    else:
        body = escape_latex(c.text)
    if c.stars:
        body += "$^{" + escape_latex(c.stars).replace("{*}", "*") + "}$"
    return body


_SI_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _wrapped(text: str, width: int, align: str = "c") -> str:  # align: makecell's [c] or [tl]
    """Escaped text; longer than ``width`` characters, it wraps into a makecell."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    if len(lines) <= 1:
        return escape_latex(text)
    return rf"\makecell[{align}]{{" + r" \\ ".join(escape_latex(x) for x in lines) + "}"


def needs_packages(t: TableModel) -> list[str]:
    """The packages a table needs."""
    out = ["booktabs"] + (["threeparttable"] if t.threeparttable else [])
    if _uses_makecell(t):
        out.append("makecell")
    if t.layout.siunitx:
        out.append("siunitx")
    if t.layout.wide != "none" and not t.threeparttable:
        out.append("graphicx")
    if t.layout.wide == "landscape":
        out.append("pdflscape")
    return out


def _uses_makecell(t: TableModel) -> bool:
    w = t.layout.wrap
    if any(len(h.text) > w * h.span for row in t.header for h in row):
        return True
    return any(len(r.label) > 2 * w for p in t.panels for s in p.sections for r in s.rows)


def _si_colspec(t: TableModel) -> list[str]:
    """One ``S[table-format=...]`` per data column, sized from the numbers it holds."""
    specs = []
    for j in range(t.ncols):
        ints, decs, neg, stars, pre = 1, 0, False, 0, ""
        for p in t.panels:
            for s in p.sections:
                for r in s.rows:
                    c = r.cells[j] if j < len(r.cells) else Cell()
                    if len(c.nums) == 1 and _SI_NUMBER.match(c.nums[0]) and (c.role != "stat" or "." in c.nums[0]):
                        n = c.nums[0]
                        neg |= n.startswith("-")
                        whole, _, frac = n.lstrip("-").partition(".")
                        ints, decs = max(ints, len(whole)), max(decs, len(frac))
                        stars = max(stars, len(c.stars))
                        if c.template.startswith("("):
                            pre = "("
        fmt = f"{'-' if neg else ''}{ints}.{decs}" if decs else f"{'-' if neg else ''}{ints}"
        post = rf", table-space-text-post={{\sym{{{'*' * stars}}}}}" if stars else (", table-space-text-post={)}" if pre else "")
        post = (", table-space-text-pre={(}" if pre else "") + post
        specs.append(f"S[table-format={fmt}{post}]")
    return specs


def _row(label: str, cells: Sequence[str]) -> str:
    return " & ".join([label, *cells]) + r" \\"


def _header_row(cells: Sequence[HeaderCell], stub: str, wrap: int = 10**6, siunitx: bool = False) -> list[str]:
    parts = [stub]
    rules = []
    col = 2
    for h in cells:
        t = _wrapped(h.text, wrap * h.span)
        if siunitx and h.span == 1 and t:
            t = "{" + t + "}"  # text in an S column
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
    lay = t.layout
    if lay.siunitx:
        colspec = "l" + "".join(_si_colspec(t))
    else:
        colspec = "l" + ("c" * n if n <= 3 else f"*{{{n}}}{{c}}")
    lines = []
    if lay.wide == "landscape":
        lines.append(r"\begin{landscape}")
    lines += [r"\begin{table}[htbp]", r"\centering"]
    if lay.siunitx:
        lines.append(r"\providecommand{\sym}[1]{\ensuremath{^{#1}}}\sisetup{table-align-text-before=false,table-align-text-after=false}")
    if t.title:
        lines.append(rf"\caption{{{escape_latex(t.title)}}}")
    if t.label:
        lines.append(rf"\label{{{_label(t.label)}}}")
    if t.threeparttable:
        lines.append(r"\begin{threeparttable}")
    # notes as wide as the table (box 0 holds it); box 0 shrinks to the line width when wider
    # (wide: auto, the default), always matches it (resizebox), or never changes (none)
    boxed = (bool(t.notes) or lay.wide != "none") and not t.threeparttable
    if boxed:
        lines.append(r"\sbox0{%")
    lines += [rf"\begin{{tabular}}{{{colspec}}}", r"\toprule"]
    for i, h in enumerate(t.header):
        lines += _header_row(h, _wrapped(t.header_stub(i), 2 * lay.wrap, "tl"), lay.wrap, lay.siunitx)
    for p in t.panels:
        lines.append(r"\midrule")
        if p.title:
            lines.append(rf"\multicolumn{{{n + 1}}}{{l}}{{\textit{{{escape_latex(p.title)}}}}} \\")
            lines.append(r"\addlinespace[2pt]")
        for k, s in enumerate(p.sections):
            if k > 0:
                lines.append(r"\midrule")
            lines += [_body_row(r, lay.siunitx, 2 * lay.wrap) for r in s.rows]
    lines += [r"\bottomrule", r"\end{tabular}" + ("}%" if boxed else "")]
    if boxed and lay.wide in ("auto", "landscape"):  # the turned page is wider, and still a limit
        lines.append(r"\ifdim\wd0>\linewidth\sbox0{\resizebox{\linewidth}{!}{\usebox0}}\fi")
    elif boxed and lay.wide == "resizebox":
        lines.append(r"\sbox0{\resizebox{\linewidth}{!}{\usebox0}}")
    if boxed and not t.notes:
        lines.append(r"\usebox0")
    if t.notes:
        if t.threeparttable:
            lines += [r"\begin{tablenotes}[flushleft]", r"\footnotesize"]
            lines += [rf"\item {escape_latex(x)}" for x in t.notes]
            lines += [r"\end{tablenotes}"]
        else:
            lines += [r"\usebox0\par\smallskip", r"\parbox{\wd0}{\footnotesize\raggedright",
                      "Notes: " + " ".join(escape_latex(x) for x in t.notes) + "}%"]
    if t.threeparttable:
        lines.append(r"\end{threeparttable}")
    lines.append(r"\end{table}")
    if lay.wide == "landscape":
        lines.append(r"\end{landscape}")
    return "\n".join(lines) + "\n"


def _body_row(r: Row, siunitx: bool = False, wrap: int = 10**6) -> str:
    label = _wrapped(r.label, wrap, "tl")
    if r.role == "names":
        return _row(label, [("{" + escape_latex(c.text) + "}" if siunitx and c.text else escape_latex(c.text)) for c in r.cells])
    return _row(label, [cell_latex(c, siunitx) for c in r.cells])


def _label(s: str) -> str:
    return "".join(ch for ch in s if ch.isalnum() or ch in ":-._/")


PREAMBLE = r"""\documentclass{article}
\IfFileExists{lmodern.sty}{\usepackage[T1]{fontenc}\usepackage{lmodern}}{}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage{booktabs}
\usepackage{threeparttable}
\usepackage{makecell}
\usepackage{graphicx}
\usepackage[margin=2cm,landscape]{geometry}
\begin{document}
"""


def preamble(tables: Sequence[TableModel] = ()) -> str:
    """The standalone preamble, with the packages these tables need."""
    need: list[str] = []
    for t in tables:
        need += [p for p in needs_packages(t) if p not in need]
    extra = "".join(rf"\usepackage{{{p}}}" + "\n" for p in need if rf"\usepackage{{{p}}}" not in PREAMBLE)
    return PREAMBLE.replace("\\begin{document}\n", extra + "\\begin{document}\n")


def render_latex(tables: Sequence[TableModel], *, standalone: bool = False) -> str:
    body = "\n".join(table_latex(t) for t in tables)
    if not standalone:
        return body
    return preamble(tables) + body + r"\end{document}" + "\n"
