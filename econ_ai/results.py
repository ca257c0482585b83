"""Result objects: what an estimator returns and what the reporting layer reads.

Frozen, free of formatting. ``ResultSet.to_dict()`` is the results contract that
``econ-ai run SPEC --format json`` writes (keep the key names: other tools read them)::

    {"spec": path, "data": {"name", "rows", "sha256", "synthetic"},
     "models": [{"name", "kind", "nobs",
        "coefficients": {term: {"estimate","std_error","statistic","p_value","ci_low","ci_high"}},
        "marginal_effects": {...same fields...},        # logit
        "odds_ratios": {term: {"estimate","ci_low","ci_high"}},   # logit
        "fit": {"r2","r2_within","pseudo_r2","loglik",...},
        "vcov": {"type","clusters": {var: G},"convention"},
        "absorbed": [...], "dropped_terms": [...],
        "sample_log": [{"step","removed"}]}]}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from econ_ai.provenance import DataInfo, SampleStep
from econ_ai.conventions import DEFAULT_CONVENTION

ESTIMATE_FIELDS = ("estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high")


def _num(x: Any) -> Any:
    """JSON-safe number: NaN/inf become None; numpy scalars become Python floats/ints."""
    if x is None:
        return None
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x
    try:
        f = float(x)
    except (TypeError, ValueError):
        return x
    if math.isnan(f) or math.isinf(f):
        return None
    if float(f).is_integer() and hasattr(x, "dtype") and "int" in str(x.dtype):
        return int(f)
    return f


def _unnum(x: Any) -> float:
    return float("nan") if x is None else float(x)


# ---------------------------------------------------------------- deep immutability
class FrozenDict(dict):
    """A dict that refuses every change after construction (JSON-serialisable, picklable)."""

    def _refuse(self, *_: Any, **__: Any) -> None:
        raise TypeError("results are immutable: use dataclasses.replace() to derive a changed copy")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted((str(k), repr(v)) for k, v in self.items())))


class FrozenList(list):
    """A list that refuses every change after construction (equal to the same plain list)."""

    def _refuse(self, *_: Any, **__: Any) -> None:
        raise TypeError("results are immutable: use dataclasses.replace() to derive a changed copy")

    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = _refuse  # type: ignore[assignment]
    sort = reverse = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return (FrozenList, (list(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(repr(v) for v in self))


def freeze(x: Any) -> Any:
    """Deeply immutable copy: mappings -> FrozenDict, lists -> FrozenList, tuples stay tuples
    (of frozen items), numpy arrays -> read-only copies; everything else as it is."""
    if isinstance(x, (FrozenDict, FrozenList)):
        return x
    if isinstance(x, Mapping):
        return FrozenDict({k: freeze(v) for k, v in x.items()})
    if isinstance(x, list):
        return FrozenList(freeze(v) for v in x)
    if isinstance(x, tuple):
        return tuple(freeze(v) for v in x)
    if hasattr(x, "flags") and hasattr(x, "copy"):  # numpy array
        a = x.copy()
        a.flags.writeable = False
        return a
    return x


def same(a: Any, b: Any) -> bool:
    """Equality in which NaN equals NaN (so a result read back from JSON equals itself)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if hasattr(a, "__dataclass_fields__") and type(a) is type(b):
        return all(same(getattr(a, f), getattr(b, f)) for f, fd in a.__dataclass_fields__.items() if fd.compare)
    if hasattr(a, "shape") or hasattr(b, "shape"):
        import numpy as np

        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # pragma: no cover
        return False


_NONFINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def _encode_free(x: Any) -> Any:
    """JSON value of an untyped field (fit, tables, extra): non-finite floats as the strings
    "NaN" / "Infinity" / "-Infinity", so that None and NaN both survive the round trip."""
    if isinstance(x, Mapping):
        return {str(k): _encode_free(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_encode_free(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, str) or x is None or isinstance(x, bool):
        return x
    if hasattr(x, "tolist"):
        return _encode_free(x.tolist())
    v = _num(x)
    if v is None and x is not None:  # a numpy non-finite scalar
        f = float(x)
        return "NaN" if math.isnan(f) else ("Infinity" if f > 0 else "-Infinity")
    return v


def _decode_free(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _decode_free(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_decode_free(v) for v in x]
    if isinstance(x, str) and x in _NONFINITE:
        return _NONFINITE[x]
    return x


@dataclass(frozen=True)
class Estimate:
    """One reported quantity with its inference. Missing parts are NaN."""

    estimate: float
    std_error: float = float("nan")
    statistic: float = float("nan")
    p_value: float = float("nan")
    ci_low: float = float("nan")
    ci_high: float = float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {k: _num(getattr(self, k)) for k in ESTIMATE_FIELDS}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Estimate:
        return cls(**{k: _unnum(d.get(k)) for k in ESTIMATE_FIELDS})


@dataclass(frozen=True)
class OddsRatio:
    estimate: float
    ci_low: float
    ci_high: float

    def to_dict(self) -> dict[str, Any]:
        return {"estimate": _num(self.estimate), "ci_low": _num(self.ci_low), "ci_high": _num(self.ci_high)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> OddsRatio:
        return cls(_unnum(d.get("estimate")), _unnum(d.get("ci_low")), _unnum(d.get("ci_high")))






@dataclass(frozen=True)
class VcovInfo:
    """How the covariance matrix was computed.

    type: ``iid`` | ``hc1`` | ``cluster`` | ``bootstrap`` | ``gmm``.
    clusters: number of clusters G per cluster variable.
    convention: small-sample convention name (``reghdfe``, ``statsmodels``, ``fixest``, ...).
    df: degrees of freedom used for t statistics (None for z / normal inference).
    details: free text, e.g. which G gave the df with two-way clustering.
    """

    type: str
    clusters: Mapping[str, int] = field(default_factory=dict)
    convention: str = DEFAULT_CONVENTION
    df: float | None = None
    details: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "clusters": {k: int(v) for k, v in self.clusters.items()},
            "convention": self.convention,
            "df": _num(self.df),
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> VcovInfo:
        return cls(
            type=str(d.get("type", "")),
            clusters=dict(d.get("clusters") or {}),
            convention=str(d.get("convention", "")),
            df=d.get("df"),
            details=str(d.get("details", "")),
        )


@dataclass(frozen=True, eq=False)
class Result:
    """One fitted model = one column of a regression table (or one descriptive table).

    Deeply immutable (mappings are frozen on construction; derive changed copies with
    ``dataclasses.replace``). ``coefficients`` keeps the spec's term text as keys (``ai``,
    ``log(employees)``). ``tables`` holds tidy records for the descriptive kinds.
    ``params``/``cov`` (optional, not serialised, not compared) keep the raw numpy arrays.
    Equality treats NaN as equal to NaN, so a result read back from JSON equals itself.
    """

    name: str
    kind: str
    nobs: int
    coefficients: Mapping[str, Estimate] = field(default_factory=dict)
    outcome: str = ""
    marginal_effects: Mapping[str, Estimate] | None = None
    odds_ratios: Mapping[str, OddsRatio] | None = None
    fit: Mapping[str, Any] = field(default_factory=dict)
    vcov: VcovInfo | None = None
    absorbed: tuple[str, ...] = ()
    dropped_terms: tuple[str, ...] = ()
    sample_log: tuple[SampleStep, ...] = ()
    notes: tuple[str, ...] = ()
    tables: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    params: Any = field(default=None, compare=False, repr=False)
    cov: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # a missing fit statistic is NaN (as JSON's null reads back), so the round trip is exact
        object.__setattr__(self, "fit", {k: (float("nan") if v is None else v) for k, v in (self.fit or {}).items()})
        for name in ("coefficients", "marginal_effects", "odds_ratios", "fit", "tables", "extra",
                     "absorbed", "dropped_terms", "sample_log", "notes", "params", "cov"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, freeze(value))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and same(self, other)

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "outcome": self.outcome,
            "nobs": int(self.nobs),
            "coefficients": {k: v.to_dict() for k, v in self.coefficients.items()},
        }
        if self.marginal_effects is not None:
            d["marginal_effects"] = {k: v.to_dict() for k, v in self.marginal_effects.items()}
        if self.odds_ratios is not None:
            d["odds_ratios"] = {k: v.to_dict() for k, v in self.odds_ratios.items()}
        d["fit"] = {k: _num(v) for k, v in self.fit.items()}
        d["vcov"] = self.vcov.to_dict() if self.vcov is not None else None
        d["absorbed"] = list(self.absorbed)
        d["dropped_terms"] = list(self.dropped_terms)
        d["sample_log"] = [s.to_dict() for s in self.sample_log]
        d["notes"] = list(self.notes)
        if self.tables:
            d["tables"] = _encode_free(self.tables)
        if self.extra:
            d["extra"] = _encode_free(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Result:
        me = d.get("marginal_effects")
        orr = d.get("odds_ratios")
        return cls(
            name=str(d["name"]),
            kind=str(d["kind"]),
            nobs=int(d.get("nobs") or 0),
            outcome=str(d.get("outcome", "")),
            coefficients={k: Estimate.from_dict(v) for k, v in (d.get("coefficients") or {}).items()},
            marginal_effects=None if me is None else {k: Estimate.from_dict(v) for k, v in me.items()},
            odds_ratios=None if orr is None else {k: OddsRatio.from_dict(v) for k, v in orr.items()},
            fit={k: (float("nan") if v is None else v) for k, v in (d.get("fit") or {}).items()},
            vcov=None if d.get("vcov") is None else VcovInfo.from_dict(d["vcov"]),
            absorbed=tuple(d.get("absorbed") or ()),
            dropped_terms=tuple(d.get("dropped_terms") or ()),
            sample_log=tuple(SampleStep.from_dict(s) for s in d.get("sample_log") or ()),
            notes=tuple(d.get("notes") or ()),
            tables=_decode_free(dict(d.get("tables") or {})),
            extra=_decode_free(dict(d.get("extra") or {})),
        )

    # ------------------------------------------------------------ for people
    def tidy(self):
        """One row per reported quantity: model, term, quantity (``coef``; for logits also
        ``ame`` and ``or``), estimate, std_error, statistic, p_value, ci_low, ci_high."""
        from econ_ai.report.estimates import tidy_frame

        return tidy_frame([self])

    def summary(self) -> str:
        """A text summary (coefficients, fit, vcov, sample log)."""
        from econ_ai.report.text import summarize_result

        return "\n".join(summarize_result(self))

    def table(self, format: str = "text", **report_options: Any) -> str:  # noqa: A002
        """This model as a one-column table (see ``ResultSet.table``)."""
        return ResultSet(spec="", results=(self,), kind=self.kind).table(format, **report_options)

    def _repr_html_(self) -> str:
        return self.table("html")


def _jsonable(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, str) or x is None or isinstance(x, bool):
        return x
    if hasattr(x, "tolist"):
        return _jsonable(x.tolist())
    return _num(x)


@dataclass(frozen=True, eq=False)
class ResultSet:
    """All results of one spec, with the spec's title, data provenance and report block.

    ``tidy()``, ``summary()``, ``table(format)`` and ``_repr_html_`` are for people;
    ``to_json()`` / ``ResultSet.from_json(text_or_path)`` round-trip exactly (NaN included).
    """

    spec: str
    results: tuple[Result, ...]
    data: DataInfo | None = None
    title: str = ""
    kind: str = ""
    report: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "results", tuple(self.results))
        object.__setattr__(self, "report", freeze(self.report or {}))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and same(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, key: int | str) -> Result:
        if isinstance(key, str):
            for r in self.results:
                if r.name == key:
                    return r
            from econ_ai.errors import EconAIError, did_you_mean

            names = [r.name for r in self.results]
            raise EconAIError(f"no model named '{key}'{did_you_mean(key, names)}; models: {', '.join(names)}")
        return self.results[key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "title": self.title,
            "kind": self.kind,
            "data": self.data.to_dict() if self.data else None,
            "report": _jsonable(self.report),
            "models": [r.to_dict() for r in self.results],
        }

    def to_json(self, indent: int = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ResultSet:
        return cls(
            spec=str(d.get("spec", "")),
            title=str(d.get("title", "")),
            kind=str(d.get("kind", "")),
            data=None if d.get("data") is None else DataInfo.from_dict(d["data"]),
            report=dict(d.get("report") or {}),
            results=tuple(Result.from_dict(m) for m in d.get("models") or ()),
        )

    @classmethod
    def from_json(cls, source: str | Path) -> ResultSet:
        """From JSON text (what ``to_json`` wrote) or from the path of a JSON file."""
        text = source if isinstance(source, str) and source.lstrip().startswith("{") else \
            Path(source).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))

    # ------------------------------------------------------------ for people
    def tidy(self):
        """All models' quantities in one DataFrame (see ``Result.tidy``)."""
        from econ_ai.report.estimates import tidy_frame

        return tidy_frame(self.results)

    def summary(self) -> str:
        """A text summary of every model."""
        from econ_ai.report.text import summarize

        return summarize(self)

    def table(self, format: str = "text", **report_options: Any) -> str:  # noqa: A002
        """The models side by side: ``format`` is ``latex``, ``markdown``, ``html``, ``csv``,
        ``json`` or ``text``; ``report_options`` override the spec's ``report:`` block
        (``keep=[...]``, ``labels={...}``, ``digits=...``, ``stars=...``)."""
        from econ_ai.report.render import render

        if format == "text":
            return self.summary()
        return render([self], format, report_overrides=report_options or None)

    def _repr_html_(self) -> str:
        return self.table("html")

    def spec_curve(self, term: str | None = None, *, alpha: float = 0.05):
        """The specification curve of ``term`` across these models (``econ_ai.report.spec_curve``):
        ``.summary``, ``.table(format)``, ``.figure(path)``."""
        from econ_ai.report.spec_curve import spec_curve

        return spec_curve(self, term, alpha=alpha)

    def diff(self, other: ResultSet, format: str = "text", *, tol: float = 0.0) -> str:  # noqa: A002
        """How every coefficient, SE, N and fit statistic moved from ``self`` to ``other``
        (models matched by name; ``econ_ai.report.diff``)."""
        from econ_ai.report.diff import render_diff, result_changes

        return render_diff([], result_changes(self, other), format, tol=tol,
                           synthetic=bool(self.data is not None and self.data.synthetic))
