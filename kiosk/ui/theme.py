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

from dataclasses import asdict

from kivy.event import EventDispatcher
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    DictProperty,
    NumericProperty,
    StringProperty,
)

from kiosk.ui.palettes import (  # noqa: F401 - the theme's palettes, kept importable here
    BUTTON,
    BUTTON_PRESSED,
    BUTTON_TEXT,
    EDGE,
    HIGH_CONTRAST,
    HIGHLIGHT,
    INK,
    INK_SOFT,
    NOTICE,
    PALETTES,
    PANEL,
    PAPER,
    SELECTED,
    SELECTED_TEXT,
    STANDARD,
    TEXT_PAIRS,
    Colour,
    Palette,
    contrast_ratio,
    relative_luminance,
    rgba,
)

REFERENCE_HEIGHT = 1080
MIN_SCALE = 0.6
TEXT_SCALES = (1.0, 1.5, 2.0)


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
    accent = ColorProperty(STANDARD.edge)  # the museum's marks (site.yaml look: accent)
    site_look = DictProperty({})  # colour -> {palette name: "#RRGGBB"} (kiosk.content.look)

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
        self._use_site_colours()

    def use_site_look(self, accents: dict[str, dict[str, str]]) -> None:
        """The museum's colours, checked at build time against each palette's backgrounds:
        `accent` for marks, `accent_2` for the exhibition's name ("accent_text" role)."""
        self.site_look = accents
        self._use_site_colours()

    def _use_site_colours(self) -> None:
        name = self.palette.name
        accent = (self.site_look.get("accent") or {}).get(name)
        title = (self.site_look.get("accent_2") or {}).get(name)
        self.accent = rgba(accent) if accent else self.palette.edge
        colours = {role: getattr(self.palette, role)
                   for role in ("ink", "ink_soft", "button_text", "selected_text")}
        self.colours = {**colours, "accent_text": rgba(title) if title else self.palette.ink}

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
