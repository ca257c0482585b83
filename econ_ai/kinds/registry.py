"""The one table of model kinds: ``KINDS`` maps a spec's ``kind`` to its plug-in package.

Adding a kind touches this table and the kind's own folder ``econ_ai/kinds/<kind>/`` only.
The folder's ``__init__.py`` defines ``PLUGIN = Kind(...)``, which holds:

- the spec schemas (top level and per model, pydantic, unknown keys refused) and the typed
  options model (``options.py``) that the estimator constructor receives;
- the cross-field checks of the kind (``check``), run by the spec compiler;
- the design preparation (``prepare.py``: ModelSpec + table -> Design);
- the estimator (``estimator.py``: ``Estimator(options).fit(design) -> Result``);
- the report defaults: the fit statistics a table shows and the default figure.

Plug-in packages are imported on first use, so ``import econ_ai`` stays light; the estimator
and prepare modules (numpy, scipy) load only when a model is fitted. The spec compiler looks
kinds up here: that edge (``econ_ai.spec.compile -> econ_ai.kinds.registry``) is the one
declared exception of the layer contract in ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from econ_ai.errors import EconAIError, did_you_mean

# kind -> the package that defines its PLUGIN
KINDS: dict[str, str] = {
    "fe_ols": "econ_ai.kinds.fe_ols",
    "logit": "econ_ai.kinds.logit",
    "production_function": "econ_ai.kinds.production_function",
    "top_quantile": "econ_ai.kinds.top_quantile",
    "describe": "econ_ai.kinds.describe",
}


class Estimator(Protocol):
    kind: str

    def fit(self, design: Any) -> Any: ...


def _resolve(ref: str) -> Any:
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Kind:
    """A model kind's plug-in (see the module docstring). ``prepare`` and ``estimator`` are
    ``"module:attribute"`` references, resolved on first use."""

    name: str
    spec_schema: type
    model_schema: type
    options: type
    prepare: str
    estimator: str
    option_keys: tuple[str, ...] = ()
    term_options: tuple[str, ...] = ()
    regression: bool = False
    check: Callable[..., None] | None = None
    default_stats: tuple[str, ...] = ("nobs", "vcov", "clusters")
    figure: str | None = None

    def estimator_class(self) -> type:
        return _resolve(self.estimator)

    def prepare_function(self) -> Callable[..., Any]:
        return _resolve(self.prepare)

    def figure_function(self) -> Callable[..., Any] | None:
        return _resolve(self.figure) if self.figure else None


_LOADED: dict[str, Kind] = {}


def kinds() -> tuple[str, ...]:
    return tuple(KINDS)


def get(kind: str) -> Kind:
    """The plug-in of ``kind``; an EconAIError with a near miss for an unknown kind."""
    if kind not in _LOADED:
        if kind not in KINDS:
            raise EconAIError(f"unknown model kind '{kind}'{did_you_mean(kind, KINDS)}; "
                              f"kinds: {', '.join(KINDS)}")
        plugin = importlib.import_module(KINDS[kind]).PLUGIN
        if plugin.name != kind:
            raise EconAIError(f"plug-in {KINDS[kind]} declares kind '{plugin.name}', not '{kind}'")
        _LOADED[kind] = plugin
    return _LOADED[kind]


def estimator(kind: str) -> type:
    """The estimator class of ``kind``."""
    return get(kind).estimator_class()


def prepare(model: Any, table: Any, *, source: str = "data", quiet: bool = True) -> Any:
    """ModelSpec + table -> Design, by the model's kind (its ``prepare.py``)."""
    return get(model.kind).prepare_function()(model, table, source=source, quiet=quiet)
