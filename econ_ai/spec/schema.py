"""The pydantic pieces every spec shares, all ``extra="forbid"``: the common top-level and
per-model keys, panel, vcov, report, and the keys of the regression kinds. Each kind's own
schema (``econ_ai/kinds/<kind>/options.py``) builds on them; the kind registry lists them.

The schemas check key names and value types only; cross-field rules (panel needed by
growth(), cluster variables, unique model names ...) live in ``econ_ai.spec.compile`` and in
each kind's ``check``. Pydantic errors become SpecErrors (file, line, key path, near miss)
in ``convert_validation_error``.
"""

from __future__ import annotations

import types
from typing import Any, Literal, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from econ_ai.conventions import MAX_DIGITS, MIN_DIGITS, STAR_THRESHOLDS
from econ_ai.errors import SpecError, did_you_mean
from econ_ai.inference.vcov import CONVENTIONS, TYPES

STAT_NAMES = ("nobs", "r2", "r2_within", "adj_r2", "pseudo_r2", "loglik", "depvar_mean",
              "clusters", "vcov")
# fit keys the estimators report (so `report.stats` can show them, with near-miss errors)
FIT_KEYS = ("rmse", "aic", "bic", "loglik_null", "df_resid", "k", "k_fe", "iterations",
            "returns_to_scale", "rts_se", "n_firms", "nobs_stage2", "objective",
            "bootstrap_reps", "mean_flags", "q", "n", "n_top", "top_share_all", "chi2",
            "chi2_p_value")
DEFAULT_STARS = STAR_THRESHOLDS
# keys of a `published:` claim (meaning: econ_ai.report.claims)
CLAIM_SELECT_KEYS = frozenset({"model", "term", "field", "table", "where", "column"})
CLAIM_TEST_KEYS = frozenset({"value", "tol", "between", "sign", "significant", "not_significant",
                             "greater_than", "less_than", "count_significant"})
CLAIM_META_KEYS = frozenset({"id", "claim", "published", "full_scale_only", "scales"})
CLAIM_KEYS = CLAIM_SELECT_KEYS | CLAIM_TEST_KEYS | CLAIM_META_KEYS
REPORT_DEFAULTS: dict[str, Any] = {"stars": list(DEFAULT_STARS), "digits": 3, "below": "se",
                                   "show": "coef"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(v: Any) -> Any:
    """``cluster: firm`` (a bare string) means ``[firm]``."""
    return [v] if isinstance(v, str) else v


class PanelSchema(Strict):
    unit: str
    time: str


class VcovSchema(Strict):
    type: Optional[Literal[TYPES]] = None  # type: ignore[valid-type]
    cluster: Optional[list[str]] = None
    convention: Optional[Literal[CONVENTIONS]] = None  # type: ignore[valid-type]

    _cluster_list = field_validator("cluster", mode="before")(_as_list)


def _vcov_before(v: Any) -> Any:
    """``vcov: hc1`` is ``{type: hc1}``."""
    return {"type": v} if isinstance(v, str) else v


class GroupSchema(Strict):
    label: str
    span: Any

    @field_validator("span")
    @classmethod
    def _span(cls, v: Any) -> Any:
        ok_int = isinstance(v, int) and not isinstance(v, bool) and v >= 1
        ok_pair = (isinstance(v, list) and len(v) == 2
                   and all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in v)
                   and v[0] <= v[1])
        if not (ok_int or ok_pair):
            raise PydanticCustomError("span", "span must be a number of columns (>= 1) or "
                                      "[first, last] column numbers (1-based)")
        return v


