"""'Take it with you': an item's public web address as a QR code, for the visitor's phone.

The kiosk is offline and never opens the address; the visitor's phone does, later. The code
is drawn at build time (kiosk/media/qr.py, 8 px a module). Here it is shown three touch
targets wide: 300 px on a 1080-pixel-high screen, about 74 mm on a 21.5" panel, twice the
35 mm a phone camera needs at arm's length. Its modules are scaled without smoothing, so
their edges stay sharp. The address is written out too, for a visitor without a camera,
broken into lines after its slashes and other separators (Kivy wraps only at spaces, and an
address has none).

Screens use `QRCard(qr=view.qr, url=view.url)`; where the item has no address (`qr` None)
the card takes no room and the keypad never stops on it.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.labels import ScriptCoreLabel, letter_spaced
from kiosk.ui.widgets import DescribedImage, TextBlock

ADDRESS_BREAKS = "/?&=#-_.~"  # a line may end after any of these


def address_lines(url: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`url` in lines no wider than `width` (by `measure`), each ending after a separator
    where one allows it, else wherever the width runs out."""
    pieces, start = [], 0
    for index, char in enumerate(url):
        if char in ADDRESS_BREAKS and not (char == "/" and url[index + 1:index + 2] == "/"):
            pieces.append(url[start:index + 1])
            start = index + 1
    if start < len(url):
        pieces.append(url[start:])
    lines: list[str] = []
    for piece in pieces:
        if lines and measure(lines[-1] + piece) <= width:
            lines[-1] += piece
            continue
        while len(piece) > 1 and measure(piece) > width:  # one piece longer than a line
            cut = 1
            while cut < len(piece) and measure(piece[:cut + 1]) <= width:
                cut += 1
            lines.append(piece[:cut])
            piece = piece[cut:]
        lines.append(piece)
    return lines


class AddressText(TextBlock):
    """A web address shown in full, in lines that fit; spoken as the one address it is."""

    address = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._refit = Clock.create_trigger(self._fit, -1)
        for name in ("address", "width", "font_size", "reading_style"):
            self.fbind(name, self._refit)

    def spoken_name(self) -> str:
        return self.speech_name or self.address

    def _fit(self, *_args) -> None:
        width = self.width - 4
        if not self.address or width <= 0:
            self.plain_text = self.address
            return
        measurer = ScriptCoreLabel(font_name=self.font_name, font_size=self.font_size)
        spaced = self.reading_style == "dyslexic"

        def measure(text: str) -> float:
            return measurer.get_extents(letter_spaced(text) if spaced else text)[0]

        self.plain_text = "\n".join(address_lines(self.address, width, measure))


class QRImage(DescribedImage):
    """The code itself: scaled with nearest-neighbour sampling, so modules keep hard edges."""

    def on_texture(self, _image, texture) -> None:
        if texture is not None:
            texture.mag_filter = "nearest"
            texture.min_filter = "nearest"


class QRCard(BoxLayout):
    """The heading "Take it with you", the code, what to do with it, and the address."""

    qr = ObjectProperty(None, allownone=True)  # path of the QR code's PNG; None: no address
    url = StringProperty("")
    shown = BooleanProperty(False)

    def on_qr(self, *_args) -> None:
        self.shown = bool(self.qr)


load_kv_next_to(__file__)
