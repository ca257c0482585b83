"""TableModel: selection, stars, digits, statistics beneath, odds ratios, stats rows, notes,
panels, records tables, and the errors bad report options raise."""

from __future__ import annotations

import dataclasses
import math

import pytest

from econ_ai.errors import SpecError
from econ_ai.report.tables import (
    SYNTHETIC_NOTE, ReportOptions, build_tables, column_ranges, fmt_float, matches, select_terms, star_text,
)
from econ_ai.results import Estimate, OddsRatio, Result, ResultSet, VcovInfo
from econ_ai.provenance import DataInfo


def est(b, se, p):
    return Estimate(b, se, b / se, p, b - 1.96 * se, b + 1.96 * se)


def rs_of(*results, report=None, synthetic=False, kind="fe_ols"):
    return ResultSet("specs/t.yaml", tuple(results), DataInfo("d", 10, "x", synthetic), "T", kind, report or {})


@pytest.fixture
def two():
    cl = VcovInfo("cluster", {"firm": 120}, "reghdfe")
    a = Result("Turnover", "fe_ols", 1234, {"ai": est(0.08, 0.02, 0.004), "log(employees)": est(-0.5, 0.1, 0.06)},
               fit={"r2": 0.31, "r2_within": 0.05, "returns_to_scale": 1.02}, vcov=cl, absorbed=("nace3", "year"))
    b = Result("Employees", "fe_ols", 987654, {"ai": est(0.12, 0.05, 0.03), "log(tangible_assets)": est(0.01, 0.2, 0.9)},
               fit={"r2": 0.2}, vcov=cl, absorbed=("nace3",))
    return a, b


def rows(table, role=None):
    return [r for p in table.panels for s in p.sections for r in s.rows if role is None or r.role == role]


def test_coefficients_stars_and_se_beneath(two):
    (t,) = build_tables([rs_of(*two)])
    coef = rows(t, "coef")
    assert [r.term for r in coef] == ["ai", "log(employees)", "log(tangible_assets)"]
    ai = coef[0]
    assert ai.cells[0].nums == ("0.080",) and ai.cells[0].stars == "***"
    assert ai.cells[1].nums == ("0.120",) and ai.cells[1].stars == "**"
    assert coef[1].cells[0].stars == "*" and coef[2].cells[1].stars == ""
    below = rows(t, "below")[0]
    assert below.cells[0].nums == ("0.020",) and below.cells[0].template == "({0})"
    assert coef[1].cells[1].empty  # term absent from model 2


def test_fe_rows_yes_no_and_labels(two):
    (t,) = build_tables([rs_of(*two, report={"fe_labels": {"nace3": "Industry (NACE 3)"}})])
    fe = {r.label: [c.text for c in r.cells] for r in rows(t, "fe")}
    assert fe == {"Industry (NACE 3)": ["Yes", "Yes"], "year FE": ["Yes", "No"]}


def test_stats_default_and_thousands(two):
    (t,) = build_tables([rs_of(*two)])
    stats = {r.label: r.cells for r in rows(t, "stat")}
    assert list(stats) == ["Observations", "R\u00b2", "Within R\u00b2"]
    assert stats["Observations"][1].nums == ("987,654",)
    assert stats["Within R\u00b2"][1].empty
    vc = {r.label: r.cells for r in rows(t, "vcov")}
    assert vc["SE type"][0].text == "Clustered" and vc["Clusters (firm)"][0].nums == ("120",)


def test_arbitrary_fit_key_can_be_requested(two):
    (t,) = build_tables([rs_of(*two, report={"stats": ["nobs", "returns_to_scale"]})])
    stats = {r.term: r for r in rows(t, "stat")}
    assert stats["returns_to_scale"].label == "Returns to scale"
    assert stats["returns_to_scale"].cells[0].nums == ("1.020",)
    assert not rows(t, "vcov")  # not asked for


def test_unknown_stat_is_an_error_with_near_miss(two):
    with pytest.raises(SpecError) as e:
        build_tables([rs_of(*two, report={"stats": ["nobs", "r2_whitin"]})])
    msg = str(e.value)
    assert "specs/t.yaml" in msg and "report.stats" in msg and "did you mean 'r2_within'" in msg


def test_keep_drop_order_with_wildcards(two):
    opt = ReportOptions.parse({"keep": ["ai", "log(*)"], "drop": ["*tangible*"], "order": ["log(*)"]})
    terms = ["ai", "log(employees)", "log(tangible_assets)", "C(nace2)[T.1]"]
    assert select_terms(terms, opt) == ["log(employees)", "ai"]
    assert matches("C(nace2)[T.1]", ["C(nace2)[*]"])  # brackets are literal, only * is a wildcard
    assert not matches("C(nace2)[T.1]", ["C(nace2)[T.?]"])


