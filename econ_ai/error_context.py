"""Errors raised while estimating one model, given their context (issue 15).

``in_context(exc, spec, model, table, info)`` returns an error of the same kind whose message
names the spec file, the model and the data file. When the estimation sample was empty, it
also names the sample filter that removed the last rows and, for a text column compared with
a value that does not occur (``region == 'Flanders'``), the near miss
(``did you mean 'Flemish'?``).
"""

from __future__ import annotations

from typing import Any

from econ_ai.errors import DataError, EconAIError, EstimationError, SpecError, suggest

MAX_LEVELS = 20_000  # distinct values searched for a near miss


def _literals(tree) -> list[tuple[Any, Any]]:
    """(term, literal) pairs of '==' comparisons and 'in' lists in a filter tree."""
    from econ_ai.spec import filters as F

    out: list[tuple[Any, Any]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, F.Compare) and node.op == "==":
            out.append((node.term, node.value))
        elif isinstance(node, F.InList) and not node.negate:
            out += [(node.term, v) for v in node.values]
        for child in ("left", "right", "operand"):
            if hasattr(node, child):
                stack.append(getattr(node, child))
    return out


def emptied_by(model, table) -> str:
    """`` the sample filter 'X' removed the last N rows (did you mean ...)`` or ''."""
    import numpy as np
    import pandas as pd

    from econ_ai.data.transforms import evaluate_filter
    from econ_ai.spec.filters import parse_filter
    from econ_ai.spec.terms import Var

    if table is None or not len(table) or not model.sample:
        return ""
    keep = np.ones(len(table), dtype=bool)
    cache: dict = {}
    for text in model.sample:
        try:
            ok, _ = evaluate_filter(parse_filter(text), table, None, cache)
        except Exception:  # noqa: BLE001 - panel terms etc.: no hint rather than a new error
            return ""
        before = int(keep.sum())
        new = keep & ok
        if before and not new.any():
            hints = []
            for term, lit in _literals(parse_filter(text)):
                if not isinstance(term, Var) or not isinstance(lit, str) or term.name not in table:
                    continue
                col = table[term.name]
                if pd.api.types.is_numeric_dtype(col):
                    continue
                levels = pd.unique(col[keep].dropna().astype(str))[:MAX_LEVELS]
                if lit in set(levels):
                    continue
                hit = suggest(lit, levels, cutoff=0.5)
                hints.append(f"'{lit}' does not occur in '{term.name}'"
                             + (f" (did you mean '{hit}'?)" if hit else ""))
            detail = f": {'; '.join(hints)}" if hints else ""
            return f"; the sample filter '{text}' removed the last {before:,} rows{detail}"
        keep = new
    return ""


def in_context(exc: EconAIError, spec, model, table=None, info=None) -> EconAIError:
    if isinstance(exc, SpecError):  # names the spec file, line and key already
        return exc
    data = info.name if info is not None else "data"
    where = f"spec {spec.path}, model '{model.name}', data {data}"
    hint = emptied_by(model, table)  # '' unless a sample filter left no rows
    if isinstance(exc, EstimationError):
        new = EstimationError(f"{exc.message} ({where}){hint}", model=exc.model or model.name,
                              diagnostics=exc.diagnostics)
    elif isinstance(exc, DataError):
        new = DataError(f"{where}: {exc.message}{hint}", file=exc.file or data, line=exc.line,
                        column=exc.column)
    else:
        return exc
    return new
