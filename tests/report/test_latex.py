"""LaTeX renderer: escaping (no TeX needed), number typography, structure, and a property test
that any label text compiles with pdflatex (skipped without pdflatex)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from econ_ai.report.latex import PREAMBLE, escape_latex, latex_number
from econ_ai.report.render import render

SPECIALS = "_%&#${}~^\\"


@pytest.mark.parametrize("raw,escaped", [
    ("log(capital_stock)", r"log(capital\_stock)"),
    ("100% & more", r"100\% \& more"),
    ("#1 $5 {x}", r"\#1 \$5 \{x\}"),
    ("a~b^c", r"a\textasciitilde{}b\textasciicircum{}c"),
    ("C:\\dir", r"C:\textbackslash{}dir"),
    ("[T.1] *x", "{[}T.1{]} {*}x"),
    ("a<b>c|d", r"a\textless{}b\textgreater{}c\textbar{}d"),
    ("R\u00b2 \u2014 x--y", r"R\textsuperscript{2} --- x-{}-y"),
    ("line\nbreak\ttab", "line break tab"),
    ("\u20ac million", r"\texteuro{} million"),
])
def test_escape_latex(raw, escaped):
    assert escape_latex(raw) == escaped


def test_escape_leaves_no_bare_special():
    out = escape_latex(SPECIALS * 3)
    # every special is either escaped by a backslash or part of a \text...{} command
    stripped = re.sub(r"\\text[a-z]+\{\}|\\[_%&#${}]", "", out)
    assert not any(ch in stripped for ch in SPECIALS), stripped


def test_numbers_minus_and_thousands():
    assert latex_number("-1,234.500") == "$-$1{,}234.500"


def test_table_structure(load_rs):
    tex = render([load_rs("growth"), load_rs("levels")], "latex", panels=True)
    assert tex.count(r"\toprule") == 1 and tex.count(r"\bottomrule") == 1
    assert r"\multicolumn{3}{l}{\textit{Panel A: Growth}}" in tex
    assert r"$-$0.020" in tex and "0.110$^{***}$" in tex
    assert r"log(capital\_stock)" in tex  # unlabelled term name escaped
    assert "Firm FE & Yes & Yes" in tex and "Year FE & No & Yes" in tex
    assert "Observations & 190 & 190" in tex


def test_groups_draw_cmidrules(load_rs):
    tex = render([load_rs("growth"), load_rs("levels")], "latex", panels=False)
    assert r"\cmidrule(lr){2-3} \cmidrule(lr){4-5}" in tex
    assert r"\multicolumn{2}{c}{Annual growth of large versus other firms}" in tex


def test_thousands_separator_in_n(load_rs):
    rs = load_rs("levels")
    big = dataclasses.replace(rs, results=tuple(dataclasses.replace(r, nobs=1234567) for r in rs.results))
    assert "Observations & 1{,}234{,}567 & 1{,}234{,}567" in render([big], "latex")


def test_synthetic_note(load_rs):
    rs = load_rs("logit")
    synth = dataclasses.replace(rs, data=dataclasses.replace(rs.data, synthetic=True))
    assert "Synthetic data --- calibrated to published aggregates" in render([synth], "latex")
    assert "Synthetic" not in render([rs], "latex")


def test_threeparttable_and_standalone(load_rs):
    tex = render([load_rs("logit")], "latex", standalone=True, report_overrides={"threeparttable": True})
    assert tex.startswith(r"\documentclass{article}") and tex.rstrip().endswith(r"\end{document}")
    assert r"\begin{threeparttable}" in tex and r"\item Average marginal effects." in tex
    for pkg in ("booktabs", "threeparttable"):
        assert rf"\usepackage{{{pkg}}}" in tex


LABEL_TEXT = st.text(
    alphabet=st.sampled_from(list(SPECIALS + "<>|[]*\"'`-,.;:!? abcXYZ019\u00e9\u00fc\u00df\u0153\u20ac\u2014\u00b2\t\n")),
    min_size=1, max_size=30,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labels=st.lists(LABEL_TEXT, min_size=4, max_size=4), title=LABEL_TEXT, note=LABEL_TEXT)
def test_any_label_text_compiles(labels, title, note, load_rs, latex_compiler, tmp_path_factory):
    rs = load_rs("logit")
    report = {**rs.report, "labels": dict(zip(["gpa", "tuce", "psi", "Model 1"], labels)),
              "title": title, "notes": [note], "fe_labels": {}}
    body = render([dataclasses.replace(rs, report=report)], "latex")
    body += render([dataclasses.replace(rs, report=report)], "latex", report_overrides={"threeparttable": True})
    latex_compiler(PREAMBLE + body + "\\end{document}\n", tmp_path_factory.mktemp("prop"), "labels")
