"""Rounded panels and their edges, drawn with small triangles.

Kivy's RoundedRectangle is a fan of long, thin triangles from the centre to the rim, and its
Line with a width strokes each of a rounded rectangle's 120 segments with a joint of its
own. In Mesa's software renderer (llvmpipe, what the kiosks run) every triangle is binned
into every 64-pixel tile it crosses, so the fan costs as much as three plain rectangles and
the stroke more (bench: 20 of each at 400 x 100, 0.5 ms and 0.8 ms a frame apiece; touch →
frame is frame-bound). These draw the same shapes from a cross of three rectangles and a
small fan in each corner, and the edge as one strip of quads, so that each triangle stays
inside a corner or along an edge.

They take the properties of the instructions they stand in for, so a `.kv` rule names
`RoundedFill` where it named `RoundedRectangle`, and `RoundedEdge` where it named `Line`
with `rounded_rectangle`; only one radius for all four corners.
"""

from __future__ import annotations

import math
from functools import cache

from kivy.factory import Factory
from kivy.graphics import Mesh

MIN_SEGMENTS = 6
MAX_SEGMENTS = 24
PIXELS_PER_SEGMENT = 1.5  # along the arc's radius: at 1080p a corner stays round


def _segments(radius: float) -> int:
    return max(MIN_SEGMENTS, min(MAX_SEGMENTS, math.ceil(radius / PIXELS_PER_SEGMENT)))


