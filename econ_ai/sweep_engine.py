"""Sweeps: estimate many models of one spec fast (``econ-ai sweep SPEC``, ``econ_ai.sweep``).

A spec with ``stepwise:``/``vary:`` (or any spec) is split into jobs, one per
(sample filters, absorbed effects, kind). Within a job:

- the sample filters are applied once and every term is evaluated once (a shared design
  builder: ``econ_ai.data.prepare``), then each model takes its own missing-value drops;
- fe_ols (FWL): each needed column (every outcome, regressor and control) is demeaned ONCE per
  estimation sample and set of absorbed effects; each model's y and X are then picked from
  the demeaned block. The estimator itself is unchanged (singletons, collinearity, degrees of
  freedom, covariance all as in ``econ-ai run``); the demeaning is column by column in
  ``econ_ai.inference.demean``, so the numbers are those of a standalone fit.
  logit and the production functions share the prepared design only (an iterated fit has no
  demeaning to share); the other kinds run as in ``econ-ai run``.
- demeaned columns are cached on disk (``econ_ai.data.design_cache``: atomic writes, verified
  reads) under a content key: the data's digest, the panel, the sample filters, the absorbed
  effects, the estimation rows, the demeaning method and tolerances, and the column's term.
  Rerunning after editing one control demeans only the new column. ``cache=False`` (CLI
  ``--no-cache``) turns it off.

Jobs run with joblib: sequentially (``n_jobs=1``, the default), on local processes
(``n_jobs>1``), or on a Dask cluster (``scheduler="tcp://host:8786"``, or the environment
variable ``ECON_AI_SCHEDULER``) through ``distributed`` and joblib's Dask backend. Every path
runs the same job function, so the results are identical.
"""

from __future__ import annotations

import copy
import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from econ_ai.errors import EconAIError
from econ_ai.pipeline import DataOptions, add_derived_columns, finish_result, load_table
from econ_ai.provenance import DataInfo
from econ_ai.results import ResultSet
from econ_ai.spec.model import CompiledSpec, ModelSpec

SHARED_KINDS = ("fe_ols", "logit")  # kinds whose design preparation is shared


# ----------------------------------------------------------------------------- FWL sharing
def _rows_digest(rows: np.ndarray) -> str:
    return hashlib.blake2b(np.ascontiguousarray(rows).view(np.uint8), digest_size=16).hexdigest()


class SharedDemean:
    """Demeaned columns of one job, in memory and in the on-disk cache, keyed by the
    estimation rows, the absorbed effects and the column's term."""

    def __init__(self, cache, base_key: tuple) -> None:
        self.cache = cache
        self.base_key = base_key
        self.mem: dict[tuple, tuple[np.ndarray, dict]] = {}
        self.demeaners: dict[tuple, Any] = {}
        self.computed = 0
        self.reused = 0

    def view(self, absorb: tuple[str, ...]) -> _View:
        return _View(self, absorb)


class _View:
    def __init__(self, shared: SharedDemean, absorb: tuple[str, ...]) -> None:
        self.shared, self.absorb = shared, absorb

    def demean(self, Z: np.ndarray, keys: list[str], fe: list[np.ndarray], rows: np.ndarray,
               make: Callable[[], Any], method: tuple) -> tuple[np.ndarray, Any]:
        from econ_ai.data.design_cache import key as ckey
        from econ_ai.inference.demean import DemeanInfo

        sh = self.shared
        sig = (sh.base_key, self.absorb, _rows_digest(rows), int(rows.shape[0]), method)
        out = np.empty_like(Z, order="F")
        infos: list[dict] = []
        todo: list[int] = []
        for j, k in enumerate(keys):
            hit = sh.mem.get((sig, k))
            if hit is None and sh.cache is not None:
                got = sh.cache.get(ckey(sig, k))
                if got is not None and got[0]["col"].shape[0] == Z.shape[0]:
                    hit = (got[0]["col"], got[1])
                    sh.mem[(sig, k)] = hit
            if hit is None:
                todo.append(j)
            else:
                out[:, j] = hit[0]
                infos.append(hit[1])
                sh.reused += 1
        if todo:
            dm = sh.demeaners.get(sig)
            if dm is None:
                dm = sh.demeaners[sig] = make()
            block, info = dm.demean(np.asfortranarray(Z[:, todo]))
            meta = {"method": info.method, "iterations": info.iterations, "converged": info.converged,
                    "max_change": info.max_change, "redundant": info.redundant, "notes": list(info.notes)}
            for c, j in enumerate(todo):
                col = np.ascontiguousarray(block[:, c])
                out[:, j] = col
                sh.mem[(sig, keys[j])] = (col, meta)
                if sh.cache is not None and info.converged:
                    sh.cache.put(ckey(sig, keys[j]), {"col": col}, meta)
            infos.append(meta)
            sh.computed += len(todo)
        info = DemeanInfo(infos[0]["method"])
        info.iterations = max(int(i["iterations"]) for i in infos)
        info.converged = all(bool(i["converged"]) for i in infos)
        info.max_change = max(float(i["max_change"]) for i in infos)
        info.redundant = infos[0]["redundant"]
        info.notes = list(dict.fromkeys(n for i in infos for n in i["notes"]))
        return out, info

    def forget(self) -> None:
        self.shared.mem.clear()
        self.shared.demeaners.clear()


# ----------------------------------------------------------------------------- jobs
def _job_key(m: ModelSpec) -> tuple:
    return (m.kind, m.sample, m.absorb) if m.kind in SHARED_KINDS else (m.kind, m.name)


