"""The kiosk's two palettes and WCAG contrast, without Kivy: the theme (kiosk.ui.theme) paints
with them, and `kiosk check` holds a museum's own colours (site.yaml `look:`) to the same
backgrounds without starting any of the interface.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields  # noqa: F401 - asdict for callers

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
