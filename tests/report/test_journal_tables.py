"""Issue 16, tables on par with esttab / etable: dependent-variable row, Yes/No rows for every
absorbed effect and for the controls ``keep`` hides, labelled cluster rows, significant digits,
years and codes as text, counts as counts, funnel order, wrapped labels, siunitx, wide tables."""

from __future__ import annotations

import re

import pytest

from econ_ai.errors import SpecError
from econ_ai.report.latex import preamble, render_latex
from econ_ai.report.options import fmt_sig
from econ_ai.report.render import render
from econ_ai.report.tables import build_tables
from econ_ai.results import Estimate, Result, ResultSet, VcovInfo
from econ_ai.provenance import DataInfo


def est(b, se, p):
    return Estimate(b, se, b / se, p, b - 1.96 * se, b + 1.96 * se)


def rs_of(*results, report=None, kind="fe_ols"):
    return ResultSet("specs/t.yaml", tuple(results), DataInfo("d", 10, "x", False), "T", kind, report or {})


@pytest.fixture
def models():
    cl = VcovInfo("cluster", {"nace3": 120}, "reghdfe")
    a = Result("Turnover", "fe_ols", 1234, {"ai": est(0.08, 0.02, 0.004), "log(employees)": est(-0.5, 0.1, 0.06),
                                            "log(tangible_assets)": est(0.1, 0.05, 0.04)},
               outcome="growth(turnover)", fit={"r2": 0.31}, vcov=cl, absorbed=("nace3", "year"))
    b = Result("Employees", "fe_ols", 987, {"ai": est(0.12, 0.00042, 0.0), "log(employees)": est(0.01, 0.2, 0.9)},
               outcome="growth(employees)", fit={"r2": 0.2}, vcov=cl, absorbed=("nace3",))
    return a, b


def rows(t, role=None):
    return [r for p in t.panels for s in p.sections for r in s.rows if role is None or r.role == role]


def test_dependent_variable_header_row_uses_labels(models):
    (t,) = build_tables([rs_of(*models, report={"labels": {"growth(turnover)": "Turnover growth"}})])
    i = list(t.header_stubs).index("Dependent variable")
    assert [h.text for h in t.header[i]] == ["Turnover growth", "growth(employees)"]
    md = render([rs_of(*models)], "markdown")
    assert "| Dependent variable | **growth(turnover)** | **growth(employees)** |" in md
    (t,) = build_tables([rs_of(*models, report={"depvar": False})])
    assert "Dependent variable" not in t.header_stubs


def test_equal_dependent_variables_share_one_spanning_cell(models):
    a, b = models
    b = Result(**{**b.__dict__, "outcome": a.outcome})
    (t,) = build_tables([rs_of(a, b)])
    row = t.header[list(t.header_stubs).index("Dependent variable")]
    assert len(row) == 1 and row[0].span == 2 and row[0].text == "growth(turnover)"
    assert r"\multicolumn{2}{c}{growth(turnover)}" in render([rs_of(a, b)], "latex")


def test_fe_rows_say_no_where_an_effect_is_not_absorbed(models):
    (t,) = build_tables([rs_of(*models, report={"fe_labels": {"year": "Year", "nace3": "NACE 3-digit"}})])
    fe = {r.label: [c.text for c in r.cells] for r in rows(t, "fe")}
    assert fe == {"NACE 3-digit": ["Yes", "Yes"], "Year": ["Yes", "No"]}


def test_controls_hidden_by_keep_get_yes_no_rows(models):
    (t,) = build_tables([rs_of(*models, report={"keep": ["ai"], "labels": {"log(employees)": "log employees"}})])
    assert [r.term for r in rows(t, "coef")] == ["ai"]
    ctl = {r.label: [c.text for c in r.cells] for r in rows(t, "controls")}
    assert ctl == {"log employees": ["Yes", "Yes"], "log(tangible_assets)": ["Yes", "No"]}
    (t,) = build_tables([rs_of(*models, report={"keep": ["ai"], "controls": "one"})])
    assert [(r.label, [c.text for c in r.cells]) for r in rows(t, "controls")] == [("Controls", ["Yes", "Yes"])]
    (t,) = build_tables([rs_of(*models, report={"keep": ["ai"], "controls": {"Firm size": ["log(employees)"],
                                                                                "Assets": ["log(tang*)"]}})])
    assert {r.label: [c.text for c in r.cells] for r in rows(t, "controls")} == {
        "Firm size": ["Yes", "Yes"], "Assets": ["Yes", "No"]}
    (t,) = build_tables([rs_of(*models)])  # nothing hidden: no controls rows
    assert not rows(t, "controls")


def test_a_control_group_naming_no_hidden_term_is_an_error(models):
    (t,) = build_tables([rs_of(*models, report={"keep": ["ai"], "controls": {"Size": ["log(employees)"],
                                                                                "Dropped": ["lag(*)"]}})])
    # a wildcard group that matches nothing (a variant of the spec dropped those controls) reads No
    assert {r.label: [c.text for c in r.cells] for r in rows(t, "controls")} == {
        "Size": ["Yes", "Yes"], "Dropped": ["No", "No"]}
    with pytest.raises(SpecError, match=r"report.controls.Size: 'log\(employes\)' names no control that keep hides "
                                        r"\(did you mean 'log\(employees\)'\?\)"):
        build_tables([rs_of(*models, report={"keep": ["ai"], "controls": {"Size": ["log(employes)"]}})])


def test_cluster_row_uses_the_fe_labels(models):
    (t,) = build_tables([rs_of(*models, report={"fe_labels": {"nace3": "NACE 3-digit FE"}})])
    assert [r.label for r in rows(t, "vcov") if r.label.startswith("Clusters")] == ["Clusters (NACE 3-digit)"]


