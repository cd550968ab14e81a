"""Kivy's spare list rows, let go of between visitors.

A RecycleView hands the rows it no longer shows to one cache for the whole app, for any
list to reuse; Kivy keeps up to a thousand. So the kiosk kept, for good, as many rows of each
kind as the longest section, timeline or page strip anyone had opened, each with its tiles,
labels and bindings (bench/soak.py: 16 spare rows held 97,000 objects, 11 MB, and more came
with every longer list a visitor found). At the idle reset the lists are emptied
(`KioskScreen.forget_visitor`) and their rows dropped here, so every visitor starts from
the same kiosk; a visitor's first list is made anew, as on the kiosk's first morning.
"""

from __future__ import annotations

from kivy.uix.recycleview import views


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
