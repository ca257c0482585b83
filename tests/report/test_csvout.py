"""Tidy CSV: one row per model x term (full precision) plus stats rows; records as a block."""

from __future__ import annotations

import csv
import io

from econ_ai.report.csvout import COLUMNS
from econ_ai.report.render import render


def test_tidy_rows_full_precision(load_rs):
    rs = load_rs("levels")
    rows = list(csv.DictReader(io.StringIO(render([rs], "csv"))))
    assert tuple(rows[0]) == COLUMNS
    coef = [r for r in rows if r["quantity"] == "coef"]
    assert len(coef) == 4  # 2 models x 2 terms
    within = {r["term"]: r for r in coef if r["model"] == "Within"}
    e = rs.results[0].coefficients["market_value"]
    assert float(within["market_value"]["estimate"]) == e.estimate  # repr round-trips exactly
    assert float(within["market_value"]["p_value"]) == e.p_value
    assert within["market_value"]["label"] == "Market value"
    stats = {(r["model"], r["term"]): r["estimate"] for r in rows if r["quantity"] == "stat"}
    assert stats[("Within", "nobs")] == "200" and float(stats[("Two-way", "r2")]) == rs.results[1].fit["r2"]


def test_csv_follows_show_and_keep(load_rs):
    rows = list(csv.DictReader(io.StringIO(render([load_rs("logit")], "csv", report_overrides={"show": "or", "keep": ["gpa"]}))))
    q = [r for r in rows if r["quantity"] != "stat"]
    assert {r["quantity"] for r in q} == {"or"} and {r["term"] for r in q} == {"gpa"}


def test_records_block(load_rs):
    rows = list(csv.reader(io.StringIO(render([load_rs("describe")], "csv"))))
    assert rows[0] == ["spec", "model", "table", "variable", "n", "mean", "sd", "min", "max"]
    assert rows[1][:5] == ["specs/grunfeld_describe.yaml", "Summary", "summary", "invest", "200"]
