"""The TFP indicators computed once per data version and cached on disk (issue 13).

``with_indicators(table, info)`` returns ``table`` with the optional columns of
``econ_ai.data.schema.OPTIONAL["starters"]`` (tfp_lp, tfp_acf, tfp_wooldridge) attached.
They are estimated (per NACE-2 division) on the first use for a data version, from the
INDICATOR_INPUTS columns of the table (same rows and order as the full starters table), and
stored through econ_ai.data.derived keyed by the table's DataInfo.sha256 and the sha256 of
the indicator code; later processes read them from the cache.
"""

from __future__ import annotations

from typing import Any

INDICATOR_INPUTS = ("firm", "year", "nace2", "value_added", "employees", "tangible_assets",
                    "intermediate_inputs")
BY = "nace2"
# the code the indicators depend on (old and new homes; a missing one hashes as 'missing')
CODE = ("econ_ai.estimators.productivity", "econ_ai.kinds.production_function",
        "econ_ai.study.indicators")


def _compute():
    try:
        from econ_ai.study.indicators import add_productivity_indicators
    except ImportError:
        from econ_ai.estimators.productivity.indicators import add_productivity_indicators
    return add_productivity_indicators


def with_indicators(table: Any, info: Any, *, quiet: bool = True) -> Any:
    from econ_ai.data import cache, schema
    from econ_ai.data.derived import cached_columns

    names = [c for c in schema.OPTIONAL["starters"]]
    inputs = [c for c in INDICATOR_INPUTS if c in table.columns]

    def compute():
        full = _compute()(table[inputs], by=BY, quiet=quiet)
        return full[names]

    key = ("tfp", info.sha256, int(len(table)), BY, cache.code_digest(*CODE))
    cols = cached_columns("derived-tfp", key, compute, quiet=quiet)
    if len(cols) != len(table):
        from econ_ai.errors import DataError

        raise DataError(f"cached TFP indicators have {len(cols):,} rows, the table "
                        f"{len(table):,}", file=info.name)
    out = table.copy(deep=False)
    for c in names:
        out[c] = cols[c].to_numpy()
    return out
