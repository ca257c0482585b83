"""Scaling of exact counts, and small shared helpers (enterprise numbers, package tables).

Scaling rule (documented in ``generate``): at ``scale`` s a partition of counts c_1..c_m
(funnel steps, list sources, places, founding years) becomes the largest-remainder rounding
of s*c_j with total round_half_up(s * sum c); a count that stands alone (a Table 1/2 column,
VC, spin-offs, patents, exits) becomes round_half_up(s * c). At s = 1 every count is exact.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import numpy as np


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def largest_remainder(weights: Mapping | list, total: int) -> list[int]:
    """Integers proportional to ``weights`` summing exactly to ``total`` (Hamilton method;
    ties broken by position)."""
    w = np.asarray(list(weights.values()) if isinstance(weights, Mapping) else weights, float)
    if total <= 0 or w.sum() <= 0:
        return [0] * len(w)
    quota = w / w.sum() * total
    base = np.floor(quota).astype(int)
    rest = total - int(base.sum())
    order = np.argsort(-(quota - base), kind="stable")
    base[order[:rest]] += 1
    return [int(v) for v in base]


def scaled_partition(counts: Mapping, scale: float) -> dict:
    """A partition of counts scaled by largest remainder (exact at scale 1)."""
    total = round_half_up(scale * sum(counts.values()))
    return dict(zip(counts.keys(), largest_remainder(counts, total)))


def scaled(count: int, scale: float) -> int:
    return round_half_up(scale * count)


def enterprise_numbers(rng: np.random.Generator, n: int, *, low: int = 2_000_000,
                       high: int = 10_999_999) -> np.ndarray:
    """``n`` distinct valid KBO enterprise numbers "0123.456.789" (8-digit base + mod-97 check
    digits 97 - base % 97), as a numpy array of str."""
    base = rng.choice(high - low + 1, size=n, replace=False) + low
    full = base.astype(np.int64) * 100 + (97 - base % 97)
    return np.array([f"{s[:4]}.{s[4:7]}.{s[7:]}" for s in (f"{x:010d}" for x in full.tolist())],
                    dtype=object)


def valid_enterprise_number(en: str) -> bool:
    digits = en.replace(".", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


@lru_cache(maxsize=1)
def kbo_code_rows() -> tuple[tuple[str, str, str, str], ...]:
    """The KBO code table subset shipped with the package (``data/refdata/kbo_code_subset.csv``:
    the categories the readers need and every 5-digit NACE-BEL 2008 code, NL and FR, copied
    from the real KBO open-data ``code.csv`` of extract 147, 12-10-2025)."""
    path = resources.files("econ_ai.data").joinpath("refdata/kbo_code_subset.csv")
    with path.open("r", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return tuple(tuple(r) for r in rows[1:])


@lru_cache(maxsize=1)
def nace_by_division() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for cat, code, lang, _ in kbo_code_rows():
        if cat == "Nace2008" and lang == "NL" and len(code) == 5:
            out.setdefault(code[:2], []).append(code)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def municipalities() -> tuple[tuple[str, str, str, str], ...]:
    """(zip, municipality_nl, municipality_fr, province) from the data layer's package table
    ``data/refdata/municipalities.csv`` (owned by the readers; every zip we write is in it)."""
    path = resources.files("econ_ai.data").joinpath("refdata/municipalities.csv")
    with path.open("r", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return tuple((r["zip"], r["municipality_nl"], r["municipality_fr"], r["province"]) for r in rows)
