"""Firm-resampling (block) bootstrap of production-function estimates.

Each draw resamples firms with replacement and keeps every year of a drawn firm; a firm
drawn twice enters as two distinct panels (new unit codes), as prodest's
``block.boot.resample``. Draw ``r`` uses its own generator from
``numpy.random.SeedSequence(seed).spawn(reps)[r]``, so the draws are the same whatever the
number of workers. Draws run in parallel with joblib (``n_jobs``, default -1 = all cores;
``joblib.parallel_config(backend="dask")`` moves them to a Dask cluster). A draw whose
optimiser fails is recorded as failed (NaN) and counted, never silently replaced.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from econ_ai.errors import EconAIError, EstimationError
from econ_ai.kinds.production_function.panel import ProdData


def resample_rows(unit_codes: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(rows, new_unit) of one firm-resampling draw."""
    order = np.argsort(unit_codes, kind="stable")
    counts = np.bincount(unit_codes)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    G = counts.shape[0]
    pick = rng.integers(0, G, size=G)
    c = counts[pick]
    total = int(c.sum())
    offs = np.arange(total) - np.repeat(np.cumsum(c) - c, c)
    rows = order[np.repeat(starts[pick], c) + offs]
    return rows, np.repeat(np.arange(G), c)


def _chunk(core: Callable[..., Any], data: ProdData, codes: np.ndarray, opts: dict, seeds: list) -> list[np.ndarray]:
    out = []
    k = data.free.shape[1] + data.state.shape[1]
    for ss in seeds:
        rng = np.random.default_rng(ss)
        rows, unit = resample_rows(codes, rng)
        try:
            out.append(np.asarray(core(data.take(rows, unit), **opts).beta, float))
        except (EconAIError, np.linalg.LinAlgError, ValueError):
            out.append(np.full(k, np.nan))
    return out


def bootstrap(
    core: Callable[..., Any],
    data: ProdData,
    opts: dict,
    *,
    reps: int = 50,
    seed: int = 12345,
    n_jobs: int = -1,
    quiet: bool = False,
    label: str = "bootstrap",
) -> np.ndarray:
    """reps x k matrix of bootstrap estimates (rows of NaN for failed draws)."""
    from joblib import Parallel, delayed, effective_n_jobs

    if reps <= 0:
        return np.empty((0, data.free.shape[1] + data.state.shape[1]))
    _, codes = np.unique(data.unit, return_inverse=True)
    seeds = np.random.SeedSequence(seed).spawn(reps)
    workers = max(1, min(effective_n_jobs(n_jobs), reps))
    n_chunks = workers if workers == 1 else min(reps, workers * 4)
    chunks = [seeds[i::n_chunks] for i in range(n_chunks)]
    order = [list(range(reps))[i::n_chunks] for i in range(n_chunks)]
    draws = np.full((reps, data.free.shape[1] + data.state.shape[1]), np.nan)
    bar = None
    if not quiet:
        from tqdm import tqdm

        bar = tqdm(total=reps, desc=label, file=sys.stderr, leave=False)
    if workers == 1:
        results = (_chunk(core, data, codes, opts, c) for c in chunks)
    else:
        results = Parallel(n_jobs=workers, return_as="generator")(
            delayed(_chunk)(core, data, codes, opts, c) for c in chunks
        )
    for pos, res in zip(order, results):
        for r, b in zip(pos, res):
            draws[r] = b
        if bar is not None:
            bar.update(len(res))
    if bar is not None:
        bar.close()
    failed = int(np.isnan(draws).any(axis=1).sum())
    if failed > reps // 2:
        raise EstimationError(
            f"{label}: {failed} of {reps} bootstrap draws failed to converge",
            diagnostics={"failed": failed, "reps": reps, "seed": seed},
        )
    return draws
