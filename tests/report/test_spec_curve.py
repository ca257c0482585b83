"""Specification curve: rows sorted by the estimate, the summary shares and median computed
from the rows, the table and the figure files."""

from __future__ import annotations

import math

from econ_ai.report.spec_curve import spec_curve
from econ_ai.results import Estimate, Result, ResultSet


def _res(name, est, p, axes):
    return Result(name=name, kind="fe_ols", nobs=100, coefficients={"ai": Estimate(est, 0.1, est / 0.1, p,
                                                                                est - 0.2, est + 0.2)},
                  extra={"axes": axes, "choices": {"regressors": ["ai"]}})


RS = ResultSet(spec="x.yaml", results=(
    _res("a", 0.3, 0.01, {"controls": "none", "vcov": "firm"}),
    _res("b", -0.1, 0.5, {"controls": "size", "vcov": "firm"}),
    _res("c", 0.2, 0.2, {"controls": "none", "vcov": "hc1"}),
    _res("d", -0.4, 0.001, {"controls": "size", "vcov": "hc1"}),
))


def test_sorted_rows_and_summary():
    curve = RS.spec_curve()
    assert curve.term == "ai"
    assert [r.model for r in curve.rows] == ["d", "b", "c", "a"]
    s = curve.summary
    assert s["specifications"] == 4 and s["share_positive"] == 0.5
    assert s["share_significant_positive"] == 0.25 and s["share_significant_negative"] == 0.25
    assert math.isclose(s["median"], 0.05)
    assert "4 specifications; 50% positive, 25% significantly positive" in curve.summary_text()


def test_table_and_figure(tmp_path):
    curve = spec_curve(RS, "ai", alpha=0.1)
    md = curve.table("markdown")
    assert "| 1 | d | -0.4000 |" in md and md.count("\n|") == 6
    assert curve.table("csv").splitlines()[0].endswith("controls,vcov")
    paths = curve.figure(tmp_path / "curve")
    assert all(p.exists() and p.stat().st_size > 1000 for p in paths)
