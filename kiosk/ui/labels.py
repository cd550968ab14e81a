"""Labels for visitor text in any script, and the reading styles they can be drawn in.

`ScriptLabel` exists because Kivy's SDL2 text provider has no font fallback and must be told
the script and direction of the text to shape Khmer, Lao, Thai and Arabic correctly.

The dyslexia-friendly style (British Dyslexia Association style guide; WCAG 1.4.12 spacing)
draws Latin, Cyrillic and Greek text in DejaVu Sans, a wide, open sans-serif with distinct
I, l and 1, and spaces the letters by 0.1 em with hair spaces, since SDL_ttf has no letter
spacing of its own. Other scripts keep their fonts: spacing inside Khmer or Thai clusters
would break their shaping. Line height and line length are the layout's (theme.py).
"""

from __future__ import annotations

from operator import itemgetter

from kivy.core.text import Label as CoreLabel
from kivy.core.text._text_sdl2 import _SurfaceContainer
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.label import Label
from kivy.utils import escape_markup

from kiosk.text.fonts import (
    FontChoice,
    find_font_file,
    font_charmap,
    font_for_script,
    font_runs,
    single_font_for,
)
from kiosk.text.linebreak import wrap
from kiosk.text.scripts import dominant_script, protect_ltr_runs, script_of

_KIVY_SCRIPT_NAMES = frozenset(Label.font_script_name.options)
# Scripts written without spaces between words, which Kivy would wrap only at the rare
# spaces (or inside a cluster): lines are broken where ICU's dictionaries allow instead.
# Scripts written without spaces between words, and the ICU locale whose line-break rules
# apply. Kivy alone would push a whole unspaced sentence to the next line and then cut it
# anywhere; Chinese and Japanese also have rules (no line starting with "，" or "。").
UNSPACED_SCRIPTS = {"Khmr": "km", "Thai": "th", "Laoo": "lo", "Mymr": "my",
                    "Hani": "zh", "Hira": "ja", "Kana": "ja"}


def _kivy_script_name(font: FontChoice) -> str:
    return font.kivy_script_name if font.kivy_script_name in _KIVY_SCRIPT_NAMES else "Zyyy"


EXTENTS_KEPT = 4_000  # measured words and lines, a screen or two of them: about 1 MB
_EXTENTS: dict[tuple, tuple[int, int]] = {}
# Widths of word runs added up from their words (see `_ScriptKeyedFontCache.get_extents`):
# (width, height, words joined).
_SUMMED: dict[tuple, tuple[int, int, int]] = {}
# How far a sum of word widths may fall short of the measured run: SDL_ttf rounds each
# measure to whole pixels and counts the overhang of a run's first and last letters. Over
# the UDHR in 16 languages at 18-72 px the sum fell short by at most 2 px a joined word
# (Korean); a run is measured whenever its sum comes this close to the line's end.
SUM_SLACK_PX = 6
SUM_SLACK_PER_WORD_PX = 3
# What a measure depends on: the options Kivy's font id is made of, and how the font is drawn.
_MEASURED_BY = itemgetter("font_size", "font_name_r", "bold", "italic", "underline",
                          "strikethrough", "font_script_name", "font_direction",
                          "outline_width", "font_hinting", "font_kerning")


