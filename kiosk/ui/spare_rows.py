"""Kivy's spare list rows, let go of between visitors.

A RecycleView hands the rows it no longer shows to one cache for the whole app, for any
list to reuse; Kivy keeps up to a thousand. So the kiosk kept, for good, as many rows of each
kind as the longest section, timeline or page strip anyone had opened, each with its tiles,
labels and bindings (bench/soak.py: 16 spare rows held 97,000 objects, 11 MB, and more came
with every longer list a visitor found). At the idle reset the lists are emptied
(`KioskScreen.forget_visitor`) and their rows dropped here, so every visitor starts from
the same kiosk.

Making rows is most of the cost of a list's first showing (bench: a section's first visit
took 100-110 ms against 55-60 ms for the next), so after dropping them each list leaves a
screenful of blank rows in the spare list (`KioskScreen.leave_spare_rows`), made in the
reset itself (60-75 ms, with nobody at the kiosk): always the same number, for the window and
the default text size, so every visitor still finds the same kiosk, and their first list
only fills rows.
"""

from __future__ import annotations

import math
from typing import Any

from kivy.core.window import Window
from kivy.factory import Factory
from kivy.uix.recycleview import views

SCREENS_OF_ROWS = 1.5  # a list at its top shows a screen and makes half a screen more


def empty_now(rows) -> None:
    """Empty a RecycleView and hand its rows to the spare list at once, not at the next
    frame: the reset drops the spare rows straight after."""
    rows.data = []
    rows.refresh_views()


def spare_row_count() -> int:
    return sum(len(rows) for rows in views._cached_views.values())


def forget_spare_rows() -> int:
    """Drop every spare row; how many there were."""
    dropped = 0
    for rows in views._cached_views.values():
        dropped += len(rows)
        rows.clear()
    views._cache_count = 0
    return dropped


def leave_spare(rows: Any, viewclass: str, count: int, blank: dict) -> None:
    """Make `count` rows of `viewclass` for the RecycleView `rows`, filled with `blank`
    data, and leave them in Kivy's spare list, where the list's next filling takes them."""
    cls = Factory.get(viewclass)
    adapter = rows.view_adapter
    spare = views._cached_views[cls]
    for index in range(count):
        spare.append(adapter.create_view(index, blank, cls))
    views._cache_count += count


def rows_for_a_screen(row_height: float, most: int) -> int:
    """How many rows at least `row_height` tall a list fills first, at most `most`."""
    return max(1, min(most, math.ceil(Window.height * SCREENS_OF_ROWS / max(1.0, row_height))))
