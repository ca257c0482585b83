"""``describe``: the study's descriptive tables and figure series, as tidy records.

One model = one statistic (``spec.options["statistic"]``); the records go in
``Result.tables[<statistic>]`` and ``nobs`` is the number of rows used.

- ``counts``: rows (or summed ``weights``) per combination of ``by`` (+ ``group``); missing
  key values form their own cell (key None), so no row is lost. Figure 2 (AI companies by
  founding year), Figure 3 (places), the funnel steps of Figure 1.
- ``shares``: counts plus ``share`` = n / total, or n / group total when ``group`` is given.
- ``means``: per ``variables`` and per ``by``/``group`` cell: n (non-missing), n_missing,
  mean, sd, median, min, max. With ``weights``: weighted mean and Stata-``aweight`` sd
  (weights rescaled to sum to n; divisor n - 1).
- ``crosstab``: ``by[0]`` x ``by[1]`` counts, one record per ``by[0]`` value with a column per
  ``by[1]`` value (column names are the value text) and ``Total``; a last ``Total`` row.
  Figure 6 (exits by year and legal situation).
- ``flag_counts``: multi-label 0/1 ``variables``: count of 1s and share per flag (in the
  spec's order), per ``by`` cell if given; ``flag_summary``: mean (and sd) number of flags per
  row -> Tables 1 and 2 (means 2.1 and 1.6). Missing flags are excluded and counted. With
  ``by``, the first records (key value "All") are over all rows, then one block per cell.
- ``share_by_year``: for each ``time`` value and each variable, the share of the group
  ``group == level`` (``level`` default 1) in the total. The share of rows (variable
  ``__rows__``) always comes first, listed or not (``__rows__`` / ``count`` in ``variables``
  are accepted). ``part: all | positive | negative`` (or a list) keeps all / only positive /
  only negative values, to split profits from losses (Figure 5); without ``part`` a variable
  with values of both signs gets all three parts, any other variable ``all`` only.
  ``ratio_to_rows`` = share / the row share of the same year (Figure 4's "1.6 times").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from econ_ai.design import Design
from econ_ai.errors import EstimationError, did_you_mean
from econ_ai.kinds.describe.options import DescribeOptions
from econ_ai.kinds.options import KindEstimator
from econ_ai.results import Result
from econ_ai.provenance import SampleStep

STATISTICS = ("counts", "shares", "means", "crosstab", "flag_counts", "share_by_year")
ROWS = ("__rows__", "count")
PARTS = ("all", "positive", "negative")


def _as_list(x: Any) -> list[str]:
    if x is None:
        return []
    if isinstance(x, str):
        return [x]
    return [str(v) for v in x]


def _py(x: Any) -> Any:
    """A record value: numpy scalars to Python, NaN / NaT / None to None."""
    if x is None:
        return None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        if np.isnan(x):
            return None
        return int(x) if float(x).is_integer() and abs(x) < 2**53 else float(x)  # years stay years
    if isinstance(x, np.bool_):
        return bool(x)
    try:
        import pandas as pd

        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(x, "item"):
        return x.item()
    return x


class Describe(KindEstimator):
    """Descriptive statistics from a Design's named columns (see the module docstring);
    options: :class:`DescribeOptions`."""

    kind = "describe"
    Options = DescribeOptions

    def fit(self, design: Design) -> Result:
        import pandas as pd

        opts = self.resolve_options(design)
        name = design.spec.name
        stat = opts.statistic
        if stat not in STATISTICS:
            raise EstimationError(f"unknown statistic '{stat}'{did_you_mean(str(stat), STATISTICS)}; "
                                  f"allowed: {', '.join(STATISTICS)}", model=name)
        n_rows = len(design.index) if design.index is not None else None
        df = pd.DataFrame({k: (np.asarray(v) if np.ndim(v) else v) for k, v in design.columns.items()},
                          index=None if design.columns or n_rows is None else pd.RangeIndex(n_rows))
        variables = _as_list(opts.get("variables"))
        by = _as_list(opts.get("by"))
        group = opts.get("group")
        weights = opts.get("weights")
        needed = [c for c in variables if c not in ROWS] + by + _as_list(group) + _as_list(weights)
        if stat == "share_by_year":
            needed += _as_list(opts.get("time"))
        missing = [c for c in needed if c not in df.columns]
        if missing:
            raise EstimationError(f"column(s) {missing} not in the design"
                                  f"{did_you_mean(missing[0], df.columns)}; have {sorted(df.columns)}", model=name)
        log = list(design.sample_log)
        fit: dict[str, Any] = {"n": int(len(df))}
        extra: dict[str, Any] = {"statistic": stat, "by": by, "group": group or "", "variables": variables}
        tables: dict[str, list[dict[str, Any]]] = {}
        w = None
        if weights:
            w = pd.to_numeric(df[weights], errors="coerce").to_numpy(dtype=float)
            bad = ~np.isfinite(w)
            if bad.any():
                df, w = df[~bad], w[~bad]
                log.append(SampleStep(f"missing values in {weights}", int(bad.sum()), int(len(df))))
        keys = by + ([group] if group and group not in by else [])
        if stat in ("counts", "shares"):
            tables[stat] = self._counts(df, keys, w, group if stat == "shares" else None, share=stat == "shares")
        elif stat == "means":
            if not variables:
                raise EstimationError("means needs 'variables'", model=name)
            tables[stat] = self._means(df, keys, variables, w)
        elif stat == "crosstab":
            if len(by) != 2:
                raise EstimationError(f"crosstab needs exactly two 'by' columns, got {by}", model=name)
            tables[stat] = self._crosstab(df, by[0], by[1], w)
        elif stat == "flag_counts":
            if not variables:
                raise EstimationError("flag_counts needs 'variables' (the 0/1 flags)", model=name)
            tables[stat], summary = self._flags(df, by, variables)
            tables["flag_summary"] = summary
            fit["mean_flags"] = summary[0]["mean_flags"]  # first record: all rows
        else:
            time = opts.get("time")
            if not time:
                raise EstimationError("share_by_year needs 'time'", model=name)
            if not group:
                raise EstimationError("share_by_year needs 'group' (and 'level', default 1)", model=name)
            df, w, log = self._drop_missing(df, w, [time, group], log)
            parts = _as_list(opts.get("part")) or ["auto"]
            bad = [p for p in parts if p not in PARTS + ("auto",)]
            if bad:
                raise EstimationError(f"unknown part '{bad[0]}'{did_you_mean(bad[0], PARTS)}; allowed: {', '.join(PARTS)}",
                                      model=name)
            level = opts.get("level", 1)
            shown = ["__rows__"] + [v for v in variables if v not in ROWS]  # the row share always comes first
            tables[stat] = self._share_by_year(df, w, time, group, level, shown, parts)
            extra.update(time=time, level=_py(level), parts=parts)
        fit["n"] = int(len(df))
        return Result(name=name, kind="describe", nobs=int(len(df)), outcome=stat, fit=fit,
                      sample_log=tuple(log), notes=tuple(design.notes), tables=tables, extra=extra)

    # ---- statistics -------------------------------------------------------------------
    @staticmethod
    def _drop_missing(df, w, cols, log):
        import pandas as pd

        for c in cols:
            bad = pd.isna(df[c]).to_numpy()
            if bad.any():
                df = df[~bad]
                if w is not None:
                    w = w[~bad]
                log.append(SampleStep(f"missing values in {c}", int(bad.sum()), int(len(df))))
        return df, w, log

    @staticmethod
    def _counts(df, keys: list[str], w, group: str | None, share: bool) -> list[dict[str, Any]]:
        d = df[keys].copy() if keys else df.iloc[:, :0].copy()
        d["_w"] = 1.0 if w is None else w
        d["_one"] = 1
        if keys:
            g = d.groupby(keys, dropna=False, sort=True)
            agg = g.agg(n=("_one", "sum"), wsum=("_w", "sum")).reset_index()
        else:
            import pandas as pd

            agg = pd.DataFrame({"n": [int(len(d))], "wsum": [float(d["_w"].sum())]})
        recs = []
        col = "wsum" if w is not None else "n"
        total = float(agg[col].sum())
        gtot = agg.groupby(group, dropna=False)[col].transform("sum").to_numpy() if (share and group) else None
        for i, row in enumerate(agg.to_dict("records")):
            r = {k: _py(row[k]) for k in keys}
            r["n"] = int(row["n"])
            if w is not None:
                r["weighted"] = float(row["wsum"])
            if share:
                den = float(gtot[i]) if gtot is not None else total
                r["share"] = float(row[col]) / den if den else None
            recs.append(r)
        return recs

    @staticmethod
    def _means(df, keys: list[str], variables: list[str], w) -> list[dict[str, Any]]:
        import pandas as pd

        recs = []
        groups = df.groupby(keys, dropna=False, sort=True) if keys else [((), df)]
        for kv, sub in groups:
            kv = kv if isinstance(kv, tuple) else (kv,)
            sub_w = w[df.index.get_indexer(sub.index)] if w is not None else None
            for v in variables:
                x = pd.to_numeric(sub[v], errors="coerce").to_numpy(dtype=float)
                ok = np.isfinite(x)
                xs = x[ok]
                r = {k: _py(val) for k, val in zip(keys, kv)}
                r.update(variable=v, n=int(ok.sum()), n_missing=int((~ok).sum()))
                if w is not None and xs.size:
                    ws = sub_w[ok]
                    ws = ws * xs.size / ws.sum()
                    m = float(np.sum(ws * xs) / xs.size)
                    sd = float(np.sqrt(np.sum(ws * (xs - m) ** 2) / (xs.size - 1))) if xs.size > 1 else None
                elif xs.size:
                    m = float(xs.mean())
                    sd = float(xs.std(ddof=1)) if xs.size > 1 else None
                else:
                    m = sd = None
                r.update(mean=m, sd=sd,
                         median=float(np.median(xs)) if xs.size else None,
                         min=float(xs.min()) if xs.size else None,
                         max=float(xs.max()) if xs.size else None)
                recs.append(r)
        return recs

    @staticmethod
    def _crosstab(df, row: str, col: str, w) -> list[dict[str, Any]]:
        import pandas as pd

        def codes(values):
            c, levels = pd.factorize(values, sort=True)  # NaN -> -1
            levels = [_py(v) for v in levels]
            if (c < 0).any():  # missing values get their own last level: nothing is lost
                c = np.where(c < 0, len(levels), c)
                levels.append("(missing)")
            return c, levels

        rc, rlev = codes(df[row].to_numpy())
        cc, clev = codes(df[col].to_numpy())
        tab = np.zeros((len(rlev), len(clev)))
        np.add.at(tab, (rc, cc), 1.0 if w is None else w)
        cast = int if w is None else float
        recs = []
        for i, rv in enumerate(rlev):
            r: dict[str, Any] = {row: rv}
            r.update({str(cv): cast(tab[i, j]) for j, cv in enumerate(clev)})
            r["Total"] = cast(tab[i].sum())
            recs.append(r)
        tot: dict[str, Any] = {row: "Total"}
        tot.update({str(cv): cast(tab[:, j].sum()) for j, cv in enumerate(clev)})
        tot["Total"] = cast(tab.sum())
        recs.append(tot)
        return recs

    @staticmethod
    def _flags(df, by: list[str], flags: list[str]):
        import pandas as pd

        recs, summary = [], []
        groups: list[tuple[tuple, Any]] = [(tuple(["All"] * len(by)), df)]
        if by:
            groups += [(kv if isinstance(kv, tuple) else (kv,), sub) for kv, sub in df.groupby(by, dropna=False, sort=True)]
        for kv, sub in groups:
            key = {k: _py(val) for k, val in zip(by, kv)}
            mat = np.column_stack([pd.to_numeric(sub[f], errors="coerce").to_numpy(dtype=float) for f in flags])
            miss = ~np.isfinite(mat)
            for j, f in enumerate(flags):
                ok = ~miss[:, j]
                cnt = int(np.sum(mat[ok, j] != 0))
                recs.append({**key, "variable": f, "count": cnt, "share": cnt / int(ok.sum()) if ok.any() else None,
                             "n": int(ok.sum()), "n_missing": int((~ok).sum())})
            full = ~miss.any(axis=1)
            per_row = (mat[full] != 0).sum(axis=1)
            summary.append({**key, "n": int(full.sum()), "n_incomplete": int((~full).sum()),
                            "mean_flags": float(per_row.mean()) if per_row.size else None,
                            "sd_flags": float(per_row.std(ddof=1)) if per_row.size > 1 else None,
                            "n_no_flag": int(np.sum(per_row == 0))})
        return recs, summary

    @staticmethod
    def _share_by_year(df, w, time: str, group: str, level: Any, variables: Sequence[str],
                       parts: Sequence[str]) -> list[dict[str, Any]]:
        import pandas as pd

        t = df[time].to_numpy()
        gv = df[group].to_numpy()
        in_group = gv == level
        if not in_group.any() and isinstance(level, (int, float)):
            in_group = pd.to_numeric(pd.Series(gv), errors="coerce").to_numpy() == float(level)
        ww = np.ones(len(df)) if w is None else w
        times = sorted(pd.unique(t).tolist())
        tix = pd.Index(times).get_indexer(t)
        nt = len(times)
        rows_all = np.bincount(tix, weights=ww, minlength=nt)
        rows_grp = np.bincount(tix, weights=ww * in_group, minlength=nt)
        with np.errstate(invalid="ignore", divide="ignore"):
            row_share = rows_grp / rows_all
        recs = []
        for v in variables:
            if v in ROWS:
                x = np.ones(len(df))
                var_parts = ["all"]
            else:
                x = pd.to_numeric(df[v], errors="coerce").to_numpy(dtype=float)
                var_parts = list(parts)
                if "auto" in var_parts:  # signed variables (EBIT) are also split into profits and losses
                    signed = bool(np.any(x > 0) and np.any(x < 0))
                    var_parts = ["all", "positive", "negative"] if signed else ["all"]
            for part in var_parts:
                ok = np.isfinite(x)
                if part == "positive":
                    ok &= x > 0
                elif part == "negative":
                    ok &= x < 0
                xv = np.where(ok, x, 0.0) * ww
                tot = np.bincount(tix, weights=xv, minlength=nt)
                gt = np.bincount(tix, weights=xv * in_group, minlength=nt)
                n = np.bincount(tix, weights=ok.astype(float), minlength=nt)
                ng = np.bincount(tix, weights=(ok & in_group).astype(float), minlength=nt)
                nmiss = np.bincount(tix, weights=(~np.isfinite(x)).astype(float), minlength=nt)
                for i, tv in enumerate(times):
                    share = float(gt[i] / tot[i]) + 0.0 if tot[i] != 0 else None
                    ratio = float(share / row_share[i]) + 0.0 if share is not None and row_share[i] else None
                    recs.append({time: _py(tv), "variable": "__rows__" if v in ROWS else v, "part": part,
                                 "share": share, "ratio_to_rows": ratio,
                                 "group_total": float(gt[i]), "total": float(tot[i]),
                                 "n_group": int(ng[i]), "n": int(n[i]), "n_missing": int(nmiss[i])})
        return recs
