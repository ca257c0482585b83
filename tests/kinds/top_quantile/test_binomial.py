"""econ_ai.kinds.top_quantile.binomial against R / textbook values (fixtures/reference/binomial) and a
second library (statsmodels, scipy, brute-force enumeration)."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.kinds.top_quantile.binomial import (
    binom_test,
    cross_group_test,
    fisher_exact_rx2,
    share_test,
    wilson_ci,
)

REF = json.loads((Path(__file__).parents[3] / "fixtures/reference/binomial/reference.json").read_text())


@pytest.mark.parametrize("case", REF["binom_test_two_sided"], ids=lambda c: f"{c['k']}/{c['n']}@{c['p0']}")
def test_binom_test_matches_r(case):
    assert binom_test(case["k"], case["n"], case["p0"]) == pytest.approx(case["p_value"], rel=case["rtol"])


@pytest.mark.parametrize("case", REF["wilson_ci"], ids=lambda c: f"{c['k']}/{c['n']}@{c['conf']}")
def test_wilson_ci_matches_r_and_newcombe(case):
    lo, hi = wilson_ci(case["k"], case["n"], case["conf"])
    assert lo == pytest.approx(case["ci_low"], abs=case["atol"])
    assert hi == pytest.approx(case["ci_high"], abs=case["atol"])


@pytest.mark.parametrize("case", REF["chi2_independence"])
def test_chi2_matches_r_chisq_test(case):
    table = np.array(case["table"])  # 2 x c: the columns are the groups, row 0 the "successes"
    res = cross_group_test(table[0], table.sum(axis=0))
    assert res["chi2"] == pytest.approx(case["chi2"], abs=case["atol_chi2"])
    assert res["df"] == case["df"]
    assert res["p_value"] == pytest.approx(case["p_value"], rel=case["rtol_p"])
    assert math.isnan(res["fisher_p_value"])  # all expected counts large: no Fisher test


@pytest.mark.parametrize("case", REF["fisher_exact"], ids=lambda c: str(c["table"]))
def test_fisher_exact_matches_r_and_matlab(case):
    t = np.array(case["table"])
    p, method = fisher_exact_rx2(t[:, 0], t.sum(axis=1))
    assert method == "exact"
    assert p == pytest.approx(case["p_value"], abs=case["atol"])


def test_cross_group_adds_fisher_when_expected_small():
    res = cross_group_test([0, 3, 2], [6, 8, 3])
    assert res["min_expected"] < 5
    assert res["fisher_method"] == "exact"
    assert res["fisher_p_value"] == pytest.approx(0.088235, abs=5e-7)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from([0.9, 0.95, 0.99]))
def test_wilson_equals_statsmodels_and_contains_share(kn, conf):
    from statsmodels.stats.proportion import proportion_confint

    k, n = kn
    if n == 0:
        lo, hi = wilson_ci(k, n, conf)
        assert math.isnan(lo) and math.isnan(hi)
        return
    lo, hi = wilson_ci(k, n, conf)
    slo, shi = proportion_confint(k, n, alpha=1 - conf, method="wilson")
    assert lo == pytest.approx(slo, abs=1e-12)
    assert hi == pytest.approx(shi, abs=1e-12)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.floats(0.01, 0.99))
def test_share_test_properties(kn, p0):
    k, n = kn
    t = share_test(k, n, p0)
    assert 0.0 <= t.p_value <= 1.0
    assert t.ci_low <= t.share <= t.ci_high
    assert t.share == k / n
    assert t.std_error == pytest.approx(math.sqrt(t.share * (1 - t.share) / n))


def _brute_force_fisher(k, n):
    """Enumerate every r x 2 table with the observed margins (scipy multivariate_hypergeom)."""
    from scipy.stats import multivariate_hypergeom

    K = int(sum(k))
    p_obs = multivariate_hypergeom.pmf(k, m=n, n=K)
    total = 0.0
    for x in itertools.product(*(range(m + 1) for m in n[:-1])):
        last = K - sum(x)
        if 0 <= last <= n[-1]:
            p = multivariate_hypergeom.pmf(list(x) + [last], m=n, n=K)
            if p <= p_obs * (1 + 1e-7):
                total += p
    return total


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 9).flatmap(lambda m: st.tuples(st.integers(0, m), st.just(m))),
                min_size=2, max_size=4))
def test_fisher_rx2_equals_brute_force(rows):
    k = [r[0] for r in rows]
    n = [r[1] for r in rows]
    p, method = fisher_exact_rx2(k, n)
    assert method == "exact"
    assert 0.0 <= p <= 1.0 + 1e-12
    if 0 < sum(k) < sum(n):
        assert p == pytest.approx(_brute_force_fisher(k, n), abs=1e-10)


def test_fisher_2x2_equals_scipy():
    from scipy.stats import fisher_exact

    for a, b, c, d in [(3, 1, 1, 3), (10, 2, 3, 15), (0, 5, 6, 1), (20, 30, 25, 10)]:
        p, _ = fisher_exact_rx2([a, c], [a + b, c + d])
        assert p == pytest.approx(fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-9)


def test_fisher_monte_carlo_fallback_is_labelled():
    p_exact, _ = fisher_exact_rx2([0, 3, 2], [6, 8, 3])
    p_mc, method = fisher_exact_rx2([0, 3, 2], [6, 8, 3], max_tables=1)
    assert method == "monte_carlo"
    assert p_mc == pytest.approx(p_exact, abs=0.02)


def test_chi2_equals_scipy_chi2_contingency():
    from scipy.stats import chi2_contingency

    k, n = [30, 12, 3], [200, 40, 20]
    res = cross_group_test(k, n)
    table = np.column_stack([k, np.subtract(n, k)])
    ref = chi2_contingency(table, correction=False)
    assert res["chi2"] == pytest.approx(ref.statistic, rel=1e-12)
    assert res["p_value"] == pytest.approx(ref.pvalue, rel=1e-10)
    assert res["df"] == ref.dof


def test_edge_cases():
    assert math.isnan(binom_test(0, 0, 0.2))
    assert math.isnan(share_test(0, 0, 0.2).share)
    with pytest.raises(ValueError, match="0 <= k <= n"):
        binom_test(5, 3, 0.2)
    with pytest.raises(ValueError, match="p0"):
        binom_test(1, 3, 1.5)
    # a group with no rows is left out of the cross-group test
    assert cross_group_test([3, 0], [10, 0])["groups"] == 1
    # nobody (or everybody) in the top: shares are equal, p = 1
    assert cross_group_test([0, 0], [10, 5])["p_value"] == 1.0
