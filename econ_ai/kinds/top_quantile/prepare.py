"""top_quantile: ModelSpec + table -> Design of the criteria and group columns (filters only:
missing values stay for the statistic to handle)."""

from __future__ import annotations

from econ_ai.data.prepare import columns_design, option_terms, start
from econ_ai.design import Design
from econ_ai.kinds.top_quantile.options import PREPARE_ORDER


def prepare(model, table, *, source: str = "data", quiet: bool = True) -> Design:
    terms = option_terms(model, PREPARE_ORDER)
    return columns_design(start(model, table, terms, source=source, quiet=quiet), terms)
