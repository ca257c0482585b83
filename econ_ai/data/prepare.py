"""The building blocks of design preparation (ModelSpec + table -> Design): apply the sample
filters, evaluate the terms, drop rows that cannot be used (each drop counted and named in the
sample log) and build y, X, fixed-effect and cluster codes. Each kind's ``prepare.py``
(``econ_ai/kinds/<kind>/``) composes them: ``start`` then ``regression_design`` or
``columns_design`` (or its own finish, as production functions do).

Sample log order: start; each filter in spec order (step = the filter text); per term in
term order (outcome, regressors, controls), one step per failure mode ("missing values in
growth(turnover)", "log(employees): non-positive values"); missing fixed-effect codes;
missing cluster codes. Rows are attributed to the first step that removes them.

Production functions drop rows missing output, free, state or proxy values and rows without
panel unit/time; the optional ``exit`` column is passed as is (NaN kept) for the estimator.
Top-quantile and describe designs apply the filters only: missing values stay in
``Design.columns`` for the statistic to handle.

Panel transforms (growth, lag, lead, diff) are computed on the whole table BEFORE the
sample filters, as ``gen`` before ``keep if`` in Stata: a year removed by a filter still
serves as the previous year of the next one.
"""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pandas as pd

from econ_ai.design import Design
from econ_ai.errors import SpecError, did_you_mean
from econ_ai.provenance import SampleLog
from econ_ai.spec.filters import parse_filter
from econ_ai.spec.model import ModelSpec
from econ_ai.spec.terms import Interaction, Term, parse_term
from econ_ai.data.transforms import (MISSING, NONFINITE, REASONS, PanelIndex, TermValues,
                                     TransformError, evaluate, evaluate_filter, expand)

def _err(model: ModelSpec, msg: str) -> SpecError:
    loc = model.location
    return SpecError(f"model '{model.name}': {msg}", file=loc.file, line=loc.line,
                     column=loc.column, key=model.key or None)


def option_terms(model: ModelSpec, keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for key in keys:
        v = model.options.get(key)
        if v is None:
            continue
        out.extend(v if isinstance(v, (list, tuple)) else [v])
    return out


class Builder:
    def __init__(self, model: ModelSpec, table: pd.DataFrame, source: str, quiet: bool):
        self.model, self.table, self.quiet = model, table, quiet
        self.n = len(table)
        self.log = SampleLog(self.n, source)
        self.keep = np.ones(self.n, dtype=bool)
        self.cache: dict = {}
        self.code_memo: dict = {}   # (variable, rows digest) -> codes: shared by a sweep job's models
        self.notes: list[str] = []
        self.panel: PanelIndex | None = None

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"[prepare {self.model.name}] {text}", file=sys.stderr)

    def drop(self, step: str, bad: np.ndarray) -> None:
        bad = bad & self.keep
        before = int(self.keep.sum())
        self.keep &= ~bad
        self.log.record(step, before, before - int(bad.sum()))
        self.say(f"{step}: -{int(bad.sum())} -> {before - int(bad.sum())}")

    def check_columns(self, names: list[str]) -> None:
        cols = [str(c) for c in self.table.columns]
        for v in names:
            if v not in self.table.columns:
                raise _err(self.model, f"unknown variable '{v}'{did_you_mean(v, cols)}")

    def term(self, text: str) -> TermValues:
        try:
            return evaluate(parse_term(text), self.table, self.panel, self.cache)
        except TransformError as exc:
            raise _err(self.model, str(exc)) from None

    def filters(self) -> None:
        for text in self.model.sample:
            try:
                ok, unknown = evaluate_filter(parse_filter(text), self.table, self.panel,
                                              self.cache)
            except TransformError as exc:
                raise _err(self.model, f"sample '{text}': {exc}") from None
            n_unknown = int((self.keep & ~ok & unknown).sum())
            self.drop(text, ~ok)
            if n_unknown:
                self.notes.append(f"sample '{text}': {n_unknown} of the removed rows had a "
                                  "missing value")

    def drop_missing(self, tv: TermValues) -> None:
        counts = tv.failures(self.keep)
        for code, label in enumerate(REASONS):
            if not code or label not in counts:
                continue
            if code == MISSING:
                step = f"missing values in {tv.text}"
            elif code == NONFINITE:
                step = f"non-finite values in {tv.text}"
            else:
                step = f"{tv.text}: {label}"
            self.drop(step, tv.reason == code)

    def codes(self, name: str, rows: np.ndarray) -> np.ndarray:
        """Codes 0..G-1 of a fixed-effect or cluster variable on ``rows``, memoised on the
        variable and the rows (the models of a sweep job mostly keep the same rows)."""
        key = (name, rows.size, hashlib.blake2b(np.ascontiguousarray(rows).view(np.uint8), digest_size=16).digest())
        if key not in self.code_memo:
            self.code_memo[key] = self._codes(name, rows)
        return self.code_memo[key]

    def _codes(self, name: str, rows: np.ndarray) -> np.ndarray:
        parts = parse_term(name)
        cols = [p.text for p in (parts.parts if isinstance(parts, Interaction) else (parts,))]
        if len(cols) == 1:
            fast = _integer_codes(self.table[cols[0]], rows)
            if fast is not None:
                return fast
        combined = np.zeros(len(rows), dtype=np.int64)
        for c in cols:
            codes, uniq = pd.factorize(self.table[c].iloc[rows], sort=True)
            combined = combined * (len(uniq) + 1) + codes
        return pd.factorize(combined, sort=True)[0].astype(np.int64)

    def missing_codes(self, name: str) -> np.ndarray:
        t = parse_term(name)
        cols = [p.text for p in (t.parts if isinstance(t, Interaction) else (t,))]
        bad = np.zeros(self.n, dtype=bool)
        for c in cols:
            bad |= pd.isna(self.table[c]).to_numpy()
        return bad


