"""The entry point: formats, aliases, JSON round trip, errors, write()."""

from __future__ import annotations

import json

import pytest

from econ_ai.report.render import FORMATS, render, write
from econ_ai.results import ResultSet


def test_json_single_and_list_round_trip(load_rs):
    rs = load_rs("logit")
    assert ResultSet.from_dict(json.loads(render([rs], "json"))).to_dict() == rs.to_dict()
    both = json.loads(render([rs, load_rs("growth")], "json"))
    assert isinstance(both, list) and [d["spec"] for d in both] == ["specs/spector_logit.yaml", "specs/grunfeld_growth.yaml"]


def test_every_format_renders_every_fixture(load_rs):
    for stem in ("growth", "levels", "logit", "describe"):
        for fmt in FORMATS:
            assert render(load_rs(stem), fmt).strip()


def test_unknown_format_near_miss(load_rs):
    with pytest.raises(ValueError, match=r"unknown format 'latx' \(did you mean 'latex'\?\)"):
        render([load_rs("logit")], "latx")
    assert render([load_rs("logit")], "tex") == render([load_rs("logit")], "latex")


def test_overrides_apply(load_rs):
    tex = render([load_rs("logit")], "latex", report_overrides={"show": "coef", "digits": 2})
    assert "2.83$^{**}$" in tex and "Average marginal effects" not in tex


def test_write_by_suffix(tmp_path, load_rs):
    p = write([load_rs("describe")], tmp_path / "t" / "describe.md")
    assert p.read_text(encoding="utf-8").startswith("**Grunfeld data")
    with pytest.raises(ValueError, match="suffix"):
        write([load_rs("describe")], tmp_path / "describe.txt")


def test_panels_default_when_every_resultset_has_a_panel_title(load_rs):
    tex = render([load_rs("growth"), load_rs("levels")], "latex")
    assert "Panel A: Growth" in tex and "Panel B: Levels" in tex


def test_nothing_to_tabulate_is_said():
    empty = ResultSet("specs/empty.yaml", (), None, "Empty")
    assert render([empty], "latex") == "% econ_ai: nothing to tabulate in specs/empty.yaml\n"
    assert "Nothing to tabulate" in render([empty], "markdown")
