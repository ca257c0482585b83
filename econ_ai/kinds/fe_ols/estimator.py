"""``fe_ols``: least squares with any number of absorbed fixed effects (reghdfe / feols).

Steps, each recorded in the sample log or the notes:

1. rows with a missing (non-finite) outcome or regressor, or a negative (missing) effect or
   cluster code, are removed (a SampleStep, never silently);
2. singleton groups are removed iteratively across all absorbed effects, as reghdfe does
   (``drop_singletons``; SampleStep "singletons in absorbed effects");
3. y and X are demeaned together (``econ_ai.inference.demean``: exact for one effect and for
   "one large + small" effects, accelerated alternating projections otherwise);
4. collinear regressors (including those constant within an effect) are dropped left to right
   with a fixest-style note and listed in ``Result.dropped_terms``;
5. coefficients by Cholesky on the Gram matrix, covariance by ``econ_ai.inference.vcov``
   with the convention of ``spec.vcov.convention``.

Without absorbed effects an intercept is estimated and reported as ``Intercept`` (reghdfe
calls it ``_cons``, fixest ``(Intercept)``); with absorbed effects no intercept is reported.

``Result.fit``: r2, r2_within (None without effects), adj_r2 and rmse (with K counting every
FE level), rss, depvar_mean, nobs, df_resid (the t degrees of freedom), k (regressors kept),
k_fe and K (parameters counted by the covariance convention). ``Result.extra``: fe_counts,
param_names (order of ``params``/``cov``), demean_method, demean_iterations, fe_redundant,
seconds. Options read from ``spec.options`` (override the constructor): drop_singletons,
demean_method, demean_tol, collin_tol. Singletons are dropped under every convention
(reghdfe's and pyfixest's ``fixef_rm="singleton"``); R fixest keeps them by default.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from econ_ai.design import Design
from econ_ai.errors import EstimationError, did_you_mean
from econ_ai.inference.demean import Demeaner, compact_codes, connected_components, singleton_mask
from econ_ai.inference.linalg import COLLIN_TOL, collinear_columns, solve_spd
from econ_ai.kinds.fe_ols.options import FeOlsOptions
from econ_ai.kinds.options import KindEstimator
from econ_ai.inference.estimates import estimates
from econ_ai.inference.vcov import CONVENTIONS, DofInfo, compute_vcov
from econ_ai.results import Result
from econ_ai.provenance import SampleStep

INTERCEPT = "Intercept"
SINGLETON_STEP = "singletons in absorbed effects"
MISSING_STEP = "missing values in outcome, regressors, absorbed effects or clusters"


def _nested(fe: np.ndarray, cl: np.ndarray, g_fe: int) -> bool:
    """True if every level of ``fe`` lies within a single cluster."""
    if fe is cl or np.array_equal(fe, cl):
        return True
    first = np.empty(g_fe, dtype=cl.dtype)
    first[fe[::-1]] = cl[::-1]  # the last write wins: the cluster of each level's first row
    step = 1 << 20  # in blocks: small reused temporaries, and an early exit when not nested
    for s in range(0, fe.shape[0], step):
        if not np.array_equal(np.take(first, fe[s:s + step], mode="clip"), cl[s:s + step]):
            return False
    return True


def _centred_ss(col: np.ndarray) -> float:
    """Sum of squares about the mean (a scale for the collinearity tolerance only)."""
    s = float(col.sum())
    return max(float(col @ col) - s * s / col.shape[0], 0.0)


class FeOLS(KindEstimator):
    """OLS with absorbed fixed effects; options: :class:`FeOlsOptions` (drop_singletons,
    demeaning method, tol, maxiter, collin_tol, quiet)."""

    kind = "fe_ols"
    Options = FeOlsOptions

    # ------------------------------------------------------------------------------------
    def _log(self, opts: FeOlsOptions, n: int, msg: str) -> None:
        if not opts.quiet and n >= 200_000:
            print(f"[fe_ols] {msg}", file=sys.stderr, flush=True)

    def fit(self, design: Design) -> Result:  # noqa: C901 - a straight pipeline of steps
        spec = design.spec
        opts = self.resolve_options(design)
        drop_single = opts.drop_singletons
        name = spec.name
        t0 = time.perf_counter()
        if design.y is None:
            raise EstimationError("fe_ols needs an outcome (design.y is None)", model=name)
        y = np.asarray(design.y, dtype=float).ravel()
        n0 = y.shape[0]
        terms = tuple(design.terms)
        X = np.zeros((n0, 0)) if design.X is None else np.asarray(design.X, dtype=float)
        if X.ndim == 1:
            X = X.reshape(-1, 1)
        if X.shape[0] != n0 or X.shape[1] != len(terms):
            raise EstimationError(
                f"design X has shape {X.shape}, expected ({n0}, {len(terms)}) for terms {list(terms)}", model=name
            )
        fe_names = tuple(design.fe)
        vs = spec.vcov
        convention = vs.convention or "reghdfe"
        if convention not in CONVENTIONS:
            raise EstimationError(
                f"unknown vcov convention '{convention}'{did_you_mean(convention, CONVENTIONS)}", model=name
            )
        vtype = vs.type
        cl_names: tuple[str, ...] = ()
        if vtype == "cluster":
            cl_names = tuple(vs.cluster) or tuple(design.clusters)
            for c in cl_names:
                if c not in design.clusters:
                    raise EstimationError(
                        f"cluster variable '{c}' is not in the design{did_you_mean(c, design.clusters)}", model=name
                    )
        fe_raw = [np.asarray(design.fe[h]) for h in fe_names]
        cl_raw = [np.asarray(design.clusters[c]) for c in cl_names]
        for label, arr in list(zip(fe_names, fe_raw)) + list(zip(cl_names, cl_raw)):
            if arr.shape[0] != n0:
                raise EstimationError(f"codes of '{label}' have length {arr.shape[0]}, expected {n0}", model=name)

        log = list(design.sample_log)
        notes: list[str] = list(design.notes)

        # 1. missing values
        keep = np.isfinite(y)
        for j in range(X.shape[1]):  # column by column: no n x k boolean temporary
            keep &= np.isfinite(X[:, j])
        for arr in fe_raw + cl_raw:
            keep &= arr >= 0
        if not keep.all():
            log.append(SampleStep(MISSING_STEP, int(n0 - keep.sum()), int(keep.sum())))
            notes.append(f"{int(n0 - keep.sum())} observations removed for missing values")
        # 2. singletons
        if fe_raw and drop_single:
            before = int(keep.sum())
            fe_int = [a.astype(np.intp, copy=False) if keep.all() else np.where(keep, a, 0).astype(np.intp) for a in fe_raw]
            keep, _ = singleton_mask(fe_int, keep)
            removed = before - int(keep.sum())
            log.append(SampleStep(SINGLETON_STEP, removed, int(keep.sum())))
            if removed:
                notes.append(f"{removed} singleton observations removed (absorbed effects, iteratively as reghdfe)")
        all_kept = bool(keep.all())
        yk = y if all_kept else y[keep]
        Xk = X if all_kept else X[keep]
        N = yk.shape[0]
        if N == 0:
            raise EstimationError("no observations left to estimate", model=name)
        fe = []
        fe_levels: dict[str, int] = {}
        for h, a in zip(fe_names, fe_raw):
            codes, g = compact_codes(a.astype(np.intp, copy=False), None if all_kept else keep)
            fe.append(codes)
            fe_levels[h] = g
        cls = {c: compact_codes(a.astype(np.intp, copy=False), None if all_kept else keep)[0] for c, a in zip(cl_names, cl_raw)}
        self._log(opts, N, f"{name}: {N} observations, effects {fe_levels}")

        # 3. demean y and X together
        if fe:
            Z = np.empty((N, 1 + Xk.shape[1]), order="F")
            Z[:, 0] = yk
            Z[:, 1:] = Xk
            ss0 = np.array([_centred_ss(Z[:, j]) for j in range(1, Z.shape[1])])
            shared = design.extra.get("shared_demean")  # a sweep: columns demeaned once (FWL)
            if shared is not None:
                rows = np.arange(n0) if design.index is None else np.asarray(design.index)
                Z, dinfo = shared.demean(
                    Z, ["y:" + (spec.outcome or "")] + ["x:" + t for t in terms], fe, rows if all_kept else rows[keep],
                    lambda: Demeaner(fe, method=opts.method, tol=opts.tol, maxiter=opts.maxiter),
                    (opts.method, opts.tol, opts.maxiter))
            else:
                dm = Demeaner(fe, method=opts.method, tol=opts.tol, maxiter=opts.maxiter)
                Z, dinfo = dm.demean(Z, inplace=True)
            if not dinfo.converged:
                raise EstimationError("; ".join(dinfo.notes), model=name, diagnostics={"method": dinfo.method})
            yd, Xd = Z[:, 0], Z[:, 1:]
            names = list(terms)
            self._log(opts, N, f"{name}: demeaned by {dinfo.method} in {dinfo.iterations} iteration(s), {time.perf_counter() - t0:.2f}s")
        else:
            dinfo = None
            yd = yk
            Xd = np.column_stack([np.ones(N), Xk])
            names = [INTERCEPT] + list(terms)
            ss0 = (Xd**2).sum(axis=0)
            notes.append(f"no absorbed effects: an intercept is estimated, reported as '{INTERCEPT}' (reghdfe: _cons)")

        # 4. collinearity
        XtX = Xd.T @ Xd
        drop = collinear_columns(XtX, ss0, opts.collin_tol)
        dropped = tuple(names[j] for j in drop)
        for t in dropped:
            notes.append(f"The variable '{t}' has been removed because of collinearity")
        kept = [j for j in range(len(names)) if j not in set(drop)]
        kept_names = [names[j] for j in kept]
        Xs = Xd[:, kept] if drop else Xd
        XtXs = XtX[np.ix_(kept, kept)]

        # 5. solve
        try:
            beta, bread = solve_spd(XtXs, Xs.T @ yd)
        except np.linalg.LinAlgError as e:
            raise EstimationError(f"cross-product matrix is not positive definite ({e})", model=name) from e
        resid = Xs @ beta
        np.subtract(yd, resid, out=resid)  # yd - Xs beta in one n-vector
        rss = float(resid @ resid)

        # degrees of freedom
        comp = 1
        redundant = 0
        if len(fe) == 2 and dinfo is not None and dinfo.redundant is not None:
            comp = redundant = dinfo.redundant  # exact (Schur): the components of the pair
        elif len(fe) >= 2:
            comp = connected_components(fe[0], fe[1], fe_levels[fe_names[0]], fe_levels[fe_names[1]])
            redundant = comp + (len(fe) - 2)
        nested = {h: any(_nested(fe[i], cls[c], fe_levels[h]) for c in cl_names) for i, h in enumerate(fe_names)}
        dof = DofInfo(
            nobs=N,
            k=len(kept),
            fe_levels=fe_levels,
            redundant=redundant,
            redundant_exact=None if dinfo is None else dinfo.redundant if len(fe) >= 2 else 0,
            nested=nested,
            first_pair_components=comp,
        )
        K_iid = dof.K(convention, clustered=False)
        K_used = dof.K(convention, clustered=vtype == "cluster")
        if N - K_iid <= 0:
            raise EstimationError(
                f"no residual degrees of freedom: N={N}, K={K_iid} (regressors + fixed-effect levels)", model=name
            )
        try:
            V, vinfo = compute_vcov(Xs, resid, bread, vtype=vtype, convention=convention, dof=dof, clusters=cls)
        except ValueError as e:
            raise EstimationError(str(e), model=name) from e
        ests = estimates(beta, V, vinfo.df)
        if any(not np.isfinite(e.std_error) for e in ests):
            notes.append("a cluster-robust variance was negative (two-way clustering); its SE is reported as missing")

        # fit statistics
        tss = float(((yk - yk.mean()) ** 2).sum())
        r2 = 1.0 - rss / tss if tss > 0 else float("nan")
        tss_w = float(yd @ yd) if fe else None
        fit = {
            "r2": r2,
            "r2_within": (1.0 - rss / tss_w) if fe and tss_w and tss_w > 0 else None,
            "adj_r2": 1.0 - (1.0 - r2) * (N - 1) / (N - K_iid) if np.isfinite(r2) else float("nan"),
            "rmse": float(np.sqrt(rss / (N - K_iid))),
            "rss": rss,
            "depvar_mean": float(yk.mean()),
            "nobs": N,
            "df_resid": vinfo.df,
            "k": len(kept),
            "k_fe": K_used - len(kept),
            "K": K_used,
        }
        for h in fe_names:
            if nested.get(h):
                notes.append(f"absorbed effect '{h}' is nested in a cluster variable")
        if dinfo is not None and dinfo.method == "ap":
            notes.append(f"demeaned by alternating projections ({dinfo.iterations} sweeps, tol {opts.tol:g})")
        extra = {
            "fe_counts": dict(fe_levels),
            "param_names": kept_names,
            "demean_method": None if dinfo is None else dinfo.method,
            "demean_iterations": None if dinfo is None else dinfo.iterations,
            "fe_redundant": redundant,
        }  # no timings in results: fitting twice gives identical results (timings go to the log)
        self._log(opts, N, f"{name}: done in {time.perf_counter() - t0:.2f}s")
        return Result(
            name=name,
            kind="fe_ols",
            nobs=N,
            coefficients=dict(zip(kept_names, ests)),
            outcome=spec.outcome or "",
            fit=fit,
            vcov=vinfo,
            absorbed=fe_names,
            dropped_terms=dropped,
            sample_log=tuple(log),
            notes=tuple(notes),
            extra=extra,
            params=beta,
            cov=V,
        )
