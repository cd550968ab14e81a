"""Touch and hear: in audio mode a blind visitor explores the screen with one finger.

A single touch speaks what is under the finger (and puts the focus there, so the keypad
continues from it); a second touch on the same element within `DOUBLE_TAP_SECONDS`
activates it. The touch is kept from the widgets below, so exploring never presses anything.
Time comes from the app's clock, so tests decide what counts as a double tap.
"""

from __future__ import annotations

from typing import Any

from kivy.uix.scrollview import ScrollView

from kiosk.ui.focus import FocusStop
from kiosk.ui.safety import guarded

DOUBLE_TAP_SECONDS = 0.6


def inside(widget: Any, x: float, y: float) -> bool:
    left, bottom = widget.to_window(widget.x, widget.y)
    return left <= x <= left + widget.width and bottom <= y <= bottom + widget.height


def visible_at(widget: Any, x: float, y: float) -> bool:
    """`widget` is under (x, y) and not scrolled out of any scroll view around it."""
    if not inside(widget, x, y):
        return False
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView) and not inside(node, x, y):
            return False
        node = node.parent
    return True


class TouchAndHear:
    def __init__(self, app: Any) -> None:
        self.app = app
        self._last_stop: FocusStop | None = None
        self._last_time = float("-inf")

    def stop_at(self, x: float, y: float) -> FocusStop | None:
        return next((s for s in self.app.focus.stops() if visible_at(s, x, y)), None)

    @guarded
    def on_touch_down(self, touch: Any) -> bool:
        """True when the touch was taken for hearing (audio mode, not the attract screen)."""
        app = self.app
        if not app.narrator.audio_mode or app.screen_name == "attract":
            return False
        stop = self.stop_at(*touch.pos)
        now = app.clock()
        if stop is None:
            self._last_stop = None
            return True
        if stop is self._last_stop and now - self._last_time <= DOUBLE_TAP_SECONDS:
            self._last_stop, self._last_time = None, float("-inf")
            app.focus.set(stop, scroll=False)
            app.activate_focus()
            return True
        self._last_stop, self._last_time = stop, now
        app.focus.set(stop, scroll=False)
        app.speak_focus(stop)
        return True
