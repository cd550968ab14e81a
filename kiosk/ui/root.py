"""The window's layout: the current screen above, the notice and the navigation bar below."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.ui import widgets  # noqa: F401 - the rules in root.kv use its widgets
from kiosk.ui.kv import load_kv_next_to


class KioskRoot(BoxLayout):
    """Holds `ids.screens` (ScreenManager), `ids.notice` and `ids.nav`."""


load_kv_next_to(__file__)