def _variables(model: ModelSpec, terms: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in model.sample:
        for v in parse_filter(text).variables():
            seen.setdefault(v)
    for text in terms:
        for v in parse_term(text).variables():
            seen.setdefault(v)
    return list(seen)


def regression_terms(model: ModelSpec) -> list[str]:
    """Every term a regression model reads: outcome, regressors, controls, FE, clusters."""
    return [model.outcome or ""] + list(model.terms) + list(model.absorb) + list(model.vcov.cluster)


def start(model: ModelSpec, table: pd.DataFrame, terms: list[str], *, source: str = "data",
          quiet: bool = True, panel: bool = False) -> Builder:
    """Check the columns, index the panel (when a term needs it, or ``panel=True``) and apply
    the sample filters: the first half of every kind's design preparation."""
    b = Builder(model, table, source, quiet)
    panel_vars = [model.panel.unit, model.panel.time] if model.panel else []
    b.check_columns(_variables(model, terms) + panel_vars)
    uses_panel = any(parse_term(t).needs_panel for t in terms) or any(
        any(x.needs_panel for x in parse_filter(s).terms()) for s in model.sample)
    if model.panel is not None and (uses_panel or panel):
        try:
            b.panel = PanelIndex(table, model.panel.unit, model.panel.time)
        except TransformError as exc:
            raise _err(model, str(exc)) from None
        if uses_panel:
            b.notes.append("growth/lag/lead/diff computed on the whole table before the sample "
                           "filters (consecutive periods only)")
    b.filters()
    return b


def regression_design(b: Builder, *, absorb_as_dummies: bool = False, keep_terms: bool = False) -> Design:
    """y, X, FE and cluster codes of a regression (fe_ols, logit) after ``start``. With
    ``absorb_as_dummies`` the absorbed effects become dummy columns of X (first level dropped).
    ``keep_terms``: leave the evaluated terms in ``b.cache`` for the next model of a sweep job
    (they are values on the whole table, the same for every model); by default they are freed."""
    m = b.model
    y_tv = b.term(m.outcome)
    rhs = [b.term(t) for t in m.terms]
    dummies: list[TermValues] = []
    fe_vars = list(m.absorb)
    if absorb_as_dummies and m.absorb:
        for name in m.absorb:
            dummies.append(_dummy_term(b, name))
        fe_vars = []
        b.notes.append(f"absorb [{', '.join(m.absorb)}] entered as dummy columns (first level "
                       f"dropped) in the {m.kind}")
    for tv in [y_tv, *rhs, *dummies]:
        b.drop_missing(tv)
    for name in fe_vars:
        b.drop(f"missing values in fixed effect {name}", b.missing_codes(name))
    for name in m.vcov.cluster:
        b.drop(f"missing values in cluster variable {name}", b.missing_codes(name))
    rows = np.flatnonzero(b.keep)
    every = rows.size == b.n  # no row dropped: columns are used as they are, not gathered

    def take(v: np.ndarray) -> np.ndarray:
        return v if every else v[rows]

    names: list[str] = []
    if not dummies and all(tv.values is not None for tv in rhs):
        # one column per term: fill X in place (no per-term copies held for an hstack)
        X = np.empty((len(rows), len(rhs)))
        for j, tv in enumerate(rhs):
            X[:, j] = take(tv.values)
            names.append(tv.text)
    else:
        mats = []
        for tv in [*rhs, *dummies]:
            mat, nm = expand(tv, rows)
            mats.append(mat)
            names.extend(nm)
        X = np.ascontiguousarray(np.hstack(mats) if mats else np.zeros((len(rows), 0)), np.float64)
        del mats
    y = np.asarray(take(y_tv.values), dtype=np.float64)  # no copy when every row is kept
    if keep_terms and y is y_tv.values:
        y = y.copy()  # the cached term must not be the design's (an estimator may own y)
    del y_tv, rhs, dummies
    if not keep_terms:
        b.cache.clear()  # the evaluated terms are in y and X now; free them before the codes
    codes: dict[str, np.ndarray] = {}
    for n in [*fe_vars, *m.vcov.cluster]:
        if n not in codes:  # a variable both absorbed and clustered on is coded once
            codes[n] = b.codes(n, rows)
    return Design(
        spec=m, y=y, X=X, terms=tuple(names), fe={n: codes[n] for n in fe_vars},
        clusters={n: codes[n] for n in m.vcov.cluster},
        index=take(b.table.index.to_numpy()), sample_log=b.log.steps, notes=tuple(b.notes),
    )


def _integer_codes(col: pd.Series, rows: np.ndarray) -> np.ndarray | None:
    """Codes 0..G-1 in sorted order of an integer column on ``rows`` (the same as
    ``pd.factorize(..., sort=True)``) by counting over the value range: O(n), no hashing.
    None when the column is not integer or its range is too wide for a count array."""
    if not pd.api.types.is_integer_dtype(col.dtype) or isinstance(col.dtype, pd.api.extensions.ExtensionDtype):
        return None
    sub = col.to_numpy()
    sub = sub if rows.size == sub.size else sub[rows]
    if sub.size == 0:
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(sub.min()), int(sub.max())
    if hi - lo > max(4 * sub.size, 1 << 20):
        return None
    off = (sub - lo).astype(np.int64, copy=False)  # a new array: the codes are written into it
    present = np.bincount(off, minlength=hi - lo + 1) > 0
    if present.all():  # the values are lo..hi with none missing: off is the codes already
        return off
    # each code is read before its slot is written: the lookup can overwrite its own indices
    return np.take(np.cumsum(present) - 1, off, out=off, mode="clip")


def _dummy_term(b: Builder, name: str) -> TermValues:
    t: Term = parse_term(name)
    cols = [p.text for p in (t.parts if isinstance(t, Interaction) else (t,))]
    if len(cols) == 1:
        return b.term(f"C({cols[0]})")
    raw = b.table[cols[0]].astype(str)
    for c in cols[1:]:
        raw = raw + "_" + b.table[c].astype(str)
    miss = b.missing_codes(name)
    reason = np.where(miss, MISSING, 0).astype(np.int8)
    return TermValues(f"C({name})", None, reason, (("cat", raw.to_numpy(object), name),))


def columns_design(b: Builder, terms: list[str]) -> Design:
    """The named columns of the rows that survived the filters (describe, top_quantile)."""
    rows = np.flatnonzero(b.keep)
    cols: dict[str, np.ndarray] = {}
    for text in dict.fromkeys(terms):
        t = parse_term(text)
        if t.text in b.table.columns:
            cols[t.text] = b.table[t.text].to_numpy()[rows]
        else:
            tv = b.term(text)
            if tv.values is None:
                raise _err(b.model, f"'{text}' must be a column or a numeric term here")
            cols[t.text] = tv.values[rows]
    if b.model.panel is not None:
        for c in (b.model.panel.unit, b.model.panel.time):
            cols.setdefault(c, b.table[c].to_numpy()[rows])
    return Design(spec=b.model, y=None, X=None, terms=(), columns=cols,
                  index=b.table.index.to_numpy()[rows], sample_log=b.log.steps,
                  notes=tuple(b.notes))
