"""An on-screen keyboard with big keys, for a kiosk that has no physical keyboard.

It edits its own `text`; the search screen listens to that. Three layouts, one touch apart:
ABC (a–z: enough for search, which ignores accents and case, so "dieu" finds "Điều"),
Tiếng Việt (the same plus ă â đ ê ô ơ ư and a row of tone keys that mark the last word, for
visitors who want to write "quyền"), and Khmer (consonants, vowel signs, the subscript sign
and Khmer digits: Khmer search matches any run of characters, so a few letters are enough).
"""

from __future__ import annotations

from dataclasses import dataclass

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.text.vietnamese import TONE_MARKS, apply_tone_to_text
from kiosk.ui.i18n import N_
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.widgets import KioskButton

SPACE, BACKSPACE, CLEAR = "space", "backspace", "clear"
TONE_PREFIX, LAYOUT_PREFIX = "tone:", "layout:"
EDIT_KEY_LABELS = {SPACE: N_("Space"), BACKSPACE: N_("Delete"), CLEAR: N_("Clear")}
TONE_LABELS = {"acute": "á", "grave": "à", "hook": "ả", "tilde": "ã", "dot": "ạ"}
LATIN_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
KHMER_ROWS = (
    "០១២៣៤៥៦៧៨៩",
    "កខគឃងចឆជឈញដ",
    "ឋឌឍណតថទធនបផ",
    "ពភមយរលវសហឡអ",
    "ាិីឹឺុូួើឿៀ",
    "េែៃោៅំះ្៉៊់",
)


@dataclass(frozen=True)
class Layout:
    name: str  # shown on its key, in its own language
    rows: tuple[str, ...]
    tones: bool = False


LAYOUTS = {
    "latin": Layout("ABC", LATIN_ROWS),
    "vi": Layout("Việt", LATIN_ROWS, tones=True),
    "km": Layout("ខ្មែរ", KHMER_ROWS),
}
DEFAULT_LAYOUT = {"vi": "vi"}  # interface language -> layout; others start on ABC


def layout_for_language(lang: str) -> str:
    return DEFAULT_LAYOUT.get(lang.split("-")[0], "latin")


class KeyButton(KioskButton):
    """One key; `action` is the text it types, or SPACE / BACKSPACE / CLEAR / tone: / layout:."""

    action = StringProperty("")
    edit_labels = EDIT_KEY_LABELS  # msgids of the keys that edit rather than type

    @staticmethod
    def label_for(action: str) -> str:
        return key_label(action)


def key_label(action: str) -> str:
    if action.startswith(TONE_PREFIX):
        return TONE_LABELS[action.removeprefix(TONE_PREFIX)]
    if action.startswith(LAYOUT_PREFIX):
        return LAYOUTS[action.removeprefix(LAYOUT_PREFIX)].name
    return action.upper()


class OnScreenKeyboard(BoxLayout):
    text = StringProperty("")
    layout = StringProperty("latin")
    max_length = NumericProperty(60)
    max_height = NumericProperty(0)  # the room the screen has for it (0: no limit)
    target = NumericProperty(100)  # the full touch-target height, from the theme
    min_row_height = NumericProperty(60)  # never smaller than this: fingers need the size
    key_size = NumericProperty(40)  # the letters' font size: a row is never shorter than they need
    wide = BooleanProperty(True)  # False with large text: the edit keys take two rows
    row_height = NumericProperty(100)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._build()
        self.bind(layout=lambda *_: self._build(), wide=lambda *_: self._build())
        self.bind(max_height=self._fit_rows, target=self._fit_rows, spacing=self._fit_rows,
                  key_size=self._fit_rows)

    def _fit_rows(self, *_args) -> None:
        """Rows as tall as a full target, or shorter when they must fit — but never shorter
        than the minimum target or than the key letters need (large text scrolls instead)."""
        rows = len(self.children) or 1
        height = max(self.target, self.key_size * 1.7)
        if self.max_height > 0:
            height = min(height, (self.max_height - self.spacing * (rows - 1)) / rows)
        self.row_height = max(self.min_row_height, self.key_size * 1.7, height)

    def _build(self) -> None:
        self.clear_widgets()
        layout = LAYOUTS[self.layout]
        widest = max(len(row) for row in layout.rows)
        for row in layout.rows:
            self.add_widget(self._letter_row(row, widest))
        if layout.tones:
            self.add_widget(self._row([*MODIFIED_KEYS, *(TONE_PREFIX + t for t in TONE_MARKS)]))
        for row in self._edit_rows():
            self.add_widget(row)
        self._fit_rows()

    def _letter_row(self, letters: str, widest: int) -> BoxLayout:
        row = KeyRow()
        side = (widest - len(letters)) / 2
        if side:
            row.add_widget(Widget(size_hint_x=side))
        for letter in letters:
            row.add_widget(self._key(letter))
        if side:
            row.add_widget(Widget(size_hint_x=side))
        return row

    def _row(self, actions: list[str]) -> BoxLayout:
        row = KeyRow()
        for action in actions:
            row.add_widget(self._key(action))
        return row

    def _edit_rows(self) -> list[BoxLayout]:
        """Space, Delete, Clear and the layout keys: one row, or two with large text."""
        edits = [(SPACE, 2.6), (BACKSPACE, 2), (CLEAR, 2)]
        layouts = [(LAYOUT_PREFIX + name, 1.6) for name in LAYOUTS]
        groups = [edits + layouts] if self.wide else [edits, layouts]
        rows = []
        for group in groups:
            row = KeyRow()
            for action, width in group:
                key = self._key(action)
                key.size_hint_x = width
                key.selected = action == LAYOUT_PREFIX + self.layout
                row.add_widget(key)
            rows.append(row)
        return rows

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
        elif action.startswith(TONE_PREFIX):
            self.text = apply_tone_to_text(self.text, action.removeprefix(TONE_PREFIX))
        elif action.startswith(LAYOUT_PREFIX):
            self.layout = action.removeprefix(LAYOUT_PREFIX)
        else:
            self.type(action)

    def type(self, characters: str) -> None:
        if len(self.text) + len(characters) <= self.max_length:
            self.text += characters

    def key_for(self, action: str) -> KeyButton | None:
        return next(
            (w for w in self.walk() if isinstance(w, KeyButton) and w.action == action), None
        )


MODIFIED_KEYS = list("ăâđêôơư")


class KeyRow(BoxLayout):
    pass


load_kv_next_to(__file__)
