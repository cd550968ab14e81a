"""One module and one .kv file per screen; `base.KioskScreen` is what they share.

Screens are made one at a time (`create_screen`), so start-up imports, parses and builds only
the attract screen; `kiosk.ui.root.KioskScreens` makes the others in the frames after the
first, or at once when one is asked for first.
"""

from __future__ import annotations

from importlib import import_module

from kivy.uix.screenmanager import Screen

_CLASSES = {  # each screen's class, in the module of the same name
    "attract": "AttractScreen",
    "home": "HomeScreen",
    "section": "SectionScreen",
    "treaty": "TreatyScreen",
    "document": "DocumentScreen",
    "image": "ImageScreen",
    "search": "SearchScreen",
    "timeline": "TimelineScreen",
    "video": "VideoScreen",
}
SCREEN_NAMES = tuple(_CLASSES)


def create_screen(name: str) -> Screen:
    """The screen called `name`, as routes and log lines name it (its module imported, and
    its .kv file loaded, on first use)."""
    return getattr(import_module(f"kiosk.ui.screens.{name}"), _CLASSES[name])(name=name)
