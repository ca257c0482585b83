"""The specification curve (Simonsohn, Simmons & Nelson 2020) of a sweep.

``spec_curve(rs, term)``: one row per model that estimates ``term`` (estimate, SE, CI, p,
the model's axis values), sorted by the estimate; ``summary``: how many specifications,
the share with a positive estimate, with a significantly positive one (p < alpha), with a
significantly negative one, and the median estimate. ``figure(path)`` draws the estimates
with their confidence intervals above an indicator panel of the choices (one line per axis
alternative, a mark under each specification that uses it); ``table(format)`` gives the
same rows as Markdown, text or CSV.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from econ_ai.errors import EconAIError, did_you_mean
from econ_ai.results import ResultSet


@dataclass(frozen=True)
class CurveRow:
    model: str
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    nobs: int
    axes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SpecCurve:
    term: str
    rows: tuple[CurveRow, ...]
    alpha: float = 0.05

    @property
    def summary(self) -> dict[str, Any]:
        est = [r.estimate for r in self.rows]
        n = len(est)
        pos = sum(e > 0 for e in est)
        sig_pos = sum(r.estimate > 0 and r.p_value < self.alpha for r in self.rows)
        sig_neg = sum(r.estimate < 0 and r.p_value < self.alpha for r in self.rows)
        return {"term": self.term, "specifications": n, "share_positive": pos / n if n else math.nan,
                "share_significant_positive": sig_pos / n if n else math.nan,
                "share_significant_negative": sig_neg / n if n else math.nan,
                "median": statistics.median(est) if n else math.nan, "alpha": self.alpha,
                "min": min(est) if n else math.nan, "max": max(est) if n else math.nan}

    def summary_text(self) -> str:
        s = self.summary
        return (f"Specification curve of '{self.term}': {s['specifications']} specifications; "
                f"{s['share_positive']:.0%} positive, {s['share_significant_positive']:.0%} "
                f"significantly positive (p < {self.alpha:g}), {s['share_significant_negative']:.0%} "
                f"significantly negative; median {s['median']:.4g} (range {s['min']:.4g} to {s['max']:.4g})")

    def axes(self) -> list[str]:
        names: list[str] = []
        for r in self.rows:
            names += [a for a, _ in r.axes if a not in names]
        return names

    def table(self, format: str = "markdown") -> str:  # noqa: A002
        axes = self.axes()
        head = ["rank", "model", "estimate", "std_error", "ci_low", "ci_high", "p_value", "nobs", *axes]
        body = []
        for k, r in enumerate(self.rows, 1):
            ax = dict(r.axes)
            body.append([str(k), r.model, f"{r.estimate:.4f}", f"{r.std_error:.4f}", f"{r.ci_low:.4f}",
                         f"{r.ci_high:.4f}", f"{r.p_value:.3g}", str(r.nobs), *(ax.get(a, "") for a in axes)])
        if format == "csv":
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(head)
            w.writerows(body)
            return buf.getvalue()
        if format not in ("markdown", "text"):
            raise EconAIError(f"spec curve table format must be markdown, text or csv, got '{format}'")
        esc = (lambda s: s.replace("|", "\\|")) if format == "markdown" else (lambda s: s)
        lines = [self.summary_text(), ""]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---" for _ in head) + "|")
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in body]
        return "\n".join(lines) + "\n"

    def figure(self, path: str | Path, *, title: str | None = None, synthetic: bool = True) -> list[Path]:
        """PNG and PDF at ``path`` (suffix replaced): estimates sorted, CIs, choices beneath."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        axes = self.axes()
        levels: list[tuple[str, str]] = []
        for a in axes:
            for r in self.rows:
                lab = dict(r.axes).get(a)
                if lab is not None and (a, lab) not in levels:
                    levels.append((a, lab))
        n = len(self.rows)
        x = list(range(1, n + 1))
        fig, (top, bot) = plt.subplots(2, 1, sharex=True, figsize=(max(8.0, 0.12 * n + 5), 3.4 + 0.22 * len(levels)),
                                       gridspec_kw={"height_ratios": [2.2, max(1.0, 0.25 * len(levels))]})
        sig = [r.p_value < self.alpha for r in self.rows]
        colours = ["#1f4e79" if s else "#9aa9b8" for s in sig]
        top.vlines(x, [r.ci_low for r in self.rows], [r.ci_high for r in self.rows], colors=colours, linewidth=1)
        top.scatter(x, [r.estimate for r in self.rows], c=colours, s=10, zorder=3)
        top.axhline(0.0, color="black", linewidth=0.6)
        med = self.summary["median"]
        top.axhline(med, color="#c0504d", linewidth=0.8, linestyle="--", label=f"median {med:.3g}")
        top.set_ylabel(f"estimate of {self.term}\n({1 - self.alpha:.0%} CI)")
        top.legend(loc="upper left", fontsize=7, frameon=False)
        import textwrap

        top.set_title("\n".join(textwrap.wrap(title or self.summary_text(), 110)), fontsize=7)
        for k, (a, lab) in enumerate(levels):
            ys = [i + 1 for i, r in enumerate(self.rows) if dict(r.axes).get(a) == lab]
            bot.scatter(ys, [k] * len(ys), marker="|", s=40, color="#1f4e79")
        bot.set_yticks(range(len(levels)))
        short = [f"{a.replace('stepwise ', '')}: {lab}" for a, lab in levels]
        bot.set_yticklabels([t if len(t) <= 48 else t[:22] + "..." + t[-23:] for t in short], fontsize=6)
        bot.invert_yaxis()
        bot.set_xlabel("specification (sorted by estimate)" + ("; synthetic data" if synthetic else ""))
        fig.tight_layout()
        base = Path(path).with_suffix("")
        base.parent.mkdir(parents=True, exist_ok=True)
        out = [base.with_suffix(".png"), base.with_suffix(".pdf")]
        for p in out:
            fig.savefig(p, dpi=150, bbox_inches="tight")
        plt.close(fig)
        return out


def spec_curve(rs: ResultSet | Sequence[Any], term: str | None = None, *, alpha: float = 0.05) -> SpecCurve:
    """The specification curve of ``term`` (default: the first regressor of the first model)."""
    results = list(rs.results if isinstance(rs, ResultSet) else rs)
    if not results:
        raise EconAIError("a specification curve needs at least one model")
    if term is None:
        choices = dict(results[0].extra).get("choices") or {}
        regs = list(choices.get("regressors") or [])
        term = regs[0] if regs else next(iter(results[0].coefficients), None)
    terms = sorted({t for r in results for t in r.coefficients})
    rows = []
    for r in results:
        e = r.coefficients.get(term)
        if e is None or not math.isfinite(e.estimate):
            continue
        axes = tuple((str(a), str(v)) for a, v in (dict(r.extra).get("axes") or {}).items())
        rows.append(CurveRow(r.name, e.estimate, e.std_error, e.ci_low, e.ci_high, e.p_value, int(r.nobs), axes))
    if not rows:
        raise EconAIError(f"no model estimates '{term}'{did_you_mean(str(term), terms)}")
    rows.sort(key=lambda c: (c.estimate, c.model))
    return SpecCurve(str(term), tuple(rows), alpha)
