"""The numbers every production-function method works on, and the shared optimiser.

``ProdData`` holds the output, free inputs, state inputs, proxy, unit and time of one panel
(all logs), with the lag structure computed once. ``CoreFit`` is what a method's core
returns: elasticities (free then state), the objective at the optimum, convergence facts.
``minimise`` runs Nelder-Mead from deterministic starting values, polishes with BFGS, and
raises ``EstimationError`` (with objective, iterations, gradient norm and starting values)
rather than return a number it does not trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from econ_ai.errors import EstimationError
from econ_ai.kinds.production_function.polynomial import lag_index


@dataclass(frozen=True)
class ProdData:
    y: np.ndarray
    free: np.ndarray  # n x F
    state: np.ndarray  # n x S
    proxy: np.ndarray  # n
    unit: np.ndarray  # n, integer codes
    time: np.ndarray  # n, integer periods
    exit: np.ndarray | None = None
    free_names: tuple[str, ...] = ()
    state_names: tuple[str, ...] = ()
    lag: np.ndarray = field(default=None, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.lag is None:
            object.__setattr__(self, "lag", lag_index(self.unit, self.time))

    @property
    def n(self) -> int:
        return int(self.y.shape[0])

    @property
    def X(self) -> np.ndarray:
        return np.column_stack([self.free, self.state])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.free_names) + tuple(self.state_names)

    @property
    def n_units(self) -> int:
        return int(np.unique(self.unit).shape[0])

    def take(self, rows: np.ndarray, unit: np.ndarray) -> "ProdData":
        """Rows ``rows`` with new unit codes ``unit`` (used by the firm bootstrap)."""
        return replace(
            self,
            y=self.y[rows],
            free=self.free[rows],
            state=self.state[rows],
            proxy=self.proxy[rows],
            unit=unit,
            time=self.time[rows],
            exit=None if self.exit is None else self.exit[rows],
            lag=None,
        )


@dataclass(frozen=True)
class CoreFit:
    beta: np.ndarray  # free then state
    objective: float = float("nan")
    converged: bool = True
    iterations: int = 0
    nobs: int = 0  # rows used in the step that identifies the state coefficients
    cov: np.ndarray | None = None  # analytic covariance (Wooldridge GMM, OLS/FE)
    extra: dict[str, Any] = field(default_factory=dict)


def minimise(
    fun: Callable[[np.ndarray], float],
    start: np.ndarray,
    *,
    method_name: str,
    extra_starts: list[np.ndarray] | None = None,
    gtol: float = 1e-5,
    grid: bool = True,
    admissible: Callable[[np.ndarray], bool] | None = None,
    residuals: Callable[[np.ndarray], np.ndarray] | None = None,
    fallback_above: float | None = None,
    stop_at: float | None = None,
) -> tuple[np.ndarray, float, bool, int]:
    """Nelder-Mead then BFGS from each start; best objective wins. Deterministic.

    With ``residuals`` (``fun(x)`` proportional to ``sum(residuals(x)**2)``), each start runs
    Levenberg-Marquardt (``scipy.optimize.least_squares``) instead: 10-30 evaluations
    instead of hundreds, what makes 10^6-row panels feasible. ``fallback_above``: if the
    Levenberg-Marquardt objective from a start stays above this value (an exactly identified
    GMM criterion should reach zero), Nelder-Mead + BFGS also run from that start and the
    better of the two is kept. ``stop_at``: once a start reaches an admissible solution with
    objective <= stop_at (the criterion's lower bound, zero for exact identification), later
    starts cannot do better and are skipped; the result is the same as running them all.

    With ``grid`` (one or two parameters) the objective is also scanned on a grid of
    +-0.5 around the starting values; the grid minimum becomes an extra start, so a local
    minimum near the OLS start does not win over a deeper one nearby.

    ``admissible``: when several starts reach the same minimum value (within 1e-8 absolute or
    1e-6 relative; exactly identified GMM can have several roots) the solution of the
    earliest start (starts are in priority order) for which ``admissible(x)`` holds wins.
    """
    from scipy.optimize import least_squares, minimize

    starts = [np.asarray(start, float)] + [np.asarray(s, float) for s in (extra_starts or [])]
    if grid and starts[0].size <= 2:
        starts.append(None)  # the grid start, computed only if reached
    best = None
    found = []
    for s in starts:
        if s is None:
            s = _grid_start(fun, starts[0])
        f0 = fun(s)
        if not np.isfinite(f0):
            continue
        lm = None
        if residuals is not None:
            ls = least_squares(residuals, s, method="lm", xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=400 * s.size)
            lm = (ls.x, float(fun(ls.x)), int(ls.nfev), s, ls.status > 0)
        if lm is not None and (fallback_above is None or lm[1] <= fallback_above):
            found.append(lm)
        else:
            nm = minimize(fun, s, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-12, "maxiter": 200 * s.size})
            bf = minimize(fun, nm.x, method="BFGS", options={"gtol": gtol, "maxiter": 500})
            x, f, it = (bf.x, bf.fun, nm.nit + bf.nit) if bf.fun <= nm.fun else (nm.x, nm.fun, nm.nit)
            cand = (x, float(f), it, s, nm.success)
            found.append(cand if lm is None or cand[1] <= lm[1] else lm)
        if best is None or found[-1][1] < best[1]:
            best = found[-1]
        if stop_at is not None and found[-1][1] <= stop_at and (admissible is None or admissible(found[-1][0])):
            break
    if best is not None:
        tol = max(1e-8, 1e-6 * abs(best[1]))
        ties = [c for c in found if c[1] <= best[1] + tol]
        ok = [c for c in ties if admissible is None or admissible(c[0])]
        best = (ok or ties)[0]
    if best is None:
        raise EstimationError(
            f"{method_name}: objective not finite at the starting values",
            diagnostics={"starting_values": np.round(start, 6).tolist()},
        )
    x, f, it, s, nm_ok = best
    g = _num_grad(fun, x)
    gnorm = float(np.linalg.norm(g))
    scale = max(1.0, abs(f))
    converged = bool(np.isfinite(f) and np.all(np.isfinite(x)) and gnorm < 1e-3 * scale)
    if not converged:
        raise EstimationError(
            f"{method_name}: optimisation did not converge",
            diagnostics={
                "objective": f,
                "iterations": it,
                "gradient_norm": gnorm,
                "starting_values": np.round(s, 6).tolist(),
                "estimate": np.round(x, 6).tolist(),
            },
        )
    return x, f, converged, it


def _grid_start(fun: Callable[[np.ndarray], float], x0: np.ndarray) -> np.ndarray:
    steps = np.linspace(-0.5, 0.5, 21 if x0.size == 1 else 11)
    mesh = np.array(np.meshgrid(*[x0[i] + steps for i in range(x0.size)])).reshape(x0.size, -1).T
    vals = np.array([fun(p) for p in mesh])
    vals[~np.isfinite(vals)] = np.inf
    return mesh[int(np.argmin(vals))]


def _num_grad(fun: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (fun(x + e) - fun(x - e)) / (2 * h)
    return g
