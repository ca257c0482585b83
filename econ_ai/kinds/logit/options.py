"""logit: the spec keys (top level and per model) and the typed options of the estimator."""

from __future__ import annotations

from typing import Literal, Optional

from econ_ai.kinds.options import KindOptions
from econ_ai.spec.schema import RegressionKeys, Strict, _Common, _CommonModel


class _Keys(Strict):
    absorb_as_dummies: Optional[bool] = None
    separation: Optional[Literal["drop", "raise"]] = None
    discrete_change: Optional[bool] = None


class LogitModel(_CommonModel, RegressionKeys, _Keys):
    pass


class LogitSpec(_Common, RegressionKeys, _Keys):
    models: list[LogitModel]


OPTION_KEYS = tuple(_Keys.model_fields)


class LogitOptions(KindOptions):
    """absorb_as_dummies: absorbed effects enter X as dummy columns instead of being absorbed
    inside IRLS by weighted demeaning (the default, ``feglm``). separation: ``drop``
    (Stata-like: drop the variable, and for a dummy the perfectly predicted observations) or
    ``raise``. separation_lp: ``auto`` | ``always`` | ``never``. discrete_change: also report
    discrete-change AMEs of 0/1 columns. maxiter, tol: Newton iterations. level: CI level."""

    absorb_as_dummies: bool = False
    separation: Literal["drop", "raise"] = "drop"
    separation_lp: Literal["auto", "always", "never"] = "auto"
    discrete_change: bool = True
    maxiter: int = 100
    tol: float = 1e-10
    level: float = 0.95
    quiet: bool = True
