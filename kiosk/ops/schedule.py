"""When the screen sleeps and wakes next, and the note the app leaves for `kiosk status`.

The app decides "open or shut" with `OpeningHours.is_open` (kiosk.config.model); this module
adds what it does not say: *until when*. `next_change` walks forward minute ranges day by day
(at most a year: a kiosk "closed" every day and on no date never wakes by schedule).

The running app is one process and `kiosk status` another, so the app writes what it is doing
to `DATA_DIR/screen.json` (atomically: a half-written note would read as nonsense) and the
status command reads it. No Kivy here: the CLI imports this.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.config.model import OpeningHours

STATE_FILE = "screen.json"


def next_change(hours: OpeningHours, now: datetime) -> datetime | None:
    """The first minute after `now` at which `hours.is_open` differs from now; None if never
    (open all the time, or closed on every day)."""
    state = hours.is_open(now)
    start = now.replace(second=0, microsecond=0)
    for day in range(367):
        midnight = (start + timedelta(days=day)).replace(hour=0, minute=0)
        for minute in _edges(hours, midnight):
            when = midnight + timedelta(minutes=minute)
            if when > now and hours.is_open(when) != state:
                return when
    return None


def _edges(hours: OpeningHours, midnight: datetime) -> list[int]:
    """Minutes of the day at which the opening state may change (range starts and ends)."""
    edges = {0}
    for start, end in hours.days[midnight.weekday()]:
        edges.update((start, end))
    return sorted(m for m in edges if m < 24 * 60)


def write_state(root: Path, state: dict) -> None:
    """`screen.json` in the data folder, replaced in one rename."""
    root = Path(root)
    tmp = root / f".{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, root / STATE_FILE)


def read_state(root: Path) -> dict | None:
    """What the running app last said about its screen; None if it never did."""
    try:
        return json.loads((Path(root) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def describe(state: dict | None) -> str:
    """One line for people: "asleep by schedule until 2026-12-08 09:00"."""
    if not state:
        return "screen: unknown (the kiosk has not said)"
    until = (state.get("until") or "")[:16].replace("T", " ")
    if state.get("asleep"):
        return f"asleep by schedule until {until}" if until else "asleep by schedule"
    if state.get("woken_until"):
        woken = state["woken_until"][:16].replace("T", " ")
        return f"awake (woken by a touch) until {woken}"
    return f"awake until {until}" if until else "awake"
