"""Buttons for everything the fingers do on the zoom viewer, for visitors who cannot pinch.

Zoom in, zoom out and "Whole image" always work (at a limit they change nothing and say the
zoom again); the four arrows move the view, and only while the image is zoomed. At the whole
image they stay where they are, keypad stops like the others, but drawn hollow on a plain face
and spoken "not available": were they to come and go with the zoom, the same number of Down
presses would reach a different button before and after zooming.
Each is a `KioskButton`, so a keypad reaches it and speech names it; after a press the
focused button says the new zoom ("Zoom in, Zoom 400 %, button"). The arrows are drawn, not
typed: the kiosk's fonts have no arrow characters.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty

from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.widgets import FitRow, KioskButton

ZOOM_ACTIONS = ("zoom_in", "zoom_out", "fit")
PAN_ACTIONS = ("left", "up", "down", "right")


class ZoomButton(KioskButton):
    """One control; `action` says what it does (and identifies it to the focus)."""

    action = StringProperty("")
    viewer = ObjectProperty(None, allownone=True)
    icon = StringProperty("")  # "left" | "right" | "up" | "down": a drawn arrow
    icon_points = ListProperty([0.0] * 6)
    available = BooleanProperty(True)  # False: a stop that does nothing now ("not available")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for name in ("pos", "size", "icon"):
            self.fbind(name, self._place_icon)

    def spoken_details(self) -> str:
        if self.action in ZOOM_ACTIONS and self.viewer is not None:
            return self.viewer.zoom_text()
        return ""

    def _place_icon(self, *_args: Any) -> None:
        cx, cy = self.x + self.width / 2, self.y + self.height / 2  # `center` may lag `pos`
        s = min(self.width, self.height) * 0.28
        points = {
            "left": (cx - s, cy, cx + s * 0.7, cy + s, cx + s * 0.7, cy - s),
            "right": (cx + s, cy, cx - s * 0.7, cy - s, cx - s * 0.7, cy + s),
            "up": (cx, cy + s, cx - s, cy - s * 0.7, cx + s, cy - s * 0.7),
            "down": (cx, cy - s, cx + s, cy + s * 0.7, cx - s, cy + s * 0.7),
        }
        self.icon_points = list(points.get(self.icon, (0.0,) * 6))


class ZoomControls(FitRow):
    """A row of `ZoomButton`s working `viewer` (a `ZoomViewer`)."""

    viewer = ObjectProperty(None, allownone=True)

    def on_kv_post(self, _base_widget: Any) -> None:
        self._watched: Any = None
        self.fbind("viewer", self._watch_viewer)
        self._watch_viewer()

    def _watch_viewer(self, *_args: Any) -> None:
        if self._watched is not None:
            self._watched.funbind("zoomed", self._enable_panning)
        self._watched = self.viewer
        if self.viewer is not None:
            self.viewer.fbind("zoomed", self._enable_panning)
        self._enable_panning()

    def _enable_panning(self, *_args: Any) -> None:
        """The arrows work only while zoomed: at the whole image there is nowhere to move.
        They are marked unavailable, not disabled: a disabled widget is no focus stop."""
        zoomed = bool(self.viewer is not None and self.viewer.zoomed)
        for action in PAN_ACTIONS:
            button = self.button_for(action)
            if button is not None:
                button.available = zoomed

    def button_for(self, action: str) -> ZoomButton | None:
        return next((b for b in self.children if getattr(b, "action", "") == action), None)

    @guarded
    def perform(self, action: str) -> None:
        viewer = self.viewer
        if viewer is None:
            return
        if action == "zoom_in":
            viewer.zoom_in()
        elif action == "zoom_out":
            viewer.zoom_out()
        elif action == "fit":
            viewer.reset()
        elif action in PAN_ACTIONS and viewer.zoomed:
            viewer.pan_step(action)


load_kv_next_to(__file__)
