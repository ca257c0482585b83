"""The one place that knows every stage: load -> compile -> prepare -> fit -> ResultSet.

    spec file --load_spec--> CompiledSpec --load_table--> DataFrame (+ DataInfo)
              --prepare--> Design --registry.get(kind)().fit--> Result --> ResultSet
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from econ_ai.errors import DataError, EconAIError, SpecError
from econ_ai.hashing import sha256_file
from econ_ai.results import Result, ResultSet
from econ_ai.provenance import DataInfo, SampleStep
from econ_ai.spec.model import CompiledSpec, DataRef

DEFAULT_SEED = None  # None = the data layer's default seed

# Canonical columns that hold codes, read as text from CSV files.
TEXT_COLUMNS = frozenset({
    "enterprise_number", "nace5", "nace3", "nace2", "nis_code", "juridical_form",
    "juridical_situation", "EnterpriseNumber", "EntityNumber", "NaceCode", "Zipcode",
})


@dataclass(frozen=True)
class DataOptions:
    """Where built-in datasets come from: the synthetic default (scale, seed) or a folder of
    real KBO/NBB files (``source``)."""

    scale: float = 1.0
    seed: int | None = DEFAULT_SEED
    source: str | None = None
    quiet: bool = False


def _log(msg: str, quiet: bool) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def missing_file_error(path: Path, spec_path: str | None) -> SpecError:
    """``data file not found`` at the spec's ``data:`` line, with the near misses in that folder."""
    from econ_ai.errors import did_you_mean

    line = col = None
    if spec_path and Path(spec_path).exists():
        from econ_ai.spec.load import load_file

        try:
            loc = load_file(spec_path).loc("data")
            line, col = loc.line, loc.column
        except EconAIError:
            pass
    folder = path.parent
    files = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    data_files = [f for f in files if f.lower().endswith((".csv", ".parquet", ".pq", ".csv.gz"))]
    hint = did_you_mean(path.name, data_files or files)
    if not folder.is_dir():
        where = f"; the folder {folder} does not exist either"
    elif data_files:
        where = f"; data files in {folder}: {', '.join(data_files[:10])}" + (" ..." if len(data_files) > 10 else "")
    else:
        where = f"; {folder} holds no .csv or .parquet file"
    return SpecError(f"data file not found: {path.name}{hint}{where}", file=spec_path, line=line, column=col, key="data")


def read_table_file(path: Path, *, spec_path: str | None = None):
    """Read a CSV (also .csv.gz / .csv.zip / .csv.bz2 / .csv.xz) or Parquet file named by a
    spec's ``data:`` key; bad files give errors naming the file and line (data.table_file)."""
    from econ_ai.data import table_file

    if not _exists(path):
        raise missing_file_error(path, spec_path)
    return table_file.read(path, spec_path, TEXT_COLUMNS)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # e.g. a name too long: data.table_file says so
        return True


def _data_path(spec: CompiledSpec) -> Path:
    assert spec.data.path is not None
    p = Path(spec.data.path)
    if not p.is_absolute():
        p = Path(spec.path).resolve().parent / p
    return p


def _display_path(path: Path) -> str:
    """A path relative to the working directory where possible (results stay portable)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def load_table(spec: CompiledSpec, opts: DataOptions = DataOptions()):
    """The data table a spec names, its provenance and the readers' sample steps."""
    ref: DataRef = spec.data
    if ref.path is not None:
        path = _data_path(spec)
        table = read_table_file(path, spec_path=spec.path)
        info = DataInfo(name=_display_path(path), rows=len(table), sha256=sha256_file(path), synthetic=False)
        return table, info, ()
    from econ_ai.data import builtin

    if ref.name not in builtin.DATASETS:
        from econ_ai.errors import did_you_mean

        loc = spec.where("data")
        raise SpecError(
            f"unknown dataset '{ref.name}'{did_you_mean(ref.name, builtin.DATASETS)}; "
            f"built-in datasets: {', '.join(builtin.DATASETS)}, or a .csv/.parquet path",
            file=loc.file, line=loc.line, column=loc.column, key="data",
        )
    kwargs: dict[str, Any] = {"scale": opts.scale, "quiet": opts.quiet, "source": opts.source}
    if opts.seed is not None:
        kwargs["seed"] = opts.seed
    table, info = builtin.load(ref.name, columns=_spec_columns(spec), **kwargs)
    steps = tuple(builtin.load_sample_log(ref.name, **kwargs))
    return table, info, steps


