"""top_quantile: thresholds, group shares, tests, missing values, errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.kinds.top_quantile.binomial import share_test
from econ_ai.kinds.registry import estimator as get
from econ_ai.kinds.top_quantile.estimator import TopQuantile, order_groups
from econ_ai.results import Result, ResultSet
from econ_ai.provenance import SampleStep
from econ_ai.spec.model import ModelSpec

GROUPS = np.array(["non-AI", "AI without VC", "AI with VC"], dtype=object)


def design(columns, criteria, *, group="vc_group", q=0.8, name="m", sample_log=(), **opts) -> Design:
    options = {"criteria": list(criteria), "q": q, **opts}
    if group:
        options["group"] = group
    spec = ModelSpec(name=name, kind="top_quantile", options=options)
    n = len(next(iter(columns.values())))
    return Design(spec=spec, y=None, X=None, terms=(), columns=columns, index=np.arange(n),
                  sample_log=tuple(sample_log))


def population(seed=0, n=3000):
    rng = np.random.default_rng(seed)
    g = rng.choice(GROUPS, n, p=[0.9, 0.07, 0.03])
    boost = np.where(g == "AI without VC", 1.0, 0.0)
    return {
        "vc_group": g,
        "turnover": rng.lognormal(size=n) + boost,
        "employees": rng.lognormal(size=n) + boost,
        "ebit": rng.normal(size=n) - np.where(g == "AI with VC", 1.0, 0.0),
    }


def test_registered():
    assert get("top_quantile") is TopQuantile


def test_threshold_is_type7_quantile_like_r():
    # R: quantile(1:10, 0.8) = 8.2 (type 7, the default); Stata `_pctile` (type 2) gives 8.5
    cols = {"x": np.arange(1.0, 11.0), "vc_group": np.array(["a"] * 10, dtype=object)}
    r = TopQuantile().fit(design(cols, ["x"]))
    assert r.tables["thresholds"][0]["threshold"] == pytest.approx(8.2)
    assert r.tables["shares"][0]["n_top"] == 2  # 9 and 10 are >= 8.2
    r2 = TopQuantile(quantile_method="averaged_inverted_cdf").fit(design(cols, ["x"]))
    assert r2.tables["thresholds"][0]["threshold"] == pytest.approx(8.5)


@settings(max_examples=40, deadline=None)
@given(st.integers(5, 2000), st.floats(0.05, 0.95), st.integers(0, 2**31 - 1), st.sampled_from([">=", ">"]))
def test_top_share_within_one_over_n_on_continuous_data(n, q, seed, ties):
    rng = np.random.default_rng(seed)
    cols = {"x": rng.normal(size=n), "vc_group": rng.choice(GROUPS, n)}
    r = TopQuantile(ties=ties).fit(design(cols, ["x"], q=q))
    share = r.fit["top_share_all"]
    assert abs(share - (1 - q)) <= 1.0 / n + 1e-12
    # group records add up to the whole
    assert sum(s["n"] for s in r.tables["shares"]) == n
    assert sum(s["n_top"] for s in r.tables["shares"]) == r.fit["n_top"]
    for s in r.tables["shares"]:
        assert 0.0 <= s["p_value"] <= 1.0
        assert s["ci_low"] <= s["share"] <= s["ci_high"]


def test_group_shares_and_tests_equal_independent_computation():
    from scipy.stats import chi2_contingency

    cols = population()
    r = TopQuantile().fit(design(cols, ["turnover"], name="Turnover"))
    x, g = cols["turnover"], cols["vc_group"]
    thr = np.quantile(x, 0.8)
    top = x >= thr
    assert [s["group"] for s in r.tables["shares"]] == ["non-AI", "AI without VC", "AI with VC"]
    ks, ns = [], []
    for rec in r.tables["shares"]:
        m = g == rec["group"]
        k, n = int(top[m].sum()), int(m.sum())
        ks.append(k)
        ns.append(n)
        ref = share_test(k, n, top.mean())  # the tie rule: against the share of ALL firms in the top
        assert (rec["n"], rec["n_top"]) == (n, k)
        assert rec["share"] == pytest.approx(k / n)
        assert rec["expected"] == pytest.approx(top.mean())
        assert rec["p_value"] == pytest.approx(ref.p_value, rel=1e-12)
        est = r.coefficients[rec["group"]]
        assert (est.estimate, est.ci_low, est.ci_high) == (rec["share"], rec["ci_low"], rec["ci_high"])
    chi = chi2_contingency(np.column_stack([ks, np.subtract(ns, ks)]), correction=False)
    t = r.tables["tests"][0]
    assert t["test"] == "chi2" and t["statistic"] == pytest.approx(chi.statistic)
    assert t["p_value"] == pytest.approx(chi.pvalue)
    # AI without VC is built to be over-represented
    s = {rec["group"]: rec for rec in r.tables["shares"]}
    assert s["AI without VC"]["share"] > 0.3 and s["AI without VC"]["p_value"] < 1e-6
    assert r.name == "Turnover" and r.kind == "top_quantile" and r.fit["q"] == 0.8


def test_intersection_uses_single_thresholds_and_realised_null():
    cols = population(1)
    single = {c: TopQuantile().fit(design(cols, [c])) for c in ("turnover", "employees", "ebit")}
    r = TopQuantile().fit(design(cols, ["turnover", "employees", "ebit"], name="All three"))
    thr = {t["criterion"]: t["threshold"] for t in r.tables["thresholds"]}
    for c, res in single.items():
        assert thr[c] == res.tables["thresholds"][0]["threshold"]
    top = np.ones(len(cols["ebit"]), dtype=bool)
    for c in single:
        top &= cols[c] >= thr[c]
    assert r.fit["n_top"] == int(top.sum())
    assert r.fit["top_share_all"] == pytest.approx(top.mean())
    assert all(s["expected"] == pytest.approx(top.mean()) for s in r.tables["shares"])
    assert r.outcome == "turnover & employees & ebit"
    forced = TopQuantile(null="nominal").fit(design(cols, ["turnover", "employees", "ebit"]))
    assert all(s["expected"] == 0.2 for s in forced.tables["shares"])


def test_missing_values_are_counted_not_lost():
    cols = population(2, n=500)
    cols["turnover"][:7] = np.nan
    cols["ebit"][5:12] = np.nan  # rows 5, 6 missing on both
    g = cols["vc_group"].copy()
    g[100] = None
    cols["vc_group"] = g
    start = (SampleStep("start: starters", 0, 500),)
    r = TopQuantile().fit(design(cols, ["turnover", "ebit"], sample_log=start))
    steps = {s.step: s for s in r.sample_log}
    assert r.sample_log[0] == start[0]
    assert steps["missing values in vc_group"].removed == 1
    assert steps["missing values in turnover"].removed == 7
    assert steps["missing values in ebit"].removed == 5
    assert r.nobs == 500 - 1 - 7 - 5
    assert r.sample_log[-1].remaining == r.nobs
    # thresholds over the rows where each criterion is observed
    t = {x["criterion"]: x for x in r.tables["thresholds"]}
    assert t["turnover"]["n"] == 500 - 1 - 7
    assert t["ebit"]["n"] == 500 - 1 - 7  # group missing in row 100, ebit in rows 5-11


def test_ties_option_and_note():
    x = np.array([1.0] * 60 + [2.0] * 30 + [3.0] * 10)
    cols = {"employees": x, "vc_group": np.array(["a"] * 100, dtype=object)}
    ge = TopQuantile().fit(design(cols, ["employees"]))
    gt = TopQuantile(ties=">").fit(design(cols, ["employees"]))
    assert ge.tables["thresholds"][0]["threshold"] == 2.0
    assert ge.fit["top_share_all"] == 0.4 and gt.fit["top_share_all"] == 0.1
    assert any("ties" in n for n in ge.notes)
    assert ge.tables["shares"][0]["expected"] == 0.4  # default: the realised top share
    nominal = TopQuantile(null="nominal").fit(design(cols, ["employees"]))
    assert nominal.tables["shares"][0]["expected"] == 0.2


def test_tie_rule_a_group_like_the_population_is_not_over_represented():
    """Heavy ties (integer FTE): 40% of all firms are at or above the 80th percentile. A group
    drawn like everybody else has a share near 0.4 and must not test as over-represented; a
    group concentrated at the top must. Against 1 - q = 0.2 (the nominal null) the ordinary
    group is wrongly 'over-represented' -- the bug the tie rule fixes."""
    from scipy.stats import binomtest

    rng = np.random.default_rng(7)
    x = rng.choice([1.0, 2.0, 3.0], p=[0.6, 0.3, 0.1], size=20_000)
    g = np.where(rng.random(20_000) < 0.98, "non-AI", "AI").astype(object)
    g[(x == 3.0) & (rng.random(20_000) < 0.2)] = "AI"  # AI over-represented at the top
    cols = {"employees": x, "vc_group": g}
    r = TopQuantile().fit(design(cols, ["employees"]))
    top = x >= np.quantile(x, 0.8)
    assert r.tables["thresholds"][0]["threshold"] == 2.0
    assert r.fit["top_share_all"] == pytest.approx(top.mean()) and top.mean() > 0.35
    s = {rec["group"]: rec for rec in r.tables["shares"]}
    m = g == "non-AI"
    ref = binomtest(int(top[m].sum()), int(m.sum()), top.mean())
    assert s["non-AI"]["expected"] == pytest.approx(top.mean())
    assert s["non-AI"]["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
    assert abs(s["non-AI"]["ratio"] - 1.0) < 0.03
    assert s["AI"]["ratio"] > 1.2 and s["AI"]["p_value"] < 1e-6
    nominal = TopQuantile(null="nominal").fit(design(cols, ["employees"]))
    assert {rec["group"]: rec for rec in nominal.tables["shares"]}["non-AI"]["p_value"] < 1e-100


def test_no_group_gives_one_group():
    cols = {"x": np.arange(100.0)}
    r = TopQuantile().fit(design(cols, ["x"], group=None))
    assert [s["group"] for s in r.tables["shares"]] == ["all"]
    assert r.tables["tests"][0]["df"] == 0


def test_small_groups_get_fisher_test():
    rng = np.random.default_rng(3)
    g = np.array(["non-AI"] * 40 + ["AI with VC"] * 4 + ["AI without VC"] * 6, dtype=object)
    cols = {"x": rng.normal(size=50), "vc_group": g}
    r = TopQuantile().fit(design(cols, ["x"]))
    tests = {t["test"]: t for t in r.tables["tests"]}
    assert tests["chi2"]["min_expected"] < 5
    assert 0 <= tests["fisher_exact"]["p_value"] <= 1


def test_group_order():
    assert order_groups(["b", "AI with VC", "non-AI", "a"]) == ["non-AI", "AI with VC", "a", "b"]
    assert order_groups(["x", "y"], ["y", "x"]) == ["y", "x"]


def test_errors():
    cols = population(n=50)
    with pytest.raises(EstimationError, match="option 'q': a quantile strictly between 0 and 1"):
        TopQuantile().fit(design(cols, ["turnover"], q=1.2))
    with pytest.raises(EstimationError, match="not in the design"):
        TopQuantile().fit(design(cols, ["turnvoer"]))
    with pytest.raises(EstimationError, match="no criteria"):
        TopQuantile().fit(design(cols, []))
    with pytest.raises(EstimationError, match="ties"):
        TopQuantile(ties="=>").fit(design(cols, ["turnover"]))
    cols["ebit"][:] = np.nan
    with pytest.raises(EstimationError, match="no observed value"):
        TopQuantile().fit(design(cols, ["ebit"]))


def test_result_json_round_trip():
    r = TopQuantile().fit(design(population(n=300), ["turnover", "employees"]))
    rs = ResultSet(spec="specs/figure7.yaml", results=(r,), kind="top_quantile")
    back = ResultSet.from_dict(json.loads(rs.to_json()))
    b = back.results[0]
    assert isinstance(b, Result)
    assert b.tables["shares"] == json.loads(json.dumps(r.to_dict()["tables"]["shares"]))
    assert math.isclose(b.coefficients["non-AI"].estimate, r.coefficients["non-AI"].estimate)
