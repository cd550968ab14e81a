"""The zoom viewer: a picture a visitor can pinch, drag, double-tap, and zoom with buttons or keys.

With a Deep Zoom pyramid (`pyramid`, a catalog `ZoomView`) it draws the level that fits the
current scale, asks the loader only for the tiles on screen (centre first), and while they
arrive draws the coarser tiles it already has underneath: the one-tile level holding the
whole image is always there, so the picture never goes blank. Without a pyramid it draws the
display image (`source`), mipmapped, up to two screen pixels an image pixel.

Gestures (gestures.py): two fingers pinch about their centre and pan together; one finger drags, and glides
on after a flick, slowing to a stop (not with "reduce motion"); a double tap zooms in at the
finger, or back to the whole image when already at the largest zoom. While the whole image
shows, a quick horizontal swipe fires `on_swipe('left' | 'right')` (a document turns pages).

It is a `FocusStop` with the alt text as its name. With the focus on it and the image zoomed,
the keypad's arrows move the view and Back shows the whole image again (`keypad_action`);
`ZoomControls` gives the same as buttons. Zoom changes are said as "Zoom 200 %".
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, InstructionGroup, Rectangle
from kivy.logger import Logger
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.widget import Widget

from kiosk.media.tiles import PyramidInfo, level_for_scale, tile_grid, tile_path, visible_tiles
from kiosk.ui.focus import FocusStop
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.zoom.geometry import ViewState
from kiosk.ui.zoom.gestures import ZOOM_STEP, ZoomGestures
from kiosk.ui.zoom.loader import TileLoader

PAN_STEP = 0.4  # a pan button or arrow key moves the view by this share of the viewer
PAN_DIRECTIONS = {"left": (1, 0), "right": (-1, 0), "up": (0, -1), "down": (0, 1)}


def pyramid_info(zoom_view: Any) -> PyramidInfo:
    """The tiles module's description of a catalog `ZoomView` (format read from its .dzi)."""
    fmt = "jpg"
    overlap = 0
    try:
        import xml.etree.ElementTree as ET

        root = ET.parse(zoom_view.dzi).getroot()
        fmt = root.get("Format", fmt)
        overlap = int(root.get("Overlap", 0))
    except (OSError, ValueError, ET.ParseError) as problem:
        Logger.warning(f"Zoom: cannot read {zoom_view.dzi} ({problem}); assuming jpg tiles")
    return PyramidInfo(zoom_view.width, zoom_view.height, zoom_view.levels, zoom_view.tile_size,
                       fmt, Path(zoom_view.dzi), overlap)


def whole_image_level(info: PyramidInfo) -> int:
    """The finest level that is a single tile: always loaded, so something is always drawn."""
    level = info.levels - 1
    while level > 0 and tile_grid(info, level) != (1, 1):
        level -= 1
    return level


