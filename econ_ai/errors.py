"""Typed errors of econ_ai.

Every error that a user can cause names where it happened: the file, the line and column,
and (for specs) the key path such as ``models[2].controls[1]``. Where a near miss exists the
message suggests it: ``unknown variable 'turnvoer' (did you mean 'turnover'?)``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


# Words people write for an option econ_ai spells differently (used when the word's meaning
# is among the candidates): ``vcov: robust`` -> 'hc1'.
SYNONYMS = {
    "robust": "hc1", "hc": "hc1", "hc0": "hc1", "white": "hc1", "het": "hc1", "heteroskedastic": "hc1",
    "heteroscedastic": "hc1", "sandwich": "hc1", "clustered": "cluster", "cl": "cluster", "clust": "cluster",
    "classical": "iid", "ols": "iid", "homoskedastic": "iid", "homoscedastic": "iid", "standard": "iid",
    "conventional": "iid", "stata": "reghdfe", "tex": "latex", "md": "markdown", "htm": "html",
    "coefficients": "coef", "margins": "ame", "odds": "or", "odds_ratio": "or", "stderr": "se",
}


def suggest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Closest candidate to ``name`` (a known synonym, then difflib ratio >= cutoff), or None."""
    cands = [str(c) for c in candidates]
    syn = SYNONYMS.get(str(name).strip().lower())
    if syn in cands:
        return syn
    hits = difflib.get_close_matches(str(name), cands, n=1, cutoff=cutoff)
    if hits:
        return hits[0]
    swapped = [c for c in cands if len(c) == len(str(name)) and sorted(c) == sorted(str(name))]
    if swapped:  # transposed letters: 'ia' -> 'ai'
        return swapped[0]
    low_name = str(name).lower()
    if len(low_name) >= 4:  # the one candidate that starts the same way: 'Flanders' -> 'Flemish'
        same = [c for c in cands if len(c) >= 4 and c[:2].lower() == low_name[:2]]
        if len(same) == 1 and len(cands) <= 30:
            return same[0]
    # case-insensitive exact match is always a near miss
    low = {c.lower(): c for c in cands}
    return low.get(str(name).lower())


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or the empty string."""
    hit = suggest(name, candidates)
    return f" (did you mean '{hit}'?)" if hit is not None and hit != name else ""


def _where(file: str | None, line: int | None, column: int | None) -> str:
    parts = [str(file) if file else "<spec>"]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


class EconAIError(Exception):
    """Base class of every error econ_ai raises on purpose."""


class SpecError(EconAIError):
    """A spec that cannot be loaded, validated or compiled.

    ``str(err)`` is ``FILE:LINE:COL: KEY.PATH: message``; line and column are 1-based.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = _where(self.file, self.line, self.column)
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class DataError(EconAIError):
    """Input data that cannot be read: ``FILE:LINE:COL: message`` (line/column if known)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [str(self.file) if self.file else "<data>"]
        if self.line is not None:
            parts.append(str(self.line))
        if self.column is not None:
            parts.append(str(self.column))
        return f"{':'.join(parts)}: {self.message}"


class EstimationError(EconAIError):
    """An estimator that cannot produce a trustworthy number (never a silent failure)."""

    def __init__(self, message: str, *, model: str | None = None, diagnostics: dict | None = None):
        self.message = message
        self.model = model
        self.diagnostics = dict(diagnostics or {})
        super().__init__(self.__str__())

    def __str__(self) -> str:
        head = f"model '{self.model}': " if self.model else ""
        diag = ""
        if self.diagnostics:
            diag = " [" + ", ".join(f"{k}={v}" for k, v in self.diagnostics.items()) + "]"
        return f"{head}{self.message}{diag}"
