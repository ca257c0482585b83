"""Constants shared by the spec, inference and report layers, each defined once.

Ground layer: imports nothing from econ_ai, so ``spec/``, ``kinds/``, ``results`` and
``report/`` can all read it without a wrong-way import.
"""

from __future__ import annotations

# The small-sample convention a spec gets when it names none (the conventions themselves are
# listed once, in econ_ai.inference.vcov.CONVENTIONS, beside the code that applies them).
DEFAULT_CONVENTION = "reghdfe"

# Significance stars: p-value thresholds, loosest first (one more star below each).
STAR_THRESHOLDS = (0.10, 0.05, 0.01)
STAR_SYMBOLS = ("*", "**", "***")
DEFAULT_STARS = tuple(zip(sorted(STAR_THRESHOLDS), reversed(STAR_SYMBOLS)))  # ((0.01, '***'), ...)

# Digits after the decimal point in tables (``report.digits``): the one bound, checked by the
# spec schema at ``validate`` time and relied on by the renderers.
MIN_DIGITS = 0
MAX_DIGITS = 8
DEFAULT_DIGITS = 3


def star_text(p: float | None, stars=DEFAULT_STARS) -> str:
    """'***' for p < 0.01 (with the default thresholds); '' when p is missing or large."""
    if p is None or p != p:
        return ""
    for threshold, s in sorted(stars):  # ascending thresholds: the strictest match wins
        if p < threshold:
            return s
    return ""
