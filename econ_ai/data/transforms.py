"""Evaluate parsed terms and sample filters on a pandas DataFrame (vectorised numpy).

``evaluate(term, table, panel)`` returns a ``TermValues``: float64 values (NaN where the
term cannot be computed) and, per row, the REASON it is missing (0 = fine) so the sample
log can name what removed each row ("log(employees): non-positive values"). The innermost
reason wins: ``log(lag(turnover))`` on a row without a previous year is "no previous
consecutive period", not "non-positive values".

Panel shifts (growth, lag, lead, diff) follow the consecutive-time rule: the value at
(unit, t-k) if that row exists, else missing (a gap year never makes a longer growth).
The shifts use the one panel index of ``econ_ai.inference.panel`` (how it works and why it
is written by hand is said there).

``evaluate_filter(tree, table, panel)`` walks a filter tree with three-valued logic: a
comparison on a missing value is unknown, ``not unknown`` stays unknown, and only rows
that are known True are kept.
"""

from __future__ import annotations

from econ_ai.errors import EconAIError

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from econ_ai.inference.panel import PanelError
from econ_ai.inference.panel import PanelIndex as _PanelIndex
from econ_ai.spec import filters as F
from econ_ai.spec.terms import Call, Interaction, Term, Var, parse_term

REASONS = ("", "missing values", "non-positive values", "no previous consecutive period",
           "no next consecutive period", "zero denominator", "values <= -1",
           "missing panel unit or time", "non-finite values")
OK, MISSING, NONPOS, NOPREV, NONEXT, ZERODEN, LE_M1, NOPANEL, NONFINITE = range(9)


class TransformError(EconAIError, ValueError):
    """A term or filter that cannot be computed on this table (wrong column type ...)."""


@dataclass(frozen=True)
class TermValues:
    """Values of one term. ``values`` is None when the term involves C() (then ``parts``
    holds, per interaction factor, ("num", float array) or ("cat", raw values, var name))."""

    text: str
    values: np.ndarray | None
    reason: np.ndarray
    parts: tuple = field(default=())

    @property
    def missing(self) -> np.ndarray:
        return self.reason != OK

    def failures(self, rows: np.ndarray | None = None) -> dict[str, int]:
        """Counts of missing rows by reason (within ``rows`` if given)."""
        if not self.reason.any():
            return {}
        r = self.reason if rows is None else self.reason[rows]
        counts = np.bincount(r.astype(np.int64), minlength=len(REASONS))
        return {REASONS[i]: int(c) for i, c in enumerate(counts) if i and c}

    def messages(self, rows: np.ndarray | None = None) -> list[str]:
        """``["log(employees): 12 non-positive values", ...]``."""
        return [f"{self.text}: {n} {label}" for label, n in self.failures(rows).items()]


def _set(reason: np.ndarray, cond: np.ndarray, code: int) -> None:
    """Give ``code`` to rows that have no reason yet and meet ``cond``."""
    reason[(reason == OK) & cond] = code


class PanelIndex(_PanelIndex):
    """The panel index of a table's (unit, time) columns (``econ_ai.inference.panel``), with
    errors that name the columns and an offending row."""

    def __init__(self, table: pd.DataFrame, unit: str, time: str) -> None:
        self.unit, self.time = unit, time
        ucodes, _ = pd.factorize(table[unit], use_na_sentinel=True)
        try:
            super().__init__(ucodes, _numeric(table, time))
        except PanelError as exc:
            if exc.row is None:
                raise TransformError(f"panel time '{time}' must hold whole numbers (years)") from None
            i = exc.row
            raise TransformError(
                f"panel ({unit}, {time}) has {exc.count} duplicate rows, e.g. {unit}="
                f"{table[unit].iloc[i]!r}, {time}={int(self.t[i])}; growth/lag/lead/diff need "
                "one row per unit and period") from None


_NUMERIC_INFERRED = ("integer", "floating", "mixed-integer-float", "boolean", "empty", "decimal")