def _radius_of(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    first = value[0] if value else 0.0
    return float(first[0] if isinstance(first, (tuple, list)) else first)


# Each corner: its centre as fractions of (width, height), the direction inward by the
# radius, and the quarter its arc turns through; counter-clockwise from the bottom-left.
_CORNERS = (
    ((0, 0), (1, 1), 2),   # bottom-left: 180-270 degrees
    ((1, 0), (-1, 1), 3),  # bottom-right: 270-360
    ((1, 1), (-1, -1), 0),  # top-right: 0-90
    ((0, 1), (1, -1), 1),  # top-left: 90-180
)


@cache
def _unit_corners(segments: int) -> tuple[tuple[tuple[float, float], ...], ...]:
    """For each corner in `_CORNERS`, its arc's unit vectors, both ends included."""
    return tuple(tuple((math.cos((quarter + k / segments) * math.pi / 2),
                        math.sin((quarter + k / segments) * math.pi / 2))
                       for k in range(segments + 1))
                 for _centre, _inward, quarter in _CORNERS)


def rounded_outline(x: float, y: float, width: float, height: float, radius: float,
                    segments: int | None = None) -> list[tuple[float, float]]:
    """The rim of a rounded rectangle, counter-clockwise from the bottom-left corner's arc,
    each corner's arc with both of its ends, `segments` to a corner (by default as many as
    its radius needs)."""
    radius = max(0.0, min(radius, width / 2, height / 2))
    rim: list[tuple[float, float]] = []
    for ((fx, fy), (ix, iy), _quarter), arc in zip(
            _CORNERS, _unit_corners(segments or _segments(radius)), strict=True):
        cx, cy = x + fx * width + ix * radius, y + fy * height + iy * radius
        rim += [(cx + radius * c, cy + radius * s) for c, s in arc]
    return rim


Triangles = tuple[list[float], list[int]]  # vertices (x, y, u, v) and triangles' indices


@cache
def _panel_indices(corner: int) -> tuple[int, ...]:
    """The triangles of a panel whose rim has `corner` points to a corner, followed by the
    four corner centres."""
    bl, br, tr, tl = range(4 * corner, 4 * corner + 4)
    # The cross: a full-height column between the arcs, and a strip down each side between
    # the side's corner centres and the rim.
    indices = [corner - 1, corner, 3 * corner - 1, corner - 1, 3 * corner - 1, 3 * corner,
               0, bl, tl, 0, tl, 4 * corner - 1,
               2 * corner - 1, 2 * corner, tr, 2 * corner - 1, tr, br]
    for k, centre in enumerate((bl, br, tr, tl)):  # each corner's fan from its own centre
        first = k * corner
        for i in range(first, first + corner - 1):
            indices += (centre, i, i + 1)
    return tuple(indices)


@cache
def _band_indices(count: int) -> tuple[int, ...]:
    """A closed strip of quads between two rims of `count` points, interleaved."""
    indices: list[int] = []
    for i in range(count):
        j = (i + 1) % count
        indices += (2 * i, 2 * j, 2 * j + 1, 2 * i, 2 * j + 1, 2 * i + 1)
    return tuple(indices)


def panel_triangles(x: float, y: float, width: float, height: float, radius: float) -> Triangles:
    """A filled rounded rectangle: a cross of three rectangles and a fan in each corner."""
    if width <= 0 or height <= 0:
        return [], []
    rim = rounded_outline(x, y, width, height, radius)
    radius = max(0.0, min(radius, width / 2, height / 2))
    rim += [(x + fx * width + ix * radius, y + fy * height + iy * radius)
            for (fx, fy), (ix, iy), _quarter in _CORNERS]  # the corner centres
    vertices = [value for px, py in rim for value in (px, py, 0.0, 0.0)]
    return vertices, list(_panel_indices((len(rim) - 4) // 4))


def edge_triangles(x: float, y: float, width: float, height: float, radius: float,
                   stroke: float) -> Triangles:
    """The band `stroke` either side of a rounded rectangle's outline, as one strip of quads
    between the outline grown by `stroke` and the outline shrunk by it."""
    if width <= 0 or height <= 0 or stroke <= 0:
        return [], []
    radius = max(0.0, min(radius, width / 2, height / 2))
    grown = (x - stroke, y - stroke, width + 2 * stroke, height + 2 * stroke, radius + stroke)
    inner_w, inner_h = width - 2 * stroke, height - 2 * stroke
    if inner_w <= 0 or inner_h <= 0:  # a stroke wider than the shape: all of it filled
        return panel_triangles(*grown)
    # Both rims with the outer one's segments, each inner point at the same angle as its
    # outer one: every quad between them is convex, and none overlaps the next.
    segments = _segments(radius + stroke)
    outer = rounded_outline(*grown, segments=segments)
    inner = rounded_outline(x + stroke, y + stroke, inner_w, inner_h,
                            max(0.0, radius - stroke), segments=segments)
    vertices = [value for (ox, oy), (ix, iy) in zip(outer, inner, strict=True)
                for value in (ox, oy, 0.0, 0.0, ix, iy, 0.0, 0.0)]
    return vertices, list(_band_indices(len(outer)))


class _Redraws:
    """A shape's property, stored as `convert` makes it; setting a new value rebuilds the
    shape's triangles (kv sets each property as its expression changes)."""

    def __init__(self, convert, shown=None) -> None:
        self.convert, self.shown = convert, shown or (lambda value: value)

    def __set_name__(self, owner, name) -> None:
        self.slot = "_" + name

    def __get__(self, shape, owner=None):
        return self if shape is None else self.shown(getattr(shape, self.slot))

    def __set__(self, shape, value) -> None:
        value = self.convert(value)
        if value != getattr(shape, self.slot, None):
            setattr(shape, self.slot, value)
            if getattr(shape, "_ready", False):
                shape.vertices, shape.indices = shape.triangles()


class _Shape(Mesh):
    defaults: dict = {}

    def __init__(self, **kwargs) -> None:
        self._ready = False
        for name, default in self.defaults.items():
            setattr(self, name, kwargs.pop(name, default))
        super().__init__(mode="triangles", **kwargs)
        self._ready = True
        self.vertices, self.indices = self.triangles()

    def triangles(self) -> Triangles:
        raise NotImplementedError


class RoundedFill(_Shape):
    """A filled rounded rectangle: `pos`, `size`, `radius` as RoundedRectangle's."""

    pos = _Redraws(tuple)
    size = _Redraws(tuple)
    radius = _Redraws(_radius_of, shown=lambda radius: [radius])
    defaults = {"pos": (0, 0), "size": (100, 100), "radius": 0}

    def triangles(self) -> Triangles:
        return panel_triangles(*self._pos, *self._size, self._radius)


class RoundedEdge(_Shape):
    """A rounded rectangle's edge: `rounded_rectangle` (x, y, width, height, radius) and
    `width` as Line's, the stroke `width` either side of the outline."""

    rounded_rectangle = _Redraws(lambda outline: (tuple(outline) + (0,))[:5])
    width = _Redraws(float)
    defaults = {"rounded_rectangle": (0, 0, 100, 100, 0), "width": 1.0}

    def triangles(self) -> Triangles:
        return edge_triangles(*self._rounded_rectangle, self._width)


Factory.register("RoundedFill", cls=RoundedFill)
Factory.register("RoundedEdge", cls=RoundedEdge)
