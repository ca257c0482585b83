"""Inference on shares: exact binomial test, Wilson score interval, cross-group tests.

Used by the ``top_quantile`` kind (is a group's share in the top 20% different from 20%? do
the groups differ?) and available to any descriptive kind.

What is computed, and with which convention (checked against ``fixtures/reference/binomial``):

- ``binom_test(k, n, p0)``: exact two-sided binomial test, ``scipy.stats.binomtest``; the
  two-sided p-value sums the probabilities of all outcomes no more likely than the observed one
  (R ``binom.test``'s definition, same relative fuzz 1e-7).
- ``wilson_ci(k, n, conf)``: Wilson (1927) score interval without continuity correction, the
  interval of R ``prop.test(x, n, correct = FALSE)`` and of statsmodels
  ``proportion_confint(method="wilson")``. Closed form, written here so that it is vectorised
  and needs no statsmodels import (it is three lines; the reference tests pin it).
- ``cross_group_test(k, n)``: Pearson chi-square test of equal shares across groups (the
  r x 2 table groups x {top, not top}; no continuity correction, like R ``chisq.test(correct
  = FALSE)`` / ``scipy.stats.chi2_contingency(correction=False)``); when any expected count is
  below 5 it adds Fisher's exact test (Freeman-Halton for r > 2).
- ``fisher_exact_rx2(k, n)``: exact conditional test for an r x 2 table. Written here because
  ``scipy.stats.fisher_exact`` is exact only for 2 x 2 tables and falls back to a random Monte
  Carlo p-value for larger ones; R ``fisher.test`` is exact. The tables with the observed
  margins are enumerated over the r - 1 smaller rows (the last row is fixed by the margin);
  p = sum of the probabilities of tables no more likely than the observed one (relative fuzz
  1e-7, as R). Above ``max_tables`` it falls back to scipy's Monte Carlo with a fixed seed and
  says so in ``method``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

FUZZ = 1e-7  # relative tolerance for "as or less likely" (R binom.test / fisher.test)


@dataclass(frozen=True)
class ShareTest:
    """A share k/n with its exact test against ``p0`` and its Wilson interval."""

    k: int
    n: int
    share: float
    p0: float
    p_value: float
    ci_low: float
    ci_high: float
    std_error: float


def _check_kn(k: int, n: int) -> tuple[int, int]:
    if int(k) != k or int(n) != n:
        raise ValueError(f"k and n must be integers (got k={k}, n={n})")
    k, n = int(k), int(n)
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n (got k={k}, n={n})")
    return k, n


def binom_test(k: int, n: int, p0: float, alternative: str = "two-sided") -> float:
    """Exact binomial test p-value of ``k`` successes in ``n`` trials against ``p0``.

    NaN when n == 0 (no firm in the group: nothing to test).
    """
    k, n = _check_kn(k, n)
    if not 0.0 <= p0 <= 1.0:
        raise ValueError(f"p0 must be in [0, 1] (got {p0})")
    if n == 0:
        return float("nan")
    from scipy import stats

    return float(stats.binomtest(k, n, p0, alternative=alternative).pvalue)


def wilson_ci(k: Any, n: Any, conf: float = 0.95) -> tuple[Any, Any]:
    """Wilson score interval for k/n (vectorised; NaN where n == 0).

    centre = (k + z^2/2) / (n + z^2); half = z sqrt(k(n-k)/n + z^2/4) / (n + z^2).
    """
    if not 0.0 < conf < 1.0:
        raise ValueError(f"conf must be in (0, 1) (got {conf})")
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + conf / 2.0))
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = n_arr + z * z
        centre = (k_arr + z * z / 2.0) / denom
        half = z * np.sqrt(k_arr * (n_arr - k_arr) / n_arr + z * z / 4.0) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
        # exact end points where the share is 0 or 1 (rounding can leave 1e-17)
        low = np.where(k_arr == 0, 0.0, low)
        high = np.where(k_arr == n_arr, 1.0, high)
        low = np.where(n_arr > 0, low, np.nan)
        high = np.where(n_arr > 0, high, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def share_test(k: int, n: int, p0: float, conf: float = 0.95) -> ShareTest:
    """Share k/n, exact binomial p-value against p0, Wilson CI, binomial standard error."""
    k, n = _check_kn(k, n)
    share = k / n if n else float("nan")
    lo, hi = wilson_ci(k, n, conf)
    se = math.sqrt(share * (1.0 - share) / n) if n else float("nan")
    return ShareTest(k, n, share, float(p0), binom_test(k, n, p0), lo, hi, se)


def fisher_exact_rx2(k: Any, n: Any, *, max_tables: int = 5_000_000, seed: int = 20250416) -> tuple[float, str]:
    """Fisher's (Freeman-Halton) exact test of equal shares in an r x 2 table.

    ``k[i]`` successes out of ``n[i]`` in row i. Returns (p_value, method) with method
    ``"exact"`` or ``"monte_carlo"`` (scipy, 9999 resamples, fixed seed) when the enumeration
    would exceed ``max_tables`` tables.
    """
    from scipy.special import gammaln

    k_arr = np.asarray(k, dtype=np.int64)
    n_arr = np.asarray(n, dtype=np.int64)
    if k_arr.shape != n_arr.shape or k_arr.ndim != 1:
        raise ValueError("k and n must be 1-d arrays of the same length")
    if np.any(k_arr < 0) or np.any(k_arr > n_arr):
        raise ValueError("need 0 <= k <= n in every row")
    keep = n_arr > 0
    k_arr, n_arr = k_arr[keep], n_arr[keep]
    total, succ = int(n_arr.sum()), int(k_arr.sum())
    if len(n_arr) < 2 or succ in (0, total):
        return 1.0, "exact"
    # enumerate the column with the smaller total (same test, fewer tables)
    if succ > total - succ:
        k_arr, succ = n_arr - k_arr, total - succ
    order = np.argsort(n_arr, kind="stable")
    k_arr, n_arr = k_arr[order], n_arr[order]
    free_n = n_arr[:-1]
    last_n = int(n_arr[-1])
    ranges = [np.arange(0, min(int(m), succ) + 1) for m in free_n]
    n_tables = math.prod(len(r) for r in ranges)

    def logw(x: np.ndarray, m: np.ndarray) -> np.ndarray:  # log C(m, x) without the constant
        return gammaln(m + 1) - gammaln(x + 1) - gammaln(m - x + 1)

    if n_tables > max_tables:
        from scipy import stats

        table = np.column_stack([k_arr, n_arr - k_arr])
        res = stats.fisher_exact(table, method=stats.MonteCarloMethod(n_resamples=9999, rng=np.random.default_rng(seed)))
        return float(res.pvalue), "monte_carlo"

    obs = float(np.sum(logw(k_arr.astype(float), n_arr.astype(float))))
    # accumulate over the free rows one at a time: partial sums of x and of log weights
    part_x = np.zeros(1, dtype=np.int64)
    part_w = np.zeros(1)
    for r, m in zip(ranges, free_n):
        lw = logw(r.astype(float), float(m))
        part_x = (part_x[:, None] + r[None, :]).ravel()
        part_w = (part_w[:, None] + lw[None, :]).ravel()
        ok = part_x <= succ
        part_x, part_w = part_x[ok], part_w[ok]
    x_last = succ - part_x
    ok = (x_last >= 0) & (x_last <= last_n)
    w = part_w[ok] + logw(x_last[ok].astype(float), float(last_n))
    log_norm = float(gammaln(total + 1) - gammaln(succ + 1) - gammaln(total - succ + 1))
    prob = np.exp(w - log_norm)
    p_obs = math.exp(obs - log_norm)
    p = float(prob[prob <= p_obs * (1.0 + FUZZ)].sum())
    return min(p, 1.0), "exact"


def cross_group_test(k: Any, n: Any, *, min_expected: float = 5.0) -> dict[str, Any]:
    """Test of equal shares across groups (rows with n > 0 only).

    Returns ``{"chi2", "df", "p_value", "min_expected", "fisher_p_value", "fisher_method",
    "groups"}``; the Fisher entries are NaN / "" unless some expected count < ``min_expected``.
    """
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    keep = n_arr > 0
    kk, nn = k_arr[keep], n_arr[keep]
    out: dict[str, Any] = {"chi2": float("nan"), "df": 0, "p_value": float("nan"), "min_expected": float("nan"),
                           "fisher_p_value": float("nan"), "fisher_method": "", "groups": int(keep.sum())}
    if len(nn) < 2:
        return out
    table = np.column_stack([kk, nn - kk])
    col = table.sum(axis=0)
    expected = np.outer(nn, col) / nn.sum()
    out["min_expected"] = float(expected.min())
    out["df"] = int(len(nn) - 1)
    if np.any(col == 0):  # every group all-top or all-not: shares identical, nothing to test
        out.update(chi2=0.0, p_value=1.0)
    else:
        from scipy.stats import chi2

        stat = float(((table - expected) ** 2 / expected).sum())
        out.update(chi2=stat, p_value=float(chi2.sf(stat, out["df"])))
    if out["min_expected"] < min_expected:
        p, method = fisher_exact_rx2(kk.astype(np.int64), nn.astype(np.int64))
        out.update(fisher_p_value=p, fisher_method=method)
    return out
