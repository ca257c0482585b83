"""logit: ModelSpec + table -> Design; absorbed effects become dummy columns unless
``absorb_as_dummies: false``."""

from __future__ import annotations

from econ_ai.data.prepare import regression_design, regression_terms, start
from econ_ai.design import Design


def prepare(model, table, *, source: str = "data", quiet: bool = True) -> Design:
    b = start(model, table, regression_terms(model), source=source, quiet=quiet)
    dummies = model.options.get("absorb_as_dummies", True) if model.options else True
    return regression_design(b, absorb_as_dummies=bool(dummies))
