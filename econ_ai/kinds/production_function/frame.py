"""Build a production-function Design straight from a DataFrame of logs.

For tests, benchmarks and ``indicators.py``; specs go through the spec helper's prepare,
which produces the same Design contract (y = output, X = free then state, columns proxy /
unit / time / exit, extra free / state / proxy). Rows with a missing or non-finite value in
any used column are dropped and counted in the sample log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from econ_ai.design import Design
from econ_ai.errors import DataError, did_you_mean
from econ_ai.provenance import SampleLog
from econ_ai.spec.model import ModelSpec, PanelSpec


def design_from_frame(
    df: Any,
    *,
    output: str,
    free: Sequence[str],
    state: Sequence[str],
    proxy: str,
    unit: str,
    time: str,
    exit: str | None = None,
    name: str = "model",
    options: Mapping[str, Any] | None = None,
    source: str = "data",
) -> Design:
    cols = [output, *free, *state, proxy, unit, time] + ([exit] if exit else [])
    for c in cols:
        if c not in df.columns:
            raise DataError(f"no column '{c}'{did_you_mean(c, list(map(str, df.columns)))}", file=source, column=c)
    log = SampleLog(len(df), source)
    num = df[[output, *free, *state, proxy]].to_numpy(dtype=float)
    keep = np.isfinite(num).all(axis=1) & df[unit].notna().to_numpy() & df[time].notna().to_numpy()
    sub = df.loc[keep]
    log.record(f"missing or non-finite {output}, {', '.join([*free, *state])} or {proxy}", len(df), len(sub))
    _, unit_codes = np.unique(sub[unit].to_numpy(), return_inverse=True)
    columns = {"proxy": sub[proxy].to_numpy(float), "unit": unit_codes, "time": sub[time].to_numpy().astype(np.int64)}
    if exit:
        columns["exit"] = sub[exit].fillna(0).to_numpy(float)
    spec = ModelSpec(name=name, kind="production_function", outcome=output, regressors=tuple(free) + tuple(state),
                     panel=PanelSpec(unit, time), options=dict(options or {}))
    return Design(
        spec=spec, y=sub[output].to_numpy(float), X=sub[[*free, *state]].to_numpy(float), terms=tuple(free) + tuple(state),
        columns=columns, index=sub.index.to_numpy(), sample_log=log.steps,
        extra={"free": list(free), "state": list(state), "proxy": proxy},
    )
