"""production_function: ModelSpec + table -> Design. Rows missing output, free, state or
proxy values, or the panel unit/time, are dropped; the optional ``exit`` column is passed as is
(NaN kept) for the estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.data.prepare import Builder, option_terms, start
from econ_ai.design import Design
from econ_ai.kinds.production_function.options import TERM_OPTIONS


def prepare(model, table, *, source: str = "data", quiet: bool = True) -> Design:
    b = start(model, table, option_terms(model, TERM_OPTIONS), source=source, quiet=quiet,
              panel=True)
    return _production(b)


def _production(b: Builder) -> Design:
    m, o = b.model, b.model.options
    out = b.term(o["output"])
    free = [b.term(t) for t in o.get("free", ())]
    state = [b.term(t) for t in o.get("state", ())]
    proxy = b.term(o["proxy"]) if o.get("proxy") else None
    for tv in [out, *free, *state] + ([proxy] if proxy is not None else []):
        b.drop_missing(tv)
    b.drop(f"missing panel unit or time ({m.panel.unit}, {m.panel.time})", ~b.panel.valid)
    rows = np.flatnonzero(b.keep)
    X = np.column_stack([tv.values[rows] for tv in [*free, *state]]) if free or state else \
        np.zeros((len(rows), 0))
    cols: dict[str, np.ndarray] = {
        "unit": pd.factorize(b.table[m.panel.unit].iloc[rows], sort=True)[0].astype(np.int64),
        "time": b.panel.t[rows].copy(),
    }
    if proxy is not None:
        cols["proxy"] = proxy.values[rows]
    if o.get("exit"):
        cols["exit"] = b.term(o["exit"]).values[rows]
    return Design(
        spec=m, y=out.values[rows], X=np.ascontiguousarray(X, np.float64),
        terms=tuple(tv.text for tv in [*free, *state]), columns=cols,
        index=b.table.index.to_numpy()[rows], sample_log=b.log.steps, notes=tuple(b.notes),
        extra={"free": [t.text for t in free], "state": [t.text for t in state],
               "proxy": proxy.text if proxy is not None else None},
    )
