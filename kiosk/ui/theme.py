"""Colours and sizes of the kiosk, in one place, chosen for reading at arm's length.

Two palettes, chosen per visitor: the standard one (dark text on off-white, as the British
Dyslexia Association advises) and high contrast (white and yellow on black). In both, every
text pair is at least 7:1 (WCAG 1.4.6, AAA: kiosks stand in glare) and every control edge and
the focus ring at least 3:1 against what surrounds them (1.4.11); `Palette.text_pairs` and
`control_pairs` list them so tests and `kiosk audit` hold the palettes to that.

Sizes are pixels on a 1080-pixel-high screen and scale with the window's height, so the layout
keeps its proportions on a 1280x800 development window: body text 32 px, touch targets 100 px
high with 20 px between them, and never smaller than the site's `min_target_px` (44 reference
pixels at the configured viewing distance, WCAG2ICT). The visitor's text size (100, 150 or
200 %) multiplies running text; titles, already large, grow half as much. From 150 % on,
`wide` is False and screens lay out in one column, so text reflows instead of being clipped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from kivy.event import EventDispatcher
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    DictProperty,
    NumericProperty,
    StringProperty,
)

REFERENCE_HEIGHT = 1080
MIN_SCALE = 0.6
TEXT_SCALES = (1.0, 1.5, 2.0)
Colour = tuple[float, float, float, float]


def rgba(hex_colour: str, alpha: float = 1.0) -> Colour:
    hex_colour = hex_colour.lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


@dataclass(frozen=True)
class Palette:
    """The colour of each role on screen. Focus is two bands: `focus` outside, `focus_halo`
    inside, so the ring stands out both from the background and from the control it marks."""

    name: str
    paper: Colour  # screen background
    ink: Colour  # body text
    ink_soft: Colour  # secondary text (credits, labels of facts)
    panel: Colour  # cards and bars on the paper
    button: Colour
    button_pressed: Colour
    button_text: Colour
    selected: Colour  # the current choice: the face of a selected button
    selected_text: Colour
    notice: Colour  # the missing-translation notice behind ink
    edge: Colour  # outlines of cards and buttons (non-text contrast)
    highlight: Colour  # search matches and pressed tiles, behind ink
    focus: Colour
    focus_halo: Colour
    scrollbar: Colour
    edge_width: float = 1.5

    def text_pairs(self) -> dict[str, tuple[Colour, Colour]]:
        return {
            "body": (self.ink, self.paper),
            "secondary": (self.ink_soft, self.paper),
            "on_panel": (self.ink, self.panel),
            "secondary_on_panel": (self.ink_soft, self.panel),
            "button": (self.button_text, self.button),
            "button_pressed": (self.button_text, self.button_pressed),
            "selected": (self.selected_text, self.selected),
            "notice": (self.ink, self.notice),
            "highlight": (self.ink, self.highlight),
        }

    def control_pairs(self) -> dict[str, tuple[Colour, Colour]]:
        """Non-text pairs that must reach 3:1: control edges and the focus ring."""
        return {
            "edge_on_paper": (self.edge, self.paper),
            "edge_on_panel": (self.edge, self.panel),
            "focus_on_paper": (self.focus, self.paper),
            "focus_on_panel": (self.focus, self.panel),
            "scrollbar_on_paper": (self.scrollbar, self.paper),
        }

    def colours(self) -> dict[str, Colour]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if isinstance(getattr(self, f.name), tuple)}


STANDARD = Palette(
    name="standard",
    paper=rgba("#FAF7F0"),  # warm off-white
    ink=rgba("#1B1B1B"),
    ink_soft=rgba("#3D3D3D"),  # still >= 7:1 on paper and panel
    panel=rgba("#EDE7DA"),
    button=rgba("#1F3A5F"),  # deep blue
    button_pressed=rgba("#10223A"),
    button_text=rgba("#FFFFFF"),
    selected=rgba("#FFFFFF"),
    selected_text=rgba("#1F3A5F"),
    notice=rgba("#FFF0C2"),
    edge=rgba("#1F3A5F"),
    highlight=rgba("#FFE08A"),
    focus=rgba("#000000"),
    focus_halo=rgba("#FFB000"),  # amber between the control and the black band
    scrollbar=rgba("#3D3D3D"),
)

HIGH_CONTRAST = Palette(
    name="high_contrast",
    paper=rgba("#000000"),
    ink=rgba("#FFFFFF"),
    ink_soft=rgba("#E6E6E6"),
    panel=rgba("#161616"),
    button=rgba("#000000"),
    button_pressed=rgba("#333300"),
    button_text=rgba("#FFFF00"),
    selected=rgba("#FFFF00"),
    selected_text=rgba("#000000"),
    notice=rgba("#002B5C"),
    edge=rgba("#FFFF00"),
    highlight=rgba("#00337A"),
    focus=rgba("#00E5FF"),  # cyan: apart from the yellow of the controls
    focus_halo=rgba("#000000"),
    scrollbar=rgba("#FFFFFF"),
    edge_width=2.5,
)

PALETTES = {p.name: p for p in (STANDARD, HIGH_CONTRAST)}

# The standard palette as module constants, for kv files written before themes existed.
PAPER, INK, INK_SOFT, PANEL = STANDARD.paper, STANDARD.ink, STANDARD.ink_soft, STANDARD.panel
BUTTON, BUTTON_PRESSED, BUTTON_TEXT = STANDARD.button, STANDARD.button_pressed, STANDARD.button_text
SELECTED, SELECTED_TEXT, NOTICE = STANDARD.selected, STANDARD.selected_text, STANDARD.notice
EDGE, HIGHLIGHT = STANDARD.edge, STANDARD.highlight
TEXT_PAIRS = STANDARD.text_pairs()


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
    """Sizes in window pixels and the visitor's palette; kv binds to every property here."""

    scale = NumericProperty(1.0)
    text_scale = NumericProperty(1.0)  # the visitor's text size: 1.0, 1.5 or 2.0
    wide = BooleanProperty(True)  # room for two columns; False from 150 % text on
    dyslexic = BooleanProperty(False)  # the dyslexia-friendly reading style
    reduce_motion = BooleanProperty(False)
    reading_style = StringProperty("standard")  # "standard" | "dyslexic", for ScriptLabel
    min_target = NumericProperty(0)  # the site's minimum target side, in window pixels

    title = NumericProperty(60)  # screen titles
    heading = NumericProperty(44)
    body = NumericProperty(32)  # running text: >= 28 px at 1080 p
    small = NumericProperty(28)  # credits, page counters: still large
    key = NumericProperty(40)  # on-screen keyboard letters
    target = NumericProperty(100)  # height of every touch target
    gap = NumericProperty(20)  # space between touch targets
    margin = NumericProperty(40)  # screen edge to content
    nav_height = NumericProperty(130)  # bottom navigation bar, one row
    radius = NumericProperty(14)
    line_height = NumericProperty(1.4)  # running text; 1.6 in the dyslexia-friendly style
    measure = NumericProperty(10000)  # the longest line of running text, in pixels
    focus_width = NumericProperty(4)  # each of the focus ring's two bands, in pixels

    sizes = DictProperty({})  # text role -> font size, for labels' single font_size rule
    colours = DictProperty({})  # text colour role -> colour, for labels' single color rule
    palette_name = StringProperty("standard")
    edge_width = NumericProperty(1.5)
    paper = ColorProperty(STANDARD.paper)
    ink = ColorProperty(STANDARD.ink)
    ink_soft = ColorProperty(STANDARD.ink_soft)
    panel = ColorProperty(STANDARD.panel)
    button = ColorProperty(STANDARD.button)
    button_pressed = ColorProperty(STANDARD.button_pressed)
    button_text = ColorProperty(STANDARD.button_text)
    selected = ColorProperty(STANDARD.selected)
    selected_text = ColorProperty(STANDARD.selected_text)
    notice = ColorProperty(STANDARD.notice)
    edge = ColorProperty(STANDARD.edge)
    highlight = ColorProperty(STANDARD.highlight)
    focus = ColorProperty(STANDARD.focus)
    focus_halo = ColorProperty(STANDARD.focus_halo)
    scrollbar = ColorProperty(STANDARD.scrollbar)

    # (base size at 1080 p, how much of the visitor's text scale applies)
    _BASE = {
        "title": (60, 0.5),
        "heading": (44, 0.75),
        "body": (32, 1.0),
        "small": (28, 1.0),
        "key": (40, 0.5),
        "target": (100, 0.0),
        "gap": (20, 0.0),
        "margin": (40, 0.0),
        "nav_height": (130, 0.0),
        "radius": (14, 0.0),
    }

    def __init__(self, palette: Palette = STANDARD, **kwargs) -> None:
        super().__init__(**kwargs)
        self.palette = palette
        self._window_height = REFERENCE_HEIGHT
        self._min_target_panel_px = 0
        self._panel_height = REFERENCE_HEIGHT
        self.use_palette(palette)
        self._resize()

    def fit_window(self, width: float, height: float) -> None:
        """Sizes follow the window's height, or its width on a panel in portrait: a 1080 px
        wide portrait panel gets the sizes a 1080 px high landscape one does, not 1.8 times
        them (which broke every word of the navigation bar into letters)."""
        self._window_height = height
        self.scale = max(MIN_SCALE, min(height, width) / REFERENCE_HEIGHT)
        self._resize()

    def set_site_minimum(self, min_target_panel_px: int, panel_height_px: int) -> None:
        """The site's minimum target side in the panel's pixels (kiosk.toml [screen])."""
        self._min_target_panel_px = min_target_panel_px
        self._panel_height = panel_height_px or REFERENCE_HEIGHT
        self._resize()

    def set_text_scale(self, text_scale: float) -> None:
        self.text_scale = text_scale
        self.wide = text_scale < 1.5
        self._resize()

    def set_dyslexic(self, on: bool) -> None:
        self.dyslexic = on
        self.reading_style = "dyslexic" if on else "standard"
        self._resize()

    def use_palette(self, palette: Palette) -> None:
        self.palette = palette
        for name, colour in palette.colours().items():
            if hasattr(self, name):
                setattr(self, name, colour)
        self.edge_width = palette.edge_width
        self.palette_name = palette.name
        self.colours = {role: getattr(palette, role)
                        for role in ("ink", "ink_soft", "button_text", "selected_text")}

    def _resize(self) -> None:
        for name, (base, text_share) in self._BASE.items():
            factor = 1 + (self.text_scale - 1) * text_share
            setattr(self, name, round(base * self.scale * factor))
        site_minimum = self._min_target_panel_px * self._window_height / self._panel_height
        self.min_target = round(site_minimum + 0.49)
        self.target = max(self.target, self.min_target)
        self.line_height = 1.6 if self.dyslexic else 1.4
        # About 70 characters of running text a line in the dyslexia-friendly style (BDA
        # style guide); otherwise no limit beyond the layout's own.
        self.measure = self.body * 31 if self.dyslexic else 100000
        self.focus_width = max(3, round(4 * self.scale))
        self.sizes = {role: getattr(self, role) for role in ("title", "heading", "body", "small",
                                                             "key")}


def palette_as_hex(palette: Palette) -> dict[str, str]:
    """For docs and the audit's report: each role as #RRGGBB."""
    out = {}
    for name, value in asdict(palette).items():
        if isinstance(value, tuple):
            out[name] = "#" + "".join(f"{round(c * 255):02X}" for c in value[:3])
    return out