_WITH_INDICATORS: dict[int, Any] = {}


def _needed_optional(spec: CompiledSpec) -> list[str]:
    """Optional derived columns (the TFP indicators) that a spec names."""
    from econ_ai.data import schema
    from econ_ai.spec.compile import spec_variables

    used = spec_variables(spec)
    return [c for c in schema.OPTIONAL.get(spec.data.name, ()) if c in used]


def _spec_columns(spec: CompiledSpec) -> set[str]:
    """The columns a spec reads (and, when it uses the TFP indicators, their inputs)."""
    from econ_ai.derived_cache import INPUTS
    from econ_ai.spec.compile import spec_variables

    cols = set(spec_variables(spec))
    if _needed_optional(spec):
        cols |= set(INPUTS.get(spec.data.name, ()))
    return cols


def add_derived_columns(spec: CompiledSpec, table, *, quiet: bool = True, info: DataInfo | None = None):
    """Add the productivity indicators to the starters panel when a spec uses them.

    Estimated once per loaded table (memoised on the table object), so a reproduction pays
    for the three production-function estimations once.
    """
    need = [c for c in _needed_optional(spec) if c not in table.columns]
    if not need:
        return table
    if info is not None:  # computed once per data version, cached on disk (issue 13)
        from econ_ai.derived_cache import with_generated

        return with_generated(spec.data.name, table, info, quiet=quiet)
    key = id(table)
    if key not in _WITH_INDICATORS:
        import importlib

        from econ_ai.data import schema

        module, _, name = schema.GENERATORS[spec.data.name].partition(":")
        generate = getattr(importlib.import_module(module), name)
        # per NACE-2 division: production technology and the proxy (materials) demand differ
        # by sector; pooled estimates mix them (on the synthetic panel pooled LP gives a
        # capital elasticity of 1.3, per-division LP recovers the DGP's 0.6 / 0.3)
        _WITH_INDICATORS[key] = (table, generate(table, by="nace2", quiet=quiet))
    return _WITH_INDICATORS[key][1]


def table_columns(spec: CompiledSpec, opts: DataOptions = DataOptions()) -> list[str]:
    """Column names of a spec's data without estimating (and, for built-ins, without generating)."""
    if spec.data.path is not None:
        from econ_ai.data import table_file

        path = _data_path(spec)
        if not _exists(path):
            raise missing_file_error(path, spec.path)
        return table_file.header(path, spec.path)
    from econ_ai.data import builtin

    from econ_ai.data import schema

    if spec.data.name not in builtin.DATASETS:
        load_table(spec, opts)  # raises the near-miss error
    return list(builtin.columns(spec.data.name)) + list(schema.OPTIONAL.get(spec.data.name, ()))


def _table_at_hand(spec: CompiledSpec, opts: DataOptions):
    """The spec's data when it can be had cheaply: a data file, or a built-in dataset whose
    synthetic population is already cached (validate never generates one)."""
    if spec.data.path is not None:
        return read_table_file(_data_path(spec), spec_path=spec.path)
    if opts.source is not None:
        return None
    from econ_ai.data import synth

    seed = opts.seed if opts.seed is not None else synth.DEFAULT_SEED
    try:
        cached = synth.is_cached(opts.scale, seed)
    except ValueError:
        return None
    if not cached:
        return None
    table, info, _ = load_table(spec, replace(opts, quiet=True))
    return add_derived_columns(spec, table, quiet=True, info=info) if _needed_optional(spec) else table


def validate(path: str | Path, opts: DataOptions = DataOptions()) -> CompiledSpec:
    """Load, compile and check every variable against the data's columns, and, where the
    data is at hand, the values: numeric terms, filter values, empty samples. Estimates nothing."""
    from econ_ai.data.spec_checks import check_against_data
    from econ_ai.spec.compile import load_spec, validate_columns

    spec = load_spec(path)
    validate_columns(spec, table_columns(spec, opts))
    table = _table_at_hand(spec, opts)
    if table is not None:
        check_against_data(spec, table, file_rows=spec.data.path is not None and str(spec.data.path).endswith(".csv"))
    return spec


