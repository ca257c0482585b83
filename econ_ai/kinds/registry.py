"""Registry from spec ``kind`` to estimator class.

An estimator class stores parameters in its constructor (scikit-learn style) and implements
``fit(design: Design) -> Result``. Modules register themselves with ``@register("kind")``;
``get(kind)`` imports the module lazily so ``import econ_ai`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from econ_ai.design import Design
from econ_ai.errors import EconAIError, did_you_mean
from econ_ai.results import Result


class Estimator(Protocol):
    kind: str

    def fit(self, design: Design) -> Result: ...


# kind -> module that registers it (imported on first use)
MODULES: dict[str, str] = {
    "fe_ols": "econ_ai.kinds.fe_ols.estimator",
    "logit": "econ_ai.kinds.logit.estimator",
    "production_function": "econ_ai.kinds.production_function.estimator",
    "top_quantile": "econ_ai.kinds.top_quantile.estimator",
    "describe": "econ_ai.kinds.describe.estimator",
}

_REGISTRY: dict[str, type] = {}


def register(kind: str):
    def deco(cls: type) -> type:
        cls.kind = kind
        _REGISTRY[kind] = cls
        return cls

    return deco


def kinds() -> tuple[str, ...]:
    return tuple(MODULES)


def get(kind: str) -> type:
    if kind not in _REGISTRY:
        if kind not in MODULES:
            raise EconAIError(f"unknown model kind '{kind}'{did_you_mean(kind, MODULES)}")
        importlib.import_module(MODULES[kind])
    return _REGISTRY[kind]
