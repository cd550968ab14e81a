"""Staff mode, tied to the app: the hidden gesture, the PIN, the panel, and the services'
hooks into the visitor session (usage figures, edition switch at the idle reset).

The app calls: `start()` once running, `stop()` on exit, `before_reset()` at each idle reset,
`screen_shown(route)` after each screen, `feature(name)` for an accessibility feature,
`touch_down/touch_up` and `key` for every input (the gesture and the chord; `key` returns True
when it took the key). Visitors cannot leave the app: only `exit_to_desktop`, reachable from
the panel after the right PIN, stops it (docs/staff-mode.md).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from kivy.clock import Clock

from kiosk.ui.i18n import _
from kiosk.ui.session import ATTRACT
from kiosk.ui.staff.gesture import CornerGesture, is_chord
from kiosk.ui.staff.services import Services

log = logging.getLogger("kiosk.staff")
FEATURES = {"text_scale": "large_text", "palette": "high_contrast", "dyslexic": "dyslexic",
            "reach_mode": "reach", "easy_read": "easy_read", "audio_mode": "audio",
            "reduce_motion": "reduce_motion", "speech_rate": "speech_rate", "volume": "volume"}


class StaffMode:
    def __init__(self, app: Any, services: Services | None = None) -> None:
        from kiosk.config import PinGuard

        self.app = app
        self.services = services or Services()
        self.guard = PinGuard(now=app.clock)
        self.gesture = CornerGesture(app.clock, self.ask_pin)
        self.authorized = False
        self.exit_requested = False
        self.started_at = time.monotonic()
        self.pin_dialog: Any = None
        self.panel: Any = None
        self._view: tuple[str, Any] | None = None
        self._lang = ""
        self._search = ""  # the search screen's latest query, counted when the visitor moves on
        self._opened: list[Any] = []  # catalogs this mode opened, closed when replaced

    @property
    def pin_hash(self) -> str:
        return self.app.site_config.security.staff_pin_hash

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> list[Any]:
        services = self.services
        if not self.pin_hash:
            log.warning("staff mode is disabled: no [security] staff_pin_hash in kiosk.toml")
        self.check_speech()
        services.check_editions()
        services.start_recorder()
        services.start_watcher()
        self.say_ready_after_the_next_frame()
        return [Clock.schedule_interval(lambda _dt: services.watchdog.tick(), 1.0)]

    def say_ready_after_the_next_frame(self) -> None:
        """READY=1 once a frame has reached the screen (the window's buffer swap), not at the
        first clock tick, which comes before anything is drawn: systemd, and a technician
        reading `systemctl status`, then know the kiosk is showing something."""
        from kivy.core.window import Window

        def ready(*_args: Any) -> None:
            Window.unbind_uid("on_flip", uid)
            self.services.watchdog.ready(f"edition {self.app.site.edition}")

        uid = Window.fbind("on_flip", ready)
        Window.canvas.ask_update()  # a frame is drawn even if nothing else changes

    def stop(self) -> None:
        self.services.stop()

    def check_speech(self) -> bool:
        """False (and a warning in the log) when no speech engine is installed: audio mode
        then cannot speak, and the staff panel says so."""
        if self.app.narrator.engine.voices.available:
            return True
        log.warning("speech is off: no speech engine (espeak-ng) was found, so audio mode "
                    "cannot speak")
        return False

    # -- the visitor session -----------------------------------------------------------------

    def before_reset(self) -> None:
        """The idle reset: close the visitor's figures, leave staff mode, switch editions."""
        timeout = self.app.idle_watch.timeout_seconds
        self._record_search()
        self.services.recorder.end("idle", idle_seconds=timeout)
        self._view = None
        self.leave()
        self.switch_catalog()

    def screen_shown(self, route: Any) -> None:
        recorder = self.services.recorder
        if self._search and (route.name != "search" or route.params.get("query") != self._search):
            self._record_search()
        if route.name == "search" and route.params.get("query"):
            self._search = route.params["query"]
        if route.name == ATTRACT:
            return
        if recorder.session is None:
            recorder.start(self.app.language)
            self._lang = self.app.language
            if self.app.session.keypad_used:
                self.feature("keypad")
        elif self.app.language != self._lang:
            recorder.event("language_changed", self.app.language)
            self._lang = self.app.language
        item_id = route.params.get("item_id")
        if item_id:
            recorder.event("view", item_id, page_index=route.params.get("page_index"))
            self._view = item_id
        elif self._view is not None:
            recorder.event("end_view")
            self._view = None

    def feature(self, name: str) -> None:
        self.services.recorder.event("feature_used", FEATURES.get(name, name))

    def searched(self, query: str) -> None:
        """The search screen's query as it stands (`app.remember_params`); counted once, when
        the visitor moves on, not at every keystroke."""
        self._search = query

    def _record_search(self) -> None:
        query, self._search = self._search.strip(), ""
        if not query or self.services.recorder.session is None:
            return
        try:
            from kiosk.search.fold import query_terms

            found = bool(self.app.catalog.search(query, self.app.language, 1))
            self.services.recorder.event("search", query_terms(query), found=found)
        except Exception as error:  # noqa: BLE001 - figures never reach the visitor
            log.warning("search not counted: %r", error)

    def switch_catalog(self) -> bool:
        """Show the installed edition if it changed; True when it did."""
        opened = self.services.newer_catalog()
        if opened is None:
            return False
        catalog, path = opened
        self.use_catalog(catalog)
        self.services.adopt(path)
        log.info("now showing edition %s from %s", catalog.site.edition, path)
        return True

    def use_catalog(self, catalog: Any, owned: bool = True) -> None:
        """Show `catalog` from now on; the one it replaces is closed if this mode opened it.
        `owned=False` for a catalog someone else closes (the one the app was started with)."""
        app = self.app
        old = app.catalog
        app.catalog, app.site = catalog, catalog.site
        app.idle_watch.timeout_seconds = app.site_config.session.idle_timeout(
            catalog.site.idle_timeout_seconds)
        app.language_choices = [(t, catalog.language_name(t)) for t in app.offered_languages()]
        if owned:
            self._opened.append(catalog)
        if old in self._opened:
            self._opened.remove(old)
            old.close()

    # -- getting in --------------------------------------------------------------------------

    def touch_down(self, touch: Any) -> None:
        from kivy.core.window import Window

        self.gesture.touch_down(touch.uid, touch.x, touch.y, Window.width, Window.height)

    def touch_up(self, touch: Any) -> None:
        from kivy.core.window import Window

        self.gesture.touch_up(touch.uid, touch.x, touch.y, Window.width, Window.height)

    def key(self, key_name: str | None, modifiers: list[str]) -> bool:
        if is_chord(key_name, modifiers):
            self.ask_pin()
            return True
        return False

    def ask_pin(self) -> None:
        if not self.pin_hash:
            log.warning("staff gesture ignored: staff mode is disabled (no staff_pin_hash)")
            return
        if self.pin_dialog is not None or self.authorized:
            return
        from kiosk.ui.staff.panel import PinDialog

        self.pin_dialog = PinDialog(self)
        self.pin_dialog.bind(on_dismiss=self._pin_closed)
        self.pin_dialog.open(animation=False)

    def _pin_closed(self, *_args: Any) -> None:
        self.pin_dialog = None

    def lock_message(self) -> str:
        seconds = self.guard.seconds_locked()
        if seconds > 0:
            return _("Locked: try again in {seconds} s", seconds=int(seconds + 0.999))
        return _("Enter the staff PIN")

    def pin_entered(self, pin: str, dialog: Any = None) -> str:
        attempt = self.guard.attempt(pin, self.pin_hash)
        if attempt.accepted:
            log.info("staff mode opened")
            if dialog is not None:
                dialog.dismiss(animation=False)
            self.open_panel()
            return ""
        log.warning("wrong staff PIN (locked %.0f s)", attempt.locked_seconds)
        if attempt.locked_seconds > 0:
            return self.lock_message()
        return _("Wrong PIN: {left} tries left", left=attempt.attempts_left)

    def open_panel(self) -> None:
        from kiosk.ui.staff.panel import StaffPanel

        self.authorized = True
        self.app.idle_watch.note_activity()
        self.panel = StaffPanel(self)
        self.panel.open(animation=False)

    def leave(self) -> None:
        self.authorized = False
        for dialog in (self.panel, self.pin_dialog):
            if dialog is not None:
                dialog.dismiss(animation=False)
        self.panel = self.pin_dialog = None

    # -- the panel ---------------------------------------------------------------------------

    def panel_lines(self) -> list[str]:
        from kiosk.ui.staff.report import panel_lines

        return panel_lines(self)

    def staff_action(self, action: str) -> str:
        if not self.authorized:
            return ""
        from kiosk.ui.staff.report import do_action

        return do_action(self, action)

    def exit_to_desktop(self) -> bool:
        """The only way out of the app: from the panel, with the PIN given."""
        if not self.authorized:
            log.warning("exit refused: not in staff mode")
            return False
        log.info("exit to desktop from the staff panel")
        self.exit_requested = True
        self.app.stop()  # still authorised while the app stops
        self.leave()
        return True
