"""Generated variables (the TFP indicators) computed once per data version and cached on disk
(issue 13), for the pipeline's ``add_derived_columns``.

``with_generated(dataset, table, info)`` returns ``table`` with the optional columns of
``econ_ai.data.schema.OPTIONAL[dataset]`` attached. They are made by the generator that
``schema.GENERATORS[dataset]`` names (for ``starters``: the LP / ACF / Wooldridge TFP per
NACE-2 division, econ_ai.study.indicators) from the INPUTS columns of the table (same rows
and order as the full table) on first use for a data version, and stored through
econ_ai.data.derived keyed by the table's DataInfo.sha256 and the sha256 of the generator's
code (its module and the production-function kind); later processes read them.
"""

from __future__ import annotations

import importlib
from typing import Any

# the columns each generator reads (the spec's columns are read too)
INPUTS = {"starters": ("firm", "year", "nace2", "value_added", "employees", "tangible_assets",
                       "intermediate_inputs")}
BY = "nace2"
CODE = ("econ_ai.kinds.production_function",)  # besides the generator's own module


def _generator(dataset: str):
    from econ_ai.data import schema

    module, _, name = schema.GENERATORS[dataset].partition(":")
    return module, getattr(importlib.import_module(module), name)


def with_generated(dataset: str, table: Any, info: Any, *, quiet: bool = True) -> Any:
    from econ_ai.data import cache, schema
    from econ_ai.data.derived import cached_columns

    names = list(schema.OPTIONAL[dataset])
    inputs = [c for c in INPUTS.get(dataset, table.columns) if c in table.columns]
    module, generate = _generator(dataset)

    def compute():
        # per NACE-2 division: production technology and the proxy (materials) demand differ
        # by sector; pooled estimates mix them
        return generate(table[inputs], by=BY, quiet=quiet)[names]

    key = (dataset, info.sha256, int(len(table)), BY, cache.code_digest(module, *CODE))
    cols = cached_columns(f"derived-{dataset}", key, compute, quiet=quiet)
    if len(cols) != len(table):
        from econ_ai.errors import DataError

        raise DataError(f"cached generated columns have {len(cols):,} rows, the table "
                        f"{len(table):,}", file=info.name)
    out = table.copy(deep=False)
    for c in names:
        out[c] = cols[c].to_numpy()
    return out
