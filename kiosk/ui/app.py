"""The kiosk application: a visitor session, navigation between screens, the idle reset.

`run_kiosk` is what `kiosk run` calls. Kivy reads its window settings when the window is
created, so `configure_kivy` must run before anything imports `kivy.core.window`; that is why
the widget and screen modules are imported inside `KioskApp.build`, not at the top.

Every screen shown is logged as `Kiosk: screen <name>` (Kivy's console shows it as
`[Kiosk       ] screen <name>`): external tests follow the app through that line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from kivy.app import App  # neither kivy.app nor these create the window
from kivy.base import ExceptionManager
from kivy.clock import Clock
from kivy.config import Config
from kivy.logger import Logger
from kivy.properties import ListProperty, StringProperty

from kiosk.ui import i18n
from kiosk.ui.idle import IdleWatch
from kiosk.ui.safety import ReturnHomeOnError, guarded
from kiosk.ui.session import ATTRACT, HOME, Route, Session
from kiosk.ui.theme import Theme

ALLOW_EXIT_ENV = "KIOSK_ALLOW_EXIT"  # "1": Escape and the window's close button end the app
IDLE_CHECK_SECONDS = 0.25
ESCAPE = 27


def configure_kivy(windowed: bool, size: tuple[int, int] | None) -> None:
    """Kiosk window settings; must run before the Kivy window exists."""
    if "kivy.core.window" in sys.modules:
        raise RuntimeError("configure_kivy() must run before kivy.core.window is imported")
    Config.set("graphics", "fullscreen", "0" if windowed else "auto")
    Config.set("graphics", "show_cursor", "1" if windowed else "0")
    Config.set("graphics", "allow_screensaver", "0")
    if size:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")


class KioskApp(App):
    """The kiosk. Takes an open `Catalog` and, for tests, a clock (a callable of seconds)."""

    language = StringProperty("")  # the session's interface language; kv rules bind to it
    screen_name = StringProperty("")
    notice_text = StringProperty("")  # the missing-translation notice, "" when none
    language_choices = ListProperty([])  # (tag, own name) of each offered language
    title = "Exhibit kiosk"

    def __init__(self, catalog: Any, clock: Any = time.monotonic, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog = catalog
        self.theme = Theme()
        self.site = catalog.site
        self.session = Session.start(self.site.default_language)
        self.idle_watch = IdleWatch(self.site.idle_timeout_seconds, self._on_idle, clock)
        self.allow_exit = os.environ.get(ALLOW_EXIT_ENV) == "1"
        self._error_handler = ReturnHomeOnError()
        self._idle_event = None

    # -- life cycle -------------------------------------------------------------------------

    def build(self) -> Any:
        from kivy.core.window import Window

        from kiosk.ui.root import KioskRoot
        from kiosk.ui.screens import create_screens

        self.theme.fit_window(*Window.size)
        Window.bind(size=lambda _window, size: self.theme.fit_window(*size))
        self.language_choices = [
            (tag, self.catalog.language_name(tag)) for tag in self.site.languages
        ]
        self._apply_language()
        root = KioskRoot()
        for screen in create_screens():
            root.ids.screens.add_widget(screen)
        return root

    def on_start(self) -> None:
        from kivy.core.window import Window

        Window.bind(
            on_touch_down=self._on_window_touch,
            on_touch_move=self._on_window_touch,
            on_key_down=self._on_key_down,
            on_request_close=self._on_request_close,
        )
        ExceptionManager.add_handler(self._error_handler)
        self._idle_event = Clock.schedule_interval(self._check_idle, IDLE_CHECK_SECONDS)
        self.reset_visitor()

    def on_stop(self) -> None:
        from kivy.core.window import Window

        Window.unbind(
            on_touch_down=self._on_window_touch,
            on_touch_move=self._on_window_touch,
            on_key_down=self._on_key_down,
            on_request_close=self._on_request_close,
        )
        if self._error_handler in ExceptionManager.handlers:
            ExceptionManager.remove_handler(self._error_handler)
        if self._idle_event is not None:
            self._idle_event.cancel()

    # -- navigation -------------------------------------------------------------------------

    @guarded
    def begin_visit(self) -> None:
        self.open_screen(HOME)

    @guarded
    def open_screen(self, name: str, **params: Any) -> None:
        self.session.push(Route(name, params))
        self._show(self.session.current)

    @guarded
    def open_item(self, item_id: str, **params: Any) -> None:
        """Open an item on the screen for its kind (treaty, document, image, section)."""
        self.open_screen(self.catalog.item_kind(item_id), item_id=item_id, **params)

    @guarded
    def show_in_place(self, **changes: Any) -> None:
        """Show the current screen with other params (next page, other language), no new Back."""
        self.session.replace(self.session.current.with_params(**changes))
        self._show(self.session.current)

    def remember_params(self, **changes: Any) -> None:
        """Record what the current screen shows now (a search query) without showing it again."""
        self.session.replace(self.session.current.with_params(**changes))

    @guarded
    def go_back(self) -> None:
        self._show(self.session.go_back())

    @guarded
    def go_home(self) -> None:
        self._show(self.session.go_home())

    @guarded
    def set_language(self, lang: str) -> None:
        self.session.language = lang
        self._apply_language()
        self._show(self.session.current)

    def reset_visitor(self) -> None:
        """A new visitor: default language, no history, the attract screen."""
        self.session = Session.start(self.site.default_language)
        self._apply_language()
        self._show(self.session.current)

    def recover_after_error(self) -> None:
        """After a failed handler: home if home can be shown, else the attract screen."""
        try:
            self._show(self.session.go_home())
        except Exception as error:
            Logger.error(f"Kiosk: home failed too, resetting: {error!r}", exc_info=error)
            try:
                self.reset_visitor()
            except Exception as reset_error:
                Logger.critical(f"Kiosk: reset failed: {reset_error!r}", exc_info=reset_error)

    def current_screen(self) -> Any:
        return self.root.ids.screens.get_screen(self.screen_name)

    def note_translation(self, shown_lang: str, requested_lang: str) -> None:
        if shown_lang == requested_lang:
            return
        self.notice_text = i18n._(
            "Shown in {shown}: not available in {requested}",
            shown=self.catalog.language_name(shown_lang),
            requested=self.catalog.language_name(requested_lang),
        )

    def _show(self, route: Route) -> None:
        from kiosk.ui.dialogs import dismiss_dialogs

        dismiss_dialogs()
        self.notice_text = ""
        screens = self.root.ids.screens
        screen = screens.get_screen(route.name)
        screen.show(**route.params)
        screens.current = route.name
        self.screen_name = route.name
        Logger.info(f"Kiosk: screen {route.name}")

    def _apply_language(self) -> None:
        i18n.set_language(self.session.language)
        self.language = self.session.language

    # -- input and idle ---------------------------------------------------------------------

    def _on_window_touch(self, _window: Any, _touch: Any) -> bool:
        self.idle_watch.note_activity()
        return False

    def _on_key_down(
        self, _window: Any, key: int, _scancode: int, codepoint: str | None, modifiers: list[str]
    ) -> bool:
        self.idle_watch.note_activity()
        if key == ESCAPE:
            if self.allow_exit:
                self.stop()
            return True
        if self.screen_name == ATTRACT:
            self.begin_visit()
            return True
        typed = getattr(self.current_screen(), "on_physical_key", None)
        return bool(typed and guarded(typed)(key, codepoint, modifiers))

    def _on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        return not self.allow_exit  # True keeps the window open

    def _check_idle(self, _dt: float) -> None:
        self.idle_watch.check()

    def _on_idle(self) -> None:
        fresh = self.screen_name == ATTRACT and self.language == self.site.default_language
        if not fresh:
            Logger.info("Kiosk: idle, resetting for the next visitor")
            self.reset_visitor()


def run_kiosk(catalog_path: str, windowed: bool, size: tuple[int, int] | None) -> None:
    """Open the catalog and run the kiosk until the app stops (it normally never does)."""
    configure_kivy(windowed, size)
    from kiosk.catalog.read import Catalog

    catalog = Catalog(catalog_path)
    try:
        KioskApp(catalog).run()
    finally:
        catalog.close()


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.app", description=__doc__)
    parser.add_argument("--catalog", required=True, help="the catalog file to show")
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    parser.add_argument("--size", type=parse_size, default=None, help="e.g. 1280x800")
    args = parser.parse_args(argv)
    from kiosk.catalog.read import CatalogError

    try:
        run_kiosk(args.catalog, args.windowed, args.size)
    except CatalogError as error:
        print(f"kiosk: {args.catalog}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
