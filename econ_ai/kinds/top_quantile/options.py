"""top_quantile: the spec keys, the typed options and the cross-field checks."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from econ_ai.kinds.options import KindOptions
from econ_ai.spec.schema import Strict, _Common, _CommonModel


def _q_in_range(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and not 0 < v < 1:
        raise PydanticCustomError("quantile", "a quantile strictly between 0 and 1 "
                                  "(0.8 = the top 20%), got {v}", {"v": v})
    return v


class _Keys(Strict):
    group: Optional[str] = None
    q: Optional[float] = None
    criteria: Optional[list[str]] = Field(default=None, min_length=1)
    ties: Optional[Literal[">=", ">"]] = None
    quantile_method: Optional[str] = None
    null: Optional[Literal["auto", "nominal", "realized"]] = None
    conf: Optional[float] = Field(default=None, gt=0, lt=1)
    groups: Optional[list[str]] = None

    _q = field_validator("q", mode="before")(_q_in_range)


class TopQuantileModel(_CommonModel, _Keys):
    pass


class TopQuantileSpec(_Common, _Keys):
    models: list[TopQuantileModel]


OPTION_KEYS = tuple(_Keys.model_fields)
TERM_OPTIONS = ("group", "criteria")
PREPARE_ORDER = ("criteria", "group")  # column order of the Design


class TopQuantileOptions(KindOptions):
    """group: the group column. q: the quantile (0.8 = top 20%). criteria: the columns (an
    ``a & b`` entry is an intersection). ties: ``>=`` or ``>``. quantile_method: numpy's
    quantile method. null: ``nominal`` (1 - q), ``realized`` (share of all rows in the top) or
    ``auto``. conf: CI level. groups: display order."""

    group: Optional[str] = None
    q: float = 0.8
    criteria: tuple[str, ...] = ()
    ties: Literal[">=", ">"] = ">="
    quantile_method: str = "linear"
    null: Literal["auto", "nominal", "realized"] = "auto"
    conf: float = Field(default=0.95, gt=0, lt=1)
    groups: Optional[tuple[str, ...]] = None

    _q = field_validator("q", mode="before")(_q_in_range)


def check(raw: Any, opt: dict[str, Any], mkey: str, panel: Any) -> None:
    for key in ("group", "criteria"):
        if opt.get(key) in (None, ()):
            raise raw.error(mkey, f"missing required key '{key}' (give it in the model or at "
                            "the top level)")
    opt.setdefault("q", 0.8)
