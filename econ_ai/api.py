"""The Python API: the same path as a YAML spec file, from a notebook.

    import econ_ai as ea
    res = ea.fe_ols("starters", outcome="growth(turnover)", regressors=["ai"],
                    controls=["lag(log(employees))"], absorb=["nace3", "year"],
                    vcov={"cluster": ["firm"]}, panel={"unit": "firm", "time": "year"})
    res.tidy(); print(res.summary()); res.table("latex")

Every function builds (or loads) a spec and runs it through ``econ_ai.pipeline``, exactly as
``econ-ai run`` does with a file, so the CLI and the API cannot drift apart. Arguments use the
spec's key names, and terms use the spec's term syntax (``growth(turnover)``, ``C(nace2)``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from econ_ai.errors import DataError, SpecError
from econ_ai.provenance import DataInfo
from econ_ai.results import FrozenDict, Result, ResultSet, freeze
from econ_ai.spec.model import CompiledSpec

SPEC_SUFFIXES = (".yaml", ".yml")


def _thaw(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {k: _thaw(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_thaw(v) for v in x]
    return x


@dataclass(frozen=True)
class Spec:
    """An immutable, validated spec. ``compiled`` is what the pipeline runs; ``source`` the
    spec's data (keys as in the YAML file). Derive variants with :meth:`replace`."""

    compiled: CompiledSpec
    source: FrozenDict

    @property
    def kind(self) -> str:
        return self.compiled.kind

    @property
    def title(self) -> str:
        return self.compiled.title

    @property
    def path(self) -> str:
        return self.compiled.path

    @property
    def models(self) -> tuple:
        return self.compiled.models

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain Python data (what a YAML file would hold)."""
        return _thaw(self.source)

    def to_yaml(self) -> str:
        import yaml

        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def replace(self, **changes: Any) -> Spec:
        """A variant with top-level keys changed (``controls=[...]``, ``sample=[...]``,
        ``vcov="hc1"``, ``absorb=[...]``, ``models=[...]``, ...), validated again. A value of
        None removes the key. Keys set per model in ``models`` still win over top-level ones,
        as in a spec file."""
        data = self.to_dict()
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = _thaw(value)
        return _compile(data, self.path if not self.path.startswith("<") else "<dict>")

    def __repr__(self) -> str:
        names = ", ".join(m.name for m in self.models)
        return f"Spec(kind={self.kind!r}, title={self.title!r}, models=[{names}])"


def _compile(data: dict[str, Any], file: str) -> Spec:
    from econ_ai.spec.compile import compile_raw
    from econ_ai.spec.load import RawSpec

    compiled = compile_raw(RawSpec.from_data(data, file), data_supplied=True)
    return Spec(compiled=compiled, source=freeze(data))


def _looks_like_path(s: str) -> bool:
    return "\n" not in s and (s.lower().endswith(SPEC_SUFFIXES) or Path(s).is_file())


def load_spec(source: str | Path | Mapping[str, Any] | Spec) -> Spec:
    """A Spec from a YAML file path, YAML text, or a dict with the spec's keys. Errors name the
    key path, and the file and line where there is one."""
    from econ_ai.spec.compile import compile_raw
    from econ_ai.spec.load import load_file, load_text

    if isinstance(source, Spec):
        return source
    if isinstance(source, Mapping):
        return _compile(_thaw(source), "<dict>")
    if isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source)):
        raw = load_file(source)
    elif isinstance(source, str):
        raw = load_text(source, "<string>")
    else:
        raise SpecError(f"load_spec takes a path, YAML text or a dict, got {type(source).__name__}")
    return Spec(compiled=compile_raw(raw, data_supplied=True), source=freeze(raw.data))


PROVENANCE_ATTR = "econ_ai.data"  # DataFrame.attrs key: where a frame from load_data came from


def load_data(name: str = "starters", *, scale: float = 1.0, seed: int | None = None,
              source: str | None = None, quiet: bool = True):
    """A built-in dataset as a pandas DataFrame (``starters``, ``firms``, ``accounts``,
    ``ai_profile``, ``ai_companies``): the synthetic population by default, or the tables
    read from a folder of real KBO/NBB files (``source``). The frame remembers where it came
    from (``df.attrs["econ_ai.data"]``), so results on it still say "synthetic"."""
    from econ_ai.data import builtin

    kwargs: dict[str, Any] = {"scale": scale, "quiet": quiet, "source": source}
    if seed is not None:
        kwargs["seed"] = seed
    df, info = builtin.load(name, **kwargs)
    df.attrs[PROVENANCE_ATTR] = info.to_dict()
    return df


def _frame_info(df: Any) -> DataInfo:
    import pandas as pd

    digest = hashlib.sha256(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    digest.update(",".join(map(str, df.columns)).encode())
    origin = df.attrs.get(PROVENANCE_ATTR) or {}
    name = f"{origin['name']} (DataFrame)" if origin.get("name") else "<DataFrame>"
    return DataInfo(name=name, rows=len(df), sha256=digest.hexdigest(), synthetic=bool(origin.get("synthetic")))


def run(spec: str | Path | Mapping[str, Any] | Spec, data: Any = None, *, scale: float = 1.0,
        seed: int | None = None, source: str | None = None, quiet: bool = True) -> ResultSet:
    """Estimate every model of a spec and return its ResultSet.

    ``data``: None (the spec's ``data:`` key), a pandas DataFrame, a .csv/.parquet path, or a
    built-in dataset name (``starters``, ``firms``, ``ai_companies``, ...). ``scale``/``seed``
    pick the synthetic population of the built-in datasets; ``source`` a folder of real
    KBO/NBB files instead.
    """
    from econ_ai.pipeline import DataOptions, run_compiled

    sp = load_spec(spec)
    opts = DataOptions(scale=scale, seed=seed, source=source, quiet=quiet)
    if data is None:
        if not sp.compiled.data.name and sp.compiled.data.path is None:
            raise SpecError("the spec has no 'data:' key: pass data= (a DataFrame, a file or a "
                            "built-in dataset name)", file=sp.path, key="data")
        return run_compiled(sp.compiled, opts)
    if hasattr(data, "columns") and hasattr(data, "iloc"):  # a DataFrame
        return run_compiled(sp.compiled, opts, table=data, info=_frame_info(data))
    if isinstance(data, (str, Path)):
        text = str(data)
        if "/" in text or "." in Path(text).name:
            path = Path(text).expanduser().resolve()
            if not path.exists():
                raise DataError(f"data file not found: {text}", file=text)
            text = str(path)
        return run_compiled(sp.replace(data=text).compiled, opts)
    raise DataError(f"data must be a DataFrame, a file path or a dataset name, got {type(data).__name__}")


def sweep(spec: str | Path | Mapping[str, Any] | Spec, data: Any = None, *, scale: float = 1.0,
          seed: int | None = None, source: str | None = None, quiet: bool = True, n_jobs: int = 1,
          scheduler: str | None = None, cache: bool = True) -> ResultSet:
    """Estimate every model of a spec (``stepwise:``/``vary:`` expanded) as a sweep: shared
    demeaning, the on-disk design cache (``cache=False`` turns it off), ``n_jobs`` local
    processes or a Dask ``scheduler`` address. ``data`` as in :func:`run`. The ResultSet has
    ``.spec_curve()`` and ``.diff(other)``."""
    from econ_ai.pipeline import DataOptions
    from econ_ai.sweep_engine import run_sweep

    sp = load_spec(spec)
    opts = DataOptions(scale=scale, seed=seed, source=source, quiet=quiet)
    kw = {"n_jobs": n_jobs, "scheduler": scheduler, "cache": cache}
    if data is None:
        if not sp.compiled.data.name and sp.compiled.data.path is None:
            raise SpecError("the spec has no 'data:' key: pass data= (a DataFrame, a file or a "
                            "built-in dataset name)", file=sp.path, key="data")
        return run_sweep(sp.compiled, opts, **kw)
    if hasattr(data, "columns") and hasattr(data, "iloc"):
        return run_sweep(sp.compiled, opts, table=data, info=_frame_info(data), **kw)
    if isinstance(data, (str, Path)):
        text = str(data)
        if "/" in text or "." in Path(text).name:
            path = Path(text).expanduser().resolve()
            if not path.exists():
                raise DataError(f"data file not found: {text}", file=text)
            text = str(path)
        return run_sweep(sp.replace(data=text).compiled, opts, **kw)
    raise DataError(f"data must be a DataFrame, a file path or a dataset name, got {type(data).__name__}")


# ----------------------------------------------------------------------------- one per kind
def _as_list(x: Any) -> list[Any] | None:
    if x is None:
        return None
    return [x] if isinstance(x, str) else list(x)


def _build(kind: str, models: list[dict[str, Any]], keys: Mapping[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {"kind": kind}
    for key, value in keys.items():
        if value is not None and not (isinstance(value, (list, tuple)) and not value and key != "sample"):
            spec[key] = _thaw(value)
    spec["models"] = models
    return spec


def _models(name: str | Sequence[str] | None, key: str, values: list[Any]) -> list[dict[str, Any]]:
    names = _as_list(name) or []
    if names and len(names) != len(values):
        raise SpecError(f"give one name per {key} ({len(values)}), got {len(names)}", key="name")
    return [{"name": names[i] if names else str(v), key: v} for i, v in enumerate(values)]


def _regression(kind: str, data: Any, outcome: str | Sequence[str], regressors, controls, absorb, vcov,
                sample, panel, name, title, report, options: Mapping[str, Any]) -> ResultSet:
    outcomes = _as_list(outcome) or []
    if not outcomes:
        raise SpecError("give an outcome (a term such as 'growth(turnover)')", key="outcome")
    spec = _build(kind, _models(name, "outcome", outcomes), {
        "title": title, "panel": panel, "sample": _as_list(sample), "regressors": _as_list(regressors),
        "controls": _as_list(controls), "absorb": _as_list(absorb), "vcov": vcov, "report": report,
        **options})
    return run(spec, data)


def fe_ols(data: Any, outcome: str | Sequence[str], regressors: Sequence[str] | str = (), *,
           controls: Sequence[str] | str = (), absorb: Sequence[str] | str = (), vcov: Any = None,
           sample: Sequence[str] | str = (), panel: Mapping[str, str] | None = None,
           name: str | Sequence[str] | None = None, title: str | None = None,
           report: Mapping[str, Any] | None = None, **options: Any) -> ResultSet:
    """OLS with absorbed fixed effects (one model per outcome). ``options``: fe_ols spec keys
    such as ``drop_singletons``."""
    return _regression("fe_ols", data, outcome, regressors, controls, absorb, vcov, sample, panel, name,
                       title, report, options)


def logit(data: Any, outcome: str | Sequence[str], regressors: Sequence[str] | str = (), *,
          controls: Sequence[str] | str = (), absorb: Sequence[str] | str = (), vcov: Any = None,
          sample: Sequence[str] | str = (), panel: Mapping[str, str] | None = None,
          name: str | Sequence[str] | None = None, title: str | None = None,
          report: Mapping[str, Any] | None = None, **options: Any) -> ResultSet:
    """Binary logit with AMEs and odds ratios (one model per outcome). ``options``: logit spec
    keys such as ``separation``."""
    return _regression("logit", data, outcome, regressors, controls, absorb, vcov, sample, panel, name,
                       title, report, options)


def production_function(data: Any, *, output: str, free: Sequence[str] | str, state: Sequence[str] | str,
                        method: str | Sequence[str] = "acf", proxy: str | None = None,
                        panel: Mapping[str, str] | None = None, sample: Sequence[str] | str = (),
                        name: str | Sequence[str] | None = None, title: str | None = None,
                        report: Mapping[str, Any] | None = None, **options: Any) -> ResultSet:
    """Production-function estimation (one model per method: ols, fe, op, lp, acf,
    wooldridge). ``options``: spec keys such as ``degree``, ``bootstrap``, ``exit``."""
    methods = _as_list(method) or []
    spec = _build("production_function", _models(name, "method", methods), {
        "title": title, "panel": panel, "sample": _as_list(sample), "output": output,
        "free": _as_list(free), "state": _as_list(state), "proxy": proxy, "report": report, **options})
    return run(spec, data)


def top_quantile(data: Any, *, group: str, criteria: Sequence[str] | str, q: float = 0.8,
                 sample: Sequence[str] | str = (), name: str | None = None, title: str | None = None,
                 report: Mapping[str, Any] | None = None, **options: Any) -> ResultSet:
    """Representation of each ``group`` among the top (1 - q) of all rows, per criterion."""
    spec = _build("top_quantile", [{"name": name or "top"}], {
        "title": title, "sample": _as_list(sample), "group": group, "criteria": _as_list(criteria),
        "q": q, "report": report, **options})
    return run(spec, data)


def describe(data: Any, statistic: str | Sequence[str], *, variables: Sequence[str] | str = (),
             by: Sequence[str] | str = (), sample: Sequence[str] | str = (),
             name: str | Sequence[str] | None = None, title: str | None = None,
             report: Mapping[str, Any] | None = None, **options: Any) -> ResultSet:
    """Descriptive tables (one model per statistic: counts, shares, means, crosstab,
    flag_counts, share_by_year). ``options``: describe keys such as ``group``, ``time``."""
    stats = _as_list(statistic) or []
    spec = _build("describe", _models(name, "statistic", stats), {
        "title": title, "sample": _as_list(sample), "variables": _as_list(variables), "by": _as_list(by),
        "report": report, **options})
    return run(spec, data)


# ----------------------------------------------------------------------------- tables
def etable(results: Sequence[Result | ResultSet] | Result | ResultSet, format: str = "latex",  # noqa: A002
           *, panels: bool | None = None, standalone: bool = False, **report_options: Any) -> str:
    """Several fits in one table, as ``econ-ai table`` does: ``format`` is latex, markdown,
    html, csv or json; ``panels=True`` stacks each ResultSet as a panel; ``report_options``
    (``keep``, ``labels``, ``digits``, ``stars``, ...) override the specs' ``report:`` blocks."""
    from econ_ai.report.render import render

    items = [results] if isinstance(results, (Result, ResultSet)) else list(results)
    rsets = [x if isinstance(x, ResultSet) else ResultSet(spec="", results=(x,), kind=x.kind) for x in items]
    if not rsets:
        raise SpecError("etable needs at least one result")
    if not panels and len(rsets) > 1 and any(rs.spec.startswith("<") or not rs.spec for rs in rsets):
        # fits made in Python (no spec file to head a column group): one table of the models
        # side by side, as pyfixest's etable
        kinds = {r.kind for rs in rsets for r in rs.results}
        rsets = [ResultSet(spec=rsets[0].spec, results=tuple(r for rs in rsets for r in rs.results),
                           data=rsets[0].data, kind=kinds.pop() if len(kinds) == 1 else "",
                           report=rsets[0].report)]
    return render(rsets, format, standalone=standalone, panels=panels, report_overrides=report_options or None)
