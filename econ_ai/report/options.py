"""Report options (a spec's ``report`` block) and the number formatting every table shares."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from econ_ai.errors import SpecError, did_you_mean
from econ_ai.report.model import Cell
from econ_ai.results import Result

# --------------------------------------------------------------------------- report options
REPORT_KEYS = (
    "labels", "fe_labels", "order", "keep", "drop", "stars", "digits", "below", "show", "stats",
    "groups", "group", "title", "caption", "label", "notes", "threeparttable", "panel", "column_numbers",
    "columns", "units", "xlabel", "figure", "figures",
)
BELOW = ("se", "t", "ci", "none")
SHOW = ("coef", "ame", "or")
DEFAULT_STARS = ((0.01, "***"), (0.05, "**"), (0.10, "*"))
STAT_LABELS = {
    "nobs": "Observations", "r2": "R\u00b2", "adj_r2": "Adjusted R\u00b2", "r2_within": "Within R\u00b2",
    "pseudo_r2": "Pseudo R\u00b2", "loglik": "Log likelihood", "depvar_mean": "Mean of dep. var.",
    "aic": "AIC", "bic": "BIC", "rmse": "RMSE", "vcov": "SE type", "clusters": "Clusters",
}
STAT_ALIASES = {  # canonical stat -> the fit (or extra) keys that may hold it
    "depvar_mean": ("depvar_mean", "mean_y", "mean_dep", "y_mean"),
    "adj_r2": ("adj_r2", "r2_adj"),
    "loglik": ("loglik", "llf", "log_likelihood"),
    "pseudo_r2": ("pseudo_r2", "prsquared"),
}
REQUEST_ALIASES = {"mean_y": "depvar_mean", "r2_adj": "adj_r2", "llf": "loglik"}
GENERIC_STATS = ("nobs", "r2", "r2_within", "pseudo_r2", "loglik", "returns_to_scale", "vcov", "clusters")


def default_stats(kind: str) -> tuple[str, ...]:
    """The fit-statistic rows a table shows by default: the kind's (its plug-in says), or
    every common statistic for results of mixed or unknown kinds."""
    from econ_ai.kinds import registry

    return registry.get(kind).default_stats if kind in registry.KINDS else GENERIC_STATS


@dataclass(frozen=True)
class ReportOptions:
    """A spec's ``report`` block, checked. ``stats=None`` means the defaults of the kind."""

    labels: Mapping[str, str] = field(default_factory=dict)
    fe_labels: Mapping[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    stars: tuple[tuple[float, str], ...] = DEFAULT_STARS
    digits: int = 3
    below: str = "se"
    show: str = "coef"
    stats: tuple[str, ...] | None = None
    groups: tuple[Mapping[str, Any], ...] = ()
    group: str = ""
    title: str = ""
    caption: str = ""
    label: str = ""
    notes: tuple[str, ...] = ()
    threeparttable: bool = False
    panel: str = ""
    column_numbers: bool = True
    columns: tuple[str, ...] = ()
    units: str = ""
    xlabel: str = ""

    @classmethod
    def parse(cls, report: Mapping[str, Any] | None, *, file: str | None = None) -> ReportOptions:
        report = dict(report or {})

        def err(key: str, msg: str) -> SpecError:
            return SpecError(msg, file=file, key=f"report.{key}")

        for k in report:
            if k not in REPORT_KEYS:
                raise err(k, f"unknown report option{did_you_mean(k, REPORT_KEYS)}")

        def strs(key: str) -> tuple[str, ...]:
            v = report.get(key, ())
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, (list, tuple)) or not all(isinstance(s, str) for s in v):
                raise err(key, f"expected a list of strings, got {v!r}")
            return tuple(v)

        def mapping(key: str) -> dict[str, str]:
            v = report.get(key) or {}
            if not isinstance(v, Mapping):
                raise err(key, f"expected a mapping of name: label, got {v!r}")
            return {str(a): str(b) for a, b in v.items()}

        def choice(key: str, allowed: tuple[str, ...], default: str) -> str:
            v = str(report.get(key, default))
            if v not in allowed:
                raise err(key, f"must be one of {', '.join(allowed)}, got {v!r}{did_you_mean(v, allowed)}")
            return v

        digits = report.get("digits", 3)
        if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 8:
            raise err("digits", f"expected an integer 0..8, got {digits!r}")
        groups = report.get("groups") or ()
        if not isinstance(groups, (list, tuple)) or not all(isinstance(g, Mapping) and "label" in g for g in groups):
            raise err("groups", "expected a list of {label: ..., span: N} or {label: ..., models: [...]}")
        stats = report.get("stats")
        return cls(
            labels=mapping("labels"), fe_labels=mapping("fe_labels"),
            order=strs("order"), keep=strs("keep"), drop=strs("drop"),
            stars=_parse_stars(report.get("stars", True), err), digits=digits,
            below=choice("below", BELOW, "se"), show=choice("show", SHOW, "coef"),
            stats=None if stats is None else tuple(REQUEST_ALIASES.get(k, k) for k in strs("stats")),
            groups=tuple(dict(g) for g in groups), group=str(report.get("group", "")),
            title=str(report.get("title", "")), caption=str(report.get("caption", "")),
            label=str(report.get("label", "")),
            notes=strs("notes"), threeparttable=bool(report.get("threeparttable", False)),
            panel=str(report.get("panel", "")), column_numbers=bool(report.get("column_numbers", True)),
            columns=strs("columns"), units=str(report.get("units", "")), xlabel=str(report.get("xlabel", "")),
        )


