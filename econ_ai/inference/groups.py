"""Group sums and group counts on integer codes 0..G-1: the one implementation behind the
cluster meat of every covariance, the production functions' clustered moments, and the
within-group means of the one-way demeaning."""

from __future__ import annotations

import numpy as np


def n_groups(codes: np.ndarray) -> int:
    """Number of codes that occur."""
    codes = np.asarray(codes)
    return int((np.bincount(codes) > 0).sum()) if codes.size else 0


def group_sums(values: np.ndarray, codes: np.ndarray, G: int | None = None) -> np.ndarray:
    """Column sums of ``values`` (n,) or (n, k) within each code; shape (G,) or (G, k)."""
    codes = np.asarray(codes).ravel()
    G = (int(codes.max()) + 1 if codes.size else 0) if G is None else int(G)
    v = np.asarray(values, dtype=float)
    if v.ndim == 1:
        return np.bincount(codes, weights=v, minlength=G)
    if v.shape[1] == 0:
        return np.zeros((G, 0))
    return np.column_stack([np.bincount(codes, weights=v[:, j], minlength=G) for j in range(v.shape[1])])


def group_means(values: np.ndarray, codes: np.ndarray, G: int | None = None) -> np.ndarray:
    """Means of ``values`` within each code (NaN for an empty code)."""
    codes = np.asarray(codes).ravel()
    G = (int(codes.max()) + 1 if codes.size else 0) if G is None else int(G)
    cnt = np.bincount(codes, minlength=G).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = group_sums(values, codes, G)
        return s / (cnt if s.ndim == 1 else cnt[:, None])


def dense_codes(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """Codes renumbered 0..G-1 in order of value, and G."""
    uniq, inv = np.unique(np.asarray(codes).ravel(), return_inverse=True)
    return inv.astype(np.int64), int(uniq.size)


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Codes of the (a, b) pairs that occur: the intersection clusters of two-way clustering."""
    ga, gb = int(a.max()) + 1, int(b.max()) + 1
    comb = a.astype(np.int64) * gb + b
    if ga * gb <= 50_000_000:
        present = np.bincount(comb, minlength=ga * gb) > 0
        return (np.cumsum(present) - 1)[comb]
    return np.unique(comb, return_inverse=True)[1].ravel()
