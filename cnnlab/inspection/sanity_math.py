"""The numbers of the sanity check (:mod:`cnnlab.inspection.sanity`) on plain arrays: rank correlation,
the order in which pixels are removed, and the area under a curve."""

from __future__ import annotations

import numpy as np
from scipy import integrate, stats


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's ρ of ``|a|`` and ``|b|`` (same shape), pixel by pixel; 0.0 when either map is flat (a flat
    map ranks no pixel above another, so it keeps none of the other map's order)."""
    x, y = np.abs(np.asarray(a, np.float64)).ravel(), np.abs(np.asarray(b, np.float64)).ravel()
    if x.shape != y.shape:
        raise ValueError(f"maps of different shapes {a.shape} and {b.shape}")
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    return float(stats.spearmanr(x, y).statistic)


def deletion_order(importance: np.ndarray, ties: np.ndarray) -> np.ndarray:
    """Flat pixel indices (H·W,) from the most important to the least; equal importance in the order the
    permutation ``ties`` (H·W,) gives them, so a flat region is removed in a random, repeatable order."""
    key = np.empty_like(ties)
    key[ties] = np.arange(len(ties))  # pixel p's rank in the permutation
    return np.lexsort((key, -np.asarray(importance, np.float64).ravel()))


def area_under(curve: np.ndarray) -> float:
    """The trapezoid area under ``curve`` sampled at equal steps from 0 to 1 (the fraction removed)."""
    y = np.asarray(curve, np.float64)
    return float(integrate.trapezoid(y, dx=1.0 / max(len(y) - 1, 1)))
