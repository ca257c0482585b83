"""``econ-ai diff OLD NEW``: what changed in a spec, then how every reported number moved.

``spec_changes(old, new)`` compares two specs as plain data (key paths: added, removed,
changed; list keys such as ``controls`` also say which terms came and went).
``result_changes(old, new)`` matches models by name and lists, per model, every coefficient
(estimate and SE), N and fit statistic with old, new and the difference; models present on
one side only are listed. ``render_diff`` writes text or Markdown; ``max_moved`` is the
largest absolute move of a coefficient estimate (``--fail-if-moved TOL``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from econ_ai.results import ResultSet

FIT_SHOWN = ("r2", "r2_within", "adj_r2", "pseudo_r2", "loglik", "rmse")


def _flat(x: Any, path: str = "") -> dict[str, Any]:
    if isinstance(x, Mapping):
        out: dict[str, Any] = {}
        for k, v in x.items():
            out.update(_flat(v, f"{path}.{k}" if path else str(k)))
        return out or {path: {}}
    if isinstance(x, (list, tuple)) and any(isinstance(v, (Mapping, list, tuple)) for v in x):
        out = {}
        for i, v in enumerate(x):
            out.update(_flat(v, f"{path}[{i}]"))
        return out or {path: []}
    return {path: list(x) if isinstance(x, tuple) else x}


def spec_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """One line per changed key path of two specs given as plain data."""
    a, b = _flat(old), _flat(new)
    lines = []
    for k in sorted(set(a) | set(b)):
        if k not in b:
            lines.append(f"- {k}: {a[k]!r} (removed)")
        elif k not in a:
            lines.append(f"+ {k}: {b[k]!r} (added)")
        elif a[k] != b[k]:
            if isinstance(a[k], list) and isinstance(b[k], list):
                gone = [x for x in a[k] if x not in b[k]]
                came = [x for x in b[k] if x not in a[k]]
                what = "; ".join(p for p in (f"removed {gone}" if gone else "", f"added {came}" if came else "",
                                             "reordered" if not gone and not came else "") if p)
                lines.append(f"~ {k}: {what}")
            else:
                lines.append(f"~ {k}: {a[k]!r} -> {b[k]!r}")
    return lines


@dataclass(frozen=True)
class Move:
    model: str
    what: str  # "coef ai", "se ai", "nobs", "fit r2"
    old: float
    new: float

    @property
    def delta(self) -> float:
        return self.new - self.old


@dataclass
class ResultDiff:
    moves: list[Move] = field(default_factory=list)
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)

    @property
    def max_moved(self) -> float:
        """Largest absolute move of a coefficient estimate (a term present on one side only
        counts as infinite)."""
        ds = [abs(m.delta) if math.isfinite(m.delta) else math.inf for m in self.moves if m.what.startswith("coef ")]
        return max(ds, default=0.0)


def _num(x: Any) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return math.nan


def result_changes(old: ResultSet, new: ResultSet) -> ResultDiff:
    d = ResultDiff()
    by_new = {r.name: r for r in new.results}
    by_old = {r.name: r for r in old.results}
    d.only_old = [n for n in by_old if n not in by_new]
    d.only_new = [n for n in by_new if n not in by_old]
    for name, a in by_old.items():
        b = by_new.get(name)
        if b is None:
            continue
        for t in list(dict.fromkeys([*a.coefficients, *b.coefficients])):
            ea, eb = a.coefficients.get(t), b.coefficients.get(t)
            d.moves.append(Move(name, f"coef {t}", ea.estimate if ea else math.nan, eb.estimate if eb else math.nan))
            d.moves.append(Move(name, f"se {t}", ea.std_error if ea else math.nan, eb.std_error if eb else math.nan))
        d.moves.append(Move(name, "nobs", float(a.nobs), float(b.nobs)))
        for k in FIT_SHOWN:
            if k in a.fit or k in b.fit:
                d.moves.append(Move(name, f"fit {k}", _num(a.fit.get(k)), _num(b.fit.get(k))))
    return d


def _fmt(x: float) -> str:
    if not math.isfinite(x):
        return "-"
    return f"{x:.0f}" if float(x).is_integer() and abs(x) >= 1 else f"{x:.4g}"


def render_diff(spec_lines: list[str], d: ResultDiff, format: str = "text", *, tol: float = 0.0,  # noqa: A002
                old_name: str = "old", new_name: str = "new", synthetic: bool = False) -> str:
    md = format == "markdown"
    out = [f"# econ-ai diff: {old_name} -> {new_name}" if md else f"econ-ai diff: {old_name} -> {new_name}", ""]
    out.append("## Spec changes" if md else "Spec changes:")
    out += ([f"    {ln}" if not md else f"- `{ln}`" for ln in spec_lines] or ["    (none)" if not md else "- (none)"])
    out.append("")
    out.append("## Results" if md else "Results:")
    for n in d.only_old:
        out.append(f"- model '{n}' only in {old_name}")
    for n in d.only_new:
        out.append(f"- model '{n}' only in {new_name}")
    rows = [m for m in d.moves if not (m.old == m.new or (math.isnan(m.old) and math.isnan(m.new))) or
            m.what.startswith("coef ")]
    if md:
        out += ["", "| model | quantity | old | new | change |", "|---|---|---|---|---|"]
        out += [f"| {m.model.replace('|', chr(92) + '|')} | {m.what} | {_fmt(m.old)} | {_fmt(m.new)} | "
                f"{_fmt(m.delta)}{' **moved**' if m.what.startswith('coef ') and abs(m.delta) > tol else ''} |"
                for m in rows]
    else:
        width = max([len(m.model) for m in rows] + [5])
        out.append(f"  {'model':<{width}}  {'quantity':<28} {'old':>12} {'new':>12} {'change':>12}")
        out += [f"  {m.model:<{width}}  {m.what:<28} {_fmt(m.old):>12} {_fmt(m.new):>12} {_fmt(m.delta):>12}"
                for m in rows]
    out += ["", f"Largest move of a coefficient: {_fmt(d.max_moved)}" + (f" (tolerance {tol:g})" if tol else "")]
    if synthetic:
        out.append("Data: synthetic (the embedded default population), not the study's microdata.")
    return "\n".join(out) + "\n"