class _ScriptKeyedFontCache:
    """Fixes two traps in Kivy 2.3's SDL2 text provider for mixed scripts and directions,
    and measures wrapped text in a fraction of Kivy's time.

    It opens one font object per file and size, and applies a label's script and direction
    to that shared object only when drawing. So the last label drawn decides how the next
    one is shaped (Latin text drawn right to left after an Arabic label), and a font
    measured before its first drawing is measured left to right (Arabic lines then come out
    too wide and right alignment is off by a word). Keying the font cache by script and
    direction, and drawing a space before measuring non-Latin text, avoids both.
    """

    sums_runs = False  # see `_fits_by_sum`: only where a run's width decides nothing else

    def _get_font_id(self):
        options = self.options
        return (
            f"{super()._get_font_id()}|{options.get('font_script_name')}"
            f"|{options.get('font_direction')}"
        )

    def _extents_key(self, text):
        return _MEASURED_BY(self.options), text

    def get_extents(self, text):
        """Measured once per font and text: Kivy measures every word of a label each time its
        width changes, and a new screen's labels are laid out several times in its first frame
        (15,000 measures, about 20 ms of each touch, before this cache).

        Wrapping a paragraph, Kivy measures the line so far after each word ("the", "the
        right", "the right to", ...), so a new paragraph cost a measure, 40-60 us of shaping,
        for nearly every word. Far from the end of the line, `_fits_by_sum` answers with the
        sum of its words instead, which cannot change where the line breaks."""
        extents = _EXTENTS.get(self._extents_key(text))
        if extents is None:
            extents = self._fits_by_sum(text) or self._measured(text)
        return extents

    def _measured(self, text):
        options = self.options
        if (
            options.get("font_script_name") not in ("Latn", "Zyyy")
            or options.get("font_direction") == "rtl"
        ):
            _SurfaceContainer(1, 1).render(self, " ", 0, 0)
        extents = super().get_extents(text)
        if len(_EXTENTS) >= EXTENTS_KEPT:
            _EXTENTS.clear()  # bounded; it refills with what is on screen
        _EXTENTS[self._extents_key(text)] = extents
        return extents

    def _fits_by_sum(self, text):
        """The sum of the words' widths, when even that sum plus its possible shortfall
        leaves room on the line; else None, and the run is measured.

        Only for plain text wrapped to a width and aligned left, where a run's width decides
        nothing but whether it fits: a centred, right-aligned, justified or shortened label
        places its lines by their widths, so it is always measured."""
        options = self.options
        width = (self.text_size or (None,))[0]
        if (not self.sums_runs or not width or " " not in text or options.get("halign") != "left"
                or options.get("shorten") or options.get("max_lines")):
            return None
        padding = options.get("padding") or (0, 0, 0, 0)
        room = width - padding[0] - padding[2]
        summed_width, height, words = self._summed(text)
        if summed_width + SUM_SLACK_PX + SUM_SLACK_PER_WORD_PX * words >= room:
            return None
        return summed_width, height

    def _summed(self, text):
        """(width, height, words joined) of `text`, summed from the longest run before one of
        its spaces that is known (mostly the one Kivy asked about just before) and the words
        after it."""
        cut = text.rfind(" ")
        known = self._known(text[:cut]) if cut > 0 else None
        if known is None:
            return self._summed_from_start(text)
        summed = self._joined(known, text[cut + 1:])
        self._keep_sum(text, summed)
        return summed

    def _keep_sum(self, text, summed):
        if len(_SUMMED) >= EXTENTS_KEPT:
            _SUMMED.clear()  # bounded, as the measures are
        _SUMMED[self._extents_key(text)] = summed

    def _known(self, text):
        key = self._extents_key(text)
        summed = _SUMMED.get(key)
        if summed is None and key in _EXTENTS:
            summed = (*_EXTENTS[key], 0)
        return summed

    def _joined(self, head, word):
        """`head` (width, height, words joined), a space, then `word` (maybe empty)."""
        space_width, space_height = self.get_extents(" ")
        word_width, word_height = self.get_extents(word) if word else (0, space_height)
        return (head[0] + space_width + word_width,
                max(head[1], space_height, word_height), head[2] + 1)

    def _summed_from_start(self, text):
        if text.startswith(" "):
            return (*self._measured(text), 0)  # a leading space: nothing to add up from
        words = text.split(" ")
        summed = (*self.get_extents(words[0]), 0)
        end = len(words[0])
        for word in words[1:]:
            summed = self._joined(summed, word)
            end += 1 + len(word)
            self._keep_sum(text[:end], summed)
        return summed


class ScriptCoreLabel(_ScriptKeyedFontCache, CoreLabel):
    """Kivy's plain-text renderer, with the font cache keyed by script."""

    sums_runs = True  # plain text: a line is one run, placed by its alignment alone


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


SPACED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek"})
HAIR_SPACE = "\u200a"  # about 0.1 em: WCAG 1.4.12 asks that text survive 0.12 em


def dyslexia_font() -> FontChoice | None:
    regular = find_font_file("DejaVuSans.ttf")
    if regular is None:
        return None
    return FontChoice(regular, "Latn", "ltr", find_font_file("DejaVuSans-Bold.ttf") or regular)


