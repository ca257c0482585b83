"""Golden files: LaTeX, Markdown, HTML (and CSV) of fixed ResultSets, byte for byte.

Rewrite them after an intended change with ``ECON_AI_UPDATE_GOLDEN=1 pytest tests/report``
and review the diff.
"""

from __future__ import annotations

import os

import pytest

from econ_ai.report.render import render

UPDATE = os.environ.get("ECON_AI_UPDATE_GOLDEN") == "1"

# case -> (fixture stems, render kwargs)
CASES = {
    "panels": (["growth", "levels"], {"panels": True}),
    "side_by_side": (["growth", "levels"], {"panels": False, "report_overrides": {
        "keep": [], "title": "Growth and levels of Grunfeld firms", "label": "tab:side-by-side"}}),
    "logit_ame": (["logit"], {}),
    "logit_or": (["logit"], {"report_overrides": {"show": "or", "below": "ci", "threeparttable": True,
                                                   "drop": ["const"], "label": "tab:logit-or"}}),
    "describe": (["describe"], {}),
    # a journal layout: keep hides the controls (Yes/No rows), siunitx S columns, labelled
    # dependent variables and clusters, a long label that wraps, shrunk to the line width
    "journal": (["growth", "levels"], {"panels": False, "report_overrides": {
        "keep": ["large", "market_value"], "siunitx": True, "wide": "resizebox", "label": "tab:journal",
        "title": "Growth and levels of Grunfeld firms (decimal-aligned)",
        "fe_labels": {"firm": "Firm FE", "year": "Year FE"},
        "labels": {"large": "Large firm (top half of the capital stock distribution in 1935)",
                   "growth(invest)": "Investment growth", "growth(market_value)": "Market value growth",
                   "invest": "Gross investment", "log(capital_stock)": "log capital stock",
                   "market_value": "Market value", "capital_stock": "Capital stock"}}}),
}
EXT = {"latex": "tex", "markdown": "md", "html": "html", "csv": "csv"}


def _check(golden_dir, name: str, text: str) -> None:
    path = golden_dir / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}; run with ECON_AI_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs from the golden file (ECON_AI_UPDATE_GOLDEN=1 rewrites it)"


@pytest.mark.parametrize("fmt", ["latex", "markdown", "html", "csv"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case, fmt, load_rs, golden_dir):
    stems, kwargs = CASES[case]
    if fmt == "csv":
        kwargs = {k: v for k, v in kwargs.items() if k != "panels"}
    text = render([load_rs(s) for s in stems], fmt, **kwargs)
    _check(golden_dir, f"{case}.{EXT[fmt]}", text)


def test_example_standalone_compiles(tmp_path, load_rs, golden_dir, latex_compiler):
    """The kept example (two panels + the logit with AMEs, standalone) is current and compiles."""
    text = render([load_rs("growth"), load_rs("levels")], "latex", standalone=True, panels=True)
    text = text.replace(r"\end{document}", render([load_rs("logit")], "latex") + r"\end{document}")
    _check(golden_dir, "example_standalone.tex", text)
    latex_compiler(text, tmp_path, "example_standalone")


def test_all_golden_cases_compile_in_one_document(tmp_path, load_rs, latex_compiler):
    """Every golden LaTeX case, standalone, through pdflatex (one run keeps the suite fast)."""
    from econ_ai.report.latex import preamble
    from econ_ai.report.tables import build_tables

    tables = [t for stems, kwargs in CASES.values() for t in build_tables(
        [load_rs(s) for s in stems], panels=kwargs.get("panels"), overrides=kwargs.get("report_overrides"))]
    bodies = [render([load_rs(s) for s in stems], "latex", **kwargs) for stems, kwargs in CASES.values()]
    latex_compiler(preamble(tables) + "\n".join(bodies) + "\\end{document}\n", tmp_path, "cases")
