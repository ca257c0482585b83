"""validate rejects every claim that could never fail, naming its line and key."""

from __future__ import annotations

import pytest

from econ_ai.cli import main
from econ_ai.errors import SpecError
from econ_ai.spec.compile import compile_text

HEAD = """kind: {kind}
title: T
data: starters
regressors: [ai]
models:
  - {{name: M, outcome: {outcome}}}
{report}published:
"""


def spec(claim: str, kind: str = "fe_ols", report: str = "", outcome: str = "turnover") -> str:
    return HEAD.format(kind=kind, report=report, outcome=outcome) + f"  - {claim}\n"


LINE = 8  # the claim's line in spec() without a report block


@pytest.mark.parametrize("claim, key, message", [
    ("{model: M, term: ai, value: .nan, tol: 0.1}", "published[0].value", "'value' must be a finite number"),
    ("{model: M, term: ai, value: 0.1, tol: .nan}", "published[0].tol", "'tol' must be a finite number"),
    ("{model: M, term: ai, value: 0.1, tol: -1}", "published[0].tol", "'tol' must be >= 0"),
    ("{model: M, term: ai, sign: negative}", "published[0].sign", "unknown sign 'negative' (did you mean '-'?)"),
    ("{model: M, term: ai}", "published[0]", "claim has no test"),
    ("{model: M, term: ai, tol: 0.1}", "published[0]", "claim has no test"),
    ("{model: M, field: nobs, not_significant: 0.05}", "published[0].field", "'nobs': that number has no p-value"),
    ("{model: M, field: fit.r2, significant: 0.05}", "published[0].field", "'fit.r2': that number has no p-value"),
    ("{model: M, term: ai, between: [.nan, 1]}", "published[0].between", "no NaN"),
    ("{model: M, term: ai, between: [2, 1]}", "published[0].between", "low <= high"),
    ("{model: M, term: ai, significant: 5}", "published[0].significant", "a significance level in (0, 1)"),
    ("{model: M, term: ai, field: estimat, sign: '+'}", "published[0].field", "did you mean 'estimate'?"),
    ("{model: all, term: ai, count_significant: {at_leest: 3}}", "published[0].count_significant.at_leest",
     "did you mean 'at_least'?"),
])
def test_claims_that_cannot_fail_are_rejected_with_their_line(claim, key, message):
    with pytest.raises(SpecError) as exc:
        compile_text(spec(claim), "s.yaml")
    err = exc.value
    assert message in str(err)
    assert err.key == key and err.line == LINE


def test_not_significant_on_a_record_without_p_value():
    text = """kind: describe
title: T
data: starters
models:
  - {name: M, statistic: counts}
published:
  - {model: M, table: counts, column: n, not_significant: 0.05}
"""
    with pytest.raises(SpecError, match=r"s.yaml:7:5: published\[0\]: a significance test on a 'counts' record of a "
                                         r"describe spec: its records carry no p-value"):
        compile_text(text, "s.yaml")


def test_logit_claim_must_name_the_quantity_the_table_shows():
    show_ame = "report: {show: ame}\n"
    with pytest.raises(SpecError, match="a logit claim must name its quantity: add 'field: ame'"):
        compile_text(spec("{model: M, term: ai, sign: '+'}", "logit", show_ame, "failed"), "s.yaml")
    with pytest.raises(SpecError, match="tests the coefficient but the table shows the average marginal effect"):
        compile_text(spec("{model: M, term: ai, field: estimate, sign: '+'}", "logit", show_ame, "failed"), "s.yaml")
    ok = compile_text(spec("{model: M, term: ai, field: ame, sign: '+', significant: 0.05}", "logit", show_ame,
                           "failed"), "s.yaml")
    assert ok.published[0]["field"] == "ame"
    # without report.show the table shows coefficients
    with pytest.raises(SpecError, match="tests the odds ratio but the table shows the coefficient"):
        compile_text(spec("{model: M, term: ai, field: odds_ratio, sign: '+'}", "logit", "", "failed"), "s.yaml")


def test_validate_cli_exits_2_on_a_claim_that_cannot_fail(tmp_path, capsys):
    p = tmp_path / "s.yaml"
    p.write_text(spec("{model: M, term: ai, value: .nan, tol: 0.1}"))
    assert main(["validate", str(p)]) == 2
    err = capsys.readouterr().err
    assert f"{p}:{LINE}:" in err and "'value' must be a finite number" in err


def test_the_study_specs_pass_the_checks():
    from pathlib import Path

    from econ_ai.spec.compile import load_spec

    specs = sorted((Path(__file__).resolve().parents[2] / "specs").glob("*.yaml"))
    assert len(specs) >= 13
    for p in specs:
        load_spec(p)
