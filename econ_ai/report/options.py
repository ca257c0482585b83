"""Report options (a spec's ``report`` block) and the number formatting every table shares."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from econ_ai.conventions import DEFAULT_DIGITS, DEFAULT_STARS, MAX_DIGITS, MIN_DIGITS
from econ_ai.conventions import star_text as _star_text
from econ_ai.errors import SpecError, did_you_mean
from econ_ai.report.model import Cell
from econ_ai.results import Result

# --------------------------------------------------------------------------- report options
REPORT_KEYS = (
    "labels", "fe_labels", "order", "keep", "drop", "stars", "digits", "below", "show", "stats",
    "groups", "group", "title", "caption", "label", "notes", "threeparttable", "panel", "column_numbers",
    "columns", "units", "xlabel", "figure", "figures",
    "controls", "depvar", "siunitx", "wide", "wrap", "row_order", "codes",
)
BELOW = ("se", "t", "ci", "none")
SHOW = ("coef", "ame", "or")
CONTROLS = ("each", "one", "none")  # or a mapping {row label: [term patterns]}
WIDE = ("auto", "none", "resizebox", "landscape")  # auto: shrink to the line width only when wider
DEFAULT_WRAP = 24  # characters per line of a header or row label before it wraps
# record keys that hold years or codes: printed as given, never as numbers (no "1,986")
CODE_KEYS = ("year", "founded", "cohort", "nis_code", "zipcode", "postal_code", "nace", "nace2", "nace3",
             "nace5", "code", "enterprise_number")
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
    digits: int = DEFAULT_DIGITS
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
    controls: str | tuple[tuple[str, tuple[str, ...]], ...] = "each"
    depvar: bool = True
    siunitx: bool = False
    wide: str = "auto"
    wrap: int = DEFAULT_WRAP
    row_order: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    codes: tuple[str, ...] = ()

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

        digits = report.get("digits", DEFAULT_DIGITS)
        if isinstance(digits, bool) or not isinstance(digits, int) or not MIN_DIGITS <= digits <= MAX_DIGITS:
            raise err("digits", f"expected an integer {MIN_DIGITS}..{MAX_DIGITS}, got {digits!r}")
        wrap = report.get("wrap", DEFAULT_WRAP)
        if isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 8:
            raise err("wrap", f"expected a number of characters (8 or more), got {wrap!r}")
        row_order = report.get("row_order") or {}
        if not isinstance(row_order, Mapping) or not all(isinstance(v, (list, tuple)) for v in row_order.values()):
            raise err("row_order", "expected a mapping {column: [value, value, ...]}")
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
            controls=_parse_controls(report.get("controls", "each"), err), depvar=bool(report.get("depvar", True)),
            siunitx=bool(report.get("siunitx", False)), wide=choice("wide", WIDE, "auto"), wrap=wrap,
            row_order={str(k): tuple(str(x) for x in v) for k, v in row_order.items()}, codes=strs("codes"),
        )


def _parse_controls(v: Any, err) -> str | tuple[tuple[str, tuple[str, ...]], ...]:
    """``each`` (one Yes/No row per control that ``keep`` hides), ``one`` (a single
    "Controls" row), ``none``, or ``{row label: [term patterns]}`` (one row per named group)."""
    if v is False or v is None:
        return "none"
    if isinstance(v, str):
        if v not in CONTROLS:
            raise err("controls", f"must be one of {', '.join(CONTROLS)} or a mapping {{label: [terms]}}, "
                                  f"got {v!r}{did_you_mean(v, CONTROLS)}")
        return v
    if isinstance(v, Mapping) and all(isinstance(p, (list, tuple, str)) for p in v.values()):
        return tuple((str(k), tuple([p] if isinstance(p, str) else (str(x) for x in p))) for k, p in v.items())
    raise err("controls", f"expected each, one, none or a mapping {{label: [terms]}}, got {v!r}")


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


def fmt_sig(x: Any, digits: int, sig: int = 2) -> str:
    """Like ``fmt_float``, but a nonzero number that would round to zero keeps ``sig``
    significant digits (``0.00042`` with 3 digits -> ``0.00042``, never ``0.000``)."""
    if x is None:
        return ""
    x = float(x)
    if math.isnan(x) or math.isinf(x) or x == 0 or abs(x) >= 0.5 * 10.0 ** -digits:
        return fmt_float(x, digits)
    return fmt_float(x, min(-math.floor(math.log10(abs(x))) + sig - 1, 15))


def is_code_key(key: str, extra: Sequence[str] = ()) -> bool:
    """A record key that holds years or codes (printed as text, never with separators)."""
    k = str(key).lower()
    return k in CODE_KEYS or k in extra or k.endswith(("_year", "_code")) or k.startswith("nace")


def fmt_code(x: Any) -> Cell:
    """A year or a code as text: 1986 -> '1986', 2010.0 -> '2010'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return Cell()
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return Cell(text=str(x))


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


def star_text(p: float, stars: tuple[tuple[float, str], ...] = DEFAULT_STARS) -> str:
    return _star_text(p, stars)


# --------------------------------------------------------------------------- term selection
def _pattern(p: str) -> re.Pattern:
    return re.compile("^" + ".*".join(re.escape(part) for part in p.split("*")) + "$")


def matches(term: str, patterns: Sequence[str]) -> bool:
    return any(_pattern(p).match(term) for p in patterns)


def select_terms(terms: Sequence[str], opt: ReportOptions, *, file: str | None = None, strict: bool = True) -> list[str]:
    """Apply keep / drop / order (exact names or ``*`` wildcards) to terms in table order;
    ``strict``: a pattern that matches no term is an error (with the near miss)."""
    out = list(terms)
    for key, pats in (("keep", opt.keep), ("drop", opt.drop), ("order", opt.order)) if strict else ():
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
        s += ", " + convention_words(r.kind, v.convention, v.details or "")
    return s


def convention_words(kind: str, convention: str, details: str = "") -> str:
    """The small-sample convention as a reader knows it for this kind of model: reghdfe's for
    linear FE regressions; for ML models (logit) the default convention is Stata's ``logit,
    vce(robust | cluster)`` (factor N/(N-1) or G/(G-1)), never "reghdfe"."""
    if kind in ("fe_ols", "") or convention not in ("reghdfe", "stata"):
        return f"{convention} small-sample convention"
    factor = details.split("small-sample factor", 1)[1].strip(" ;.") if "small-sample factor" in details else ""
    what = "Stata logit small-sample convention" if kind == "logit" else "Stata small-sample convention"
    return what + (f" ({factor})" if factor else "")


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
