"""What the screen really shows: the window's pixels, read back from OpenGL, and sampled.

Contrast is measured on the composited picture, not on declared colours alone: a label's
background is whatever ends up behind it (a panel, a button face, a notice), so the audit
takes the most common colour in the label's box, which for text is its background.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass
class Snapshot:
    """RGBA rows bottom-up (OpenGL's order, which is also Kivy's window coordinates)."""

    width: int
    height: int
    data: bytes

    @classmethod
    def of_window(cls) -> Snapshot:
        from kivy.core.window import Window
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels

        Window.dispatch("on_draw")  # draw now and read before any buffer swap
        width, height = Window.system_size
        data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        return cls(width, height, bytes(data))

    def pixel(self, x: float, y: float) -> RGB | None:
        xi, yi = int(x), int(y)
        if not (0 <= xi < self.width and 0 <= yi < self.height):
            return None
        at = (yi * self.width + xi) * 4
        return self.data[at], self.data[at + 1], self.data[at + 2]

    def samples(self, points: Iterable[tuple[float, float]]) -> Iterator[RGB]:
        for x, y in points:
            found = self.pixel(x, y)
            if found is not None:
                yield found


def grid(x: float, y: float, width: float, height: float, count: int = 12) -> list[tuple]:
    """About `count` × `count` points spread over a box."""
    step_x, step_y = max(1.0, width / count), max(1.0, height / count)
    points = []
    row = y + step_y / 2
    while row < y + height:
        column = x + step_x / 2
        while column < x + width:
            points.append((column, row))
            column += step_x
        row += step_y
    return points


def commonest(colours: Iterable[RGB]) -> RGB | None:
    counted = Counter(colours).most_common(1)
    return counted[0][0] if counted else None


def as_unit(colour: RGB) -> tuple[float, float, float]:
    return colour[0] / 255, colour[1] / 255, colour[2] / 255


def ring_points(x: float, y: float, width: float, height: float, offset: float,
                step: float = 12) -> list[tuple[float, float]]:
    """Points on a rectangle `offset` px outside the box (inside for negative offsets),
    along each side, keeping away from the rounded corners."""
    left, bottom = x - offset, y - offset
    right, top = x + width + offset, y + height + offset
    margin = max(16.0, abs(offset) + 12)
    points = []
    along = left + margin
    while along < right - margin:
        points += [(along, bottom), (along, top - 1)]
        along += step
    along = bottom + margin
    while along < top - margin:
        points += [(left, along), (right - 1, along)]
        along += step
    return points
