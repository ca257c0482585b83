"""``validate``-time checks of a compiled spec against its data, where the data is at hand.

What ``run`` used to trip on only after loading everything, ``validate`` now says with the
spec's file, line and key:

- a regressor, control or outcome that is not numeric (text; or numbers with a stray
  ``n.a.``, which is a missing value to mark, not a category to wrap in ``C()``);
- a filter that compares a text column with a value it never takes
  (``region == 'Flanders'`` -> did you mean 'Flemish'?);
- a sample that is provably empty: no row passes the filters (spec-level, then the model's).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.errors import SpecError, did_you_mean
from econ_ai.spec import filters as F
from econ_ai.spec.compile import _places
from econ_ai.spec.filters import parse_filter
from econ_ai.spec.model import CompiledSpec
from econ_ai.spec.terms import Call, Interaction, Term, Var, parse_term

NUMERIC_KINDS = ("fe_ols", "logit")  # kinds whose outcome and terms enter as numbers
MAX_VALUES_SHOWN = 12


def _numeric_vars(term: Term) -> list[str]:
    """Columns a term uses as numbers (not inside ``C()``)."""
    if isinstance(term, Var):
        return [term.name]
    if isinstance(term, Call):
        return [] if term.fn == "C" else [v for a in term.args for v in _numeric_vars(a)]
    if isinstance(term, Interaction):
        return [v for p in term.parts for v in _numeric_vars(p)]
    return []


def _is_numeric(s: pd.Series) -> bool:
    from econ_ai.data.transforms import _is_numeric as numeric

    return numeric(s)


def _err(spec: CompiledSpec, path: str, var: str | None, msg: str) -> SpecError:
    loc = (spec.locations.get(f"{path}@{var}") if var else None) or spec.where(path)
    return SpecError(msg, file=spec.path, line=loc.line, column=loc.column, key=path)


def _values(s: pd.Series) -> list[str]:
    return sorted({str(v) for v in s.dropna().unique()})


def non_numeric_message(name: str, s: pd.Series, *, file_rows: bool) -> str:
    """Why a column cannot enter as a number, and the fix that applies."""
    present = s.notna()
    as_num = pd.to_numeric(s.where(present), errors="coerce")
    bad = present & as_num.isna()
    n_bad, n = int(bad.sum()), int(present.sum())
    if n and n_bad <= max(1, n // 2):  # mostly numbers: stray codes for "missing"
        first = bad.to_numpy().nonzero()[0][0]
        where = f"line {first + 2} of the data file" if file_rows else f"row {first + 1}"
        examples = ", ".join(repr(v) for v in _values(s[bad])[:3])
        return (f"column '{name}' is not numeric because of {n_bad:,} value{'s' if n_bad > 1 else ''} ({examples}, "
                f"first at {where}); mark {'them' if n_bad > 1 else 'it'} as missing (an empty field) in the data")
    examples = ", ".join(repr(v) for v in _values(s)[:3])
    return (f"column '{name}' holds text (values such as {examples}), and this term needs numbers; "
            f"for one dummy per category write C({name})")


def _check_terms(spec: CompiledSpec, table: pd.DataFrame, file_rows: bool) -> None:
    for i, m in enumerate(spec.models):
        if m.kind not in NUMERIC_KINDS:
            continue
        for path, text, is_filter in _places(spec, i, m):
            key = path.split(".")[-1].split("[")[0]
            if is_filter or key not in ("outcome", "regressors", "controls"):
                continue
            for var in _numeric_vars(parse_term(text)):
                if var in table.columns and not _is_numeric(table[var]):
                    raise _err(spec, path, var, non_numeric_message(var, table[var], file_rows=file_rows))


def _nodes(f: F.Filter):
    yield f
    for attr in ("left", "right", "operand"):
        sub = getattr(f, attr, None)
        if isinstance(sub, F.Filter):
            yield from _nodes(sub)


def _check_filter_values(spec: CompiledSpec, path: str, text: str, table: pd.DataFrame) -> None:
    for node in _nodes(parse_filter(text)):
        term = getattr(node, "term", None)
        if not isinstance(term, Var) or term.name not in table.columns or _is_numeric(table[term.name]):
            continue
        if isinstance(node, F.Compare) and node.op == "==":
            wanted = [node.value]
        elif isinstance(node, F.InList) and not node.negate:
            wanted = list(node.values)
        else:
            continue
        values = _values(table[term.name])
        for w in wanted:
            if isinstance(w, str) and w not in values:
                shown = ", ".join(values[:MAX_VALUES_SHOWN]) + (" ..." if len(values) > MAX_VALUES_SHOWN else "")
                raise _err(spec, path, term.name,
                           f"column '{term.name}' never takes the value '{w}'{did_you_mean(w, values)}; "
                           f"its values: {shown}")


def _check_empty(spec: CompiledSpec, table: pd.DataFrame) -> None:
    from econ_ai.data.transforms import evaluate_filter

    for i, m in enumerate(spec.models):
        if m.kind == "describe":  # a count of zero is a result, not a mistake
            continue
        keep = np.ones(len(table), dtype=bool)
        for path, text, is_filter in _places(spec, i, m):
            if not is_filter:
                continue
            tree = parse_filter(text)
            if any(getattr(t, "needs_panel", False) for t in tree.terms()):
                continue  # lags and growth need the panel index: run says how many rows they keep
            try:
                ok, _ = evaluate_filter(tree, table)
            except Exception:  # type clashes are reported by run, with their own wording
                continue
            before = int(keep.sum())
            keep &= ok
            if before and not keep.any():
                raise _err(spec, path, None, f"no row passes this filter: the sample of model '{m.name}' "
                                             f"would be empty ({before:,} rows before it, 0 after)")


def check_against_data(spec: CompiledSpec, table: pd.DataFrame, *, file_rows: bool = False) -> None:
    """Raise the first SpecError (file:line:key) that running the spec on ``table`` would hit."""
    _check_terms(spec, table, file_rows)
    for i, m in enumerate(spec.models):
        for path, text, is_filter in _places(spec, i, m):
            if is_filter:
                _check_filter_values(spec, path, text, table)
    _check_empty(spec, table)
