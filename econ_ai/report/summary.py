"""ResultSets -> Summary (the text summary's model): what ``econ-ai run --format text`` says.

fixest's ``summary()`` is the model: per model the estimator and the dependent variable, N,
the fixed effects and the standard errors, one coefficient block (estimate, SE, t or z, p,
stars), the fit statistics on one line, and the sample in one line (every step with
``verbose``). Counts print as counts (``df_resid: 117``, never ``117.0000``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from econ_ai.conventions import DEFAULT_STARS
from econ_ai.report.estimates import quantities
from econ_ai.report.model import ModelSummary, Summary, SummaryLine
from econ_ai.report.options import STAT_LABELS, ReportOptions, star_text
from econ_ai.results import Estimate, Result, ResultSet

KIND_NAMES = {"fe_ols": "OLS with absorbed fixed effects", "ols": "OLS", "logit": "Logit (ML)",
              "production_function": "Production function", "top_quantile": "Top-quantile shares",
              "describe": "Descriptive statistics"}
_FIT_FIRST = ("r2", "r2_within", "adj_r2", "pseudo_r2", "loglik", "rmse", "aic", "bic")
# bookkeeping the head lines already say (N, df) or that only --verbose shows
_FIT_INTERNAL = ("nobs", "df_resid", "k", "k_fe", "K", "rss", "iterations", "n")


def num(x: Any, sig: int = 4) -> str:
    """A number for people: counts with separators, others with ``sig`` significant digits."""
    if x is None:
        return "."
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return f"{int(x):,}"
    if isinstance(x, float):
        if math.isnan(x):
            return "."
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return f"{x:.{sig}g}" if abs(x) >= 1e-4 else f"{x:.2e}"
    return str(x)


def pval(p: float) -> str:
    if p is None or math.isnan(p):
        return "."
    return "< 1e-16" if p < 1e-16 else (f"{p:.2e}" if p < 1e-4 else f"{p:.4f}")


def _lines(q: dict[str, Estimate], labels: dict[str, str]) -> tuple[SummaryLine, ...]:
    return tuple(SummaryLine(labels.get(t, t), num(e.estimate, 5), num(e.std_error, 5), num(e.statistic, 4),
                             pval(e.p_value), star_text(e.p_value, DEFAULT_STARS)) for t, e in q.items())


def _sample(r: Result, verbose: bool) -> tuple[str, ...]:
    """One line: rows at the start of the model's own sample -> rows used, what removed the most,
    and how many steps the data build took (readers' steps come before ``start: ...``)."""
    steps = list(r.sample_log)
    if not steps:
        return ()
    at = next((i for i, s in enumerate(steps) if s.step.startswith("start:")), None)
    build, own = (steps[:at], steps[at:]) if at is not None else ([], steps)
    start = own[0].remaining + own[0].removed if own and own[0].remaining is not None else None
    removed = [s for s in own if s.removed]
    head = f"Sample: {num(start) + ' rows -> ' if start is not None else ''}{num(int(r.nobs))} used"
    if removed:
        top = max(removed, key=lambda s: s.removed)
        head += f"; {len(removed)} of {len(own)} steps removed rows (most: {top.step}, {num(top.removed)})"
    if build:
        head += f"; data build: {len(build)} steps"
    if not verbose:
        return (head + ("; --verbose lists every step" if len(steps) > 1 else ""),)
    out = [head + ":"]
    for s in steps:
        rem = f" -> {num(s.remaining)} rows" if s.remaining is not None else ""
        out.append(f"  - {s.step}: removed {num(s.removed)}{rem}")
    return tuple(out)


def model_summary(r: Result, opt: ReportOptions, verbose: bool = False, records=()) -> ModelSummary:
    labels = dict(opt.labels)
    head = [f"{KIND_NAMES.get(r.kind, r.kind)}: {r.name}" + (f", Dep. var.: {labels.get(r.outcome, r.outcome)}" if r.outcome else ""),
            f"Observations: {num(int(r.nobs))}"]
    if r.absorbed:
        fe = ", ".join(opt.fe_labels.get(f) or labels.get(f) or f for f in r.absorbed)
        head.append(f"Fixed effects: {fe}")
    if r.vcov is not None:
        v = r.vcov
        cl = ", ".join(f"{k}: {num(int(g))}" for k, g in v.clusters.items())
        kind = {"iid": "IID", "hc1": "Heteroskedasticity-robust (HC1)", "cluster": "Clustered"}.get(v.type.lower(), v.type)
        head.append(f"Standard errors: {kind}" + (f" ({cl})" if cl else "") + (f", {v.convention} convention" if v.convention else "")
                    + (f", t with {num(v.df)} df" if v.df else ", normal (z) inference" if r.coefficients else ""))
    blocks = []
    stat = "t value" if (r.vcov is not None and r.vcov.df) else "z value"
    if r.coefficients:
        blocks.append(("Coefficients", stat, _lines(dict(r.coefficients), labels)))
    if r.marginal_effects:
        blocks.append(("Average marginal effects (delta-method SE)", "z value", _lines(dict(r.marginal_effects), labels)))
    if r.odds_ratios:
        blocks.append(("Odds ratios", "z value", _lines(quantities(r, ReportOptions(show="or")), labels)))
    fit_keys = [k for k in _FIT_FIRST if k in r.fit] + [k for k in r.fit if k not in _FIT_FIRST
                                                        and (verbose or k not in _FIT_INTERNAL)]
    fit = "  ".join(f"{STAT_LABELS.get(k, k)}: {num(r.fit[k])}" for k in fit_keys)
    notes = tuple(r.notes) + ((f"dropped (collinear): {', '.join(r.dropped_terms)}",) if r.dropped_terms else ())
    return ModelSummary(tuple(head), tuple(blocks), (fit,) if fit else (), _sample(r, verbose), tuple(records), notes)


def build_summary(rs: ResultSet, *, verbose: bool = False, overrides=None) -> Summary:
    from econ_ai.report.tables import records_table

    opt = ReportOptions.parse({**dict(rs.report or {}), **dict(overrides or {})}, file=rs.spec or None)
    head = [rs.title or rs.spec, f"spec: {rs.spec}"]
    if rs.data is not None:
        synth = "  [SYNTHETIC data: calibrated to published aggregates, not the real microdata]" if rs.data.synthetic else ""
        head.append(f"data: {rs.data.name} ({num(rs.data.rows)} rows, sha256 {rs.data.sha256[:12]}){synth}")
    models = []
    for r in rs.results:
        recs = [records_table(rs, r, name, records, opt) for name, records in (r.tables or {}).items()]
        models.append(model_summary(r, opt, verbose, recs))
    foot = ("Signif. codes: " + ", ".join(f"{s} p < {p:g}" for p, s in DEFAULT_STARS) + ".",) \
        if any(b for m in models for b in m.blocks) else ()
    return Summary(tuple(head), tuple(models), foot)


def build_summaries(resultsets: Sequence[ResultSet], *, verbose: bool = False) -> list[Summary]:
    return [build_summary(rs, verbose=verbose) for rs in resultsets]


def summarize(rs: ResultSet, *, verbose: bool = False) -> str:
    """A ResultSet's text summary: build the Summary, draw it with ``report.text``."""
    from econ_ai.report.text import summary_text

    return summary_text(build_summary(rs, verbose=verbose))


def summarize_result(r: Result, *, verbose: bool = False) -> list[str]:
    """One model's summary lines (``Result.summary()``)."""
    from econ_ai.report.text import model_text

    return model_text(model_summary(r, ReportOptions(), verbose))