def fit_model(
    model, table, *, source: str, pre_steps: Iterable[SampleStep] = (), quiet: bool = True
) -> Result:
    """prepare -> fit for one ModelSpec; the readers' steps go first in the sample log."""
    from econ_ai.kinds import registry

    plugin = registry.get(model.kind)
    design = plugin.prepare_function()(model, table, source=source)
    # estimators with progress output follow --quiet
    overrides = {"quiet": quiet} if "quiet" in plugin.options.model_fields else {}
    if model.kind != "describe" and design.index is not None and len(design.index) == 0:
        from econ_ai.errors import EstimationError

        raise EstimationError("no observations left to estimate", model=model.name)
    try:
        result = plugin.estimator_class()(model.options, **overrides).fit(design)
    except (ArithmeticError, __import__("numpy").linalg.LinAlgError) as exc:  # the data's fault
        from econ_ai.errors import EstimationError

        raise EstimationError(f"the estimation failed on this sample ({type(exc).__name__}: "
                              f"{exc}); collinear regressors or too few observations",
                              model=model.name, diagnostics={"nobs": len(design.index)}) from None
    return finish_result(result, model, pre_steps)



def choices(model) -> dict[str, Any]:
    """What a model was made of (outcome, controls, absorb, sample, vcov): the provenance a
    sweep's tables, specification curve and diffs read."""
    vcov = model.vcov.type + (f"({', '.join(model.vcov.cluster)})" if model.vcov.cluster else "")
    return {"outcome": model.outcome, "regressors": list(model.regressors), "controls": list(model.controls),
            "absorb": list(model.absorb), "sample": list(model.sample), "vcov": vcov}


def finish_result(result: Result, model, pre_steps: Iterable[SampleStep] = ()) -> Result:
    """The readers' steps first in the sample log; a model expanded from ``vary:``/``stepwise:``
    records its axis values and choices in ``Result.extra`` (``axes``, ``choices``)."""
    pre = tuple(pre_steps)
    if pre:
        result = replace(result, sample_log=pre + tuple(result.sample_log))
    if getattr(model, "axes", ()):
        extra = dict(result.extra)
        extra["axes"] = {a: label for a, label in model.axes}
        extra["choices"] = choices(model)
        result = replace(result, extra=extra)
    return result


def run_compiled(
    spec: CompiledSpec,
    opts: DataOptions = DataOptions(),
    *,
    table=None,
    info: DataInfo | None = None,
    progress: Callable[[str], None] | None = None,
) -> ResultSet:
    """Estimate every model of a compiled spec (optionally on a table already loaded)."""
    from econ_ai.spec.compile import validate_columns

    steps: tuple[SampleStep, ...] = ()
    if table is None:
        table, info, steps = load_table(spec, opts)
    if spec.data.path is None:
        table = add_derived_columns(spec, table, quiet=opts.quiet, info=info)
    validate_columns(spec, list(table.columns))
    results = []
    for model in spec.models:
        (progress or (lambda m: _log(m, opts.quiet)))(f"[econ-ai] {Path(spec.path).name}: {model.name}")
        try:
            results.append(
                fit_model(model, table, source=info.name if info else "data", pre_steps=steps, quiet=opts.quiet)
            )
        except EconAIError as exc:  # name the spec, the model, the data (and what emptied it)
            from econ_ai.error_context import in_context

            raise in_context(exc, spec, model, table, info) from None
    return ResultSet(
        spec=str(spec.path),
        results=tuple(results),
        data=info,
        title=spec.title,
        kind=spec.kind,
        report=dict(spec.report),
    )


def run_spec(path: str | Path, opts: DataOptions = DataOptions()) -> ResultSet:
    """Load, compile, validate against the data and estimate every model of one spec."""
    from econ_ai.spec.compile import load_spec

    return run_compiled(load_spec(path), opts)


__all__ = [
    "DataOptions",
    "EconAIError",
    "fit_model",
    "load_table",
    "run_compiled",
    "run_spec",
    "table_columns",
    "validate",
]
