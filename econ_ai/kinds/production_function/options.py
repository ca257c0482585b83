"""production_function: the spec keys and the typed options of the estimator, and the
cross-field checks run at compile time."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from econ_ai.kinds.options import KindOptions
from econ_ai.spec.schema import Strict, _Common, _CommonModel

METHODS = ("ols", "fe", "op", "lp", "acf", "wooldridge")
PROXY_METHODS = ("op", "lp", "acf", "wooldridge")


class BootstrapSchema(Strict):
    reps: int = Field(ge=1)
    seed: Optional[int] = None


class _Keys(Strict):
    output: Optional[str] = None
    free: Optional[list[str]] = None
    state: Optional[list[str]] = None
    proxy: Optional[str] = None
    exit: Optional[str] = None
    bootstrap: Optional[BootstrapSchema] = None
    method: Optional[Literal["ols", "fe", "op", "lp", "acf", "wooldridge"]] = None
    degree: Optional[int] = Field(default=None, ge=1, le=4)
    g_degree: Optional[int] = Field(default=None, ge=1, le=4)
    exit_correction: Optional[bool] = None
    tfp_name: Optional[str] = None
    gmm_weight: Optional[Literal["cluster", "homoskedastic"]] = None
    n_jobs: Optional[int] = None


class ProductionModel(_CommonModel, _Keys):
    pass


class ProductionSpec(_Common, _Keys):
    models: list[ProductionModel]


OPTION_KEYS = tuple(_Keys.model_fields)
TERM_OPTIONS = ("output", "free", "state", "proxy", "exit")


class Bootstrap(KindOptions):
    reps: int = Field(default=50, ge=0)
    seed: int = 12345


class ProductionOptions(KindOptions):
    """output, free, state, proxy, exit: the terms of the production function. method: the
    estimator. degree / g_degree: control-function and productivity-process polynomial
    degrees. bootstrap: {reps, seed} (op, lp, acf). stage2: ``nlls`` | ``prodest`` (op, lp).
    gmm_weight: Wooldridge's weight matrix. tfp_name: the saved log-TFP column."""

    method: Literal["ols", "fe", "op", "lp", "acf", "wooldridge"] = "ols"
    output: Optional[str] = None
    free: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    proxy: Optional[str] = None
    exit: Optional[str] = None
    bootstrap: Optional[Bootstrap] = None
    degree: int = Field(default=3, ge=1, le=6)
    g_degree: Optional[int] = Field(default=None, ge=1, le=6)
    exit_correction: bool = False
    tfp_name: Optional[str] = None
    gmm_weight: Literal["cluster", "homoskedastic"] = "cluster"
    stage2: Literal["nlls", "prodest"] = "nlls"
    n_jobs: int = -1
    quiet: bool = False


def check(raw: Any, opt: dict[str, Any], mkey: str, panel: Any) -> None:
    """Cross-field rules: panel, method, the required terms, exit correction."""
    def need(key: str, why: str = "") -> None:
        if opt.get(key) in (None, ()):
            raise raw.error(mkey, f"missing required key '{key}' (give it in the model or at "
                            f"the top level){why}")

    if panel is None:
        raise raw.error("", "a production_function spec needs 'panel: {unit: ..., time: ...}'")
    need("method")
    for key in ("output", "free", "state"):
        need(key)
    if opt["method"] in PROXY_METHODS:
        need("proxy", f" for method '{opt['method']}'")
    if opt.get("exit_correction"):
        if opt["method"] != "op":
            raise raw.error(mkey, "exit_correction applies to method 'op' only")
        need("exit", " for exit_correction")
    opt.setdefault("degree", 3)
    opt.setdefault("exit_correction", False)