def _is_numeric(s: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        return True
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in _NUMERIC_INFERRED


def _numeric(table: pd.DataFrame, name: str) -> np.ndarray:
    s = table[name]
    if not _is_numeric(s):
        from econ_ai.data.spec_checks import non_numeric_message

        raise TransformError(non_numeric_message(name, s, file_rows=False))
    return s.to_numpy(dtype="float64", na_value=np.nan)


def evaluate(term: Term | str, table: pd.DataFrame, panel: PanelIndex | None = None,
             cache: dict | None = None) -> TermValues:
    """Values of a term on every row of ``table`` (see module docstring)."""
    if isinstance(term, str):
        term = parse_term(term)
    cache = {} if cache is None else cache
    if term.text in cache:
        return cache[term.text]
    out = _eval(term, table, panel, cache)
    cache[term.text] = out
    return out


def _eval(term: Term, table: pd.DataFrame, panel: PanelIndex | None, cache: dict) -> TermValues:
    n = len(table)
    if isinstance(term, Var):
        v = _numeric(table, term.name)
        reason = np.zeros(n, dtype=np.int8)
        finite = np.isfinite(v)
        if finite.all():  # nothing missing: the values as they are (no masked copy)
            return TermValues(term.text, v, reason)
        _set(reason, np.isnan(v), MISSING)
        _set(reason, ~np.isfinite(v), NONFINITE)
        return TermValues(term.text, np.where(reason == OK, v, np.nan), reason)
    if isinstance(term, Interaction):
        parts = [evaluate(p, table, panel, cache) for p in term.parts]
        reason = np.zeros(n, dtype=np.int8)
        for p in parts:
            reason = np.where(reason == OK, p.reason, reason).astype(np.int8)
        if all(p.values is not None for p in parts):
            v = np.prod([p.values for p in parts], axis=0)
            return TermValues(term.text, np.where(reason == OK, v, np.nan), reason)
        flat: list = []
        for p in parts:
            flat.extend(p.parts if p.values is None else [("num", p.values, p.text)])
        return TermValues(term.text, None, reason, tuple(flat))
    assert isinstance(term, Call)
    if term.fn == "C":
        name = term.args[0].text
        raw = table[name].to_numpy()
        reason = np.where(pd.isna(table[name]).to_numpy(), MISSING, OK).astype(np.int8)
        return TermValues(term.text, None, reason, (("cat", raw, name),))
    args = [evaluate(a, table, panel, cache) for a in term.args]
    x = args[0].values
    reason = args[0].reason.copy()
    with np.errstate(all="ignore"):
        if term.fn == "log":
            _set(reason, x <= 0, NONPOS)
            v = np.log(np.where(reason == OK, x, 1.0))
        elif term.fn == "log1p":
            _set(reason, x <= -1, LE_M1)
            v = np.log1p(np.where(reason == OK, x, 0.0))
        elif term.fn == "square":
            v = x * x
        elif term.fn == "ratio":
            b = args[1].values
            reason = np.where(reason == OK, args[1].reason, reason).astype(np.int8)
            _set(reason, b == 0, ZERODEN)
            v = x / np.where(reason == OK, b, 1.0)
        else:
            v, reason = _shifted(term, args[0], panel, reason)
    _set(reason, ~np.isfinite(v), NONFINITE)
    return TermValues(term.text, np.where(reason == OK, v, np.nan), reason)


def _shifted(term: Call, arg: TermValues, panel: PanelIndex | None, reason: np.ndarray):
    if panel is None:
        raise TransformError(f"{term.fn}() in '{term.text}' needs panel unit and time")
    k = -term.k if term.fn == "lead" else term.k
    src = panel.source(k)
    has = src >= 0
    safe = np.where(has, src, 0)
    x, prev = arg.values, arg.values[safe]
    prev_reason = np.where(has, arg.reason[safe], OK)
    if term.fn in ("lag", "lead"):
        reason = np.zeros_like(reason)  # the current row's own value is not used
    if term.fn == "growth":
        _set(reason, x <= 0, NONPOS)
    _set(reason, ~panel.valid, NOPANEL)
    _set(reason, ~has, NONEXT if term.fn == "lead" else NOPREV)
    reason = np.where(reason == OK, prev_reason, reason).astype(np.int8)
    if term.fn == "growth":
        _set(reason, prev <= 0, NONPOS)
        ok = reason == OK
        v = np.log(np.where(ok, x, 1.0)) - np.log(np.where(ok, prev, 1.0))
    elif term.fn == "diff":
        v = x - prev
    else:
        v = prev
    return v, reason


def expand(tv: TermValues, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Design columns of a term on the selected rows: one column, or dummies for C()
    (levels sorted, first level dropped, named ``C(x)[T.level]``), products for a:b."""
    if tv.values is not None:
        return tv.values[rows].reshape(-1, 1).astype(np.float64), [tv.text]
    mats: list[np.ndarray] = []
    names: list[list[str]] = []
    for part in tv.parts:
        if part[0] == "num":
            mats.append(part[1][rows].reshape(-1, 1))
            names.append([part[2]])
        else:
            codes, levels = pd.factorize(pd.Series(part[1][rows]), sort=True)
            k = len(levels)
            m = np.zeros((len(codes), max(k - 1, 0)))
            if k > 1:
                hit = codes > 0
                m[np.flatnonzero(hit), codes[hit] - 1] = 1.0
            mats.append(m)
            names.append([f"C({part[2]})[T.{_level(lv)}]" for lv in levels[1:]])
    mat, nm = mats[0], names[0]
    for m2, n2 in zip(mats[1:], names[1:]):
        mat = (mat[:, :, None] * m2[:, None, :]).reshape(len(mat), -1)
        nm = [f"{a}:{b}" for a in nm for b in n2]
    return mat.astype(np.float64), nm


def _level(v) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


# ----------------------------------------------------------------------------- filters
def evaluate_filter(tree: F.Filter, table: pd.DataFrame, panel: PanelIndex | None = None,
                    cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(rows to keep, rows whose outcome was unknown because a value was missing)."""
    cache = {} if cache is None else cache
    val, known = _feval(tree, table, panel, cache)
    return val & known, ~known


def _operand(term: Term, table, panel, cache):
    """(values, missing mask, is_text). Plain columns keep their dtype (text, dates)."""
    if isinstance(term, Var):
        s = table[term.name]
        miss = pd.isna(s).to_numpy()
        if _is_numeric(s):
            v = s.to_numpy(dtype="float64", na_value=np.nan)
            return v, miss | np.isnan(v), "num"
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            return s, miss, "date"
        if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("date", "datetime"):
            return pd.to_datetime(s), miss, "date"
        return s.astype(object).to_numpy(), miss, "text"
    tv = evaluate(term, table, panel, cache)
    if tv.values is None:
        raise TransformError(f"a filter cannot use the categorical term '{term.text}'")
    return tv.values, tv.missing, "num"


def _coerce(lit, kind: str, term: Term):
    if kind == "num":
        if isinstance(lit, str):
            raise TransformError(f"'{term.text}' is numeric; compare it with a number, not "
                                 f"'{lit}'")
        return float(lit)
    if kind == "date":
        if not isinstance(lit, str):
            raise TransformError(f"'{term.text}' holds dates; write the date as text, e.g. "
                                 "'2015-01-01'")
        return pd.Timestamp(lit)
    if not isinstance(lit, str):
        raise TransformError(f"column '{term.text}' holds text; quote the value: "
                             f"'{F.render_literal(lit)}'")
    return lit


_CMP = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
        ">": np.greater, ">=": np.greater_equal}


def _feval(node: F.Filter, table, panel, cache) -> tuple[np.ndarray, np.ndarray]:
    n = len(table)
    if isinstance(node, F.And):
        a, ka = _feval(node.left, table, panel, cache)
        b, kb = _feval(node.right, table, panel, cache)
        val = a & ka & b & kb
        false = (ka & ~a) | (kb & ~b)
        return val, val | false
    if isinstance(node, F.Or):
        a, ka = _feval(node.left, table, panel, cache)
        b, kb = _feval(node.right, table, panel, cache)
        val = (a & ka) | (b & kb)
        return val, val | (ka & kb)
    if isinstance(node, F.Not):
        a, ka = _feval(node.operand, table, panel, cache)
        return ~a & ka, ka
    v, miss, kind = _operand(node.term, table, panel, cache)
    if isinstance(node, F.IsMissing):
        return (~miss if node.negate else miss.copy()), np.ones(n, dtype=bool)
    known = ~miss
    out = np.zeros(n, dtype=bool)
    if not known.any():  # all missing (or no rows): nothing to compare, type unknowable
        return out, known
    sub = v[known] if not isinstance(v, pd.Series) else v[known]
    if isinstance(node, F.Compare):
        lit = _coerce(node.value, kind, node.term)
        res = _CMP[node.op](np.asarray(sub), lit) if kind != "date" else \
            _CMP[node.op](sub.to_numpy(), np.datetime64(lit))
    elif isinstance(node, F.Between):
        lo, hi = _coerce(node.low, kind, node.term), _coerce(node.high, kind, node.term)
        arr = sub.to_numpy() if kind == "date" else np.asarray(sub)
        if kind == "date":
            lo, hi = np.datetime64(lo), np.datetime64(hi)
        res = (arr >= lo) & (arr <= hi)
    else:
        assert isinstance(node, F.InList)
        vals = [_coerce(x, kind, node.term) for x in node.values]
        arr = sub.to_numpy() if kind == "date" else np.asarray(sub)
        res = pd.Series(arr).isin(vals).to_numpy()
        if node.negate:
            res = ~res
    out[known] = np.asarray(res, dtype=bool)
    return out, known
