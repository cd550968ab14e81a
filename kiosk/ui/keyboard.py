"""An on-screen keyboard with big keys, for a kiosk that has no physical keyboard.

It edits its own `text`; the search screen listens to that. Letters a–z and digits are
enough for search, which ignores accents and case ("dieu" finds "Điều"), so a visitor never
needs to compose Vietnamese diacritics on a touch screen.
"""

from __future__ import annotations

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.i18n import N_
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.widgets import KioskButton

ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
KEYS_PER_ROW = 10
SPACE, BACKSPACE, CLEAR = "space", "backspace", "clear"
EDIT_KEY_LABELS = {SPACE: N_("Space"), BACKSPACE: N_("Delete"), CLEAR: N_("Clear")}


class KeyButton(KioskButton):
    """One key; `action` is the character it types, or SPACE / BACKSPACE / CLEAR."""

    action = StringProperty("")
    edit_labels = EDIT_KEY_LABELS  # msgids of the keys that edit rather than type


class OnScreenKeyboard(BoxLayout):
    text = StringProperty("")
    max_length = NumericProperty(60)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for row in ROWS:
            self.add_widget(self._letter_row(row))
        self.add_widget(self._edit_row())

    def _letter_row(self, letters: str) -> BoxLayout:
        row = KeyRow()
        side = (KEYS_PER_ROW - len(letters)) / 2
        if side:
            row.add_widget(Widget(size_hint_x=side))
        for letter in letters:
            row.add_widget(self._key(letter))
        if side:
            row.add_widget(Widget(size_hint_x=side))
        return row

    def _edit_row(self) -> BoxLayout:
        row = KeyRow()
        for action, width in ((SPACE, 4), (BACKSPACE, 3), (CLEAR, 3)):
            key = self._key(action)
            key.size_hint_x = width
            row.add_widget(key)
        return row

    def _key(self, action: str) -> KeyButton:
        key = KeyButton(action=action)
        key.bind(on_release=lambda button: self.press(button.action))
        return key

    def press(self, action: str) -> None:
        if action == SPACE:
            self.type(" ")
        elif action == BACKSPACE:
            self.text = self.text[:-1]
        elif action == CLEAR:
            self.text = ""
        else:
            self.type(action)

    def type(self, characters: str) -> None:
        if len(self.text) + len(characters) <= self.max_length:
            self.text += characters

    def key_for(self, action: str) -> KeyButton | None:
        return next(
            (w for w in self.walk() if isinstance(w, KeyButton) and w.action == action), None
        )


class KeyRow(BoxLayout):
    pass


load_kv_next_to(__file__)
