"""Frozen, compiled spec types. A ModelSpec never sees data.

Terms (``growth(turnover)``, ``log(employees)``, ``a:b``, ``C(nace2)``) and sample filters
(``founded >= 2010``) are kept as their normalised spec text; ``econ_ai.spec.terms`` and
``econ_ai.spec.filters`` parse them into trees (never evaluated as code).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from econ_ai.conventions import DEFAULT_CONVENTION


@dataclass(frozen=True)
class Location:
    """Where a key stands in a spec file (1-based line and column)."""

    file: str | None
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class VcovSpec:
    """type: ``iid`` | ``hc1`` | ``cluster``; cluster: the cluster variables (one or two).

    convention: the small-sample convention, by name: ``reghdfe`` (default), ``statsmodels``
    or ``fixest``. See ``econ_ai.inference.vcov`` for what each one means.
    """

    type: str = "iid"
    cluster: tuple[str, ...] = ()
    convention: str = DEFAULT_CONVENTION


@dataclass(frozen=True)
class PanelSpec:
    unit: str
    time: str


@dataclass(frozen=True)
class DataRef:
    """``name`` is a built-in dataset (``starters``, ``firms``, ``ai_profile``, ...) when
    ``path`` is None; otherwise ``path`` is a CSV/Parquet file resolved relative to the spec."""

    name: str
    path: str | None = None


@dataclass(frozen=True)
class ModelSpec:
    """One model = one column of a table. Spec-level defaults are already merged in;
    ``sample`` lists the spec-level filters first, then the model's own."""

    name: str
    kind: str
    outcome: str | None = None
    regressors: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    absorb: tuple[str, ...] = ()
    sample: tuple[str, ...] = ()
    vcov: VcovSpec = field(default_factory=VcovSpec)
    panel: PanelSpec | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    location: Location = field(default_factory=lambda: Location(None))
    key: str = ""  # key path of this model in the spec, e.g. "models[2]"
    # (axis, label) pairs of a model expanded from ``vary:``/``stepwise:`` (econ_ai.spec.expand)
    axes: tuple[tuple[str, str], ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Right-hand-side terms in table order: regressors, then controls."""
        return tuple(self.regressors) + tuple(self.controls)


@dataclass(frozen=True)
class CompiledSpec:
    """A whole spec file, validated and compiled."""

    path: str
    kind: str
    title: str
    data: DataRef
    models: tuple[ModelSpec, ...]
    report: Mapping[str, Any] = field(default_factory=dict)
    published: tuple[Mapping[str, Any], ...] = ()
    locations: Mapping[str, Location] = field(default_factory=dict)  # key path -> Location
    aliases: Mapping[str, str] = field(default_factory=dict)  # expanded key path -> key in the file

    def where(self, key: str) -> Location:
        """Location of a key path (falls back to its nearest located parent)."""
        k = key
        while k:
            if k in self.locations:
                return self.locations[k]
            cut = max(k.rfind("."), k.rfind("["))
            k = k[:cut] if cut > 0 else ""
        return Location(self.path)
