"""The rules `kiosk audit` holds every screen to, checked on the widgets and pixels shown.

Each rule names its source: text contrast (WCAG 1.4.3/1.4.6: 4.5:1, 7:1 in the high-contrast
palette), control contrast (1.4.11: 3:1 at the control's edge), target size in millimetres
(2.5.5 via WCAG2ICT: 44 reference px at the site's viewing distance, never under 9 mm) with
space between targets (2.5.8), clipped or overlapping text (1.4.4, 1.4.10, 1.4.12), a spoken
name for everything shown (EN 301 549 5.1.3.6), reach (ADA 308) in reach mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from kiosk.a11y.pixels import Snapshot, as_unit, commonest, grid, ring_points
from kiosk.ui.focus import FocusStop, stops_covering
from kiosk.ui.theme import contrast_ratio

Box = tuple[float, float, float, float]  # x, y, width, height in window pixels
MIN_GAP_MM = 1.0


@dataclass(frozen=True)
class Violation:
    rule: str  # text-contrast, control-contrast, target-size, target-spacing, clipped-text,
    #            overlapping-text, no-spoken-name, unreachable, focus-trap, focus-visible,
    #            reach
    state: str  # where the walk was: "vi 100% standard: treaty icerd"
    path: str  # the widget: "TreatyScreen/KioskScroll/BoxLayout/TextBlock#treaty_title"
    message: str

    def format(self) -> str:
        return f"{self.state}: {self.path}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Geometry:
    """How window pixels map to the panel and the floor (kiosk.toml [screen])."""

    mm_per_px: float
    min_target_mm: float
    min_text_contrast: float = 4.5
    reach_px: tuple[float, float] | None = None  # reachable window rows in reach mode
    bottom_mm: float = 0.0  # floor to the window's bottom edge
    mm_per_row: float = 0.0  # height gained per window row (a tilted panel gains less)

    def floor_mm(self, y: float) -> float:
        return self.bottom_mm + y * self.mm_per_row


def widget_path(widget: Any) -> str:
    parts = []
    node = widget
    while node is not None and node is not node.parent and type(node).__name__ != "KioskRoot":
        name = type(node).__name__
        owner = node.parent
        while owner is not None and owner is not owner.parent:
            found = next((k for k, v in getattr(owner, "ids", {}).items() if v == node), None)
            if found:
                name += f"#{found}"
                break
            owner = owner.parent
        parts.append(name)
        if type(node).__name__.endswith("Screen") or type(node).__name__.endswith("Dialog"):
            break
        node = node.parent
    return "/".join(reversed(parts))


def window_box(widget: Any) -> Box:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def intersect(a: Box, b: Box) -> Box | None:
    x, y = max(a[0], b[0]), max(a[1], b[1])
    right, top = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (x, y, right - x, top - y) if right > x and top > y else None


def shown(roots: list[Any], window: Box) -> Iterator[tuple[Any, Box]]:
    """(widget, its visible area) for every widget drawn under `roots`, scrolled-out ones
    and hidden ones left out."""

    def visit(widget: Any, clip: Box, opacity: float) -> Iterator[tuple[Any, Box]]:
        opacity *= widget.opacity
        if opacity <= 0.01 or widget.width <= 0 or widget.height <= 0:
            return
        visible = intersect(window_box(widget), clip)
        if visible is None and not isinstance(widget, ScrollView):
            if not widget.children:
                return
        if visible is not None:
            yield widget, visible
        inner = visible if isinstance(widget, ScrollView) and visible else clip
        for child in reversed(widget.children):
            yield from visit(child, inner, opacity)

    for root in roots:
        yield from visit(root, window, 1.0)


def text_box(label: Label) -> Box:
    """Where the label's texture is drawn: centred in the widget (Kivy's Label rule)."""
    x, y, width, height = window_box(label)
    tw, th = label.texture_size
    return x + (width - tw) / 2, y + (height - th) / 2, tw, th


def _shown(label: Any) -> str:
    return (getattr(label, "plain_text", "") or label.text)[:40]


def is_target(widget: Any) -> bool:
    return isinstance(widget, ButtonBehavior) and not widget.disabled


def has_name(text: str) -> bool:
    return any(c.isalnum() for c in text)


def check_state(state: str, roots: list[Any], snapshot: Snapshot, geometry: Geometry) -> list:
    window = (0, 0, snapshot.width, snapshot.height)
    widgets = list(shown(roots, window))
    labels = [(w, box) for w, box in widgets if isinstance(w, Label) and w.text.strip()]
    targets = [(w, box) for w, box in widgets if is_target(w)]
    found: list[Violation] = []
    found += _text_contrast(state, labels, snapshot, geometry)
    found += _clipped_and_overlapping(state, labels, window)
    found += _targets(state, targets, snapshot, geometry)
    found += _spoken_names(state, widgets)
    return found


def _text_contrast(state: str, labels: list, snapshot: Snapshot, geometry: Geometry) -> list:
    found = []
    for label, clip in labels:
        if label.disabled or label.color[3] < 0.99:
            continue
        box = intersect(text_box(label), clip)
        if box is None or box[2] < 12 or box[3] < 12:
            continue  # a sliver at the edge of a scroll view: checked when scrolled to
        background = commonest(snapshot.samples(grid(box[0] + 1, box[1] + 1, box[2] - 2,
                                                     box[3] - 2)))
        if background is None:
            continue
        ratio = contrast_ratio(label.color, as_unit(background))
        if ratio < geometry.min_text_contrast - 0.005:
            found.append(Violation(
                "text-contrast", state, widget_path(label),
                f"text contrast {ratio:.2f}:1 against its background "
                f"#{''.join(f'{c:02X}' for c in background)}; needs "
                f"{geometry.min_text_contrast:g}:1 ({_shown(label)!r})"))
    return found


def _clipped_and_overlapping(state: str, labels: list, window: Box) -> list:
    found = []
    boxes = []
    for label, clip in labels:
        tw, th = label.texture_size
        overflow = tw > label.width + 1 or (th > label.height + _leading(label) + 1
                                           and not label.shorten)
        drawn = text_box(label)
        horizontal_clip = drawn[0] < clip[0] - 1 or drawn[0] + drawn[2] > clip[0] + clip[2] + 1
        if overflow or horizontal_clip:
            found.append(Violation(
                "clipped-text", state, widget_path(label),
                f"text {tw:.0f} × {th:.0f} px does not fit its {label.width:.0f} × "
                f"{label.height:.0f} px box ({_shown(label)!r})"))
        visible = intersect(drawn, clip)
        if visible is not None:
            boxes.append((label, visible))
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1:]:
            overlap = intersect(a, b)
            if overlap is None or overlap[2] < 2 or overlap[3] < 2:
                continue
            if _related(first, second):
                continue
            found.append(Violation(
                "overlapping-text", state, widget_path(first),
                f"text overlaps {widget_path(second)} by {overlap[2]:.0f} × {overlap[3]:.0f} px"))
    return found


def _leading(label: Label) -> float:
    """The blank space line_height adds above the lines: it may overhang without cutting ink."""
    lines = max(1, len(getattr(label._label, "_cached_lines", ()) or ()))
    return max(0.0, label.line_height - 1) * label.font_size * lines


def _related(a: Any, b: Any) -> bool:
    return _is_ancestor(a, b) or _is_ancestor(b, a)


def _is_ancestor(ancestor: Any, widget: Any) -> bool:
    node = widget.parent
    while node is not None and node is not node.parent:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _targets(state: str, targets: list, snapshot: Snapshot, geometry: Geometry) -> list:
    found = []
    min_px = geometry.min_target_mm / geometry.mm_per_px
    for target, _clip in targets:
        width, height = target.width, target.height
        if width < min_px - 0.5 or height < min_px - 0.5:
            found.append(Violation(
                "target-size", state, widget_path(target),
                f"target {width:.0f} × {height:.0f} px is {width * geometry.mm_per_px:.1f} × "
                f"{height * geometry.mm_per_px:.1f} mm; at least {geometry.min_target_mm:.1f} mm "
                f"a side ({min_px:.0f} px)"))
        found += _control_contrast(state, target, _clip, snapshot)
        if geometry.reach_px is not None:
            found += _reach(state, target, _clip, geometry)
    gap_px = MIN_GAP_MM / geometry.mm_per_px
    boxes = targets  # the parts on screen: a tile scrolled half under the nav bar is not there
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1:]:
            grown = (a[0] - gap_px + 0.5, a[1] - gap_px + 0.5, a[2] + 2 * gap_px - 1,
                     a[3] + 2 * gap_px - 1)
            if intersect(grown, b) is not None:
                found.append(Violation(
                    "target-spacing", state, widget_path(first),
                    f"less than {MIN_GAP_MM:g} mm from {widget_path(second)}"))
    return found


def _within(points: list, box: Box, grow: float = 0) -> list:
    x, y, width, height = box
    return [(px, py) for px, py in points
            if x - grow <= px <= x + width + grow and y - grow <= py <= y + height + grow]


def _control_contrast(state: str, target: Any, clip: Box, snapshot: Snapshot) -> list:
    """The control's edge (its outline, or its face) against what is just outside it, on
    the part of it that is on screen. Outside means 8 px out: past a thick outline."""
    box = window_box(target)
    outer_points = _within(ring_points(*box, offset=8), clip, grow=10)
    if len(outer_points) < 8:
        return []
    outside = commonest(snapshot.samples(outer_points))
    if outside is None:
        return []
    best = 0.0
    for inset in (1, 2, 3, 5):
        inside = commonest(snapshot.samples(_within(ring_points(*box, offset=-inset), clip)))
        if inside is not None:
            best = max(best, contrast_ratio(as_unit(inside), as_unit(outside)))
    if best >= 3.0 - 0.005:
        return []
    return [Violation("control-contrast", state, widget_path(target),
                      f"the control's edge is {best:.2f}:1 against its surroundings; needs 3:1")]


def _reach(state: str, target: Any, visible: Box, geometry: Geometry) -> list:
    _x, y, _w, height = visible  # the part on screen: what a hand can touch
    low, high = geometry.reach_px or (0, 0)
    if y >= low - 0.5 and y + height <= high + 0.5:
        return []
    return [Violation(
        "reach", state, widget_path(target),
        f"control at {geometry.floor_mm(y):.0f}–{geometry.floor_mm(y + height):.0f} mm from "
        "the floor; within reach is 380–1220 mm (ADA 308)")]


def _spoken_names(state: str, widgets: list) -> list:
    found = []
    for widget, _clip in widgets:
        path = widget_path(widget)
        if isinstance(widget, FocusStop):
            if widget.focusable and not has_name(widget.spoken_name()) and not _empty(widget):
                found.append(Violation("no-spoken-name", state, path,
                                       "a focus stop with no spoken name"))
            continue
        if is_target(widget):
            found.append(Violation("no-spoken-name", state, path,
                                   "a control that keys cannot reach and speech cannot name"))
        elif isinstance(widget, Label) and widget.text.strip():
            if getattr(widget, "decorative", False) or next(stops_covering(widget), None):
                continue
            found.append(Violation("no-spoken-name", state, path,
                                   f"text that speech never reads ({_shown(widget)!r})"))
        elif isinstance(widget, Image) and widget.texture is not None:
            if not next(stops_covering(widget), None):
                found.append(Violation("no-spoken-name", state, path,
                                       "an image with no text alternative"))
    return found


def _empty(widget: Any) -> bool:
    """A stop with nothing to show (an empty text block) is not a stop at all."""
    if isinstance(widget, Image):
        return widget.texture is None
    return not getattr(widget, "plain_text", "x").strip() and not isinstance(widget, ButtonBehavior)