def test_no_nonzero_standard_error_prints_as_zero(models):
    (t,) = build_tables([rs_of(*models)])
    se = [r for r in rows(t, "below") if r.term == "ai"][0]
    assert se.cells[1].nums == ("0.00042",)
    assert fmt_sig(0.0, 3) == "0.000" and fmt_sig(0.0123, 3) == "0.012" and fmt_sig(-0.000012, 3) == "-0.000012"
    assert fmt_sig(0.0004999, 3) != "0.000"


def records_rs(recs, report=None):
    return rs_of(Result("Counts", "describe", 5, tables={"counts": recs}), kind="describe", report=report)


def test_years_and_codes_are_text_counts_are_counts():
    recs = [{"founded": 1986, "nace3": 620, "n": 1, "total": 9904.0, "share": 0.25},
            {"founded": 2010, "nace3": 631, "n": 12345, "total": 12.0, "share": 0.5}]
    md = render([records_rs(recs)], "markdown")
    assert "1,986" not in md and "| 1986 |" in md and "| 2010 |" in md
    assert "9904.000" not in md and "9,904" in md and "12,345" in md
    tex = render([records_rs(recs)], "latex")
    assert "1986 &" in tex and "1{,}986" not in tex and "9{,}904" in tex


def test_sums_of_values_print_as_whole_numbers_next_to_counts():
    recs = [{"year": 2013, "variable": "__rows__", "group_total": 31.0, "total": 9904.0, "n": 9904},
            {"year": 2013, "variable": "employees", "group_total": 57.25, "total": 20123.4, "n": 9000}]
    md = render([records_rs(recs)], "markdown")
    assert "9904.000" not in md and "| 31 | 9,904 | 9,904 |" in md and "20,123" in md and "57.250" in md


def test_internal_row_variable_gets_a_label():
    recs = [{"year": 2010, "variable": "__rows__", "share": 0.1}]
    md = render([records_rs(recs)], "markdown")
    assert "\\_\\_rows\\_\\_" not in md and "Number of firms" in md


def test_funnel_steps_in_funnel_order_with_labels():
    recs = [{"step": s, "n": n} for s, n in (("kbo", 44), ("name", 57), ("starter", 27), ("verified", 186))]
    report = {"row_order": {"step": ["name", "kbo", "starter", "verified"]},
              "labels": {"step": "Funnel step", "name": "Name only", "verified": "Verified AI starter"}}
    (t,) = build_tables([records_rs(recs, report)])
    assert [r.label for r in rows(t)] == ["Name only", "kbo", "starter", "Verified AI starter"]
    assert t.stub == "Funnel step"
    with pytest.raises(SpecError, match=r"report.row_order.step: row_order value 'verifed' never occurs in column "
                                        r"'step' \(did you mean 'verified'\?\)"):
        build_tables([records_rs(recs, {"row_order": {"step": ["verifed"]}})])


def _overfull(log: str) -> list[float]:
    return [float(x) for x in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]


def test_long_labels_wrap_and_the_table_fits_the_page(models, tmp_path, latex_compiler):
    """A 90-character regressor label and long column labels: the LaTeX wraps them (makecell)
    and pdflatex reports no overfull box; the notes box is as wide as the table."""
    long = "AI starter (verified by hand against the company's own description of its products)"
    report = {"labels": {"ai": long, "growth(turnover)": "Annual growth of turnover in the first ten years",
                         "growth(employees)": "Annual growth of employees in the first ten years"}}
    a, b = models
    rsets = [rs_of(a, b, a, b, a, b, report=report)]
    (t,) = build_tables(rsets)
    tex = render_latex([t])
    assert r"\makecell[tl]{AI starter (verified by hand against the \\ company's own" in tex
    assert r"\makecell[c]{Annual growth of \\ turnover in the first \\ ten years}" in tex
    pdf = latex_compiler(preamble([t]) + tex + "\\end{document}\n", tmp_path, "wrap")
    log = pdf.with_suffix(".log").read_text(encoding="latin-1")
    assert not [x for x in _overfull(log) if x > 0.5], _overfull(log)


@pytest.mark.parametrize("wide", ["resizebox", "landscape"])
def test_wide_tables_shrink_or_turn_and_compile(models, wide, tmp_path, latex_compiler):
    a, b = models
    rsets = [rs_of(*([a, b] * 7), report={"wide": wide, "siunitx": True})]
    (t,) = build_tables(rsets)
    tex = render_latex([t])
    assert ("\\sbox0{\\resizebox{\\linewidth}" in tex) if wide == "resizebox" else ("\\begin{landscape}" in tex)
    assert "S[table-format=" in tex and "\\sym{***}" in tex
    pdf = latex_compiler(preamble([t]) + tex + "\\end{document}\n", tmp_path, wide)
    log = pdf.with_suffix(".log").read_text(encoding="latin-1")
    assert not [x for x in _overfull(log) if x > 0.5], _overfull(log)


def test_digits_bound_is_defined_once():
    from econ_ai.conventions import MAX_DIGITS
    from econ_ai.report.options import ReportOptions
    from econ_ai.spec.compile import compile_text

    ReportOptions.parse({"digits": MAX_DIGITS})
    with pytest.raises(SpecError, match=rf"report.digits: expected an integer 0..{MAX_DIGITS}, got 9"):
        ReportOptions.parse({"digits": MAX_DIGITS + 1})
    text = "kind: fe_ols\ndata: x.csv\nregressors: [a]\nmodels: [{name: m, outcome: y}]\nreport:\n  digits: 9\n"
    with pytest.raises(SpecError, match=r"^s.yaml:6:11: report.digits: must be <= 8, got 9"):
        compile_text(text, "s.yaml")
