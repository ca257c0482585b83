"""describe: the spec keys, the typed options and the cross-field checks."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from econ_ai.kinds.options import KindOptions
from econ_ai.spec.schema import Strict, _as_list, _Common, _CommonModel

STATISTICS = ("counts", "shares", "means", "crosstab", "flag_counts", "share_by_year")
Statistic = Literal["counts", "shares", "means", "crosstab", "flag_counts", "share_by_year"]
Part = Literal["all", "positive", "negative"]


def _single_level(v: Any) -> Any:
    if v is not None and not isinstance(v, (str, int, float, bool)):
        raise PydanticCustomError("level", "level must be a single value (the group value "
                                  "whose share is shown), got {t}", {"t": type(v).__name__})
    return v


class _Keys(Strict):
    statistic: Optional[Statistic] = None
    variables: Optional[list[str]] = None
    by: Optional[list[str]] = None
    group: Optional[str] = None
    weights: Optional[str] = None
    time: Optional[str] = None
    level: Any = None  # share_by_year: the group value whose share is shown (default 1)
    part: Optional[list[Part]] = None

    _part = field_validator("part", mode="before")(_as_list)
    _level = field_validator("level")(_single_level)


class DescribeModel(_CommonModel, _Keys):
    pass


class DescribeSpec(_Common, _Keys):
    models: list[DescribeModel]


OPTION_KEYS = tuple(_Keys.model_fields)
TERM_OPTIONS = ("group", "variables", "by", "weights", "time")
PREPARE_ORDER = ("group", "variables", "by", "time", "weights")  # column order of the Design


class DescribeOptions(KindOptions):
    """statistic: which table (see the estimator's docstring); variables, by, group, weights,
    time: its columns; level: the group value whose share is shown; part: all / positive /
    negative values (share_by_year)."""

    statistic: Optional[Statistic] = None
    variables: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    group: Optional[str] = None
    weights: Optional[str] = None
    time: Optional[str] = None
    level: Union[str, int, float, bool, None] = None
    part: Optional[tuple[Part, ...]] = None

    _part = field_validator("part", mode="before")(_as_list)


def check(raw: Any, opt: dict[str, Any], mkey: str, panel: Any) -> None:
    def need(key: str, why: str = "") -> None:
        if opt.get(key) in (None, ()):
            raise raw.error(mkey, f"missing required key '{key}' (give it in the model or at "
                            f"the top level){why}")

    need("statistic")
    stat = opt["statistic"]
    if stat == "share_by_year":
        need("time", " for statistic 'share_by_year'")
        need("group", " for statistic 'share_by_year'")
    if stat == "crosstab" and len(opt.get("by", ())) != 2:
        raise raw.error(mkey, f"a crosstab needs exactly two 'by' columns (rows, columns), "
                        f"got {len(opt.get('by', ()))}")
    if stat in ("means", "shares", "flag_counts") and not opt.get("variables"):
        need("variables", f" for statistic '{stat}'")
