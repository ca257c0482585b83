"""``top_quantile``: which groups are over-represented among the top (1 - q) of all firms.

Figure 7 of the study: the share of non-AI starters, AI starters without VC and AI starters
with VC that are in the top 20% of all starters (2023) by turnover, employees, EBIT, EBITDA,
value added, and in the intersection "top 20% by turnover, employees and EBIT at once".

Definitions (one model = one criterion or one intersection of criteria):

- Threshold of a criterion = its q-quantile over ALL rows of the design that have the
  criterion (every group together), ``numpy.quantile(x, q, method="linear")``: Hyndman & Fan
  (1996) type 7, R's default ``quantile()`` and Excel's PERCENTILE.INC. It is NOT Stata's
  ``_pctile`` / ``xtile`` (type 2, the inverse empirical CDF averaged at jumps); set option
  ``quantile_method`` to any numpy method name (``"averaged_inverted_cdf"`` = Stata
  ``_pctile``) to change it.
- A row is in the top on a criterion when ``value >= threshold`` (option ``ties: ">"`` for a
  strict inequality). On continuous data the top share of all rows is within 1/n of 1 - q
  either way; with heavy ties (e.g. integer FTE) it can be far from 1 - q, so the realised top
  share of all rows is reported (``thresholds`` table, ``fit["top_share_all"]``) and a note is
  added when it differs from 1 - q by more than one percentage point.
- Intersection (several criteria): in the top on every criterion, each with its own
  threshold computed on all rows where that criterion is observed (so the thresholds equal
  those of the single-criterion models); rows missing any criterion are then dropped (counted
  in the sample log).
- Per group: n, n_top, share = n_top / n; exact two-sided binomial test of the share against
  ``expected`` = the share of ALL rows in the top set (``top_share_all``), for a single
  criterion and for an intersection alike (about 7% in the study, not 20%); ``ratio`` =
  share / expected. Wilson 95% interval (see ``econ_ai.kinds.top_quantile.binomial``).
  Option ``null: nominal`` tests against 1 - q instead (the pre-v14 rule for one criterion).

  Tie rule, and why: a group is over- or under-represented when its share in the top set
  differs from the share of all firms in that set. Ties at the threshold (e.g. 2023 FTE:
  21.1% of all starters are at or above the 80th percentile, 3.2 FTE) make the top set larger
  than 1 - q; testing each group against 1 - q then declares the whole population
  "over-represented" (non-AI, almost everybody, at 0.211 with p = 6e-18). Firms with equal
  values are kept together (every firm at the threshold is in the top, as Stata's ``xtile``
  also never splits equal values between groups) and the comparison is with the realised
  top share, so the null is exactly "this group is like all firms". Breaking ties at random
  to hit 1 - q exactly would make the result depend on a random draw; the strict rule
  (``ties: ">"``) shrinks the top set below 1 - q instead.
- Across groups: Pearson chi-square test of equal shares (groups x {top, not top}); Fisher's
  exact test added where an expected count is below 5.

Rows with a missing group are dropped and counted in the sample log; nothing else is removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.kinds.top_quantile.binomial import cross_group_test, share_test
from econ_ai.kinds.options import KindEstimator
from econ_ai.kinds.top_quantile.options import TopQuantileOptions
from econ_ai.results import Estimate, Result
from econ_ai.provenance import SampleStep

# Display order for the study's vc_group labels; other labels come after, sorted.
KNOWN_GROUP_ORDER = ("non-AI", "AI without VC", "AI with VC")
ALL = "all"


def _is_missing(a: np.ndarray) -> np.ndarray:
    if a.dtype.kind in "fc":
        return np.isnan(a)
    if a.dtype.kind in "iub":
        return np.zeros(a.shape, dtype=bool)
    import pandas as pd

    return np.asarray(pd.isna(a), dtype=bool)


def order_groups(labels: Sequence[Any], preferred: Sequence[Any] | None = None) -> list[Any]:
    """Group labels in display order: ``preferred`` first (if given), then the study's known
    labels, then the rest sorted by their text."""
    present = list(dict.fromkeys(labels))
    pref = list(preferred) if preferred else list(KNOWN_GROUP_ORDER)
    first = [g for g in pref if g in present]
    rest = sorted((g for g in present if g not in first), key=str)
    return first + rest


class TopQuantile(KindEstimator):
    """Share of each group in the top (1 - q) of all rows, per criterion or intersection.

    Options (:class:`TopQuantileOptions`; constructor keywords override them): ``group``,
    ``q`` (default 0.8), ``criteria``, ``ties`` (">=" default, or ">"), ``quantile_method``
    (numpy method, default "linear"), ``null`` ("realized" = share of all rows in the top set,
    the default ("auto"), or "nominal" = 1 - q),
    ``conf`` (0.95), ``groups`` (display order).
    """

    kind = "top_quantile"
    Options = TopQuantileOptions

    def fit(self, design: Design) -> Result:
        name = design.spec.name
        opts = self.resolve_options(design)
        q, ties, method, null, conf = opts.q, opts.ties, opts.quantile_method, opts.null, opts.conf
        if not 0.0 < q < 1.0:
            raise EstimationError(f"q must be in (0, 1), got {q}", model=name)
        if ties not in (">=", ">"):
            raise EstimationError(f"ties must be '>=' or '>', got '{ties}'", model=name)
        if null not in ("auto", "nominal", "realized"):
            raise EstimationError(f"null must be 'nominal' or 'realized', got '{null}'", model=name)
        criteria = opts.get("criteria") or ()
        if isinstance(criteria, str):
            criteria = (criteria,)
        criteria = tuple(criteria)
        if not criteria:
            raise EstimationError("no criteria given (options.criteria)", model=name)
        missing_cols = [c for c in criteria if c not in design.columns]
        if missing_cols:
            raise EstimationError(f"criterion column(s) {missing_cols} not in the design; have {sorted(design.columns)}",
                                  model=name)
        group_var = opts.get("group")
        n_rows = len(design.columns[criteria[0]])
        if group_var:
            if group_var not in design.columns:
                raise EstimationError(f"group column '{group_var}' not in the design", model=name)
            groups = np.asarray(design.columns[group_var], dtype=object)
        else:
            groups = np.full(n_rows, ALL, dtype=object)

        log = list(design.sample_log)
        keep = np.ones(n_rows, dtype=bool)
        remaining = int(n_rows)
        gmiss = _is_missing(groups)
        if gmiss.any():
            keep &= ~gmiss
            remaining -= int(gmiss.sum())
            log.append(SampleStep(f"missing values in {group_var}", int(gmiss.sum()), remaining))
        # thresholds: each criterion over every row (any group) where it is observed
        hits: dict[str, np.ndarray] = {}
        thresholds = []
        base = keep.copy()
        for c in criteria:
            v = np.asarray(design.columns[c], dtype=float)
            obs = base & np.isfinite(v)
            if not obs.any():
                raise EstimationError(f"criterion '{c}' has no observed value", model=name)
            thr = float(np.quantile(v[obs], q, method=method))
            with np.errstate(invalid="ignore"):
                hit = (v >= thr) if ties == ">=" else (v > thr)
            hits[c] = hit & obs
            thresholds.append({"criterion": c, "q": q, "threshold": thr, "n": int(obs.sum()),
                               "n_top": int(hits[c].sum()), "top_share": float(hits[c].sum() / obs.sum()),
                               "quantile_method": method, "ties": ties})
            bad = keep & ~obs
            if bad.any():
                keep &= ~bad
                remaining -= int(bad.sum())
                log.append(SampleStep(f"missing values in {c}", int(bad.sum()), remaining))
        n = int(keep.sum())
        if n == 0:
            raise EstimationError("no rows left after dropping missing values", model=name,
                                  diagnostics={"criteria": ",".join(criteria)})
        top = np.ones(n, dtype=bool)
        for c in criteria:
            top &= hits[c][keep]
        g = groups[keep]
        top_share_all = float(top.mean())
        label = " & ".join(criteria)
        if len(criteria) > 1:
            thresholds.append({"criterion": label, "q": q, "threshold": float("nan"), "n": n,
                               "n_top": int(top.sum()), "top_share": top_share_all,
                               "quantile_method": method, "ties": ties})
        if null == "auto":  # the tie rule: compare with the share of ALL firms in the top set
            null = "realized"
        expected = round(1.0 - q, 12) if null == "nominal" else top_share_all

        import pandas as pd

        codes, uniques = pd.factorize(g)
        labels = [str(u) for u in uniques]
        n_by = np.bincount(codes, minlength=len(labels))
        k_by = np.bincount(codes, weights=top, minlength=len(labels))
        order = order_groups(labels, opts.get("groups"))
        shares, coefs, ks, ns = [], {}, [], []
        for grp in order:
            j = labels.index(grp)
            k_g, n_g = int(k_by[j]), int(n_by[j])
            t = share_test(k_g, n_g, expected, conf)
            ks.append(k_g)
            ns.append(n_g)
            shares.append({"criterion": label, "group": grp, "n": n_g, "n_top": k_g, "share": t.share,
                           "expected": expected, "ratio": t.share / expected if expected > 0 else float("nan"),
                           "p_value": t.p_value, "ci_low": t.ci_low, "ci_high": t.ci_high})
            coefs[grp] = Estimate(t.share, t.std_error, float("nan"), t.p_value, t.ci_low, t.ci_high)
        ct = cross_group_test(ks, ns)
        tests = [{"criterion": label, "test": "chi2", "statistic": ct["chi2"], "df": ct["df"],
                  "p_value": ct["p_value"], "min_expected": ct["min_expected"]}]
        if ct["fisher_method"]:
            tests.append({"criterion": label, "test": f"fisher_{ct['fisher_method']}", "statistic": float("nan"),
                          "df": ct["df"], "p_value": ct["fisher_p_value"], "min_expected": ct["min_expected"]})

        notes = list(design.notes)
        against = ("the share of all firms in the top set" if null == "realized" else f"1 - q")
        notes.append(f"Top {100 * (1 - q):g}%: value {ties} the {100 * q:g}th percentile over all rows with the value "
                     f"(numpy '{method}' quantile); shares tested against {against} ({expected:.4g}) with an "
                     f"exact binomial test; {int(round(100 * conf))}% Wilson intervals.")
        if abs(top_share_all - (1.0 - q)) > 0.01 and len(criteria) == 1:
            notes.append(f"ties: {100 * top_share_all:.1f}% of all rows are in the top on {label}, "
                         f"not {100 * (1 - q):g}%.")
        return Result(
            name=name,
            kind="top_quantile",
            nobs=n,
            coefficients=coefs,
            outcome=label,
            fit={"q": q, "n": n, "n_top": int(top.sum()), "top_share_all": top_share_all,
                 "chi2": ct["chi2"], "chi2_p_value": ct["p_value"]},
            sample_log=tuple(log),
            notes=tuple(notes),
            tables={"shares": shares, "thresholds": thresholds, "tests": tests},
            extra={"criteria": list(criteria), "group": group_var or "", "groups": order},
        )
