"""Figures of the reporting layer. ``coefplot``: coefficients of every model of a spec with
95% confidence intervals (the study's own figures plug in beside it, in the same style)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from econ_ai.report.style import GREYS, figure_style, finish, new_figure, save
from econ_ai.report.tables import _quantities, is_regression, options_for, select_terms
from econ_ai.results import ResultSet

INTERCEPTS = ("const", "Intercept", "_cons", "(Intercept)", "intercept")
def axis_label(show: str, terms: Sequence[str], outcomes: Sequence[str], units: str = "") -> str:
    """The x label from the labels: 'Coefficient on AI starter (effect on Turnover)' ..."""
    what = {"coef": "Coefficient", "ame": "Average marginal effect", "or": "Odds ratio"}[show]
    on = f" on {terms[0]}" if len(terms) == 1 else ""
    if len(outcomes) == 1:
        target = f"P({outcomes[0]} = 1)" if show == "ame" else outcomes[0]
        of = f" (effect on {target})"
    else:
        of = " (effect on each model's outcome)" if show != "or" else ""
    unit = f", {units}" if units else (", log scale" if show == "or" else "")
    return f"{what}{on}{of}{unit}"


XLABELS = {
    "coef": "Coefficient (outcome units per unit of the regressor)",
    "ame": "Average marginal effect (probability, 0\u20131)",
    "or": "Odds ratio (log scale)",
}


def coefplot(
    resultset: ResultSet,
    path: str | Path,
    terms: Sequence[str] | None = None,
    *,
    show: str | None = None,
    title: str | None = None,
    source: str | None = None,
    formats: Sequence[str] | None = None,
) -> list[Path]:
    """Plot point estimates with 95% CIs, one row per term, one marker style per model.

    ``terms`` defaults to the report's keep/drop/order selection without the intercept;
    ``show`` (coef | ame | or) defaults to ``report.show``. The x label gives the units
    (``report.units`` or ``report.xlabel`` refine it). Writes PNG and PDF unless ``path``
    has a suffix or ``formats`` says otherwise; returns the written paths.
    """
    fig = coefplot_figure(resultset, terms, show=show, title=title, source=source)
    return save(fig, path, formats)


def coefplot_figure(
    resultset: ResultSet,
    terms: Sequence[str] | None = None,
    *,
    show: str | None = None,
    title: str | None = None,
    source: str | None = None,
):
    """The finished coefficient-plot ``Figure`` (labelled, noted, laid out; not saved)."""
    overrides = {"show": show} if show else None
    opt = options_for(resultset, overrides)
    file = resultset.spec or None
    results = [r for r in resultset.results if is_regression(r)]
    if not results:
        raise ValueError(f"coefplot: {resultset.spec or resultset.title!r} has no coefficients to plot")
    shown = [_quantities(r, opt, file) for r in results]
    universe: list[str] = []
    for q in shown:
        universe += [t for t in q if t not in universe]
    if terms is None:
        terms = [t for t in select_terms(universe, opt, file=file) if t not in INTERCEPTS]
    else:
        terms = select_terms(universe, opt.__class__(keep=tuple(terms), order=tuple(terms)), file=file)
    if not terms:
        raise ValueError("coefplot: no term left to plot after keep/drop")
    label = lambda k: opt.labels.get(k, k)  # noqa: E731
    outcomes = list(dict.fromkeys(label(r.outcome) for r in results if r.outcome))
    by_model = len(terms) == 1 and len(results) > 1  # one regressor: one row per model, no legend
    rows = [label(r.name) for r in results] if by_model else [label(t) for t in terms]
    n_series = 1 if by_model else len(results)
    band = 0.7
    with figure_style():
        height = max(2.6, 0.45 * len(rows) * max(1, n_series) ** 0.5 + 1.6)
        fig, ax = new_figure(figsize=(6.4, height))
        for j, (r, q) in enumerate(zip(results, shown)):
            offset = 0.0 if by_model else ((n_series - 1) / 2 - j) * (band / n_series)  # first model on top
            ys, xs, lo, hi = [], [], [], []
            for i, t in enumerate(terms):
                e = q.get(t)
                if e is None or math.isnan(e.estimate):
                    continue
                low, high = e.ci_low, e.ci_high
                if math.isnan(low) or math.isnan(high):  # fall back to a normal 95% interval
                    low, high = e.estimate - 1.959964 * e.std_error, e.estimate + 1.959964 * e.std_error
                ys.append(-(j if by_model else i) + offset)
                xs.append(e.estimate)
                lo.append(e.estimate - low)
                hi.append(high - e.estimate)
            if not xs:
                continue
            kw = {"color": GREYS[0], "marker": "o"} if by_model else {}
            ax.errorbar(xs, ys, xerr=[lo, hi], linestyle="none", capsize=2.5, elinewidth=1.1,
                        label=label(r.name), **kw)
        ax.axvline(1.0 if opt.show == "or" else 0.0, color="#000000", linewidth=0.8, linestyle="-", zorder=1)
        if opt.show == "or":
            ax.set_xscale("log")
        ax.set_yticks([-i for i in range(len(rows))], rows)
        ax.set_ylim(-len(rows) + 0.4, 0.6)
        ax.grid(axis="y", visible=False)
        if n_series > 1:  # beside the axes, never over the estimates or the zero line
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), title="Model", borderaxespad=0.0)
        xlabel = opt.xlabel or axis_label(opt.show, [label(t) for t in terms], outcomes, opt.units)
        ylabel = ("Dependent variable" if by_model else "Regressor")
        data = resultset.data
        src = source or f"econ_ai estimates, spec {resultset.spec}" + (f", data {data.name}" if data else "")
        finish(
            fig, ax, title=title or opt.title or resultset.title or None, xlabel=xlabel + ", 95% CI",
            ylabel=ylabel, source=src, synthetic=bool(data and data.synthetic),
        )
    return fig