def test_keep_pattern_matching_nothing_names_file_key_and_near_miss(two):
    with pytest.raises(SpecError) as e:
        build_tables([rs_of(*two, report={"keep": ["aii"]})])
    assert str(e.value).startswith("specs/t.yaml: report.keep: 'aii' matches no term (did you mean 'ai'?)")


def test_unknown_report_option_near_miss():
    with pytest.raises(SpecError, match=r"report.lables: unknown report option \(did you mean 'labels'\?\)"):
        ReportOptions.parse({"lables": {}}, file="s.yaml")


@pytest.mark.parametrize("bad", [{"digits": -1}, {"digits": "3"}, {"below": "sd"}, {"show": "odds"},
                                 {"stars": [0.1, 2]}, {"stars": "yes"}, {"keep": "a b".split() + [3]}])
def test_bad_option_values(bad):
    with pytest.raises(SpecError):
        ReportOptions.parse(bad, file="s.yaml")


def test_star_thresholds_custom_and_off():
    assert ReportOptions.parse({"stars": [0.05, 0.01, 0.001]}).stars == ((0.001, "***"), (0.01, "**"), (0.05, "*"))
    assert ReportOptions.parse({"stars": {"+": 0.1, "*": 0.05}}).stars == ((0.05, "*"), (0.1, "+"))
    assert ReportOptions.parse({"stars": False}).stars == ()
    default = ReportOptions.parse({}).stars
    assert star_text(0.0099, default) == "***" and star_text(0.01, default) == "**"
    assert star_text(0.0999, default) == "*" and star_text(0.1, default) == "" and star_text(math.nan, default) == ""


def test_digits_and_negative_zero():
    assert fmt_float(-0.0004, 3) == "0.000"
    assert fmt_float(-1234.5678, 2) == "-1234.57"
    assert fmt_float(math.nan, 3) == ""


@pytest.mark.parametrize("below,template,first", [("t", "({0})", ("4.00",)), ("ci", "[{0}, {1}]", ("0.041", "0.119")),
                                                  ("se", "({0})", ("0.020",))])
def test_below_options(two, below, template, first):
    (t,) = build_tables([rs_of(*two, report={"below": below})])
    c = rows(t, "below")[0].cells[0]
    assert c.template == template and c.nums == first


def test_below_none_has_no_second_row(two):
    (t,) = build_tables([rs_of(*two, report={"below": "none"})])
    assert not rows(t, "below")


def test_odds_ratios_with_delta_method_se():
    coef = {"x": Estimate(0.5, 0.2, 2.5, 0.0124, 0.108, 0.892)}
    r = Result("L", "logit", 50, coef, odds_ratios={"x": OddsRatio(math.exp(0.5), math.exp(0.108), math.exp(0.892))})
    (t,) = build_tables([rs_of(r, kind="logit", report={"show": "or"})])
    main, below = rows(t, "coef")[0].cells[0], rows(t, "below")[0].cells[0]
    assert main.nums == ("1.649",) and main.stars == "**"  # z test of the coefficient
    assert below.nums == (f"{math.exp(0.5) * 0.2:.3f}",)  # Stata `logit, or`: se = OR * se(b)
    assert any("Odds ratios" in n and "delta method" in n for n in t.notes)


def test_show_ame_without_marginal_effects_is_an_error(two):
    with pytest.raises(SpecError, match="report.show: show: ame, but model 'Turnover' has no marginal effects"):
        build_tables([rs_of(*two, report={"show": "ame"})])


def test_notes_thresholds_vcov_and_synthetic(two):
    (t,) = build_tables([rs_of(*two, synthetic=True, report={"notes": "Own calculations."})])
    assert t.notes[0] == "Standard errors in parentheses."
    assert t.notes[1].replace("\u00a0", " ") == "* p < 0.10, ** p < 0.05, *** p < 0.01."
    assert t.notes[2] == "Standard errors clustered by firm, reghdfe small-sample convention."
    assert SYNTHETIC_NOTE in t.notes and t.notes[-1] == "Own calculations."
    (t2,) = build_tables([rs_of(*two, synthetic=False)])
    assert not any("Synthetic" in n for n in t2.notes)


def test_notes_split_vcov_by_columns(two):
    a, b = two
    c = dataclasses.replace(b, name="Wage bill", vcov=VcovInfo("hc1", {}, "statsmodels"))
    (t,) = build_tables([rs_of(a, b, c)])
    assert "(1)-(2): Standard errors clustered by firm, reghdfe small-sample convention." in t.notes
    assert "(3): Heteroskedasticity-robust (HC1) standard errors, statsmodels small-sample convention." in t.notes
    assert column_ranges([1, 2, 3, 5, 7, 8]) == "(1)-(3), (5), (7)-(8)"


