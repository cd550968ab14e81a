"""Wrapping a paragraph measures its words, not every line-so-far (kiosk/ui/labels.py).

Kivy wraps text by measuring the line after each word it adds; each measure is a HarfBuzz
shaping of the whole line, 40-60 us in Vietnamese. The kiosk adds up the words' widths
instead while the line is clearly short of the edge. A curator's paragraph must break into
exactly the same lines as Kivy would break it, in every script, size and width.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kivy.core.text.text_sdl2 import LabelSDL2

from kiosk.text.fonts import font_for_script
from kiosk.text.scripts import dominant_script
from kiosk.ui import labels
from kiosk.ui.labels import ScriptCoreLabel

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _paragraphs() -> list[str]:
    """Every line of text in the sample exhibition's items, front matter included: UDHR
    Article 1 in 16 languages and scripts, and the treaty summaries."""
    found: list[str] = []
    for page in sorted(CONTENT.glob("items/*/*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"^[a-z_]+: ", "", line).strip(" '\"")
            if text.count(" ") >= 3 and not text.startswith(("#", "-", "|")):
                found.append(text)
    return sorted(set(found))


PARAGRAPHS = _paragraphs()


class Measures:
    """Counts Kivy's own measures (each one a shaping of the run by SDL_ttf)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        kivy_measure = LabelSDL2.get_extents

        def counted(label, text):
            self.count += 1
            return kivy_measure(label, text)

        monkeypatch.setattr(LabelSDL2, "get_extents", counted)


def _wrapped(text: str, size: float, width: int, bold: bool, by_words: bool,
             halign: str = "left") -> list[tuple[str, int]]:
    """The lines (text, width) of `text` laid out as a TextBlock lays out its text."""
    labels._EXTENTS.clear()  # neither way may reuse what the other measured
    labels._SUMMED.clear()
    font = font_for_script(dominant_script(text))
    label = ScriptCoreLabel(text=text, font_name=font.path_for(bold), font_size=size,
                            text_size=(width, None), halign=halign, padding=(0, 0, 0, 0),
                            font_script_name=labels._kivy_script_name(font),
                            font_direction=font.direction)
    label.sums_runs = by_words
    label.render()
    return [(line.words[0].text if line.words else "", line.w) for line in label._cached_lines]


def test_the_sample_exhibition_has_paragraphs_in_many_scripts():
    scripts = {dominant_script(text) for text in PARAGRAPHS}
    assert len(PARAGRAPHS) > 100
    assert {"Latn", "Khmr", "Thai", "Laoo", "Cyrl", "Hani", "Tavt"} <= scripts


@pytest.mark.parametrize("size,width,bold", [(18, 300, False), (31, 700, False),
                                             (44, 517, True), (72, 1100, False)])
def test_every_paragraph_breaks_into_the_same_lines_as_kivy_breaks_it(size, width, bold):
    for text in PARAGRAPHS:
        if font_for_script(dominant_script(text)).direction == "rtl":
            continue  # right-aligned: measured run by run (below)
        ours = _wrapped(text, size, width, bold, by_words=True)
        kivys = _wrapped(text, size, width, bold, by_words=False)
        assert [line for line, _w in ours] == [line for line, _w in kivys], text


def test_a_vietnamese_paragraph_is_measured_less_than_half_as_often(monkeypatch):
    measures = Measures(monkeypatch)
    text = " ".join(t for t in PARAGRAPHS if dominant_script(t) == "Latn" and "ệ" in t)[:1500]
    _wrapped(text, 31, 700, False, by_words=False)
    kivys = measures.count
    measures.count = 0
    _wrapped(text, 31, 700, False, by_words=True)
    assert measures.count < kivys / 2, (measures.count, kivys)


@pytest.mark.parametrize("halign", ["center", "right", "justify"])
def test_lines_placed_by_their_width_are_measured_whole(halign):
    """A centred or right-aligned line is placed by its width: that width must be the
    measured one, so these labels never add words up."""
    for text in PARAGRAPHS:
        if font_for_script(dominant_script(text)).direction == "rtl":
            continue
        ours = _wrapped(text, 31, 517, False, by_words=True, halign=halign)
        kivys = _wrapped(text, 31, 517, False, by_words=False, halign=halign)
        assert ours == kivys, text
