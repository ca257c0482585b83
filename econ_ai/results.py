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
    convention: str = "reghdfe"
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


@dataclass(frozen=True)
class Result:
    """One fitted model = one column of a regression table (or one descriptive table).

    ``coefficients`` keeps the spec's term text as keys (``ai``, ``log(employees)``).
    ``tables`` holds tidy records for the descriptive kinds (describe, top_quantile, ...).
    ``params``/``cov`` (optional, not serialised) keep the raw numpy arrays for re-use.
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
    tables: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    params: Any = field(default=None, compare=False, repr=False)
    cov: Any = field(default=None, compare=False, repr=False)

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
            d["tables"] = {k: [{c: _num(v) for c, v in row.items()} for row in rows] for k, rows in self.tables.items()}
        if self.extra:
            d["extra"] = _jsonable(self.extra)
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
            tables=dict(d.get("tables") or {}),
            extra=dict(d.get("extra") or {}),
        )


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




@dataclass(frozen=True)
class ResultSet:
    """All results of one spec, with the spec's title, data provenance and report block."""

    spec: str
    results: tuple[Result, ...]
    data: DataInfo | None = None
    title: str = ""
    kind: str = ""
    report: Mapping[str, Any] = field(default_factory=dict)

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
    def from_json(cls, path: str | Path) -> ResultSet:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