def _fork(base, model: ModelSpec):
    """A per-model copy of a job's builder: the filters' rows and log, the shared term cache."""
    from econ_ai.data.prepare import regression_terms
    from econ_ai.spec.terms import parse_term

    b = copy.copy(base)
    b.model = model
    b.keep = base.keep.copy()
    b.log = copy.deepcopy(base.log)
    panel_note = [n for n in base.notes if n.startswith("growth/lag/lead/diff")]
    notes = [n for n in base.notes if n not in panel_note]
    if panel_note and (any(parse_term(t).needs_panel for t in regression_terms(model))
                       or _filters_use_panel(model)):
        notes = panel_note + notes
    b.notes = notes
    return b


def _filters_use_panel(model: ModelSpec) -> bool:
    from econ_ai.spec.filters import parse_filter

    return any(any(x.needs_panel for x in parse_filter(s).terms()) for s in model.sample)


def fit_job(models: list[tuple[int, ModelSpec]], table, source: str, pre_steps: tuple,
            data_key: str, cache_root: str | None, use_cache: bool, quiet: bool) -> list[tuple[int, Any]]:
    """Fit one job's models (same kind, sample filters and absorbed effects)."""
    from econ_ai.data.design_cache import DesignCache
    from econ_ai.data.prepare import regression_design, regression_terms, start
    from econ_ai.kinds import registry
    from econ_ai.pipeline import fit_model

    first = models[0][1]
    if first.kind not in SHARED_KINDS:
        return [(i, fit_model(m, table, source=source, pre_steps=pre_steps, quiet=True)) for i, m in models]
    cache = DesignCache(cache_root, enabled=True) if use_cache else None
    panel_key = (first.panel.unit, first.panel.time) if first.panel else None
    shared = SharedDemean(cache, (data_key, panel_key, first.sample))
    terms = list(dict.fromkeys(t for _, m in models for t in regression_terms(m)))
    base = start(first, table, terms, source=source, quiet=True)
    plugin = registry.get(first.kind)
    out = []
    for i, m in models:
        dummies = m.kind == "logit" and bool(m.options.get("absorb_as_dummies", False) if m.options else False)
        # keep_terms: the job's models share the evaluated terms (and the FE / cluster codes of
        # equal rows) through the forked builder instead of evaluating them again per model
        design = regression_design(_fork(base, m), absorb_as_dummies=dummies, keep_terms=True)
        if m.kind == "fe_ols":
            design = replace(design, extra={**dict(design.extra), "shared_demean": shared.view(m.absorb)})
        overrides = {"quiet": True} if "quiet" in plugin.options.model_fields else {}
        result = plugin.estimator_class()(m.options, **overrides).fit(design)
        out.append((i, finish_result(result, m, pre_steps)))
    if not quiet:
        print(f"[econ-ai sweep] job {first.kind} absorb=[{', '.join(first.absorb)}] sample="
              f"[{'; '.join(first.sample)}]: {len(models)} models, {shared.computed} columns demeaned, "
              f"{shared.reused} reused", file=sys.stderr, flush=True)
    return out


def _needed_columns(spec: CompiledSpec, table) -> list[str]:
    from econ_ai.spec.compile import spec_variables

    used = spec_variables(spec)
    return [c for c in table.columns if c in used]


def run_sweep(spec: CompiledSpec, opts: DataOptions = DataOptions(), *, table=None,
              info: DataInfo | None = None, n_jobs: int = 1, scheduler: str | None = None,
              cache: bool = True, cache_root: str | None = None) -> ResultSet:
    """Estimate every model of a compiled spec as a sweep (see the module docstring)."""
    from joblib import Parallel, delayed

    from econ_ai.spec.compile import validate_columns

    steps: tuple = ()
    if table is None:
        table, info, steps = load_table(spec, opts)
    if spec.data.path is None:
        table = add_derived_columns(spec, table, quiet=opts.quiet)
    validate_columns(spec, list(table.columns))
    table = table[_needed_columns(spec, table)]
    data_key = info.sha256 if info is not None and info.sha256 else _frame_digest(table)
    source = info.name if info else "data"
    groups: dict[tuple, list[tuple[int, ModelSpec]]] = {}
    for i, m in enumerate(spec.models):
        groups.setdefault(_job_key(m), []).append((i, m))
    jobs = [delayed(fit_job)(ms, table, source, steps, data_key, cache_root, cache, opts.quiet)
            for ms in groups.values()]
    scheduler = scheduler or os.environ.get("ECON_AI_SCHEDULER") or None
    if not opts.quiet:
        where = f"Dask scheduler {scheduler}" if scheduler else (f"{n_jobs} local processes" if n_jobs != 1
                                                                  else "this process")
        print(f"[econ-ai sweep] {len(spec.models)} models in {len(jobs)} jobs on {where}", file=sys.stderr)
    if scheduler:
        done = _run_dask(jobs, scheduler)
    elif n_jobs == 1 or len(jobs) == 1:
        done = [j[0](*j[1], **j[2]) for j in jobs]
    else:
        done = Parallel(n_jobs=n_jobs)(jobs)
    results: list[Any] = [None] * len(spec.models)
    for part in done:
        for i, r in part:
            results[i] = r
    return ResultSet(spec=str(spec.path), results=tuple(results), data=info, title=spec.title,
                     kind=spec.kind, report=dict(spec.report))


def _run_dask(jobs, scheduler: str):
    try:
        import joblib
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EconAIError("a Dask scheduler needs the 'distributed' package: "
                          "pip install 'econ_ai[dask]'") from exc
    from joblib import Parallel

    try:
        client = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise EconAIError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        with joblib.parallel_backend("dask", client=client):
            return Parallel(n_jobs=-1)(jobs)
    finally:
        client.close()


def _frame_digest(table) -> str:
    import pandas as pd

    h = hashlib.sha256(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
    h.update(",".join(map(str, table.columns)).encode())
    return h.hexdigest()
