"""The stored input ResultSets carry the right numbers: checked against Stata output
(fixtures/results/reference.json, sources in fixtures/results/SOURCE.md)."""

from __future__ import annotations

import json

import pytest

from econ_ai.report.render import render


@pytest.fixture(scope="module")
def ref(request):
    from pathlib import Path

    root = Path(request.config.rootpath)
    return json.loads((root / "fixtures" / "results" / "reference.json").read_text(encoding="utf-8"))


def test_grunfeld_within_matches_stata_xtreg_fe(ref, load_rs):
    r = ref["grunfeld_xtreg_fe"]
    model = {m.name: m for m in load_rs("levels").results}["Within"]
    for term, b in r["coefficients"].items():
        assert model.coefficients[term].estimate == pytest.approx(b, abs=r["atol"])
        assert model.coefficients[term].std_error == pytest.approx(r["std_errors"][term], abs=r["atol"])
    assert model.nobs == 200


def test_spector_logit_matches_stata(ref, load_rs):
    r = ref["spector_logit_stata"]
    model = {m.name: m for m in load_rs("logit").results}["Model 2"]
    tol = r["atol"]
    assert model.fit["loglik"] == pytest.approx(r["loglik"], abs=tol)
    assert model.fit["pseudo_r2"] == pytest.approx(r["pseudo_r2"], abs=tol)
    for term, z in r["z"].items():
        assert model.coefficients[term].statistic == pytest.approx(z, abs=tol)
        lo, hi = r["ci"][term]
        assert model.coefficients[term].ci_low == pytest.approx(lo, abs=5e-5)
        assert model.coefficients[term].ci_high == pytest.approx(hi, abs=5e-5)
    for term, ame in r["ame"].items():
        assert model.marginal_effects[term].estimate == pytest.approx(ame, abs=tol)
        assert model.marginal_effects[term].std_error == pytest.approx(r["ame_se"][term], abs=tol)


def test_rendered_tables_show_the_reference_numbers(load_rs):
    """What a reader sees, rounded to 3 digits: Baltagi's 0.110 (0.012) and 0.310 (0.017);
    Stata's AMEs 0.363 (0.109), 0.012 (0.018), 0.305 (0.092)."""
    tex = render([load_rs("levels")], "latex")
    assert "0.110$^{***}$ & " in tex and "(0.012) &" in tex and "0.310$^{***}$" in tex and "(0.017)" in tex
    md = render([load_rs("logit")], "markdown")
    assert "| 0.363\\*\\*\\* |" in md and "| (0.109) |" in md
    assert "| 0.012 |" in md and "| (0.018) |" in md
    assert "| 0.305\\*\\*\\* |" in md and "| (0.092) |" in md
