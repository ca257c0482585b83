"""Notes under regression tables: the convention named for the model's kind, dropped terms
named with their reason, and every panel's notes kept when results are stacked (--panels)."""

from __future__ import annotations

from econ_ai.provenance import DataInfo
from econ_ai.report.tables import build_tables
from econ_ai.results import Estimate, Result, ResultSet, VcovInfo

SEP = "tech_hardware != 0 predicts failure perfectly; tech_hardware dropped and 9 obs not used"


def est(b, se, p):
    return Estimate(b, se, b / se, p, b - 1.96 * se, b + 1.96 * se)


def growth():
    cl = VcovInfo("cluster", {"firm": 120}, "reghdfe", details="G/(G-1)(N-1)/(N-K)")
    r = Result("Turnover", "fe_ols", 1234, {"ai": est(0.08, 0.02, 0.004)}, vcov=cl, absorbed=("nace3",))
    return ResultSet("specs/08.yaml", (r,), DataInfo("d", 10, "x", True), "Growth", "fe_ols", {})


def logits():
    hc1 = VcovInfo("hc1", {}, "reghdfe", details="sandwich with scores; small-sample factor N/(N-1)")
    out = []
    for name, y in (("Failure", "failed"), ("Acquisition", "acquired")):
        out.append(Result(name, "logit", 735, {"vc": est(0.1, 0.2, 0.6)}, outcome=y, vcov=hc1,
                          marginal_effects={"vc": est(0.01, 0.02, 0.6)}, dropped_terms=("tech_hardware",),
                          notes=(SEP,)))
    return ResultSet("specs/11.yaml", tuple(out), DataInfo("d", 10, "x", True), "Exits", "logit",
                     {"show": "ame", "notes": ["Logit note kept."]})


def test_logit_notes_name_stata_logit_convention_not_reghdfe():
    (t,) = build_tables([logits()])
    text = " ".join(t.notes)
    assert "reghdfe" not in text
    assert "Heteroskedasticity-robust (HC1) standard errors, Stata logit small-sample convention (N/(N-1))." in t.notes
    assert "Average marginal effects. Standard errors (delta method) in parentheses." in t.notes


def test_fe_ols_keeps_reghdfe_convention():
    (t,) = build_tables([growth()])
    assert "Standard errors clustered by firm, reghdfe small-sample convention." in t.notes


def test_dropped_term_is_named_per_column_in_the_outcome_words():
    (t,) = build_tables([logits()])
    assert ("(1): tech_hardware != 0 predicts failed = 0 perfectly; tech_hardware dropped and 9 obs not used."
            in t.notes)
    assert ("(2): tech_hardware != 0 predicts acquired = 0 perfectly; tech_hardware dropped and 9 obs not used."
            in t.notes)


def test_panels_keep_the_logit_panel_notes():
    (t,) = build_tables([growth(), logits()], panels=True)
    text = " ".join(t.notes)
    assert "Panel B: Average marginal effects. Standard errors (delta method) in parentheses." in t.notes
    assert "Panel A: Standard errors in parentheses." in t.notes
    assert "Logit note kept." in t.notes
    assert "Panel B (1): tech_hardware != 0 predicts failed = 0 perfectly" in text
    assert "Panel A (1): Standard errors clustered by firm, reghdfe small-sample convention." in t.notes
    assert "Panel B (1)-(2): Heteroskedasticity-robust (HC1) standard errors, Stata logit small-sample convention (N/(N-1))." in t.notes
