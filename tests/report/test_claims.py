"""Published-claim checks: each test kind passes and fails where it should."""

import math

import pytest

from econ_ai.report.claims import check_keys, evaluate_claim
from econ_ai.results import Estimate, Result, ResultSet


def _est(b, p):
    return Estimate(b, 0.01, b / 0.01, p, b - 0.02, b + 0.02)


@pytest.fixture
def rs():
    models = [
        Result("Turnover", "fe_ols", 100, {"ai": _est(0.08, 0.001)}, fit={"r2": 0.3}),
        Result("Employees", "fe_ols", 100, {"ai": _est(0.12, 0.02)}),
        Result("Wage bill", "fe_ols", 100, {"ai": _est(0.15, 0.20)}),
        Result(
            "Top", "top_quantile", 50,
            tables={"shares": [
                {"criterion": "turnover", "group": "AI without VC", "share": 0.38, "p_value": 0.001},
                {"criterion": "turnover", "group": "AI with VC", "share": 0.10, "p_value": 0.04},
            ]},
        ),
    ]
    return ResultSet(spec="specs/x.yaml", results=tuple(models))


def test_between_and_significant_pass(rs):
    out = evaluate_claim(rs, {"model": "Turnover", "term": "ai", "between": [0.07, 0.13], "significant": 0.05})
    assert out.status == "pass", out


def test_between_fails_outside_range(rs):
    out = evaluate_claim(rs, {"model": "Wage bill", "term": "ai", "between": [0.07, 0.13]})
    assert out.status == "fail" and "outside" in out.detail


def test_all_models_each_checked(rs):
    claim = {"model": "all", "term": "ai", "sign": "+", "significant": 0.05}
    rs2 = ResultSet(spec=rs.spec, results=rs.results[:3])
    out = evaluate_claim(rs2, claim)
    assert out.status == "fail" and "Wage bill" in out.detail and "Turnover" not in out.detail


def test_count_significant(rs):
    rs2 = ResultSet(spec=rs.spec, results=rs.results[:3])
    ok = evaluate_claim(rs2, {"term": "ai", "count_significant": {"at_least": 2, "alpha": 0.05, "sign": "+"}})
    bad = evaluate_claim(rs2, {"term": "ai", "count_significant": {"at_least": 3, "alpha": 0.05}})
    exact = evaluate_claim(rs2, {"term": "ai", "count_significant": {"at_least": 1, "at_most": 1, "alpha": 0.05}})
    assert ok.status == "pass" and bad.status == "fail" and exact.status == "fail"


def test_table_record_and_ordering(rs):
    sel = {"model": "Top", "table": "shares", "column": "share"}
    claim = dict(sel, where={"criterion": "turnover", "group": "AI without VC"}, value=0.38, tol=0.05,
                 greater_than=dict(sel, where={"criterion": "turnover", "group": "AI with VC"}))
    assert evaluate_claim(rs, claim).status == "pass"
    claim["value"] = 0.2
    assert evaluate_claim(rs, claim).status == "fail"


def test_full_scale_only_is_reported_not_failed(rs):
    claim = {"model": "Wage bill", "term": "ai", "significant": 0.05, "full_scale_only": True}
    assert evaluate_claim(rs, claim, full_scale=False).status == "reported"
    assert evaluate_claim(rs, claim, full_scale=True).status == "fail"


def test_unknown_names_are_errors_with_near_miss(rs):
    out = evaluate_claim(rs, {"model": "Turnovr", "term": "ai", "sign": "+"})
    assert out.status == "error" and "did you mean 'Turnover'" in out.detail
    assert check_keys({"betwen": [1, 2]}) == ["unknown claim key 'betwen' (did you mean 'between'?)"]


def test_missing_value_fails(rs):
    r = Result("M", "fe_ols", 1, {"ai": Estimate(math.nan)})
    out = evaluate_claim(ResultSet("s", (r,)), {"term": "ai", "sign": "+"})
    assert out.status == "fail"


def test_missing_term_is_reported_at_reduced_scale_for_full_scale_claims(rs):
    claim = {"model": "Turnover", "term": "vc", "sign": "+", "full_scale_only": True}
    assert evaluate_claim(rs, claim, full_scale=False).status == "reported"
    assert evaluate_claim(rs, claim, full_scale=True).status == "error"


# ---------------------------------------------------------------- claims that cannot pass on nothing

def _counts_rs():
    r = Result("Firms", "describe", 10, tables={"counts": [{"year": 2023, "n": 20}], "means": [
        {"vc_group": "AI with VC", "mean": 0.5}, {"vc_group": "AI without VC", "mean": 0.3}]})
    return ResultSet(spec="specs/c.yaml", results=(r,))


def test_not_significant_without_p_value_fails_at_runtime():
    out = evaluate_claim(_counts_rs(), {"model": "Firms", "table": "counts", "column": "n", "not_significant": 0.05})
    assert out.status == "fail" and "no p-value" in out.detail


def test_unknown_sign_fails_at_runtime(rs):
    out = evaluate_claim(rs, {"model": "Turnover", "term": "ai", "sign": "negative"})
    assert out.status == "fail" and "unknown sign" in out.detail


def test_nan_tolerance_fails_at_runtime(rs):
    out = evaluate_claim(rs, {"model": "Turnover", "term": "ai", "value": 0.08, "tol": float("nan")})
    assert out.status == "fail"


@pytest.mark.parametrize("claim, words", [
    ({"model": "Turnover", "term": "ai", "value": 0.08, "tol": 0.01}, "within ±0.01 of 0.08"),
    ({"model": "Turnover", "term": "ai", "between": [0.07, 0.13]}, "between 0.07 and 0.13"),
    ({"model": "Turnover", "term": "ai", "between": [0.01, 1000]}, "at least 0.01"),
    ({"model": "Turnover", "term": "ai", "sign": "-"}, "negative"),
    ({"model": "Turnover", "term": "ai", "significant": 0.05}, "significant: p < 0.05"),
    ({"model": "Turnover", "term": "ai", "greater_than": {"model": "Employees", "term": "ai"}},
     "greater than ai [Employees] (0.12)"),
])
def test_tolerance_column_in_words(rs, claim, words):
    assert evaluate_claim(rs, claim).tolerance == words


def test_tolerance_of_a_comparison_names_the_other_record():
    claim = {"model": "Firms", "table": "means", "where": {"vc_group": "AI with VC"}, "column": "mean",
             "greater_than": {"model": "Firms", "table": "means", "where": {"vc_group": "AI without VC"}, "column": "mean"}}
    out = evaluate_claim(_counts_rs(), claim)
    assert out.status == "pass" and out.tolerance == "greater than mean (AI without VC) (0.3)"
    yr = {"model": "Firms", "table": "counts", "where": {"year": 2023}, "column": "n",
          "less_than": {"model": "Firms", "table": "counts", "where": {"year": 2023}, "column": "n"}}
    assert evaluate_claim(_counts_rs(), yr).tolerance == "less than n (year 2023) (20)"
