"""The hidden way into staff mode: a long press in one top corner, then in the other.

A visitor does not hold a finger still for 3 s in the top-left corner and then again in the
top-right corner within 5 s by chance. A technician's keyboard may use a key chord instead
(default Ctrl+Alt+K; `KIOSK_STAFF_CHORD`, e.g. "ctrl+alt+f12"). The clock is injected so tests
advance time instead of sleeping.
"""

from __future__ import annotations

import os
from collections.abc import Callable

LONG_PRESS_SECONDS = 3.0
SECOND_CORNER_WITHIN = 5.0
CORNER_FRACTION = 0.08  # a corner is this share of the window's shorter side, square
DEFAULT_CHORD = "ctrl+alt+k"
CHORD_ENV = "KIOSK_STAFF_CHORD"


class CornerGesture:
    """Feed it touches in window pixels (y counted up, as Kivy does); `on_done` fires when the
    top-left long press is followed by the top-right one in time."""

    def __init__(self, clock: Callable[[], float], on_done: Callable[[], None]) -> None:
        self.clock = clock
        self.on_done = on_done
        self._down: dict[int, tuple[str, float]] = {}
        self._first_at: float | None = None

    @staticmethod
    def corner(x: float, y: float, width: float, height: float) -> str | None:
        side = CORNER_FRACTION * min(width, height)
        if y < height - side:
            return None
        if x <= side:
            return "left"
        if x >= width - side:
            return "right"
        return None

    def touch_down(self, uid: int, x: float, y: float, width: float, height: float) -> None:
        where = self.corner(x, y, width, height)
        if where is not None:
            self._down[uid] = (where, self.clock())

    def touch_up(self, uid: int, x: float, y: float, width: float, height: float) -> None:
        start = self._down.pop(uid, None)
        if start is None:
            return
        where, since = start
        now = self.clock()
        if self.corner(x, y, width, height) != where or now - since < LONG_PRESS_SECONDS:
            return
        if where == "left":
            self._first_at = now
        elif self._first_at is not None and since - self._first_at <= SECOND_CORNER_WITHIN:
            self._first_at = None
            self.on_done()


def parse_chord(text: str) -> tuple[frozenset[str], str]:
    """"ctrl+alt+k" -> ({"ctrl", "alt"}, "k")."""
    parts = [p.strip().lower() for p in text.split("+") if p.strip()]
    return frozenset(parts[:-1]), parts[-1] if parts else ""


def chord() -> tuple[frozenset[str], str]:
    return parse_chord(os.environ.get(CHORD_ENV) or DEFAULT_CHORD)


def is_chord(key_name: str | None, modifiers: list[str]) -> bool:
    wanted_mods, wanted_key = chord()
    mods = {"ctrl" if m in ("ctrl", "lctrl", "rctrl") else "alt" if m in ("alt", "lalt", "ralt")
            else m for m in modifiers}
    return key_name == wanted_key and wanted_mods <= mods and bool(wanted_mods)
