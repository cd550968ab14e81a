"""Widgets every screen uses: text that picks its own font, buttons, tiles, blocks of text.

`ScriptLabel` exists because Kivy's SDL2 text provider has no font fallback and must be told
the script and direction of the text to shape Khmer, Lao, Thai and Arabic correctly. All
buttons are `KioskButton` or `ItemTile`, so keypad focus can later be added in one place.
"""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.core.text._text_sdl2 import _SurfaceContainer
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.utils import escape_markup

from kiosk.text.fonts import FontChoice, font_for_script, font_runs, single_font_for
from kiosk.text.scripts import dominant_script, protect_ltr_runs
from kiosk.ui.kv import load_kv_next_to

_KIVY_SCRIPT_NAMES = frozenset(Label.font_script_name.options)


def _kivy_script_name(font: FontChoice) -> str:
    return font.kivy_script_name if font.kivy_script_name in _KIVY_SCRIPT_NAMES else "Zyyy"


class _ScriptKeyedFontCache:
    """Fixes two traps in Kivy 2.3's SDL2 text provider for mixed scripts and directions.

    It opens one font object per file and size, and applies a label's script and direction
    to that shared object only when drawing. So the last label drawn decides how the next
    one is shaped (Latin text drawn right to left after an Arabic label), and a font
    measured before its first drawing is measured left to right (Arabic lines then come out
    too wide and right alignment is off by a word). Keying the font cache by script and
    direction, and drawing a space before measuring non-Latin text, avoids both.
    """

    def _get_font_id(self):
        options = self.options
        return (
            f"{super()._get_font_id()}|{options.get('font_script_name')}"
            f"|{options.get('font_direction')}"
        )

    def get_extents(self, text):
        if (
            self.options.get("font_script_name") not in ("Latn", "Zyyy")
            or self.options.get("font_direction") == "rtl"
        ):
            _SurfaceContainer(1, 1).render(self, " ", 0, 0)
        return super().get_extents(text)


class ScriptCoreLabel(_ScriptKeyedFontCache, CoreLabel):
    """Kivy's plain-text renderer, with the font cache keyed by script."""


class RunScriptMarkupLabel(_ScriptKeyedFontCache, CoreMarkupLabel):
    """Kivy's markup renderer, shaping each run in its own script and direction.

    Kivy applies one `font_script_name` to a whole label; a Khmer word inside a Vietnamese
    sentence ("Ngôn ngữ: ខ្មែរ") then comes out misshapen. The SDL2 provider reads the
    options at each measure and draw, and the font cache is keyed by script (above), so
    setting them per run is enough. Runs without letters (digits, spaces) go left to right.
    """

    def _use_run_script(self, text: str) -> None:
        script = dominant_script(text, default="")
        font = font_for_script(script) if script else None
        self.options["font_script_name"] = _kivy_script_name(font) if font else "Zyyy"
        self.options["font_direction"] = font.direction if font else "ltr"

    def get_extents(self, text):
        self._use_run_script(text)
        return super().get_extents(text)

    def _render_text(self, text, x, y):
        self._use_run_script(text)
        super()._render_text(text, x, y)


class ScriptLabel(Label):
    """A label for visitor text in any script: set `plain_text`, never `text`.

    It chooses the font, `font_script_name` and `font_direction` from the text's dominant
    script. When no single font has every character (digits inside Khmer, a Latin name inside
    Thai), it switches fonts per run with markup, escaping the text so that '[' in content
    is shown as typed, never interpreted.
    """

    plain_text = StringProperty("")
    strong = BooleanProperty(False)  # the script font's bold face, not synthetic bold
    align = OptionProperty("start", options=["start", "center", "end"])
    script = StringProperty("Latn")  # the detected script (ISO 15924), for tests and speech

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in ("plain_text", "strong", "align"):
            self.fbind(name, self._show_plain_text)
        self._show_plain_text()

    def _create_label(self):
        """As Label's, with the script-aware core labels above."""
        wanted = RunScriptMarkupLabel if self.markup else ScriptCoreLabel
        if type(self._label) is wanted:
            return
        options = {name: getattr(self, name) for name in self._font_properties}
        options["usersize"] = self.text_size
        if self.disabled:
            options["color"] = self.disabled_color
            options["outline_color"] = self.disabled_outline_color
        self._label = wanted(**options)

    def _show_plain_text(self, *_args) -> None:
        text = self.plain_text
        self.script = dominant_script(text)
        main = font_for_script(self.script)
        self.font_script_name = _kivy_script_name(main)
        self.font_direction = main.direction
        self.halign = _halign(self.align, main.direction)
        single = single_font_for(text)
        if single is not None:
            self.markup = False
            self.font_name = single.path_for(self.strong)
            self.text = protect_ltr_runs(text) if main.direction == "rtl" else text
            return
        self.font_name = main.path_for(self.strong)
        self.markup = True
        self.text = "".join(
            f"[font={run.font.path_for(self.strong)}]{escape_markup(run.text)}[/font]"
            for run in font_runs(text)
        )


