"""Widgets every screen uses: text in any script, buttons, tiles, blocks of text, the nav bar.

Everything a visitor can use or read is a `FocusStop` (focus.py): the keypad moves to it,
speech names it, the focus ring is drawn around it. Text is `ScriptLabel` (labels.py), which
picks its own font per script. Buttons are `KioskButton` or `ItemTile`; they grow with their
text so nothing is clipped at 200 % text.
"""

from __future__ import annotations

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.ui.focus import FocusStop
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.labels import (  # noqa: F401 - re-exported: widgets is where screens look
    RunScriptMarkupLabel,
    ScriptCoreLabel,
    ScriptLabel,
    _kivy_script_name,
)

__all__ = [
    "BlockHeading", "BlockList", "BlockListItem", "Columns", "DescribedImage", "FitRow", "ItemTile",
    "KioskButton", "KioskScroll", "LanguagePicker", "NavBar", "ReadableLabel", "ScreenTitle",
    "ScriptLabel", "TextBlock", "TileGrid", "TranslationNotice",
]


class ReadableLabel(FocusStop, ScriptLabel):
    """Text a visitor reads: a focus stop, so it can be reached by keys and spoken."""

    role = StringProperty("text")


class TextBlock(ReadableLabel):
    """Running text: wraps to its width, as tall as its lines."""

    pad_top = NumericProperty(0)  # space above the first line (headings)


class ScreenTitle(TextBlock):
    """The title at the top of a screen: large, bold, lines close together."""

    role = StringProperty("heading")


class KioskButton(FocusStop, ButtonBehavior, ScriptLabel):
    """A large touch target with a text in any script; `selected` marks the current choice.

    It is as tall as the theme's target, or as its text needs when that wraps; `min_height`
    lets a row make its buttons equally tall.
    """

    role = StringProperty("button")
    selected = BooleanProperty(False)
    value = ObjectProperty(None)  # what choosing this button means (a language tag, an id)
    natural_height = NumericProperty(0)
    min_height = NumericProperty(0)


class ItemTile(FocusStop, ButtonBehavior, BoxLayout):
    """A card for an item: its title, and a line under it (abbreviation, kind, snippet)."""

    role = StringProperty("button")
    title = StringProperty("")
    subtitle = StringProperty("")
    subtitle_highlights = ListProperty([])  # spans of `subtitle` to emphasise (search matches)
    item_id = StringProperty("")
    kind = StringProperty("")
    min_height = NumericProperty(0)  # set by TileGrid so a row's tiles are equally tall
    natural_height = NumericProperty(0)  # what its text needs
    thumbnail = StringProperty("")  # its item's picture (kiosk.ui.tile_picture); "" for none

    def spoken_name(self) -> str:
        return self.speech_name or self.title

    def spoken_details(self) -> str:
        """The subtitle, in the interface language, said after the title."""
        return self.subtitle.replace(" · ", ", ").replace("\n", ". ")


class DescribedImage(FocusStop, Image):
    """An image with its text alternative: `speech_name` is the alt text; Enter (or a double
    tap in audio mode) calls `describe` for the long description."""

    role = StringProperty("image")
    describe = ObjectProperty(None, allownone=True)

    def activate(self) -> bool:
        if self.describe is None:
            return False
        self.describe()
        return True


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


class FitRow(BoxLayout):
    """A row of buttons as tall as its tallest one, each made that tall too.

    Rows nest: a row inside a row reports its `natural_height` and takes its `min_height`.
    """

    natural_height = NumericProperty(0)
    min_height = NumericProperty(0)

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        if hasattr(widget, "natural_height"):
            widget.fbind("natural_height", self._fit)
        self._fit()

    def remove_widget(self, widget, *args, **kwargs):
        super().remove_widget(widget, *args, **kwargs)
        if hasattr(widget, "natural_height"):
            widget.funbind("natural_height", self._fit)
        self._fit()

    def on_min_height(self, *_args) -> None:
        self._fit()

    def _fit(self, *_args) -> None:
        fitted = [c for c in self.children if hasattr(c, "natural_height")]
        self.natural_height = max((c.natural_height for c in fitted), default=0)
        self.height = max(self.natural_height, self.min_height)
        for child in fitted:
            child.min_height = self.height


