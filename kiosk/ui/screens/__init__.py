"""One module and one .kv file per screen; `base.KioskScreen` is what they share.

Screens are made one at a time (`create_screen`), so start-up imports, parses and builds only
the attract screen; `kiosk.ui.root.KioskScreens` makes the others in the frames after the
first, or at once when one is asked for first.
"""

from __future__ import annotations

from importlib import import_module

from kivy.uix.screenmanager import Screen

SCREEN_NAMES = (
    "attract", "home", "section", "treaty", "document", "image", "search", "timeline",
)
_CLASSES = {  # name: (module in kiosk.ui.screens, class)
    "attract": ("attract", "AttractScreen"),
    "home": ("home", "HomeScreen"),
    "section": ("section", "SectionScreen"),
    "treaty": ("treaty", "TreatyScreen"),
    "document": ("document", "DocumentScreen"),
    "image": ("image", "ImageScreen"),
    "search": ("search", "SearchScreen"),
    "timeline": ("timeline", "TimelineScreen"),
}


def create_screen(name: str) -> Screen:
    """The screen called `name`, as routes and log lines name it (its module imported, and
    its .kv file loaded, on first use)."""
    module, cls = _CLASSES[name]
    return getattr(import_module(f"kiosk.ui.screens.{module}"), cls)(name=name)


def create_screens() -> list[Screen]:
    """One instance of each screen."""
    return [create_screen(name) for name in SCREEN_NAMES]
