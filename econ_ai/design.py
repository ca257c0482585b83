"""The prepared design: numbers ready for an estimator. Frozen; built by
``econ_ai.data.prepare.prepare(model_spec, table)``.

Estimators read only this (and the ModelSpec options it carries); they never see spec text
or the data table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from econ_ai.provenance import SampleStep
from econ_ai.spec.model import ModelSpec


@dataclass(frozen=True)
class Design:
    """y, X and the absorbed / cluster codes of one model, after every sample restriction.

    - ``terms``: column names of X, in the spec's text (``ai``, ``log(employees)``); a
      categorical control ``C(nace2)`` expands to ``C(nace2)[T.62]`` columns.
    - ``fe``: absorbed effects, name -> integer codes 0..G-1 (length n).
    - ``clusters``: cluster variables, name -> integer codes 0..G-1 (length n).
    - ``columns``: extra named arrays some kinds need (production functions: output, free,
      state and proxy inputs, unit and time; top_quantile criteria; ...).
    - ``index``: the row labels of the source table that survived, to save fitted values
      (for example firm-year log TFP) back into it.
    - ``sample_log``: every restriction in order with the rows it removed.
    """

    spec: ModelSpec
    y: np.ndarray | None
    X: np.ndarray | None
    terms: tuple[str, ...]
    fe: Mapping[str, np.ndarray] = field(default_factory=dict)
    clusters: Mapping[str, np.ndarray] = field(default_factory=dict)
    columns: Mapping[str, np.ndarray] = field(default_factory=dict)
    index: np.ndarray | None = None
    sample_log: tuple[SampleStep, ...] = ()
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def nobs(self) -> int:
        if self.y is not None:
            return int(self.y.shape[0])
        if self.index is not None:
            return int(len(self.index))
        return 0

    @property
    def name(self) -> str:
        return self.spec.name
