"""One module and one .kv file per screen; `base.KioskScreen` is what they share."""

from __future__ import annotations

from kivy.uix.screenmanager import Screen

SCREEN_NAMES = (
    "attract", "home", "section", "treaty", "document", "image", "search", "timeline",
)


def create_screens() -> list[Screen]:
    """One instance of each screen, named as routes and log lines name them."""
    from kiosk.ui.screens.attract import AttractScreen
    from kiosk.ui.screens.document import DocumentScreen
    from kiosk.ui.screens.home import HomeScreen
    from kiosk.ui.screens.image import ImageScreen
    from kiosk.ui.screens.search import SearchScreen
    from kiosk.ui.screens.section import SectionScreen
    from kiosk.ui.screens.timeline import TimelineScreen
    from kiosk.ui.screens.treaty import TreatyScreen

    classes = {
        "attract": AttractScreen,
        "home": HomeScreen,
        "section": SectionScreen,
        "treaty": TreatyScreen,
        "document": DocumentScreen,
        "image": ImageScreen,
        "search": SearchScreen,
        "timeline": TimelineScreen,
    }
    return [classes[name](name=name) for name in SCREEN_NAMES]
