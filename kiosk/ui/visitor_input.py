"""What the visitor's hands do, and what happens when they stop: the app's input and idle glue.

Every touch and key first silences speech (EN 301 549 5.1.3.4) and counts as activity. While
"Still there?" is showing, one touch or key answers it and does nothing else. In audio mode
a touch is for hearing (touch.py); keys go to the keypad model (keypad.py). When time is up
the kiosk asks first (idle.py), and resets only if nobody answers.
"""

from __future__ import annotations

from typing import Any

from kivy.logger import Logger

from kiosk.ops.memory import collect_while_reading
from kiosk.ui.session import ATTRACT


class VisitorInputMixin:
    def _on_window_touch_down(self, _window: Any, touch: Any) -> bool:
        """Any touch stops speech and counts as activity; in audio mode it is for hearing."""
        from kiosk.ui.idle import WARNING

        if self.sleep.take_input():  # asleep after hours: the touch wakes it, no more
            return True
        self.narrator.stop()
        self.staff.touch_down(touch)  # the hidden corner gesture (ui/staff/gesture.py)
        if self.idle_watch.state == WARNING:
            self.idle_watch.note_activity()  # one touch keeps the session, and only that
            return True
        self.idle_watch.note_activity()
        if self.touch_and_hear.on_touch_down(touch):
            return True
        if self.keyboard_mode:
            self.keyboard_mode = False
            self.focus.clear()
        return False

    def _on_window_touch(self, _window: Any, _touch: Any) -> bool:
        if self.sleep.asleep:
            return True
        self.idle_watch.note_activity()
        return False

    def _on_window_touch_up(self, _window: Any, touch: Any) -> bool:
        if self.sleep.asleep:
            return True
        self.staff.touch_up(touch)
        return False

    def _on_key_down(
        self, _window: Any, key: int, _scancode: int, codepoint: str | None, modifiers: list[str]
    ) -> bool:
        from kiosk.ui.keypad import key_name

        if self.sleep.take_input():
            return True
        if self.staff.key(key_name(key), modifiers):  # the technician's key chord
            return True
        if key_name(key) == "f4" and "alt" in modifiers and not self.allow_exit:
            return True  # Alt+F4: visitors cannot close the kiosk
        return self.keypad.on_key_down(key, codepoint, modifiers)

    def _on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        """The window's close button, Alt+F4 from the window manager: ignored unless
        KIOSK_ALLOW_EXIT=1 (development). Staff leave through the staff panel."""
        return not self.allow_exit  # True keeps the window open

    def _check_idle(self, _dt: float) -> None:
        self.idle_watch.check()
        if not self.narrator.speaking:  # audio is fed from Python: no pause under it
            collect_while_reading(self.idle_watch.seconds_idle())

    def _is_fresh(self) -> bool:
        return self.screen_name == ATTRACT and self.language == self.default_language()

    def _on_idle_warning(self) -> None:
        """Time is up: ask "Still there?" (and say it, in audio mode), unless no one is here."""
        if self._is_fresh():
            self.idle_watch.restart()
            return
        from kiosk.ui.dialogs import StillThereDialog

        Logger.info("Kiosk: idle, asking whether the visitor is still there")
        seconds = round(self.idle_watch.warning_seconds)
        StillThereDialog(seconds=seconds).open(animation=False)
        self.speak_idle_warning(seconds)

    def _on_idle_extend(self) -> None:
        from kiosk.ui.dialogs import dismiss_dialogs_of

        dismiss_dialogs_of("StillThereDialog")

    def _on_idle(self) -> None:
        if not self._is_fresh():
            Logger.info("Kiosk: idle, resetting for the next visitor")
            self.reset_visitor()