class ReportSchema(Strict):
    keep: Optional[list[str]] = None
    drop: Optional[list[str]] = None
    order: Optional[list[str]] = None
    labels: Optional[dict[str, str]] = None
    fe_labels: Optional[dict[str, str]] = None
    # rows of fit statistics: the table rows of STAT_NAMES or any fit key an estimator reports
    stats: Optional[list[Literal[STAT_NAMES + FIT_KEYS]]] = None  # type: ignore[valid-type]
    stars: Optional[list[float]] = None
    digits: Optional[int] = Field(default=None, ge=MIN_DIGITS, le=MAX_DIGITS)
    below: Optional[Literal["se", "t", "ci", "none"]] = None
    show: Optional[Literal["coef", "ame", "or"]] = None
    groups: Optional[list[GroupSchema]] = None
    notes: Optional[str] = None
    threeparttable: Optional[bool] = None
    panel: Optional[str] = None
    caption: Optional[str] = None
    label: Optional[str] = None
    column_numbers: Optional[bool] = None
    columns: Optional[list[str]] = None
    group: Optional[str] = None
    title: Optional[str] = None
    units: Optional[str] = None
    xlabel: Optional[str] = None
    figure: Optional[str] = None
    figures: Optional[list[str]] = None
    # controls that `keep` hides: one Yes/No row each, one "Controls" row, none, or named groups
    controls: Optional[Union[Literal["each", "one", "none"], dict[str, list[str]]]] = None
    depvar: Optional[bool] = None           # the dependent-variable header row
    siunitx: Optional[bool] = None          # LaTeX: decimal-aligned siunitx S columns
    wide: Optional[Literal["auto", "none", "resizebox", "landscape"]] = None
    wrap: Optional[int] = Field(default=None, ge=8)
    row_order: Optional[dict[str, list[Union[str, int]]]] = None  # records: rows in this order
    codes: Optional[list[str]] = None       # records: columns printed as codes (never 1,986)

    @field_validator("stars")
    @classmethod
    def _stars(cls, v: Optional[list[float]]) -> Optional[list[float]]:
        if v is None:
            return v
        if not 1 <= len(v) <= 3:
            raise PydanticCustomError("stars", "stars takes 1 to 3 p-value thresholds, got "
                                      "{n}", {"n": len(v)})
        if any(not 0 < p < 1 for p in v):
            raise PydanticCustomError("stars", "stars thresholds must lie strictly between 0 "
                                      "and 1")
        if any(b >= a for a, b in zip(v, v[1:])):
            raise PydanticCustomError("stars", "stars must add a star at each smaller p-value: "
                                      "thresholds strictly decreasing, e.g. [0.10, 0.05, 0.01]")
        return v


class _Common(Strict):
    """Keys every kind shares at the top level."""

    kind: str
    title: Optional[str] = None
    description: Optional[str] = None
    data: Optional[str] = None  # required in files (checked by the compiler); Python callers may pass data=
    panel: Optional[PanelSchema] = None
    sample: list[str] = []
    report: Optional[ReportSchema] = None
    published: list[dict[str, Any]] = []


class _CommonModel(Strict):
    name: Optional[str] = None
    sample: list[str] = []

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> Any:
        """``name: 2019`` is the column title "2019"."""
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


# ----------------------------------------------------------------------------- fe_ols / logit
class RegressionKeys(Strict):
    """The keys of every regression kind (fe_ols, logit)."""

    outcome: Optional[str] = None
    regressors: Optional[list[str]] = None
    controls: Optional[list[str]] = None
    absorb: Optional[list[str]] = None
    vcov: Optional[VcovSchema] = None

    _vcov = field_validator("vcov", mode="before")(_vcov_before)


# ----------------------------------------------------------------------------- error messages
_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true/false",
               list: "a list", dict: "a mapping", type(None): "nothing (null)"}
_EXPECTED = {"list_type": "a list", "string_type": "a string", "dict_type": "a mapping",
             "model_type": "a mapping", "model_attributes_type": "a mapping",
             "int_type": "an integer", "int_parsing": "an integer", "int_from_float":
             "an integer", "float_type": "a number", "float_parsing": "a number",
             "bool_type": "true or false", "bool_parsing": "true or false"}


_BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<",
           "less_than_equal": "<=", "too_short": "at least", "too_long": "at most"}


