"""The panel index: for every row, the row of the same unit k periods earlier (or later).

The one implementation behind ``lag``, ``lead``, ``diff`` and ``growth`` (spec terms), the
production functions' previous-year rows, the TFP indicators' start-of-year capital and the
NBB readers' change in fixed assets.

Rows are keyed ``unit_code * span + (t - t_min)`` and the keys sorted once (O(n log n)); a
shift by k then compares each sorted key with its k nearest neighbours (O(k n), sequential
memory access). A first version looked the shifted key up with ``searchsorted``: 1.5 s per
shift on 1.2M rows against ~0.1 s now (benchmarks/bench_transforms.py). Written by hand
because no peer library offers a gap-aware shift that also reports which rows have no
neighbour. The consecutive-time rule holds: a gap year is no previous year.
"""

from __future__ import annotations

from econ_ai.errors import EconAIError

import numpy as np


class PanelError(EconAIError, ValueError):
    """Duplicate (unit, time) rows, or a time that is not a whole number."""

    def __init__(self, message: str, row: int | None = None, count: int = 0) -> None:
        super().__init__(message)
        self.row, self.count = row, count


class PanelIndex:
    """Built from integer unit codes (-1 = missing) and times (NaN = missing)."""

    def __init__(self, unit_codes: np.ndarray, time: np.ndarray) -> None:
        ucodes = np.asarray(unit_codes).astype(np.int64, copy=False)
        t = np.asarray(time, dtype=float)
        n = ucodes.shape[0]
        ok = (ucodes >= 0) & np.isfinite(t)
        if ok.any() and not np.all(t[ok] == np.round(t[ok])):
            raise PanelError("panel time must hold whole numbers (years)")
        self.valid = ok
        tint = np.zeros(n, dtype=np.int64)
        tint[ok] = t[ok].astype(np.int64)
        self.tmin = int(tint[ok].min()) if ok.any() else 0
        self.tmax = int(tint[ok].max()) if ok.any() else 0
        span = self.tmax - self.tmin + 1
        self.t = tint
        self.key = np.where(ok, ucodes * span + (tint - self.tmin), -1)
        rows = np.flatnonzero(ok)
        order = np.argsort(self.key[rows], kind="stable")
        self.sorted_rows = rows[order]
        self.sorted_keys = self.key[self.sorted_rows]
        dup = self.sorted_keys[1:] == self.sorted_keys[:-1]
        if dup.any():
            raise PanelError(f"{int(dup.sum())} duplicate unit-time rows in the panel",
                             row=int(self.sorted_rows[1:][dup][0]), count=int(dup.sum()))
        self._cache: dict[int, np.ndarray] = {}

    @classmethod
    def from_arrays(cls, unit: np.ndarray, time: np.ndarray) -> PanelIndex:
        """From any unit labels (factorised here) and times."""
        import pandas as pd

        codes, _ = pd.factorize(np.asarray(unit), use_na_sentinel=True)
        return cls(codes, time)

    def source(self, k: int) -> np.ndarray:
        """Row position holding (unit, t-k) for each row (k<0: t+|k|), -1 if none.

        Keys are unique and sorted, so the row with key-k, if any, sits at most |k|
        positions before (after, for leads) in sorted order: |k| vectorised comparisons
        of neighbours, no search."""
        if k not in self._cache:
            keys, rows = self.sorted_keys, self.sorted_rows
            m = len(keys)
            src = np.full(len(self.key), -1, dtype=np.int64)
            found = np.full(m, -1, dtype=np.int64)
            for j in range(1, abs(k) + 1):
                if j >= m:
                    break
                if k > 0:  # candidate: j positions earlier
                    hit = keys[:-j] == keys[j:] - k
                    found[j:][hit] = rows[:-j][hit]
                else:
                    hit = keys[j:] == keys[:-j] - k
                    found[:-j][hit] = rows[j:][hit]
            # keys of one unit never reach into another: t-k stays inside [tmin, tmax]
            t = self.t[rows]
            inside = (t - k >= self.tmin) & (t - k <= self.tmax)
            src[rows] = np.where(inside, found, -1)
            self._cache[k] = src
        return self._cache[k]

    def shift(self, values: np.ndarray, k: int = 1, fill: float = np.nan) -> np.ndarray:
        """``values`` of (unit, t-k) for every row; ``fill`` where that row does not exist."""
        src = self.source(k)
        v = np.asarray(values, dtype=float)
        return np.where(src >= 0, v[np.maximum(src, 0)], fill)


def lag_rows(unit: np.ndarray, time: np.ndarray) -> np.ndarray:
    """Row of the same unit at ``time - 1`` for every row, -1 when it does not exist."""
    return PanelIndex.from_arrays(unit, time).source(1)


def lag_values(unit: np.ndarray, time: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The unit's value of the previous period (NaN when that period is not observed)."""
    return PanelIndex.from_arrays(unit, time).shift(values, 1)
