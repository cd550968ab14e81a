"""The kiosk application: a visitor session, navigation between screens, the idle reset.

`run_kiosk` is what `kiosk run` calls. Kivy reads its window settings when the window is
created, so `configure_kivy` must run before anything imports `kivy.core.window`; that is why
the widget and screen modules are imported inside `KioskApp.build`, not at the top.

Every screen shown is logged as `Kiosk: screen <name>` (Kivy's console shows it as
`[Kiosk       ] screen <name>`): external tests follow the app through that line.

Accessibility is in mixins and helpers beside it (docs/accessibility.md): the visitor's
preferences (preferences.py), audio mode and what is said (audio_mode.py, narrator.py,
spoken.py), the keypad and its focus (keypad.py, focus.py), touch and hear (touch.py), input
and the idle warning (visitor_input.py). Site settings come from `kiosk.toml` (kiosk.config).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from kivy.app import App  # neither kivy.app nor these create the window
from kivy.base import ExceptionManager
from kivy.clock import Clock
from kivy.config import Config
from kivy.logger import Logger
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.ops.memory import VisitorResets, take_over_oldest_pass, tune_memory
from kiosk.ui import i18n, kivy_fixes  # noqa: F401 - applied on import
from kiosk.ui.audio_mode import AudioModeMixin
from kiosk.ui.focus import FocusChain
from kiosk.ui.health import HealthReporter
from kiosk.ui.idle import IdleWatch
from kiosk.ui.narrator import Narrator
from kiosk.ui.preferences import PreferencesMixin
from kiosk.ui.safety import ReturnHomeOnError, guarded
from kiosk.ui.session import ATTRACT, HOME, Route, Session
from kiosk.ui.sleep import ScheduleSleep
from kiosk.ui.staff.mode import StaffMode
from kiosk.ui.theme import Theme
from kiosk.ui.visitor_input import VisitorInputMixin
from kiosk.ui.warm_up import Rehearsal

ALLOW_EXIT_ENV = "KIOSK_ALLOW_EXIT"  # "1": Escape and the window's close button end the app
IDLE_CHECK_SECONDS = 0.25


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


class KioskApp(VisitorInputMixin, PreferencesMixin, AudioModeMixin, App):
    """The kiosk. Takes an open `Catalog`, the site configuration (`kiosk.toml`; defaults if
    None), and for tests a clock (a callable of seconds), a speech engine and a headphone
    probe."""

    language = StringProperty("")  # the session's interface language; kv rules bind to it
    screen_name = StringProperty("")
    notice_text = StringProperty("")  # the missing-translation notice, "" when none
    language_choices = ListProperty([])  # (tag, own name) of each offered language
    keyboard_mode = BooleanProperty(False)  # the visitor is using keys: show the focus
    title = "Exhibit kiosk"

    def __init__(
        self,
        catalog: Any,
        clock: Any = time.monotonic,
        site_config: Any = None,
        speech_engine: Any = None,
        headphone_probe: Any = None,
        services: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        from kiosk.config import default_config
        tune_memory()  # before the decoding threads start
        take_over_oldest_pass()
        from kiosk.speech import create_engine
        from kiosk.speech.jack import alsa_headphones_plugged

        self.catalog = catalog
        self.clock = clock
        self._memory = VisitorResets(clock)
        self.site_config = site_config or default_config()
        self.theme = Theme()
        self.site = catalog.site
        self.narrator = Narrator(speech_engine or create_engine(), self.language_in_interface)
        self.focus = FocusChain(self.focus_layer)
        self.headphone_probe = headphone_probe or alsa_headphones_plugged
        self.session = Session.start(self.default_language())
        self.idle_watch = IdleWatch(
            self.site_config.session.idle_timeout(self.site.idle_timeout_seconds),
            self._on_idle,
            clock,
            warning_seconds=self.site_config.session.warning_seconds,
            on_warning=self._on_idle_warning,
            on_extend=self._on_idle_extend,
            paused=lambda: self.narrator.speaking,
        )
        self.allow_exit = os.environ.get(ALLOW_EXIT_ENV) == "1"
        self._error_handler = ReturnHomeOnError()
        self._events: list[Any] = []
        self._focus_memory: dict[int, tuple] = {}
        self._focus_before_dialog: tuple | None = None
        self._switching = False
        self.staff = StaffMode(self, services)  # staff mode, editions, figures (ui/staff/)
        self.sleep = ScheduleSleep(self)  # asleep outside opening hours (ui/sleep.py)
        self.health = HealthReporter(self)

    def offered_languages(self) -> tuple[str, ...]:
        return self.site_config.site.offered_languages(self.site.languages) or self.site.languages

    def default_language(self) -> str:
        default = self.site_config.site.default_for(self.site.default_language)
        return default if default in self.offered_languages() else self.offered_languages()[0]

    def language_in_interface(self, tag: str) -> str:
        """A language's name in the interface language ("tiếng Khmer"), for speech."""
        from kiosk.speech.voices import written_in_usual_script
        from kiosk.ui.formatting import language_name_in

        if not written_in_usual_script(tag):  # vi-Hani: CLDR would say just "Vietnamese"
            return self.catalog.language_name(tag)
        return language_name_in(tag, self.language) or self.catalog.language_name(tag)

    # -- life cycle -------------------------------------------------------------------------

    def build(self) -> Any:
        from kivy.core.window import Window

        from kiosk.ui.keypad import Keypad
        from kiosk.ui.root import KioskRoot
        from kiosk.ui.screens import create_screen
        from kiosk.ui.touch import TouchAndHear

        self.keypad = Keypad(self)
        self.touch_and_hear = TouchAndHear(self)
        screen = self.site_config.screen
        self.theme.set_site_minimum(screen.min_target_px, screen.resolution[1])
        self.theme.fit_window(*Window.size)
        Window.bind(size=self._on_window_size)
        self.theme.bind(paper=self._paint_window)
        self._paint_window(self.theme, self.theme.paper)
        self.check_reach()
        self.language_choices = [
            (tag, self.catalog.language_name(tag)) for tag in self.offered_languages()
        ]
        self.session = Session.start(self.default_language(), self.default_preferences())
        self.apply_preferences()
        self._apply_language()
        root = KioskRoot()
        root.ids.screens.add_widget(create_screen("attract"))  # the rest after the first frame
        return root

    def on_start(self) -> None:
        from kivy.core.window import Window

        Window.bind(
            on_touch_down=self._on_window_touch_down,
            on_touch_move=self._on_window_touch,
            on_touch_up=self._on_window_touch_up,
            on_key_down=self._on_key_down,
            on_request_close=self._on_request_close,
        )
        ExceptionManager.add_handler(self._error_handler)
        polls = [Clock.schedule_interval(self._check_idle, IDLE_CHECK_SECONDS),
                 self.watch_headphones()]
        self._events = [*polls, *self.staff.start()]
        self.reset_visitor()
        self._events.append(self.sleep.start(polls))
        self._events.extend(self.health.start())  # the curator's fleet report (ui/health.py)
        Clock.schedule_once(self.root.ids.screens.build_the_rest, 0)
        self.warm_up = Rehearsal(self).start()  # first visits rehearsed out of sight

    def on_stop(self) -> None:
        from kivy.core.window import Window

        Window.unbind(
            on_touch_down=self._on_window_touch_down,
            on_touch_move=self._on_window_touch,
            on_touch_up=self._on_window_touch_up,
            on_key_down=self._on_key_down,
            on_request_close=self._on_request_close,
        )
        if self._error_handler in ExceptionManager.handlers:
            ExceptionManager.remove_handler(self._error_handler)
        for event in self._events:
            event.cancel()
        self.warm_up.cancel()
        self.narrator.stop()
        self.sleep.stop()
        self.health.stop()
        self.staff.stop()

    def _paint_window(self, _theme: Any, paper: list[float]) -> None:
        from kivy.core.window import Window

        Window.clearcolor = tuple(paper)

    def _on_window_size(self, _window: Any, size: tuple[int, int]) -> None:
        self.theme.fit_window(*size)
        self.fit_reach()

    # -- navigation -------------------------------------------------------------------------

    @guarded
    def begin_visit(self, by_keypad: bool = False) -> None:
        """Leave the attract screen. A keypad press (or a kiosk set to "always") starts the
        visit in audio mode, with a welcome."""
        mode = self.site_config.audio.audio_mode_default
        self.session.keypad_used = by_keypad
        if mode == "always" or (by_keypad and mode == "keypad"):
            self.start_audio_mode(welcome=True, then_more=True)  # welcome, then home
        self.open_screen(HOME)

    @guarded
    def open_screen(self, name: str, **params: Any) -> None:
        self._remember_focus()
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
        self._show(self.session.current, focus_key=self._current_focus_key())

    def remember_params(self, **changes: Any) -> None:
        """Record what the current screen shows now (a search query) without showing it again."""
        self.session.replace(self.session.current.with_params(**changes))
        if "query" in changes:
            self.staff.searched(changes["query"])

    @guarded
    def go_back(self) -> None:
        route = self.session.go_back()
        self._show(route, focus_key=self._focus_memory.get(len(self.session.history)))

    @guarded
    def go_home(self) -> None:
        self._focus_memory.clear()
        self._show(self.session.go_home())

    @guarded
    def set_language(self, lang: str) -> None:
        self.session.language = lang
        self._apply_language()
        self._show(self.session.current, focus_key=self._current_focus_key())

    def keypad_back(self) -> None:
        """Back on the keypad: close the dialog on top, else go back."""
        from kiosk.ui.dialogs import open_dialogs

        dialogs = open_dialogs()
        if dialogs:
            dialogs[-1].dismiss(animation=False)
        else:
            self.go_back()

    def reset_visitor(self) -> None:
        """A new visitor: default language and settings, silence, no history, attract screen."""
        self.staff.before_reset()  # the visitor's figures, staff mode off, a new edition
        from kiosk.ui.narration import forget_every_recording  # widgets: imported late
        from kiosk.ui.thumbnails import forget_kept_thumbnails

        self.narrator.forget()
        forget_every_recording()
        forget_kept_thumbnails()
        self.keyboard_mode = False
        self._focus_memory.clear()
        self.session = Session.start(self.default_language(), self.default_preferences())
        self.theme.use_site_look({"accent": self.catalog.look.accent,
                                  "accent_2": self.catalog.look.accent_2})  # this edition's
        self.apply_preferences()
        self._apply_language()
        self.idle_watch.restart()
        self._show(self.session.current)
        self._let_go_of_the_last_visit()
        self._memory.tidy()  # the last visitor's screens are garbage now

    def _let_go_of_the_last_visit(self) -> None:
        """Every screen out of sight drops what it showed, and Kivy's spare list rows go, so
        each visitor finds the same kiosk and memory stays what one visit needs; then each
        list leaves the same screenful of blank rows for the next visitor's first look."""
        from kiosk.ui.spare_rows import forget_spare_rows  # widgets: imported late

        screens = self.root.ids.screens
        for screen in screens.screens:
            if screen.name != screens.current:
                screen.forget_visitor()
        forget_spare_rows()
        for screen in screens.screens:
            screen.leave_spare_rows()

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

    def _show(self, route: Route, focus_key: tuple | None = None) -> None:
        from kiosk.ui.dialogs import dismiss_dialogs

        self._switching = True
        try:
            dismiss_dialogs()
        finally:
            self._switching = False
        self.notice_text = ""
        self.focus.clear()
        screens = self.root.ids.screens
        screen = screens.get_screen(route.name)
        screen.show(**route.params)
        screens.current = route.name
        self.screen_name = route.name
        Logger.info(f"Kiosk: screen {route.name}")
        if route.name != ATTRACT and (self.keyboard_mode or self.narrator.audio_mode):
            self.focus.restore(focus_key)
        if route.name != ATTRACT:
            self.speak_screen()
        self.staff.screen_shown(route)

    # -- focus ------------------------------------------------------------------------------

    def focus_layer(self) -> list[Any]:
        """What the keypad moves through now: the dialog on top, else the whole window."""
        from kiosk.ui.dialogs import open_dialogs

        dialogs = open_dialogs()
        if dialogs:
            return [dialogs[-1]]
        ids = self.root.ids
        # the reach note last: it is for eyes, and the screen should come first to the keys
        return [self.current_screen(), ids.notice, ids.nav, ids.reach_gap]

    def dialog_is_open(self) -> bool:
        from kiosk.ui.dialogs import open_dialogs

        return bool(open_dialogs())

    def activate_focus(self) -> None:
        self.keypad.activate()

    def _current_focus_key(self) -> tuple | None:
        return self.focus.current.focus_key() if self.focus.current is not None else None

    def _remember_focus(self) -> None:
        self._focus_memory[len(self.session.history)] = self._current_focus_key()

    def dialog_opened(self, dialog: Any) -> None:
        self._focus_before_dialog = self._current_focus_key()
        self.focus.clear()
        if self.keyboard_mode or self.narrator.audio_mode:
            self.focus.first()
        self.speak_dialog(dialog)

    def dialog_closed(self, _dialog: Any) -> None:
        if self._switching or self.dialog_is_open():
            return
        if self.keyboard_mode or self.narrator.audio_mode:
            self.speak_focus(self.focus.restore(self._focus_before_dialog))
        else:
            self.focus.clear()

    def _apply_language(self) -> None:
        i18n.set_language(self.session.language)
        self.language = self.session.language


from kiosk.ui.launch import main, parse_size, run_kiosk  # noqa: E402 - kept importable here

__all__ = ["KioskApp", "configure_kivy", "main", "parse_size", "run_kiosk"]

if __name__ == "__main__":
    sys.exit(main())
