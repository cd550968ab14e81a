"""Hiding figures that could describe a few identifiable visitors.

Primary rule: a figure backed by fewer than `threshold` (default 5) sessions is hidden ("<5").
Secondary rule: where the cells of a table add up to a total that is also published (sessions
per hour add up to the sessions count; an item's dwell buckets add up to its views), hidden
cells could be worked out by subtraction. So more cells are hidden ("hidden"), smallest first,
until no hidden cell can be pinned down to one value from what is shown: the total, the other
cells, "<5" meaning 1-4 sessions and "hidden" meaning at least 5. If that cannot be reached
the table is withheld whole (None), and only its total is shown.

Zero cells are shown as 0: they describe nobody, and a reader knows them anyway.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

THRESHOLD = 5
INF = float("inf")


@dataclass(frozen=True)
class Hidden:
    """A suppressed cell. `small`: backed by fewer than the threshold; `derivable`: hidden so
    that a small one cannot be worked out from a total."""

    reason: str

    def label(self, threshold: int = THRESHOLD) -> str:
        return f"<{threshold}" if self.reason == "small" else "hidden"


SMALL = Hidden("small")
DERIVABLE = Hidden("derivable")


def is_hidden(value: object) -> bool:
    return isinstance(value, Hidden)


def hide_small(value: int, sessions: int, threshold: int = THRESHOLD) -> int | Hidden:
    """One figure on its own: shown only when at least `threshold` sessions are behind it."""
    return SMALL if 0 < sessions < threshold else value


@dataclass(frozen=True)
class Cell:
    value: int  # what is published: sessions, views, uses or searches
    sessions: int  # how many sessions are behind it


def protect(cells: Mapping[Hashable, Cell], *, additive: bool, counts_sessions: bool,
            threshold: int = THRESHOLD) -> dict | None:
    """Suppress a table of cells; for `additive` tables also hide what subtraction would
    reveal. `counts_sessions`: the values are session counts, so "<5" bounds them to 1-4."""
    hidden: dict[Hashable, Hidden] = {
        key: SMALL for key, cell in cells.items() if 0 < cell.sessions < threshold}
    if additive:
        while hidden and not _safe(cells, hidden, counts_sessions, threshold):
            candidates = [key for key, cell in cells.items()
                          if key not in hidden and cell.value > 0]
            if not candidates:
                return None
            smallest = min(candidates, key=lambda key: (cells[key].value, str(key)))
            hidden[smallest] = DERIVABLE
    return {key: hidden.get(key, cell.value) for key, cell in cells.items()}


def _bounds(marker: Hidden, counts_sessions: bool, threshold: int) -> tuple[float, float]:
    if marker is SMALL:
        return 1, (threshold - 1 if counts_sessions else INF)
    return threshold, INF


def _safe(cells: Mapping[Hashable, Cell], hidden: Mapping[Hashable, Hidden],
          counts_sessions: bool, threshold: int) -> bool:
    """True if every hidden cell still has at least two values consistent with what is shown."""
    total = sum(cells[key].value for key in hidden)  # = published total - shown cells
    bounds = {key: _bounds(marker, counts_sessions, threshold) for key, marker in hidden.items()}
    low_sum = sum(low for low, _ in bounds.values())
    unbounded = sum(1 for _, high in bounds.values() if high == INF)
    finite_high = sum(high for _, high in bounds.values() if high != INF)
    for low, high in bounds.values():
        others_unbounded = unbounded - (high == INF)
        others_high = INF if others_unbounded else finite_high - (0 if high == INF else high)
        least = max(low, total - others_high)
        most = min(high, total - (low_sum - low))
        if most - least < 1:
            return False
    return True