class Columns(BoxLayout):
    """Side by side while `wide` (there is room), one under the other otherwise (150 % text
    and up), each column top-aligned; as tall as the taller column (or both)."""

    wide = BooleanProperty(True)

    def add_widget(self, widget, *args, **kwargs):
        widget.pos_hint = {**widget.pos_hint, "top": 1}
        super().add_widget(widget, *args, **kwargs)


class KioskScroll(ScrollView):
    """Vertical scrolling only, with a bar wide and dark enough to be seen (and dragged)."""


class BlockList(BoxLayout):
    """Headings, paragraphs and list items (`kiosk.catalog.views.Block`) as wrapped text.

    `lang` is the language tag of the blocks, so speech reads them with the right voice.
    """

    blocks = ListProperty([])
    lang = StringProperty("")

    def on_blocks(self, *_args) -> None:
        self.clear_widgets()
        for block in self.blocks:
            if block.kind == "heading":
                self.add_widget(BlockHeading(plain_text=block.text, lang=self.lang))
            elif block.kind == "list_item":
                self.add_widget(
                    BlockListItem(text_value=block.text, level=block.level, lang=self.lang)
                )
            else:
                self.add_widget(TextBlock(plain_text=block.text, lang=self.lang))

    def shown_text(self) -> str:
        """All text shown, one block a line: what a test or a speech reader reads."""
        return "\n".join(block.text for block in self.blocks)


class BlockHeading(TextBlock):
    role = StringProperty("heading")


class BlockListItem(BoxLayout):
    """A bullet and its text; two labels so the bullet's font never forces markup."""

    text_value = StringProperty("")
    level = NumericProperty(0)
    lang = StringProperty("")


