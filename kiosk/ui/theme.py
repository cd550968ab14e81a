"""Colours and sizes of the kiosk, in one place, chosen for reading at arm's length.

Colours: dark text on off-white (and the reverse on buttons), every pair at least 7:1
(WCAG 1.4.6, AAA): kiosks stand in glare. Off-white rather than pure white, as the British
Dyslexia Association advises. `contrast_ratio` lets tests hold the palette to that.

Sizes are pixels on a 1080-pixel-high screen and scale with the window's height, so the
layout keeps its proportions on a 1280x800 development window: body text 32 px, touch targets
100 px high with 20 px between them (WCAG 2.5.5 asks for 44 reference px at least).
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import NumericProperty

REFERENCE_HEIGHT = 1080
MIN_SCALE = 0.6


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    hex_colour = hex_colour.lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


# Palette. Pairs used for text are listed in TEXT_PAIRS and kept at >= 7:1.
PAPER = rgba("#FAF7F0")  # screen background: warm off-white
INK = rgba("#1B1B1B")  # body text
INK_SOFT = rgba("#3D3D3D")  # secondary text (credits, subtitles): still >= 7:1 on PAPER
PANEL = rgba("#EDE7DA")  # cards and bars on the paper
BUTTON = rgba("#1F3A5F")  # button face: deep blue
BUTTON_PRESSED = rgba("#10223A")
BUTTON_TEXT = rgba("#FFFFFF")
SELECTED = rgba("#FFFFFF")  # the current choice (language): white face, blue text and edge
SELECTED_TEXT = rgba("#1F3A5F")
NOTICE = rgba("#FFF0C2")  # missing-translation notice: pale yellow, dark text
EDGE = rgba("#1F3A5F")  # outlines of cards and selected buttons (non-text, >= 3:1)
HIGHLIGHT = rgba("#FFE08A")  # search matches behind dark text

TEXT_PAIRS = {
    "body": (INK, PAPER),
    "secondary": (INK_SOFT, PAPER),
    "on_panel": (INK, PANEL),
    "secondary_on_panel": (INK_SOFT, PANEL),
    "button": (BUTTON_TEXT, BUTTON),
    "button_pressed": (BUTTON_TEXT, BUTTON_PRESSED),
    "selected": (SELECTED_TEXT, SELECTED),
    "notice": (INK, NOTICE),
    "highlight": (INK, HIGHLIGHT),
}


def relative_luminance(colour: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with components in 0..1."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: tuple[float, ...], background: tuple[float, ...]) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


class Theme(EventDispatcher):
    """Sizes in window pixels, updated when the window is resized; kv binds to them."""

    scale = NumericProperty(1.0)
    title = NumericProperty(60)  # screen titles
    heading = NumericProperty(44)
    body = NumericProperty(32)  # running text: >= 28 px at 1080 p
    small = NumericProperty(28)  # credits, page counters: still large
    key = NumericProperty(40)  # on-screen keyboard letters
    target = NumericProperty(100)  # height of every touch target
    gap = NumericProperty(20)  # space between touch targets
    margin = NumericProperty(40)  # screen edge to content
    nav_height = NumericProperty(130)  # bottom navigation bar
    radius = NumericProperty(14)

    _BASE = {
        "title": 60,
        "heading": 44,
        "body": 32,
        "small": 28,
        "key": 40,
        "target": 100,
        "gap": 20,
        "margin": 40,
        "nav_height": 130,
        "radius": 14,
    }

    def fit_window(self, _width: float, height: float) -> None:
        self.scale = max(MIN_SCALE, height / REFERENCE_HEIGHT)
        for name, base in self._BASE.items():
            setattr(self, name, round(base * self.scale))
