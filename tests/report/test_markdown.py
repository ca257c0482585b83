"""Markdown renderer: a valid GFM pipe table, escaped text, notes under the table."""

from __future__ import annotations

import dataclasses

from econ_ai.report.markdown import escape_markdown
from econ_ai.report.render import render


def test_escape_markdown():
    assert escape_markdown("a_b*c|d [x](y) $z$ #1") == r"a\_b\*c\|d \[x\](y) \$z\$ \#1"
    assert escape_markdown("p < 0.10 <b>") == "p < 0.10 &lt;b>"
    assert escape_markdown("two\nlines") == "two lines"


def test_pipe_table_shape(load_rs):
    md = render([load_rs("growth"), load_rs("levels")], "markdown", panels=True)
    lines = md.splitlines()
    table = [ln for ln in lines if ln.startswith("|")]
    assert table[1] == "| :--- | :---: | :---: |"
    assert all(ln.count(" | ") - ln.count("\\|") == 2 for ln in table), "every row has 3 cells"
    assert "| *Panel B: Levels* |  |  |" in lines
    assert "| log(capital\\_stock) | -0.020 | -0.014 |" in lines
    assert lines[-1].startswith("*Notes:* Standard errors in parentheses.")


def test_synthetic_note_in_markdown(load_rs):
    rs = load_rs("growth")
    synth = dataclasses.replace(rs, data=dataclasses.replace(rs.data, synthetic=True))
    assert "Synthetic data \u2014 calibrated to published aggregates, not the real microdata." in render([synth], "markdown")
