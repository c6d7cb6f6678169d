"""Pure statistics over aggregates the database already grouped (histograms, per-org counts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

K = TypeVar("K")


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def median_of_histogram(histogram: Iterable[tuple[int, int]]) -> float | None:
    """Median of the values a (value, how many times) histogram describes."""
    bins = sorted((value, count) for value, count in histogram if count > 0)
    total = sum(count for _, count in bins)
    if total == 0:
        return None
    # 0-based positions of the middle element(s): the same one twice when total is odd.
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, count in bins:
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return (found[0] + found[1]) / 2


def gini(values: Sequence[int]) -> float:
    """Gini coefficient sum_i sum_j |x_i - x_j| / (2 n^2 mean); 0 for no values or all zero."""
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return 0.0
    # With x sorted ascending and ranks i = 1..n this equals the double sum, in O(n log n).
    weighted = sum(rank * x for rank, x in enumerate(sorted(values), start=1))
    # Clamped: for equal values floating point can land a hair below zero.
    return max(0.0, (2 * weighted) / (n * total) - (n + 1) / n)


def reciprocal_links(links: Iterable[tuple[K, K]]) -> tuple[int, int]:
    """(links whose reverse also exists, distinct links), self-links ignored."""
    distinct = {(a, b) for a, b in links if a != b}
    return sum(1 for a, b in distinct if (b, a) in distinct), len(distinct)
