"""fe_ols: ModelSpec + table -> Design (y, X, absorbed-effect and cluster codes)."""

from __future__ import annotations

from econ_ai.data.prepare import regression_design, regression_terms, start
from econ_ai.design import Design


def prepare(model, table, *, source: str = "data", quiet: bool = True) -> Design:
    b = start(model, table, regression_terms(model), source=source, quiet=quiet)
    return regression_design(b)
