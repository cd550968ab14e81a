"""The keypad model: what each key does, in the spirit of EZ Access and museum universal keypads.

Up/Left and Down/Right move the focus to the previous and next element; Enter activates it;
Back closes a dialog or goes back; Home goes to the home screen; Help says where you are and
what you can do; Repeat says the last thing again; Volume up/down; Stop silences speech. The
keys behind each action come from `kiosk.toml` `[keys]` (`KeyBindings.action_for`), so a USB
keypad that sends keyboard codes works unchanged.

Any key first stops speech (EN 301 549 5.1.3.4) and counts as activity for the idle timer; a
key pressed while "Still there?" shows only answers it. A screen may claim an action first
(`on_keypad_action`: the document turns pages with Left/Right), and a screen that takes typed
text (search) gets letters, digits and Backspace while its query is not empty.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kiosk.ui.idle import WARNING
from kiosk.ui.safety import guarded
from kiosk.ui.session import ATTRACT

ESCAPE, ENTER = 27, 13
NAVIGATION_STEPS = {"up": -1, "left": -1, "down": 1, "right": 1}


@cache
def _key_names() -> dict[int, str]:
    from kivy.core.window import Keyboard  # not at import: that would open the window

    return {code: name for name, code in Keyboard.keycodes.items()}


def key_name(key: int) -> str | None:
    return _key_names().get(key)


class Keypad:
    def __init__(self, app: Any) -> None:
        self.app = app

    def on_key_down(self, key: int, codepoint: str | None, modifiers: list[str]) -> bool:
        app = self.app
        action = app.site_config.keys.action_for(key_name(key), key)
        app.narrator.stop()  # any new input silences speech at once
        app.keyboard_mode = True
        if app.idle_watch.state == WARNING:
            app.idle_watch.note_activity()  # one key keeps the session; it does nothing else
            return True
        app.idle_watch.note_activity()
        if key == ESCAPE and app.allow_exit:
            app.stop()
            return True
        if app.screen_name == ATTRACT:
            if app.current_screen().takes_key(key_name(key), action):  # its Pause key
                return True
            app.begin_visit(by_keypad=action is not None)
            app.narrator.flush()
            return True
        screen = app.current_screen()
        if self._typed(screen, key, codepoint, modifiers):
            return bool(guarded(screen.on_physical_key)(key, codepoint, modifiers))
        if action is None:
            typed = getattr(screen, "on_physical_key", None)
            return bool(typed and guarded(typed)(key, codepoint, modifiers))
        app.note_keypad_press()  # the first one starts audio mode: welcome, then this key
        self.perform(action)
        app.narrator.flush()
        return True

    def _typed(self, screen: Any, key: int, codepoint: str | None, modifiers: list[str]) -> bool:
        """True when `screen` takes this key as typing (the search screen's query)."""
        if not hasattr(screen, "query") or not hasattr(screen, "on_physical_key"):
            return False
        if set(modifiers) & {"ctrl", "alt", "meta"}:
            return False
        name = key_name(key)
        if name == "backspace" or (name == "spacebar" and self.app.focus.current is None):
            return bool(screen.query)
        return bool(codepoint) and len(codepoint) == 1 and codepoint.isalnum()

    @guarded
    def perform(self, action: str) -> None:
        app = self.app
        screen = app.current_screen()
        claim = getattr(screen, "on_keypad_action", None)
        if claim is not None and not app.dialog_is_open() and claim(action):
            return
        if action in NAVIGATION_STEPS:
            app.speak_focus(app.focus.move(NAVIGATION_STEPS[action]))
        elif action == "enter":
            self.activate()
        elif action == "back":
            app.keypad_back()
        elif action == "home":
            app.go_home()
        elif action == "help":
            app.speak_help()
        elif action == "repeat":
            app.narrator.repeat()
        elif action in ("volume_up", "volume_down"):
            app.change_volume(1 if action == "volume_up" else -1)
        # stop_speech: already done, as for every key

    def activate(self) -> None:
        app = self.app
        stop = app.focus.current
        if stop is None or not app.focus.is_valid():
            typed = getattr(app.current_screen(), "on_physical_key", None)
            if stop is None and typed is not None and typed(ENTER, None, []):
                return  # the screen's own Enter (search: open the first result)
            app.speak_focus(app.focus.first())
            return
        route, depth = app.session.current, len(app.session.history)
        if not stop.activate():
            app.speak_focus(stop)  # text: read it again
            return
        unchanged = app.session.current == route and len(app.session.history) == depth
        if unchanged and not app.dialog_is_open() and app.focus.current is stop:
            app.speak_focus(stop)  # a choice made in place: say its new state
