"""fe_ols: the spec keys (top level and per model) and the typed options of the estimator."""

from __future__ import annotations

from typing import Literal, Optional

from econ_ai.inference.linalg import COLLIN_TOL
from econ_ai.kinds.options import KindOptions
from econ_ai.spec.schema import RegressionKeys, Strict, _Common, _CommonModel


class _Keys(Strict):
    drop_singletons: Optional[bool] = None  # reghdfe/fixest drop them (default); xtreg keeps them


class FeOlsModel(_CommonModel, RegressionKeys, _Keys):
    pass


class FeOlsSpec(_Common, RegressionKeys, _Keys):
    models: list[FeOlsModel]


OPTION_KEYS = tuple(_Keys.model_fields)


class FeOlsOptions(KindOptions):
    """drop_singletons: remove singleton groups (reghdfe default). method: demeaning method
    ``auto`` | ``exact1`` | ``schur`` | ``ap``. tol, maxiter: convergence of alternating
    projections. collin_tol: collinearity tolerance. quiet: no progress lines on stderr."""

    drop_singletons: bool = True
    method: Literal["auto", "exact1", "schur", "ap"] = "auto"
    tol: float = 1e-10
    maxiter: int = 10_000
    collin_tol: float = COLLIN_TOL
    quiet: bool = True