def letter_spaced(text: str) -> str:
    """A hair space between letters (not before combining marks, not around spaces)."""
    out: list[str] = []
    for char in text:
        if out and char.isalnum() and out[-1][-1:].isalnum() and script_of(char) != "Zinh":
            out.append(HAIR_SPACE)
        out.append(char)
    return "".join(out)


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
    reading_style = OptionProperty("standard", options=["standard", "dyslexic"])
    text_role = OptionProperty("body", options=["title", "heading", "body", "small", "key"])
    font_scale = NumericProperty(1.0)  # times the theme's size for `text_role`
    color_role = OptionProperty(
        "ink", options=["ink", "ink_soft", "button_text", "selected_text", "accent_text"]
    )
    decorative = BooleanProperty(False)  # says nothing a visitor needs (a bullet): not spoken
    highlights = ListProperty([])  # (start, end) spans of plain_text drawn bold and underlined
    lang = StringProperty("")  # BCP 47 tag of plain_text: picks regional Han forms (zh, ko)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in ("plain_text", "strong", "align", "reading_style", "highlights", "lang"):
            self.fbind(name, self._show_plain_text)
        for name in ("text_size", "font_size"):
            self.fbind(name, self._rewrap)
        self._show_plain_text()

    def _rewrap(self, *_args) -> None:
        if self.script in UNSPACED_SCRIPTS and not self.markup:
            self._show_plain_text()

    def _broken_into_lines(self, text: str) -> str:
        """Khmer, Thai, Lao, Chinese, Japanese: explicit line breaks where the language allows
        them (between words, or between characters but not before "，"), measured in this
        label's font."""
        width = self.text_size[0]
        locale = UNSPACED_SCRIPTS.get(self.script)
        if locale and self.lang and self.script in ("Hani", "Hira", "Kana"):
            locale = self.lang.split("-")[0]
        if not locale or not width or width <= 0 or not text:
            return text
        measurer = ScriptCoreLabel(font_name=self.font_name, font_size=self.font_size,
                                   font_script_name=self.font_script_name,
                                   font_direction=self.font_direction)
        return "\n".join(wrap(text, width - 2, lambda s: measurer.get_extents(s)[0], locale))

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
        main = font_for_script(self.script, self.lang)
        self.font_script_name = _kivy_script_name(main)
        self.font_direction = main.direction
        self.halign = _halign(self.align, main.direction)
        single = single_font_for(text, self.lang) if not self.highlights else None
        if single is not None:
            self.markup = False
            self.font_name = single.path_for(self.strong)
            self.text = protect_ltr_runs(text) if main.direction == "rtl" else text
            if self.script in UNSPACED_SCRIPTS:
                self.text = self._broken_into_lines(text)
            if self.reading_style == "dyslexic":
                self._use_dyslexia_friendly_font(text)
            return
        self.font_name = main.path_for(self.strong)
        self.markup = True
        marked = _marked_characters(len(text), self.highlights)
        pieces, offset = [], 0
        for run in font_runs(text, self.lang):
            body = "".join(
                f"[b][u]{escape_markup(part)}[/u][/b]" if is_marked else escape_markup(part)
                for part, is_marked in _split_marked(run.text, marked, offset))
            pieces.append(f"[font={run.font.path_for(self.strong)}]{body}[/font]")
            offset += len(run.text)
        self.text = "".join(pieces)

    def _use_dyslexia_friendly_font(self, text: str) -> None:
        font = dyslexia_font()
        if font is None or self.script not in SPACED_SCRIPTS:
            return
        charmap = font_charmap(font.path)
        if not all(ord(c) in charmap for c in text if c not in "\n\t"):
            return
        self.font_name = font.path_for(self.strong)
        self.text = letter_spaced(text)


def _marked_characters(length: int, spans) -> list[bool]:
    marked = [False] * length
    for start, end in spans:
        for index in range(max(0, start), min(length, end)):
            marked[index] = True
    return marked


def _split_marked(text: str, marked: list[bool], offset: int):
    """`text` (starting at `offset` of the whole) in pieces that are all marked or all not."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or marked[offset + index] != marked[offset + start]:
            yield text[start:index], marked[offset + start]
            start = index


def _halign(align: str, direction: str) -> str:
    if align == "center":
        return "center"
    start, end = ("right", "left") if direction == "rtl" else ("left", "right")
    return start if align == "start" else end



