"""Captions drawn by the kiosk's own text code, on a box that keeps them readable.

A caption is a `ScriptLabel` (labels.py): the font for its script, HarfBuzz shaping through
SDL_ttf, right-to-left where the script is, and, for Khmer, Thai, Lao and Chinese, line breaks
where ICU allows them. Its size is the visitor's text size (the theme's body size, a little
larger, so 200 % text gives 200 % captions). The box is opaque: white on near-black is 19:1
whatever the picture shows behind, above the 4.5:1 WCAG asks (a see-through box would make
the contrast depend on the frame). The box sits at the foot of the picture, inside it, so
it is never over the controls, which are below the picture.
"""

from __future__ import annotations

from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout

from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.labels import ScriptLabel
from kiosk.ui.theme import contrast_ratio

CAPTION_INK = (1.0, 1.0, 1.0, 1.0)
CAPTION_BOX = (0.04, 0.04, 0.04, 1.0)
CAPTION_SCALE = 1.15  # times the body size
MIN_CONTRAST = 4.5
assert contrast_ratio(CAPTION_INK, CAPTION_BOX) >= MIN_CONTRAST


class CaptionLabel(ScriptLabel):
    """White on the caption box in every palette: the widgets' one colour rule follows the
    palette's ink, which on this box would be dark on dark."""

    def texture_update(self, *args) -> None:
        if self._label is not None:
            self._label.options["color"] = CAPTION_INK
        super().texture_update(*args)


class CaptionArea(AnchorLayout):
    """The foot of the film's picture: the caption showing, if any, in its language."""

    text = StringProperty("")
    lang = StringProperty("")
    box_colour = ListProperty(CAPTION_BOX)
    scale = NumericProperty(CAPTION_SCALE)


load_kv_next_to(__file__)
