"""The README's rendered table and docs/tables.md cannot rot: the README embeds the LaTeX it
shows as a PNG, that LaTeX compiles, and the econ_ai table in docs/tables.md is what econ_ai
renders today."""

from __future__ import annotations

import re
from pathlib import Path

from econ_ai.report.latex import PREAMBLE
from econ_ai.results import ResultSet

ROOT = Path(__file__).resolve().parents[2]


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip())


def test_readme_shows_the_compiled_table_beside_its_latex(tmp_path, latex_compiler):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tex = (ROOT / "docs" / "growth_table.tex").read_text(encoding="utf-8")
    assert "docs/growth_table.png" in readme and tex in readme
    png = ROOT / "docs" / "growth_table.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Clusters (Firm)" in tex and "Employees (t-1, log) & Yes" in tex and "Dependent variable" in tex
    latex_compiler(PREAMBLE + tex + "\\end{document}\n", tmp_path, "readme_table")


def test_docs_tables_holds_the_current_econ_ai_rendering():
    doc = {_norm(x) for x in (ROOT / "docs" / "tables.md").read_text(encoding="utf-8").splitlines()}
    rs = ResultSet.from_json(ROOT / "fixtures" / "results" / "levels.json")
    md = rs.table("markdown", keep=["market_value"], fe_labels={"firm": "Firm", "year": "Year"})
    rows = [x for x in md.splitlines() if x.startswith("|") and ":---" not in x]
    assert rows and all(_norm(r) in doc for r in rows), [r for r in rows if _norm(r) not in doc]
