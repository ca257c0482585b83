"""Published claims (a spec's ``published:`` block) checked against results.

A claim picks a number from a ResultSet and tests it. Selecting the number::

    model: Turnover | all          # a model name, or every model of the spec
    term: ai                       # a coefficient (default field: estimate)
    field: estimate | std_error | p_value | ame | odds_ratio | nobs | fit.<key>
    table: shares                  # or a record of Result.tables[...]
    where: {criterion: Turnover, group: AI without VC}
    column: share

Testing it (one or more of)::

    value: 0.0053, tol: 0.0005     # |x - value| <= tol
    between: [0.07, 0.13]          # inclusive
    sign: "+" | "-"
    significant: 0.05              # p-value of the same coefficient/record < 0.05
    not_significant: 0.05          # p-value >= 0.05
    greater_than: {...another selection...}   # an ordering between two numbers
    less_than: {...}
    count_significant: {at_least: 3, at_most: 3, alpha: 0.05, sign: "+"}   # over model: all

Other keys: ``id`` (short name), ``claim`` (the study's words), ``published`` (the published
figure as text), ``full_scale_only: true`` (a result that needs the full population's
statistical power: reported, not failed, at reduced scale), ``scales: true`` (a count of the
population: at data scale s < 1 the expected value is value * s and the tolerance
tol * s + 1, for the rounding of a scaled count).
No claim text is evaluated: every key is read from this fixed list.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from econ_ai.errors import EconAIError, did_you_mean
from econ_ai.results import Result, ResultSet

from econ_ai.spec.schema import CLAIM_KEYS  # noqa: E402  (the spec layer validates them)


class ClaimError(EconAIError, ValueError):
    """A claim that names something the results do not hold."""


@dataclass(frozen=True)
class ClaimOutcome:
    spec: str
    claim_id: str
    claim: str
    published: str
    reproduced: str
    tolerance: str
    status: str  # "pass" | "fail" | "reported" (full-scale-only at reduced scale) | "error"
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("fail", "error")


def check_keys(claim: Mapping[str, Any]) -> list[str]:
    """Unknown keys of a claim, with near-miss suggestions (for the spec validator)."""
    return [f"unknown claim key '{k}'{did_you_mean(k, CLAIM_KEYS)}" for k in claim if k not in CLAIM_KEYS]


def _models(rs: ResultSet, name: str | None) -> list[Result]:
    if name in (None, "all"):
        return list(rs.results)
    hits = [r for r in rs.results if r.name == name]
    if not hits:
        raise ClaimError(f"no model '{name}'{did_you_mean(str(name), [r.name for r in rs.results])}")
    return hits


def _record(r: Result, table: str, where: Mapping[str, Any]) -> Mapping[str, Any]:
    if table not in (r.tables or {}):
        raise ClaimError(f"model '{r.name}' has no table '{table}'{did_you_mean(table, list(r.tables or {}))}")
    rows = [row for row in r.tables[table] if all(str(row.get(k)) == str(v) for k, v in (where or {}).items())]
    if len(rows) != 1:
        raise ClaimError(f"table '{table}' of model '{r.name}' has {len(rows)} records matching {dict(where or {})}")
    return rows[0]


def _pick(r: Result, sel: Mapping[str, Any]) -> tuple[float, float | None]:
    """(value, p_value or None) of one selection on one result."""
    if "table" in sel:
        row = _record(r, sel["table"], sel.get("where") or {})
        col = sel.get("column", "value")
        if col not in row:
            raise ClaimError(f"table '{sel['table']}' has no column '{col}'{did_you_mean(col, list(row))}")
        p = row.get("p_value")
        return _float(row[col]), None if p is None else _float(p)
    field = str(sel.get("field", "estimate"))
    if field == "nobs":
        return float(r.nobs), None
    if field.startswith("fit."):
        key = field[4:]
        if key not in r.fit:
            raise ClaimError(f"model '{r.name}' has no fit statistic '{key}'{did_you_mean(key, list(r.fit))}")
        return _float(r.fit[key]), None
    term = sel.get("term")
    if term is None:
        raise ClaimError("a claim on a coefficient needs 'term'")
    source = r.coefficients
    if field == "ame":
        source, field = (r.marginal_effects or {}), "estimate"
    elif field == "odds_ratio":
        ors = r.odds_ratios or {}
        if term not in ors:
            raise ClaimError(f"model '{r.name}' has no odds ratio for '{term}'")
        return float(ors[term].estimate), _float(r.coefficients[term].p_value) if term in r.coefficients else None
    if term not in source:
        raise ClaimError(f"model '{r.name}' has no term '{term}'{did_you_mean(str(term), list(source))}")
    est = source[term]
    if not hasattr(est, field):
        raise ClaimError(f"unknown field '{field}'")
    return float(getattr(est, field)), float(est.p_value)


def _float(x: Any) -> float:
    return float("nan") if x is None else float(x)


def _fmt(x: float) -> str:
    if x is None or math.isnan(x):
        return "n/a"
    return f"{x:.4g}"


def _select(rs: ResultSet, sel: Mapping[str, Any]) -> list[tuple[str, float, float | None]]:
    return [(r.name, *_pick(r, sel)) for r in _models(rs, sel.get("model"))]


def scaled_claim(claim: Mapping[str, Any], scale: float) -> Mapping[str, Any]:
    """The claim as it applies at data scale ``scale`` (only ``scales: true`` counts change)."""
    if not claim.get("scales") or scale >= 1.0 or "value" not in claim:
        return claim
    out = dict(claim)
    out["value"] = float(claim["value"]) * scale
    out["tol"] = float(claim.get("tol", 0.0)) * scale + 1.0
    return out


def evaluate_claim(rs: ResultSet, claim: Mapping[str, Any], *, full_scale: bool = True) -> ClaimOutcome:
    cid = str(claim.get("id") or claim.get("term") or claim.get("column") or "claim")
    text = str(claim.get("claim", ""))
    published = str(claim.get("published", ""))
    try:
        bad = check_keys(claim)
        if bad:
            raise ClaimError("; ".join(bad))
        picks = _select(rs, claim)
        failures: list[str] = []
        tol_text: list[str] = []
        for name, x, p in picks:
            failures += [f"{name}: {m}" for m in _tests(rs, claim, x, p, tol_text)]
        if "count_significant" in claim:
            cs = claim["count_significant"]
            alpha = float(cs.get("alpha", 0.05))
            sign = cs.get("sign")
            n = sum(
                1 for _, x, p in picks
                if p is not None and p < alpha and (sign is None or (x > 0) == (sign == "+"))
            )
            lo, hi = int(cs.get("at_least", 0)), int(cs.get("at_most", len(picks)))
            what = {"+": "significantly positive", "-": "significantly negative"}.get(sign, "significant")
            tol_text.append(f"{lo}-{hi} of {len(picks)} {what} at {alpha:g}" if lo != hi
                            else f"exactly {lo} of {len(picks)} {what} at {alpha:g}")
            if not lo <= n <= hi:
                failures.append(f"{n} of {len(picks)} {what} at {alpha:g}, need {lo}-{hi}")
        reproduced = "; ".join(
            f"{name}={_fmt(x)}" + (f" (p={p:.3g})" if p is not None and not math.isnan(p) else "")
            for name, x, p in picks
        ) if len(picks) > 1 else (
            _fmt(picks[0][1]) + (f" (p={picks[0][2]:.3g})" if picks[0][2] is not None and not math.isnan(picks[0][2]) else "")
            + (f" [{describe_selection(claim)}]" if "table" in claim else "")
        )
        status = "pass" if not failures else ("reported" if claim.get("full_scale_only") and not full_scale else "fail")
        return ClaimOutcome(rs.spec, cid, text, published, reproduced, "; ".join(dict.fromkeys(tol_text)), status, "; ".join(failures))
    except (ClaimError, KeyError, TypeError, ValueError) as exc:
        # e.g. a term dropped for separation in a reduced population: not a failure there
        status = "reported" if claim.get("full_scale_only") and not full_scale else "error"
        return ClaimOutcome(rs.spec, cid, text, published, "", "", status, str(exc))


def _tests(rs: ResultSet, claim: Mapping[str, Any], x: float, p: float | None, tol_text: list[str]) -> list[str]:
    """Failure messages of one number; ``tol_text`` gets the test in words (the tolerance column)."""
    out: list[str] = []
    if math.isnan(x):
        return ["value is missing"]
    if "value" in claim:
        tol = float(claim.get("tol", 0.0))
        tol_text.append(f"within ±{tol:g} of {float(claim['value']):g}" if tol else f"exactly {float(claim['value']):g}")
        if not abs(x - float(claim["value"])) <= tol:
            out.append(f"{_fmt(x)} not within {tol:g} of {claim['value']}")
    if "between" in claim:
        lo, hi = (float(v) for v in claim["between"])
        tol_text.append(_between_words(lo, hi))
        if not lo <= x <= hi:
            out.append(f"{_fmt(x)} outside [{lo:g}, {hi:g}]")
    if "sign" in claim:
        sign = claim["sign"]
        tol_text.append({"+": "positive", "-": "negative"}.get(sign, f"sign {sign!r}"))
        if sign not in ("+", "-"):
            out.append(f"unknown sign {sign!r}")
        elif (sign == "+" and not x > 0) or (sign == "-" and not x < 0):
            out.append(f"{_fmt(x)} has the wrong sign")
    if "significant" in claim:
        a = float(claim["significant"])
        tol_text.append(f"significant: p < {a:g}")
        if p is None or not p < a:
            out.append(f"not significant at {a:g} (p={_fmt(p if p is not None else float('nan'))})")
    if "not_significant" in claim:
        a = float(claim["not_significant"])
        tol_text.append(f"not significant: p >= {a:g}")
        if p is None or math.isnan(p):
            out.append("no p-value to test")
        elif p < a:
            out.append(f"significant at {a:g} (p={_fmt(p)})")
    for key, op, word in (("greater_than", lambda a, b: a > b, "greater than"),
                          ("less_than", lambda a, b: a < b, "less than")):
        if key in claim:
            other = _select(rs, claim[key])
            for oname, y, _ in other:
                tol_text.append(f"{word} {describe_selection(claim[key], oname)} ({_fmt(y)})")
                if not op(x, y):
                    out.append(f"{_fmt(x)} is not {word} {oname}={_fmt(y)}")
    return out


def _between_words(lo: float, hi: float) -> str:
    if math.isinf(hi) or hi >= 1000 * max(1.0, abs(lo)):
        return f"at least {lo:g}"
    if math.isinf(lo):
        return f"at most {hi:g}"
    return f"between {lo:g} and {hi:g}"


FIELD_WORDS = {"fit.top_share_all": "the share of all firms in the top set", "estimate": "",
               "ame": "average marginal effect", "odds_ratio": "odds ratio", "nobs": "observations"}


def describe_selection(sel: Mapping[str, Any], model_name: str = "") -> str:
    """A selection in words: ``share in year 2014``, ``mean of AI without VC, fin_independence``."""
    parts: list[str] = []
    if "table" in sel:
        where = ", ".join(f"{k} {v}" if k in ("year", "founded", "exit_year") else str(v)
                          for k, v in (sel.get("where") or {}).items() if str(v) not in ("__rows__", "all"))
        parts.append(str(sel.get("column", "value")) + (f" ({where})" if where else ""))
    else:
        field = str(sel.get("field", "estimate"))
        words = FIELD_WORDS.get(field, field)
        if sel.get("term"):
            parts.append(" ".join(w for w in (words, str(sel["term"])) if w))
        elif words:
            parts.append(words)
    text = " ".join(parts)
    if model_name and sel.get("model") not in (None, "all") and "table" not in sel:
        text += f" [{model_name}]"
    return text.strip() or model_name