def _parse_stars(v: Any, err) -> tuple[tuple[float, str], ...]:
    """``true`` (default 0.10/0.05/0.01), ``false``, ``[0.1, 0.05, 0.01]`` or ``{"*": 0.1, ...}``."""
    if v is True or v is None:
        return DEFAULT_STARS
    if v is False:
        return ()
    if isinstance(v, Mapping):
        pairs = [(p, str(s)) for s, p in v.items()]
    elif isinstance(v, (list, tuple)):
        ps = sorted(v, key=lambda x: -x if isinstance(x, (int, float)) else 0)
        pairs = [(p, "*" * (i + 1)) for i, p in enumerate(ps)]
    else:
        raise err("stars", f"expected true, false, a list of p-value thresholds or a mapping, got {v!r}")
    for p, _ in pairs:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 < p < 1:
            raise err("stars", f"thresholds must be numbers between 0 and 1, got {p!r}")
    return tuple(sorted((float(p), s) for p, s in pairs))


# --------------------------------------------------------------------------- numbers
def fmt_float(x: Any, digits: int) -> str:
    """Rounded number text (ASCII minus); '' for missing; no '-0.000'."""
    if x is None:
        return ""
    x = float(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.{digits}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s


def fmt_int(x: Any) -> str:
    return f"{int(x):,}"


def fmt_value(x: Any, digits: int) -> Cell:
    """A cell for any record/fit value: ints with thousands separators, floats rounded."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return Cell()
    if isinstance(x, bool):
        return Cell(text="Yes" if x else "No")
    if isinstance(x, int) or (hasattr(x, "dtype") and "int" in str(x.dtype)):
        return Cell(nums=(fmt_int(x),), role="stat")
    if isinstance(x, float) or hasattr(x, "dtype"):
        return Cell(nums=(fmt_float(x, digits),), role="stat")
    return Cell(text=str(x))


def star_text(p: float, stars: tuple[tuple[float, str], ...]) -> str:
    if p is None or math.isnan(p):
        return ""
    for threshold, s in stars:  # ascending thresholds: the strictest match wins
        if p < threshold:
            return s
    return ""


# --------------------------------------------------------------------------- term selection
def _pattern(p: str) -> re.Pattern:
    return re.compile("^" + ".*".join(re.escape(part) for part in p.split("*")) + "$")


def matches(term: str, patterns: Sequence[str]) -> bool:
    return any(_pattern(p).match(term) for p in patterns)


def select_terms(terms: Sequence[str], opt: ReportOptions, *, file: str | None = None) -> list[str]:
    """Apply keep / drop / order (exact names or ``*`` wildcards) to terms in table order."""
    out = list(terms)
    for key, pats in (("keep", opt.keep), ("drop", opt.drop), ("order", opt.order)):
        for p in pats:
            if not any(_pattern(p).match(t) for t in terms):
                raise SpecError(f"{p!r} matches no term{did_you_mean(p, terms)}", file=file, key=f"report.{key}")
    if opt.keep:
        out = [t for t in out if matches(t, opt.keep)]
    out = [t for t in out if not matches(t, opt.drop)]
    if opt.order:
        first: list[str] = []
        for p in opt.order:
            first += [t for t in out if _pattern(p).match(t) and t not in first]
        out = first + [t for t in out if t not in first]
    return out


# --------------------------------------------------------------------------- vcov and notes
def vcov_phrase(r: Result) -> str:
    v = r.vcov
    if v is None:
        return ""
    names = list(v.clusters) or []
    kind = v.type.lower()
    if kind == "cluster":
        how = ("two-way clustered by " if len(names) == 2 else "clustered by ") + " and ".join(names)
        s = f"Standard errors {how}" if names else "Cluster-robust standard errors"
    else:
        s = {"iid": "Conventional (IID) standard errors",
             "hc1": "Heteroskedasticity-robust (HC1) standard errors",
             "bootstrap": "Bootstrap standard errors", "gmm": "GMM standard errors"}.get(kind, f"{v.type} standard errors")
    if v.convention:  # VcovInfo.details (formulas, N, K) stay in the JSON / text summary
        s += f", {v.convention} small-sample convention"
    return s


def column_ranges(cols: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> '(1)-(3), (5)'."""
    out, start = [], None
    cols = sorted(cols)
    for i, c in enumerate(cols):
        if start is None:
            start = c
        if i + 1 == len(cols) or cols[i + 1] != c + 1:
            out.append(f"({start})" if start == c else f"({start})-({c})")
            start = None
    return ", ".join(out)
