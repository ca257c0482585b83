"""A published claim must be able to fail: the checks ``validate`` runs on each claim.

Rejected, with the claim's file, line and key:

* no test key (a claim that only selects a number tests nothing), or ``tol`` without ``value``;
* a number that is not finite where a comparison needs one: ``value``, ``tol`` (also < 0),
  the thresholds of ``significant`` / ``not_significant`` (must be in (0, 1)), the bounds of
  ``between`` (NaN anywhere, or lower > upper; an infinite upper bound is allowed);
* an unknown word: ``sign`` other than ``"+"`` / ``"-"`` (``negative`` -> did you mean '-'?),
  an unknown ``field``, unknown ``count_significant`` keys;
* a significance test on a number that has no p-value: ``field: nobs``, ``fit.*``,
  ``std_error``, or a ``table:`` record of a kind whose tables carry no p-values (describe);
* a logit claim on a coefficient that does not name its quantity (``field: estimate``,
  ``ame`` or ``odds_ratio``), or names another quantity than the one the table shows beside
  it (``report.show``: coef -> estimate, ame -> ame, or -> odds_ratio).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from econ_ai.errors import did_you_mean

TEST_KEYS = ("value", "between", "sign", "significant", "not_significant", "greater_than",
             "less_than", "count_significant")
FIELDS = ("estimate", "std_error", "p_value", "ame", "odds_ratio", "nobs")
SIGNS = {"+": "+", "-": "-", "positive": "+", "negative": "-", "pos": "+", "neg": "-"}
COUNT_KEYS = ("at_least", "at_most", "alpha", "sign")
SHOW_FIELD = {"coef": "estimate", "ame": "ame", "or": "odds_ratio"}
QUANTITY = {"estimate": "coefficient", "ame": "average marginal effect", "odds_ratio": "odds ratio"}
# kinds whose table records carry a p_value column (so a significance claim can fail)
TABLE_P_VALUE_KINDS = ("top_quantile",)


def _number(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def check_claim(raw, i: int, claim: Mapping[str, Any], kind: str, show: str | None) -> None:
    """Raise the SpecError of the first way ``claim`` (``published[i]``) could not fail."""
    key = f"published[{i}]"
    if not any(k in claim for k in TEST_KEYS):
        raise raw.error(key, "claim has no test: add one of " + ", ".join(TEST_KEYS)
                        + " (a claim that only selects a number can never fail)")
    if "tol" in claim and "value" not in claim:
        raise raw.error(f"{key}.tol", "'tol' without 'value': the tolerance of what?")
    for k in ("value", "tol"):
        if k in claim:
            x = _number(claim[k])
            if x is None or not math.isfinite(x):
                raise raw.error(f"{key}.{k}", f"'{k}' must be a finite number, got {claim[k]!r} "
                                "(a comparison with NaN can never fail)")
            if k == "tol" and x < 0:
                raise raw.error(f"{key}.tol", f"'tol' must be >= 0, got {claim[k]!r}")
    for k in ("significant", "not_significant"):
        if k in claim:
            a = _number(claim[k])
            if a is None or not 0.0 < a < 1.0:
                raise raw.error(f"{key}.{k}", f"'{k}' is a significance level in (0, 1), got {claim[k]!r}")
    if "between" in claim:
        b = claim["between"]
        nums = [_number(v) for v in b] if isinstance(b, (list, tuple)) and len(b) == 2 else None
        if nums is None or any(v is None or math.isnan(v) for v in nums) or nums[0] > nums[1]:
            raise raw.error(f"{key}.between", f"'between' needs [low, high] with low <= high and no NaN, got {b!r}")
    if "sign" in claim:
        _check_sign(raw, f"{key}.sign", claim["sign"])
    cs = claim.get("count_significant")
    if cs is not None:
        if not isinstance(cs, Mapping):
            raise raw.error(f"{key}.count_significant", "count_significant is a mapping: {at_least, at_most, alpha, sign}")
        for k in cs:
            if k not in COUNT_KEYS:
                raise raw.error(f"{key}.count_significant.{k}", f"unknown key '{k}'{did_you_mean(str(k), COUNT_KEYS)}",
                                of_key=True)
        if "sign" in cs:
            _check_sign(raw, f"{key}.count_significant.sign", cs["sign"])
        if "at_least" not in cs and "at_most" not in cs:
            raise raw.error(f"{key}.count_significant", "count_significant needs at_least and/or at_most")
    for sel_key, sel in (("", claim), *((f".{k}", claim[k]) for k in ("greater_than", "less_than")
                                       if isinstance(claim.get(k), Mapping))):
        _check_selection(raw, f"{key}{sel_key}", sel, kind, show)
    if any(k in claim for k in ("significant", "not_significant", "count_significant")):
        _check_has_p_value(raw, key, claim, kind)


def _check_sign(raw, key: str, sign: Any) -> None:
    if sign not in ("+", "-"):
        hint = f" (did you mean '{SIGNS[sign]}'?)" if isinstance(sign, str) and sign in SIGNS else ""
        raise raw.error(key, f"unknown sign {sign!r}{hint}; use \"+\" or \"-\"")


def _check_selection(raw, key: str, sel: Mapping[str, Any], kind: str, show: str | None) -> None:
    field = sel.get("field")
    if field is not None and not (str(field) in FIELDS or str(field).startswith("fit.")):
        raise raw.error(f"{key}.field", f"unknown field '{field}'{did_you_mean(str(field), FIELDS)}; "
                        f"one of {', '.join(FIELDS)} or fit.<statistic>")
    if kind == "logit" and "term" in sel and "table" not in sel:
        shown = SHOW_FIELD.get(show or "coef", "estimate")
        if field is None:
            raise raw.error(key, f"a logit claim must name its quantity: add 'field: {shown}' "
                            f"(the {QUANTITY[shown]}, the quantity the table shows: report.show "
                            f"{show or 'coef'}), or 'estimate' / 'ame' / 'odds_ratio'")
        if field in QUANTITY and field != shown:
            raise raw.error(f"{key}.field", f"the claim tests the {QUANTITY[field]} but the table shows "
                            f"the {QUANTITY[shown]} (report.show: {show or 'coef'}); test the quantity "
                            "the table shows beside it")


def _check_has_p_value(raw, key: str, claim: Mapping[str, Any], kind: str) -> None:
    field = str(claim.get("field", "estimate"))
    if "table" in claim:
        if kind not in TABLE_P_VALUE_KINDS:
            raise raw.error(key, f"a significance test on a '{claim['table']}' record of a {kind} spec: "
                            "its records carry no p-value, so the test could never fail")
        return
    if field in ("nobs", "std_error", "p_value") or field.startswith("fit."):
        raise raw.error(f"{key}.field", f"a significance test on '{field}': that number has no p-value")
