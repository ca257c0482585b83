"""Draws whose margins are fixed so that a published statement holds on every seed."""

from __future__ import annotations

import numpy as np

from econ_ai.data.synth.accounts import _exact_share
from econ_ai.data.synth.ai_list import stratified_sample, weighted_sample


def test_stratified_sample_fixes_the_count_per_stratum():
    rng = np.random.default_rng(3)
    strata = np.array([0] * 600 + [1] * 150)
    w = np.where(rng.random(750) < 0.1, 8.0, 1.0)
    expected = 26 * w[strata == 1].sum() / w.sum()
    counts = []
    for _ in range(200):
        s = stratified_sample(rng, w, 26, strata)
        assert len(s) == 26 and len(set(s.tolist())) == 26
        counts.append(int((strata[s] == 1).sum()))
    assert set(counts) <= {int(np.floor(expected)), int(np.ceil(expected))}
    free = [int((strata[weighted_sample(rng, w, 26)] == 1).sum()) for _ in range(200)]
    assert np.std(free) > 1.0  # a free draw varies; the stratified one does not
    # within a stratum the weights still decide who is drawn
    hits = np.zeros(750)
    for _ in range(300):
        hits[stratified_sample(rng, w, 26, strata)] += 1
    heavy, light = (w == 8.0) & (strata == 0), (w == 1.0) & (strata == 0)
    assert hits[heavy].mean() > 4 * hits[light].mean()


def test_exact_share_draws_exactly_round_share_times_n_per_group():
    rng = np.random.default_rng(1)
    g = np.array([0] * 1000 + [1] * 588 + [2] * 156)
    for _ in range(5):
        f = _exact_share(rng, g, (0.0, 0.5, 0.25))
        assert f[g == 0].sum() == 0 and f[g == 1].sum() == 294 and f[g == 2].sum() == 39


def test_exact_share_with_strata_fixes_the_count_per_stratum_and_in_total():
    rng = np.random.default_rng(2)
    g = np.array([0] * 100 + [1] * 588 + [2] * 156)
    cohort = rng.integers(2010, 2024, len(g))
    share = (0.0, 0.35, 0.15)
    totals, per_cohort = set(), []
    for _ in range(20):
        f = _exact_share(rng, g, share, cohort)
        totals.add((int(f[g == 1].sum()), int(f[g == 2].sum())))
        for grp in (1, 2):
            m = g == grp
            k = round(share[grp] * m.sum())
            for c in np.unique(cohort[m]):
                quota = k * (cohort[m] == c).sum() / m.sum()
                got = int(f[m & (cohort == c)].sum())
                assert np.floor(quota) <= got <= np.ceil(quota)
        per_cohort.append(f)
    assert totals == {(206, 23)}  # round(0.35 * 588), round(0.15 * 156): as without strata
    # who is a scale-up inside a cohort is still random
    assert len({tuple(np.flatnonzero(f)) for f in per_cohort}) == 20
