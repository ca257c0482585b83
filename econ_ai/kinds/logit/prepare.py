"""logit: ModelSpec + table -> Design; absorbed effects stay fixed-effect codes (absorbed in
the logit's IRLS, ``feglm``) unless ``absorb_as_dummies: true`` makes them dummy columns."""

from __future__ import annotations

from econ_ai.data.prepare import regression_design, regression_terms, start
from econ_ai.design import Design


def prepare(model, table, *, source: str = "data", quiet: bool = True) -> Design:
    b = start(model, table, regression_terms(model), source=source, quiet=quiet)
    dummies = model.options.get("absorb_as_dummies", False) if model.options else False
    return regression_design(b, absorb_as_dummies=bool(dummies))