class LanguagePicker(FitRow):
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
            button = self.button_class(plain_text=name, value=tag, lang=tag)
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
    """Back, Home, Search, Options (and Within reach, where the panel hangs high) and the
    languages, at the bottom where a seated visitor reaches. One row while the text is small
    and every word fits its button; from 150 %, or on a narrow (portrait) window where a word
    would be broken between its letters, the languages get a row of their own."""

    wide = BooleanProperty(True)
    one_row = BooleanProperty(True)  # wide, and every label's longest word fits in one row
    reach_offered = BooleanProperty(False)
    hidden = BooleanProperty(False)  # on the attract screen
    # A reading screen (document, treaty, image) in landscape: where the languages would take
    # a row of their own, they fold into one button instead, so the page keeps the screen.
    reading = BooleanProperty(False)
    folded = BooleanProperty(False)  # the languages are one button now

    def on_kv_post(self, _base_widget) -> None:
        from kivy.app import App
        from kivy.clock import Clock

        # kv ids are weak: hold the parts that arrange() takes out of the tree
        self.parts = {name: self.ids[name].__self__ for name in
                      ("top_row", "bottom_row", "reach_button", "nav_spacer", "language_picker",
                       "language_button")}
        for name in ("one_row", "reach_offered", "reading"):
            self.fbind(name, self.arrange)
        self._fit_trigger = Clock.create_trigger(self._check_one_row, -1)
        for name in ("wide", "width", "reach_offered"):
            self.fbind(name, self._fit_trigger)
        self.parts["language_picker"].fbind("languages", self._fit_trigger)
        app = App.get_running_app()
        if app is not None:
            for name in ("scale", "text_scale", "dyslexic"):
                app.theme.fbind(name, self._fit_trigger)
            app.theme.fbind("text_scale", self._shrink_labels)
            app.fbind("language", self._fit_trigger)
        for name in ("padding", "spacing", "hidden"):
            self.fbind(name, self._fit_height)
        self.parts["top_row"].fbind("height", self._fit_height)
        self.parts["bottom_row"].fbind("height", self._fit_height)
        self.arrange()

    def on_touch_down(self, touch) -> bool:
        """Hidden (the attract screen), it takes no touch: its rows, folded to no height but
        still laid out at 200 % text, would otherwise swallow touches meant for the screen."""
        return False if self.hidden else super().on_touch_down(touch)

    def arrange(self, *_args) -> None:
        parts = self.parts
        top, bottom = parts["top_row"], parts["bottom_row"]
        for name in ("reach_button", "nav_spacer", "language_picker", "language_button",
                     "bottom_row"):
            if parts[name].parent is not None:
                parts[name].parent.remove_widget(parts[name])
        if self.reach_offered:
            top.add_widget(parts["reach_button"])
        self.folded = self.reading and not self.one_row
        if self.one_row:
            top.add_widget(parts["nav_spacer"])
            top.add_widget(parts["language_picker"])
        elif self.folded:
            top.add_widget(parts["language_button"])
        else:
            bottom.add_widget(parts["language_picker"])
            self.add_widget(bottom)
        self._shrink_labels()
        self._fit_height()

    def _shrink_labels(self, *_args) -> None:
        """Folded, the bar's labels stay at most at the 150 % size: at 200 % they would break
        into two lines each and the bar would take a quarter of the screen again (the page's
        own text keeps the visitor's size)."""
        from kivy.app import App

        app = App.get_running_app()
        scale = min(1.0, 1.5 / app.theme.text_scale) if self.folded and app else 1.0
        for button in self.parts["top_row"].children:
            if isinstance(button, KioskButton):
                button.font_scale = scale

    def choose_language(self) -> None:
        """The folded languages: the same choice, each language named and spoken in its own."""
        from kivy.app import App

        from kiosk.ui.dialogs import ChoiceDialog
        from kiosk.ui.i18n import translate

        app = App.get_running_app()
        own_name = dict(app.language_choices).get(app.language, app.language)
        title = translate("Language: {name}", app.language).format(name=own_name)
        dialog = ChoiceDialog(languages=True, title=title,
                              choices=list(app.language_choices), selected=app.language)
        dialog.bind(on_choose=lambda _dialog, tag: app.set_language(tag))
        dialog.open(animation=False)

    def _check_one_row(self, *_args) -> None:
        self.one_row = self.wide and self._words_fit_one_row()

    def _words_fit_one_row(self) -> bool:
        """Whether, all in one row, each button is as wide as its longest word (the row
        shares its width by the buttons' size hints: spacer 0.15, languages 2.6)."""
        from kivy.app import App
        from kivy.core.text import Label as CoreLabel

        parts = self.parts
        top = parts["top_row"]
        buttons = [b for b in reversed(top.children) if isinstance(b, KioskButton)]
        if self.reach_offered and parts["reach_button"] not in buttons:
            buttons.append(parts["reach_button"])
        languages = list(parts["language_picker"].children)
        spacing, picker_spacing = top.spacing, parts["language_picker"].spacing
        inner = self.width - self.padding[0] - self.padding[2]
        hints = len(buttons) + parts["nav_spacer"].size_hint_x + parts["language_picker"].size_hint_x
        unit = (inner - spacing * (len(buttons) + 1)) / hints
        picker = unit * parts["language_picker"].size_hint_x
        language_share = (picker - picker_spacing * (len(languages) - 1)) / max(1, len(languages))

        gap = App.get_running_app().theme.gap  # a button's text is `gap` narrower than it

        def need(button) -> float:
            words = (button.plain_text or "").split() or [""]
            measure = CoreLabel(font_name=button.font_name, font_size=button.font_size,
                                bold=button.bold).get_extents
            return max(measure(word)[0] for word in words) + gap

        return all(need(b) <= unit for b in buttons) and all(
            need(b) <= language_share for b in languages)

    def _fit_height(self, *_args) -> None:
        rows = list(self.children)
        self.height = 0 if self.hidden else (
            sum(r.height for r in rows) + self.spacing * (len(rows) - 1)
            + self.padding[1] + self.padding[3])


class TranslationNotice(ReadableLabel):
    """'Shown in English: not available in Khmer' — hidden when the translation exists."""

    role = StringProperty("notice")


class ReachGap(BoxLayout):
    """The part of the screen above the visitor's reach, in reach mode: a note, no controls."""


class Spacer(Widget):
    pass


load_kv_next_to(__file__)