def _halign(align: str, direction: str) -> str:
    if align == "center":
        return "center"
    start, end = ("right", "left") if direction == "rtl" else ("left", "right")
    return start if align == "start" else end


class TextBlock(ScriptLabel):
    """Running text: wraps to its width, as tall as its lines."""


class ScreenTitle(TextBlock):
    """The title at the top of a screen: large, bold, lines close together."""


class KioskButton(ButtonBehavior, ScriptLabel):
    """A large touch target with a text in any script; `selected` marks the current choice."""

    selected = BooleanProperty(False)
    value = ObjectProperty(None)  # what choosing this button means (a language tag, an id)


class ItemTile(ButtonBehavior, BoxLayout):
    """A card for an item: its title, and a line under it (abbreviation, kind, snippet)."""

    title = StringProperty("")
    subtitle = StringProperty("")
    item_id = StringProperty("")
    kind = StringProperty("")
    min_height = NumericProperty(0)  # set by TileGrid so a row's tiles are equally tall
    natural_height = NumericProperty(0)  # what its text needs


class TileGrid(GridLayout):
    """Tiles in rows of equal height, so the grid reads as rows however long each title is."""

    row_min_height = NumericProperty(0)

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        widget.fbind("natural_height", self._equalize)
        self._equalize()

    def on_row_min_height(self, *_args) -> None:
        self._equalize()

    def _equalize(self, *_args) -> None:
        tiles = [child for child in self.children if isinstance(child, ItemTile)]
        tallest = max((tile.natural_height for tile in tiles), default=0)
        for tile in tiles:
            tile.min_height = max(self.row_min_height, tallest)


class KioskScroll(ScrollView):
    """Vertical scrolling with a bar wide and dark enough to be seen (and dragged)."""


class BlockList(BoxLayout):
    """Headings, paragraphs and list items (`kiosk.catalog.views.Block`) as wrapped text."""

    blocks = ListProperty([])

    def on_blocks(self, *_args) -> None:
        self.clear_widgets()
        for block in self.blocks:
            if block.kind == "heading":
                self.add_widget(BlockHeading(plain_text=block.text))
            elif block.kind == "list_item":
                self.add_widget(BlockListItem(text_value=block.text, level=block.level))
            else:
                self.add_widget(TextBlock(plain_text=block.text))

    def shown_text(self) -> str:
        """All text shown, one block a line: what a test or a speech reader reads."""
        return "\n".join(block.text for block in self.blocks)


class BlockHeading(TextBlock):
    pass


class BlockListItem(BoxLayout):
    """A bullet and its text; two labels so the bullet's font never forces markup."""

    text_value = StringProperty("")
    level = NumericProperty(0)


class LanguagePicker(BoxLayout):
    """One button per language, each named in its own language; the current one selected.

    `languages` is a list of (tag, own name). Choosing dispatches `on_choose(tag)`.
    """

    languages = ListProperty([])
    selected = StringProperty("")
    button_class = ObjectProperty(KioskButton)

    def __init__(self, **kwargs):
        self.register_event_type("on_choose")
        super().__init__(**kwargs)
        self.fbind("languages", self._rebuild)
        self.fbind("selected", self._mark_selected)

    def _rebuild(self, *_args) -> None:
        self.clear_widgets()
        for tag, name in self.languages:
            button = self.button_class(plain_text=name, value=tag)
            button.bind(on_release=self._choose)
            self.add_widget(button)
        self._mark_selected()

    def _mark_selected(self, *_args) -> None:
        for button in self.children:
            button.selected = button.value == self.selected

    def button_for(self, tag: str) -> KioskButton | None:
        return next((b for b in self.children if b.value == tag), None)

    def _choose(self, button: KioskButton) -> None:
        self.dispatch("on_choose", button.value)

    def on_choose(self, tag: str) -> None:
        pass


class NavBar(BoxLayout):
    """Back, Home, Search and the languages, at the bottom where a seated visitor reaches."""


class TranslationNotice(ScriptLabel):
    """'Shown in English: not available in Khmer' — hidden when the translation exists."""


load_kv_next_to(__file__)