class ZoomViewer(ZoomGestures, FocusStop, Widget):
    source = StringProperty("")  # the display-size image
    pyramid = ObjectProperty(None, allownone=True)  # a catalog ZoomView, or None
    role = StringProperty("image")
    describe = ObjectProperty(None, allownone=True)  # Enter: the long description
    scale = NumericProperty(1.0)  # 1 = the whole image fits
    max_scale = NumericProperty(1.0)
    zoomed = BooleanProperty(False)
    background = ColorProperty([0, 0, 0, 0])
    fully_drawn = BooleanProperty(False)  # every tile of the wanted level is on screen

    __events__ = ("on_swipe",)

    def __init__(self, **kwargs: Any) -> None:
        self.view = ViewState()
        self.info: PyramidInfo | None = None
        self.loader = TileLoader(self._tiles_arrived, mipmap=lambda key: key[0] == "image")
        self.level = 0
        self._touches: dict[Any, Any] = {}
        # where each finger is, in the coordinates of `pos`: a touch object carries those
        # only while it is being dispatched to this widget
        self._at: dict[Any, tuple[float, float]] = {}
        self._pinch: tuple[float, tuple[float, float]] | None = None
        self._last_tap: tuple[float, float, float] | None = None  # (time, x, y)
        self._samples: deque[tuple[float, float, float]] = deque(maxlen=32)
        self._velocity = (0.0, 0.0)
        self._glide: Any = None
        self._warned_missing = ""
        self._asleep = False  # released: draws and loads nothing until shown again
        self._group = InstructionGroup()
        self._redraw_trigger = Clock.create_trigger(self._redraw, -1)
        self._open_trigger = Clock.create_trigger(self._open_image, -1)
        # Just after opening or a change of size, tiles are asked for a frame after they are
        # drawn: by then the screen has its final layout, and no tile is read for a size the
        # viewer has only for a moment. Otherwise (zooming, panning) at once.
        self._requests: list = []
        self._settling = True
        self._request_trigger = Clock.create_trigger(self._request, 0)
        super().__init__(**kwargs)
        self.canvas.add(self._group)
        self.fbind("size", self._on_box)
        self.fbind("pos", self._redraw_trigger)

    # -- what is shown ----------------------------------------------------------------------

    def on_source(self, *_args: Any) -> None:
        self._new_image()

    def on_pyramid(self, *_args: Any) -> None:
        self._new_image()

    def _new_image(self) -> None:
        """A new picture starts whole; its tiles are looked up once the properties settle."""
        self._stop_glide()
        self._asleep = False
        self.view.set_image(0, 0)
        self.loader.clear()
        self._requests = []
        self.info = None
        self.fully_drawn = False
        self._sync()
        self._open_trigger()

    def _open_image(self, *_args: Any) -> None:
        self._settling = True
        if self.pyramid is not None:
            self.info = pyramid_info(self.pyramid)
            self.view.set_image(self.info.width, self.info.height)
        elif self.source:
            self.view.set_image(*self._display_size(self.source))
        self.view.set_box(*self.size)
        self._sync()
        self._redraw()

    def _display_size(self, path: str) -> tuple[int, int]:
        from PIL import Image

        try:
            with Image.open(path) as image:
                return image.size
        except Exception as problem:  # noqa: BLE001 - a missing picture is drawn as nothing
            if self._warned_missing != path:
                Logger.warning(f"Zoom: cannot read {path}: {problem}")
                self._warned_missing = path
            return 0, 0

    def _on_box(self, *_args: Any) -> None:
        self._settling = True
        self.view.set_box(*self.size)
        self._sync()
        self._redraw_trigger()

    def _sync(self) -> None:
        """Copy the view's state to the properties kv and the controls bind to."""
        self.scale = self.view.zoom
        self.max_scale = self.view.max_zoom if self.view.has_image else 1.0
        self.zoomed = self.view.zoomed

    def _tiles_arrived(self) -> None:
        self._redraw_trigger()

    # -- the public actions -----------------------------------------------------------------

    def reset(self) -> None:
        """Back to the whole image, at once."""
        self._stop_glide()
        self.view.reset()
        self.view.clamp()
        self._changed()

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def zoom_by(self, factor: float, centre: tuple[float, float] | None = None) -> None:
        """Zoom by `factor` about `centre` (window coordinates; the viewer's middle if None)."""
        self._zoom_about(factor, None if centre is None else self.to_widget(*centre))

    def _zoom_about(self, factor: float, local: tuple[float, float] | None) -> None:
        """Zoom about a point given as touches give it: in the coordinates of `pos`."""
        self._stop_glide()
        self.view.zoom_by(factor, None if local is None else (local[0] - self.x,
                                                              local[1] - self.y))
        self._changed()

    def release(self) -> None:
        """The visitor left: back to the whole image, and its textures freed (they are read
        again if the viewer is shown again)."""
        self.reset()
        self._asleep = True
        self.loader.clear()
        self._requests = []
        self._redraw_trigger()

    def wake(self) -> None:
        """Shown again after `release`: read the tiles on screen again."""
        self._asleep = False
        self._redraw_trigger()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) screen pixels, as a finger would drag it."""
        self.view.pan_by(dx, dy)
        self._changed()

    def pan_step(self, direction: str) -> None:
        """Look further 'left', 'right', 'up' or 'down' by part of the viewer's size."""
        sx, sy = PAN_DIRECTIONS[direction]
        self._stop_glide()
        self.pan_by(sx * self.width * PAN_STEP, sy * self.height * PAN_STEP)

    def zoom_text(self) -> str:
        return _("Zoom {percent} %", percent=round(self.view.zoom * 100))

    def on_swipe(self, _direction: str) -> None:
        pass

    def _changed(self) -> None:
        self._sync()
        self.fully_drawn = False  # until the next redraw has looked
        self._redraw_trigger()

    # -- keypad and speech ------------------------------------------------------------------

    def keypad_action(self, action: str) -> bool:
        """With the focus here and the image zoomed: arrows move the view, Back shows the
        whole image. Otherwise the keys do what they always do (True: handled here)."""
        if not self.focused or not self.zoomed:
            return False
        if action in PAN_DIRECTIONS:
            self.pan_step(action)
            return True
        if action == "back":
            self.reset()
            self._say(_("Whole image"))
            return True
        return False

    def spoken_details(self) -> str:
        if not self.zoomed:
            return ""
        return self.zoom_text() + ". " + _(
            "The arrow keys move the picture; Back shows the whole image.")

    def activate(self) -> bool:
        if self.describe is None:
            return False
        self.describe()
        return True

    def _say(self, text: str) -> None:
        app = App.get_running_app()
        narrator = getattr(app, "narrator", None)
        if narrator is not None:
            from kiosk.ui import spoken

            narrator.say([spoken.ui(text)])

    # -- drawing ----------------------------------------------------------------------------

    def _redraw(self, *_args: Any) -> None:
        group = self._group
        group.clear()
        view = self.view
        if self._asleep or not view.has_image or self.width <= 1 or self.height <= 1:
            self.fully_drawn = False
            return
        group.add(Color(1, 1, 1, 1))
        if self.info is None:
            self._draw_display_image(group)
        else:
            self._draw_tiles(group, self.info)

    def _draw_display_image(self, group: InstructionGroup) -> None:
        key = ("image", self.source)
        texture = self.loader.texture(key)
        self._want([(key, self.source)])
        if texture is None:
            self.fully_drawn = self.loader.failed(key)
            return
        self._add_clipped(group, texture, 0, 0, self.view.image_width, self.view.image_height)
        self.fully_drawn = True

    def _draw_tiles(self, group: InstructionGroup, info: PyramidInfo) -> None:
        view = self.view
        base = whole_image_level(info)
        self.level = max(base, level_for_scale(info, view.scale))
        viewport = view.viewport()
        wanted = self._centre_first(visible_tiles(info, self.level, viewport))
        drawn = {tile for tile in wanted if self.loader.texture(self._key(self.level, tile))}
        for level in range(base, self.level):  # coarser placeholders, only where needed
            for col, row in visible_tiles(info, level, viewport):
                if self._covered(level, col, row, wanted, drawn):
                    continue
                self._draw_tile(group, info, level, col, row)
        for col, row in wanted:
            self._draw_tile(group, info, self.level, col, row)
        self._want([(self._key(level, tile), str(tile_path(info, level, *tile)))
                    for level, tile in [(base, (0, 0))] + [(self.level, t) for t in wanted]])
        self.fully_drawn = all(tile in drawn or self.loader.failed(self._key(self.level, tile))
                               for tile in wanted)

    def _want(self, requests: list) -> None:
        self._requests = requests
        if self._settling:
            self._request_trigger()
        else:
            self.loader.want(requests)

    def _request(self, *_args: Any) -> None:
        self._settling = False
        self.loader.want(self._requests)

    def _key(self, level: int, tile: tuple[int, int]) -> tuple:
        return (self.pyramid.dzi if self.pyramid is not None else "", level, *tile)

    def _covered(self, level: int, col: int, row: int, wanted: list, drawn: set) -> bool:
        """Every wanted finer tile under this coarser one is drawn already."""
        span = 2 ** (self.level - level)
        under = [(c, r) for c, r in wanted
                 if col * span <= c < (col + 1) * span and row * span <= r < (row + 1) * span]
        return all(tile in drawn for tile in under)

    def _centre_first(self, tiles: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if self.info is None:
            return tiles
        factor = 2 ** (self.info.levels - 1 - self.level) * self.info.tile_size
        cx, cy = self.view.centre_x / factor - 0.5, self.view.centre_y / factor - 0.5
        return sorted(tiles, key=lambda t: (t[0] - cx) ** 2 + (t[1] - cy) ** 2)

    def _draw_tile(self, group: InstructionGroup, info: PyramidInfo, level: int, col: int,
                   row: int) -> None:
        texture = self.loader.texture(self._key(level, (col, row)))
        if texture is None:
            return
        factor = 2 ** (info.levels - 1 - level)
        span = info.tile_size * factor
        x0, y0 = col * span, row * span
        x1, y1 = min(info.width, x0 + span), min(info.height, y0 + span)
        if info.overlap:
            texture = self._core(texture, info, level, col, row)
        self._add_clipped(group, texture, x0, y0, x1, y1)

    def _add_clipped(self, group: InstructionGroup, texture: Any, x0: float, y0: float,
                     x1: float, y1: float) -> None:
        """Draw image area (x0, y0)-(x1, y1) with `texture`, cut to the viewer's box by
        arithmetic (texture coordinates), not by a stencil: software OpenGL fills every
        pixel of a stencil pass too, and the viewer often covers the whole screen."""
        left, top = self._to_canvas(x0, y0)
        right, bottom = self._to_canvas(x1, y1)
        if right <= left or top <= bottom:
            return
        box_left, box_bottom = round(self.x), round(self.y)
        box_right, box_top = round(self.right), round(self.top)
        cut_left, cut_right = max(left, box_left), min(right, box_right)
        cut_bottom, cut_top = max(bottom, box_bottom), min(top, box_top)
        if cut_right <= cut_left or cut_top <= cut_bottom:
            return
        (u, v), (du, dv) = texture.uvpos, texture.uvsize
        u0 = u + du * (cut_left - left) / (right - left)
        u1 = u + du * (cut_right - left) / (right - left)
        v0 = v + dv * (cut_bottom - bottom) / (top - bottom)
        v1 = v + dv * (cut_top - bottom) / (top - bottom)
        group.add(Rectangle(texture=texture, pos=(cut_left, cut_bottom),
                            size=(cut_right - cut_left, cut_top - cut_bottom),
                            tex_coords=(u0, v0, u1, v0, u1, v1, u0, v1)))

    def _core(self, texture: Any, info: PyramidInfo, level: int, col: int, row: int) -> Any:
        """The part of a tile with overlap that is its own (bottom row first in textures)."""
        from kiosk.media.tiles import level_size

        width, height = level_size(info, level)
        left = info.overlap if col > 0 else 0
        top = info.overlap if row > 0 else 0
        core_w = min(info.tile_size, width - col * info.tile_size)
        core_h = min(info.tile_size, height - row * info.tile_size)
        return texture.get_region(left, texture.height - top - core_h, core_w, core_h)

    def _to_canvas(self, image_x: float, image_y: float) -> tuple[float, float]:
        """Whole pixels: neighbouring tiles share their edges exactly (no seams, no gaps)."""
        box_x, box_y = self.view.to_box(image_x, image_y)
        return round(self.x + box_x), round(self.y + box_y)


load_kv_next_to(__file__)
