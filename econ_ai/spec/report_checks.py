"""``validate``-time checks of a spec's ``report`` block against its models' terms.

A ``keep`` / ``drop`` / ``order`` entry, a ``labels`` or ``fe_labels`` key, or a ``controls``
group pattern that names no term (nor outcome, model, effect, cluster or statistic) of any
model is an error with its line and the near miss: it used to fail only at run time (keep) or
be ignored silently (labels). Only the regression kinds are checked (their coefficient names
are the spec's terms); ``*`` is a wildcard, as in the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from econ_ai.errors import did_you_mean
from econ_ai.spec.model import ModelSpec

CHECKED_KINDS = ("fe_ols", "logit")
INTERCEPTS = ("const", "Intercept", "_cons", "(Intercept)")
SPECIAL_LABELS = ("controls", "depvar", "vcov", "clusters")


def _match(pattern: str, name: str) -> bool:
    rx = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
    return re.match(rx, name) is not None


def _hits(pattern: str, terms: Sequence[str]) -> bool:
    """A pattern names a term, or one of the dummies a ``C(x)`` term expands to."""
    for t in terms:
        if _match(pattern, t):
            return True
        if t.startswith("C(") and (pattern.startswith(t) or _match(pattern, t + "[x]")):
            return True
    return False


def _strs(v) -> list[str]:
    if isinstance(v, str):
        return [v]
    return [x for x in v if isinstance(x, str)] if isinstance(v, (list, tuple)) else []


def check_report_terms(raw, kind: str, models: Iterable[ModelSpec], report: dict, stat_names: Sequence[str]) -> None:
    if kind not in CHECKED_KINDS or not report:
        return
    models = list(models)
    terms: list[str] = []
    for m in models:
        terms += [t for t in m.terms if t not in terms]
    terms += list(INTERCEPTS)
    shown = [t for t in terms if t not in INTERCEPTS]
    for key in ("keep", "drop", "order"):
        for i, p in enumerate(_strs(report.get(key))):
            if not _hits(p, terms):
                raise raw.error(f"report.{key}[{i}]", f"'{p}' names no term of any model{did_you_mean(p, shown)}; "
                                f"terms: {', '.join(shown)}")
    controls = report.get("controls")
    if isinstance(controls, dict):  # a group may name controls a variant of the spec dropped;
        ctl = list(dict.fromkeys(t for m in models for t in m.controls))  # a near miss is a typo
        for label, pats in controls.items():
            for i, p in enumerate(_strs(pats)):
                # a wildcard group may match nothing in a variant with other controls (its row
                # then reads No); an exact name that matches nothing is a typo
                if "*" not in p and not _hits(p, ctl or terms):
                    raise raw.error(f"report.controls.{label}[{i}]", f"'{p}' names no control of any model"
                                    f"{did_you_mean(p, ctl)}; controls: {', '.join(ctl) or 'none'}")
    effects = [e for m in models for e in (*m.absorb, *m.vcov.cluster)]
    names = (shown + [m.outcome for m in models if m.outcome] + [m.name for m in models] + effects
             + list(stat_names) + list(SPECIAL_LABELS))
    for key, allowed in (("labels", names), ("fe_labels", effects + shown)):
        mapping = report.get(key)
        if not isinstance(mapping, dict):
            continue
        for name in mapping:
            if not _hits(str(name), allowed + list(INTERCEPTS)):
                what = "term, outcome, model, effect or statistic" if key == "labels" else "absorbed effect or cluster"
                raise raw.error(f"report.{key}.{name}", f"'{name}' is no {what} of any model"
                                f"{did_you_mean(str(name), allowed)}; a label for it would never show", of_key=True)