def test_panels_share_columns_and_get_titles(two):
    a, b = two
    p1 = rs_of(a, b, report={"panel": "Panel A: Growth"})
    p2 = dataclasses.replace(rs_of(dataclasses.replace(a, name="LP"), report={}), title="Productivity")
    (t,) = build_tables([p1, p2], panels=True)
    assert [p.title for p in t.panels] == ["Panel A: Growth", "Panel B: Productivity"]
    assert t.ncols == 2
    names = [s for p in t.panels for s in p.sections if s.name == "names"]
    assert len(names) == 2  # model names differ by panel: a names row in each panel
    assert all(len(r.cells) == 2 for p in t.panels for s in p.sections for r in s.rows)


def test_side_by_side_adds_column_groups(two):
    a, b = two
    (t,) = build_tables([rs_of(a), dataclasses.replace(rs_of(b), title="Second")], panels=False)
    groups = t.header[0]
    assert [(h.text, h.span, h.rule) for h in groups] == [("T", 1, True), ("Second", 1, True)]
    assert [h.text for h in t.header[1]] == ["(1)", "(2)"]


def test_explicit_groups_by_models_and_errors(two):
    (t,) = build_tables([rs_of(*two, report={"groups": [{"label": "Growth", "models": ["Turnover", "Employees"]}]})])
    assert (t.header[0][0].text, t.header[0][0].span) == ("Growth", 2)
    with pytest.raises(SpecError, match=r"report.groups\[0\].models: no model 'Turnovr' \(did you mean 'Turnover'\?\)"):
        build_tables([rs_of(*two, report={"groups": [{"label": "G", "models": ["Turnovr"]}]})])
    with pytest.raises(SpecError, match="runs past"):
        build_tables([rs_of(*two, report={"groups": [{"label": "G", "span": 3}]})])


def test_dropped_terms_are_shown_not_lost(two):
    a, b = two
    b = dataclasses.replace(b, dropped_terms=("log(employees)",))
    (t,) = build_tables([rs_of(a, b)])
    row = [r for r in rows(t, "coef") if r.term == "log(employees)"][0]
    assert row.cells[1].text == "(dropped)"


def test_records_table_labels_columns_and_numbers():
    recs = [{"group": "ai", "share": 0.38123, "n": 1234, "note": None},
            {"group": "non_ai", "share": 0.2, "n": 156576, "note": "x"}]
    rs = rs_of(Result("Top", "top_quantile", 5, tables={"shares": recs}), kind="top_quantile",
               report={"labels": {"group": "Group", "ai": "AI starters", "share": "Share"}, "digits": 2})
    (t,) = build_tables([rs])
    assert t.kind == "records" and t.stub == "Group"
    assert [h.text for h in t.header[0]] == ["Share", "N", "note"]  # describe's internal names get plain labels
    r0, r1 = rows(t)
    assert r0.label == "AI starters" and r0.cells[0].nums == ("0.38",) and r0.cells[1].nums == ("1,234",)
    assert r0.cells[2].empty and r1.label == "non_ai" and r1.cells[2].text == "x"
    with pytest.raises(SpecError, match=r"report.columns: table 'shares' has no column 'shar' \(did you mean 'share'\?\)"):
        build_tables([dataclasses.replace(rs, report={"columns": ["group", "shar"]})])


def test_stat_aliases_and_extra_lookup(two):
    a, b = two
    a = dataclasses.replace(a, fit={**a.fit, "adj_r2": 0.3}, extra={"depvar_mean": 0.25})  # as the logit estimator does
    (t,) = build_tables([rs_of(a, b, report={"stats": ["nobs", "r2_adj", "mean_y"]})])
    stats = {r.term: r for r in rows(t, "stat")}
    assert list(stats) == ["nobs", "adj_r2", "depvar_mean"]
    assert stats["depvar_mean"].label == "Mean of dep. var." and stats["depvar_mean"].cells[0].nums == ("0.250",)
    assert stats["adj_r2"].cells[1].empty


def test_caption_and_group_span_pair(two):
    (t,) = build_tables([rs_of(*two, report={"caption": "Table 3", "groups": [{"label": "Only 2", "span": [2, 2]}]})])
    assert t.title == "Table 3"
    assert [(h.text, h.span) for h in t.header[0]] == [("", 1), ("Only 2", 1)]


def test_production_function_fit_rows():
    r = Result("ACF", "production_function", 500, {"log(labour)": est(0.6, 0.05, 0.0), "log(capital)": est(0.35, 0.04, 0.0)},
               fit={"returns_to_scale": 0.95, "converged": True, "method": "acf"}, vcov=VcovInfo("bootstrap", {}, "none"))
    (t,) = build_tables([rs_of(r, kind="production_function", report={"stats": ["nobs", "returns_to_scale", "converged", "method"]})])
    stats = {x.term: x.cells[0] for x in rows(t, "stat")}
    assert stats["returns_to_scale"].nums == ("0.950",) and stats["converged"].text == "Yes" and stats["method"].text == "acf"
    (t2,) = build_tables([rs_of(r, kind="production_function")])  # defaults pick up returns_to_scale
    assert "returns_to_scale" in [x.term for x in rows(t2, "stat")]