def _describe_value(v: Any) -> str:
    name = _TYPE_NAMES.get(type(v), type(v).__name__)
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        return f"{name} '{v}'"
    return name


def _unwrap(ann: Any) -> Any:
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        return args[0] if len(args) == 1 else ann
    return ann


def _annotation_at(cls: type[BaseModel], parts: tuple) -> Any:
    ann: Any = cls
    for p in parts:
        ann = _unwrap(ann)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            f = ann.model_fields.get(p) if isinstance(p, str) else None
            if f is None:
                return None
            ann = f.annotation
        elif get_origin(ann) is list and isinstance(p, int):
            ann = get_args(ann)[0]
        elif get_origin(ann) is dict:
            ann = get_args(ann)[1]
        else:
            return None
    return _unwrap(ann)


def _walk_data(data: Any, loc: tuple) -> tuple[str, int]:
    """Key path of the deepest part of ``loc`` present in the data, and how many parts."""
    from econ_ai.spec.load import join

    path, cur, n = "", data, 0
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            break
        path = join(path, part)
        n += 1
    return path, n


def _one_error(raw: Any, err: dict, root: type[BaseModel]) -> tuple[Any, Any]:
    """(sort key, SpecError) for one pydantic error."""
    loc = tuple(err["loc"])
    typ = err["type"]
    path, n = _walk_data(raw.data, loc)
    value = err.get("input")
    last = loc[-1] if loc else ""
    if typ == "extra_forbidden":
        parent_ann = _annotation_at(root, loc[:-1])
        fields = list(parent_ann.model_fields) if isinstance(parent_ann, type) and issubclass(
            parent_ann, BaseModel) else []
        msg = f"unknown key '{last}'{did_you_mean(str(last), fields)}"
        parent, _ = _walk_data(raw.data, loc[:-1])
        where = raw.loc(path, of_key=True)
        return (where.line or 0, where.column or 0), SpecError(
            msg, file=raw.file, line=where.line, column=where.column, key=parent or None)
    if typ == "missing":
        msg = f"missing required key '{last}'"
    elif typ == "literal_error":
        ann = _annotation_at(root, loc)
        allowed = [str(a) for a in get_args(ann)] if get_origin(ann) is Literal else []
        what = "vcov type" if last == "type" and "vcov" in loc else "value"
        msg = (f"invalid {what} '{value}'{did_you_mean(str(value), allowed)}; allowed: "
               + ", ".join(allowed))
    elif typ in _EXPECTED:
        field = f"'{last}' " if isinstance(last, str) and n < len(loc) else ""
        msg = f"{field}expected {_EXPECTED[typ]}, got {_describe_value(value)}"
        if typ == "list_type" and isinstance(value, str):
            msg += f" (write [{value}])"
    elif typ in ("too_short", "too_long"):
        ctx = err.get("ctx", {})
        bound = ctx.get("min_length", ctx.get("max_length"))
        msg = f"needs {_BOUNDS[typ]} {bound} item(s), got {ctx.get('actual_length')}"
    elif typ in _BOUNDS:
        bound = next(iter(err["ctx"].values()))
        msg = f"must be {_BOUNDS[typ]} {bound}, got {value}"
    elif err.get("ctx") is None or typ in ("span", "stars", "quantile", "level"):
        msg = err["msg"]
    else:
        field = f"'{last}' " if isinstance(last, str) and n < len(loc) else ""
        msg = field + err["msg"][0].lower() + err["msg"][1:]
        msg = msg.replace("input should", "should").replace("Input should", "should")
    where = raw.loc(path)
    return (where.line or 0, where.column or 0), raw.error(path, msg)


def convert_validation_error(raw: Any, exc: Any, root: type[BaseModel]) -> Exception:
    """The first (in file order) pydantic error as a SpecError with key path and near miss."""
    errs = [_one_error(raw, e, root) for e in exc.errors(include_url=False)]
    errs.sort(key=lambda pair: pair[0])
    return errs[0][1]
