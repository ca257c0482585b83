"""Estimate rows: estimate, standard error, t or z statistic, p-value and confidence interval,
from a parameter vector, its covariance and the degrees-of-freedom rule (t(df), or the normal
distribution when df is None). The one builder every estimator uses."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from econ_ai.results import Estimate


def estimates(params: np.ndarray, V: np.ndarray, df: float | None, level: float = 0.95) -> list[Estimate]:
    """Estimate records with t statistics, p-values from t(df) (normal if df is None) and CIs."""
    from scipy import special  # lighter than scipy.stats

    if df is None:
        q = float(special.ndtri(0.5 + level / 2.0))

        def sf(t: float) -> float:
            return float(special.ndtr(-t))
    else:
        q = float(special.stdtrit(df, 0.5 + level / 2.0))

        def sf(t: float) -> float:
            return float(special.stdtr(df, -t))

    out = []
    for b, v in zip(params, np.diag(V)):
        se = float(np.sqrt(v)) if v >= 0 else float("nan")
        t = float(b) / se if se > 0 else float("nan")
        p = 2.0 * sf(abs(t)) if np.isfinite(t) else float("nan")
        out.append(Estimate(float(b), se, t, p, float(b) - q * se, float(b) + q * se))
    return out


def estimate_map(names: Sequence[str], params: np.ndarray, se: np.ndarray, df: float | None = None,
                 level: float = 0.95) -> dict[str, Estimate]:
    """``{name: Estimate}`` from estimates and standard errors (a diagonal covariance)."""
    se = np.asarray(se, dtype=float)
    V = np.diag(np.where(np.isfinite(se), se, np.nan) ** 2) if se.size else np.zeros((0, 0))
    rows = estimates(np.asarray(params, dtype=float), V, df, level)
    return {str(n): (r if np.isfinite(s) and s > 0 else Estimate(r.estimate))
            for n, r, s in zip(names, rows, se)}
