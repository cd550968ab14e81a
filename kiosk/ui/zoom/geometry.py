"""Where the zoom viewer looks: pure arithmetic, no Kivy, so it can be reasoned about alone.

Image coordinates are the full-size image's pixels, y downwards (as Deep Zoom tiles count
rows); box coordinates are the viewer's own pixels, y upwards (as Kivy draws). `zoom` 1 is
"the whole image fits"; the largest zoom shows one image pixel as `MAX_PIXEL_SCALE` screen
pixels, and never less than `MIN_MAX_ZOOM` so that a small picture can still be enlarged.
Every change is clamped: where the image is smaller than the box it is centred, elsewhere
its edges never come inside the box, so the picture cannot be lost off screen.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PIXEL_SCALE = 2.0  # at the largest zoom, one image pixel is this many screen pixels
MIN_MAX_ZOOM = 2.0  # a small image can still be enlarged this much beyond "fits"
ZOOM_EPSILON = 1e-3  # below 1 + this, the view counts as "whole image"


@dataclass
class ViewState:
    image_width: float = 0.0
    image_height: float = 0.0
    box_width: float = 1.0
    box_height: float = 1.0
    zoom: float = 1.0
    centre_x: float = 0.0  # image pixels, the point shown in the middle of the box
    centre_y: float = 0.0

    @property
    def has_image(self) -> bool:
        return self.image_width > 0 and self.image_height > 0

    @property
    def fit_scale(self) -> float:
        """Screen pixels per image pixel when the whole image fits the box."""
        if not self.has_image:
            return 1.0
        return max(1e-9, min(self.box_width / self.image_width,
                             self.box_height / self.image_height))

    @property
    def scale(self) -> float:
        """Screen pixels per image pixel now."""
        return self.fit_scale * self.zoom

    @property
    def max_zoom(self) -> float:
        return max(MIN_MAX_ZOOM, MAX_PIXEL_SCALE / self.fit_scale)

    @property
    def zoomed(self) -> bool:
        return self.zoom > 1 + ZOOM_EPSILON

    def set_image(self, width: float, height: float) -> None:
        self.image_width, self.image_height = float(width), float(height)
        self.reset()

    def set_box(self, width: float, height: float) -> None:
        """A new box size keeps the zoom and the point in the middle."""
        self.box_width, self.box_height = max(1.0, float(width)), max(1.0, float(height))
        self.clamp()

    def reset(self) -> None:
        self.zoom = 1.0
        self.centre_x, self.centre_y = self.image_width / 2, self.image_height / 2

    def viewport(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the box, in image pixels."""
        scale = self.scale
        width, height = self.box_width / scale, self.box_height / scale
        return self.centre_x - width / 2, self.centre_y - height / 2, width, height

    def to_box(self, image_x: float, image_y: float) -> tuple[float, float]:
        scale = self.scale
        return (self.box_width / 2 + (image_x - self.centre_x) * scale,
                self.box_height / 2 - (image_y - self.centre_y) * scale)

    def to_image(self, box_x: float, box_y: float) -> tuple[float, float]:
        scale = self.scale
        return (self.centre_x + (box_x - self.box_width / 2) / scale,
                self.centre_y - (box_y - self.box_height / 2) / scale)

    def zoom_by(self, factor: float, about: tuple[float, float] | None = None) -> None:
        """Multiply the zoom by `factor`, keeping the image point under `about` (box
        pixels; the middle of the box by default) where it is."""
        if not self.has_image or not factor > 0:
            return
        box_x, box_y = about if about is not None else (self.box_width / 2, self.box_height / 2)
        image_x, image_y = self.to_image(box_x, box_y)
        self.zoom = min(self.max_zoom, max(1.0, self.zoom * factor))
        scale = self.scale
        self.centre_x = image_x - (box_x - self.box_width / 2) / scale
        self.centre_y = image_y + (box_y - self.box_height / 2) / scale
        self.clamp()

    def pan_by(self, dx: float, dy: float) -> tuple[float, float]:
        """Move the image by (dx, dy) box pixels, as a finger drags it (y upwards); returns
        how far it really moved, less where an edge stopped it."""
        before = self.centre_x, self.centre_y
        scale = self.scale
        self.centre_x -= dx / scale
        self.centre_y += dy / scale
        self.clamp()
        return ((before[0] - self.centre_x) * scale, (self.centre_y - before[1]) * scale)

    def clamp(self) -> None:
        if not self.has_image:
            return
        self.zoom = min(self.max_zoom, max(1.0, self.zoom))
        _x, _y, width, height = self.viewport()
        self.centre_x = _clamp_axis(self.centre_x, width, self.image_width)
        self.centre_y = _clamp_axis(self.centre_y, height, self.image_height)


def _clamp_axis(centre: float, shown: float, size: float) -> float:
    if shown >= size:
        return size / 2
    return min(size - shown / 2, max(shown / 2, centre))
