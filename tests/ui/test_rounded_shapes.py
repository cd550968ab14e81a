"""Panels and edges drawn with small triangles (kiosk/ui/shapes.py) look like Kivy's own.

The kiosk draws its buttons, tiles and focus rings with `RoundedFill` and `RoundedEdge`
because Kivy's RoundedRectangle and wide Line cost llvmpipe several times more per frame.
A visitor must not see the swap: the same pixels, no gaps, no seams, no missing corner.
"""

from __future__ import annotations

import math

import pytest
from kivy.graphics import ClearBuffers, ClearColor, Color, Fbo, Line, RoundedRectangle

from kiosk.ui.shapes import (
    RoundedEdge,
    RoundedFill,
    _segments,
    edge_triangles,
    panel_triangles,
    rounded_outline,
)

# (width, height, radius, edge width): a tile, a button, a pill, a nearly square corner, a
# stroke wider than the radius
SHAPES = [(300, 120, 12, 2.5), (220, 80, 18, 1.5), (240, 60, 30, 2), (160, 40, 3, 4),
          (100, 50, 25, 3)]


def _triangle_area(vertices: list[float], indices: list[int]) -> float:
    area = 0.0
    for i in range(0, len(indices), 3):
        (ax, ay), (bx, by), (cx, cy) = (
            (vertices[4 * k], vertices[4 * k + 1]) for k in indices[i:i + 3])
        area += abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2
    return area


def _polygon_area(points: list[tuple[float, float]]) -> float:
    """The shoelace formula."""
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(ax * by - bx * ay for (ax, ay), (bx, by) in pairs)) / 2


def _rounded_area(width: float, height: float, radius: float, segments: int) -> float:
    """A rounded rectangle whose corners are polygons of `segments` sides per quarter."""
    quarter_polygon = segments * radius * radius * math.sin(math.pi / 2 / segments) / 2
    return width * height - 4 * (radius * radius - quarter_polygon)


@pytest.mark.parametrize("width,height,radius,_stroke", SHAPES)
def test_a_panel_covers_its_rounded_rectangle_once(width, height, radius, _stroke):
    vertices, indices = panel_triangles(10, 20, width, height, radius)
    expected = _rounded_area(width, height, min(radius, height / 2), _segments(radius))
    # No triangle overlaps another and none is missing: the areas add up exactly.
    assert _triangle_area(vertices, indices) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("width,height,radius,stroke", SHAPES)
def test_an_edge_is_the_band_between_the_outline_grown_and_shrunk_by_its_width(
        width, height, radius, stroke):
    edge = edge_triangles(10, 20, width, height, radius, stroke)
    outer = panel_triangles(10 - stroke, 20 - stroke, width + 2 * stroke,
                            height + 2 * stroke, radius + stroke)
    inner_outline = rounded_outline(10 + stroke, 20 + stroke, width - 2 * stroke,
                                    height - 2 * stroke, max(0, radius - stroke),
                                    segments=_segments(radius + stroke))
    inner = _polygon_area(inner_outline)
    band = _triangle_area(*outer) - inner
    assert _triangle_area(*edge) == pytest.approx(band, rel=1e-9)


def test_an_empty_panel_draws_nothing_and_a_moved_one_moves_every_point():
    assert panel_triangles(0, 0, 0, 40, 8) == ([], [])
    assert edge_triangles(0, 0, 100, 40, 8, 0) == ([], [])
    here, _ = panel_triangles(0, 0, 100, 40, 8)
    there, _ = panel_triangles(5, 7, 100, 40, 8)
    shifts = {(round(there[i] - here[i], 9), round(there[i + 1] - here[i + 1], 9))
              for i in range(0, len(here), 4)}
    assert shifts == {(5, 7)}


def _render(draw, size=(1300, 200)) -> bytes:
    fbo = Fbo(size=size)
    with fbo:
        ClearColor(1, 1, 1, 1)
        ClearBuffers()
        draw()
    fbo.draw()
    return fbo.pixels


def test_the_kiosk_panels_show_the_same_pixels_as_kivys_own(kiosk):
    """Rendered by the real GL (llvmpipe under Xvfb), side by side."""

    def panels(fill, edge):
        def draw():
            x = 10.3  # no rim exactly on a pixel's centre, where rounding may go either way
            for width, height, radius, stroke in SHAPES:
                Color(0.2, 0.4, 0.7, 1)
                fill(pos=(x, 20.3), size=(width, height), radius=[radius])
                Color(0, 0, 0, 1)
                edge(rounded_rectangle=(x, 20.3, width, height, radius), width=stroke)
                x += width + 20
        return draw

    theirs = _render(panels(RoundedRectangle, Line))
    ours = _render(panels(RoundedFill, RoundedEdge))
    pixels = len(ours) // 4
    differing = sum(1 for i in range(0, len(ours), 4) if ours[i:i + 3] != theirs[i:i + 3])
    inked = sum(1 for i in range(0, len(ours), 4) if ours[i:i + 3] != b"\xff\xff\xff")
    assert inked > 0.25 * pixels  # the shapes were drawn at all
    # Only single pixels on a curve, where the two round a rim point differently.
    assert differing < 0.001 * pixels, f"{differing} of {pixels} pixels differ"

