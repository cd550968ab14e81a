"""Keypad focus: which elements the keys move through, in what order, and where it is now.

Kivy's own FocusBehavior is built for text fields and a desktop keyboard; a kiosk keypad needs
something simpler and stricter: one focus for the whole window, on every element a visitor
can use *or read* (buttons, tiles, paragraphs, facts, images with a description), in reading
order, wrapping at both ends so there is never a trap (WCAG 2.1.2). Anything that is a
`FocusStop` is one stop; what is inside it (a tile's title and subtitle) is spoken as part of
it and never a stop of its own. When a dialog is open only the dialog's stops count.

Long lists are recycled (the section screen's RecycleView): only the rows on screen exist as
widgets. A container of such rows takes part in the walk through three methods (see
`RecycledStops`): its rows in reading order, the stop beyond a given one in its whole list
(scrolled into view, so made a widget, on demand) and its first or last stop; so Down past
the last tile on screen scrolls to the next one, and entering the list from outside starts
at its top (or, going up, at its end) wherever it was scrolled to.

The ring is two bands drawn just outside the focused element, each `theme.focus_width`
(at least 3 px): `focus_halo` against the element, `focus` outside it, so it stands out on
every background (WCAG 2.4.13 asks for a 2 px perimeter changing by 3:1). It is drawn only
on the focused element, not hidden on all the others: transparent lines cost as much to
rasterise as visible ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kivy.app import App
from kivy.graphics import Color, InstructionGroup
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.scrollview import ScrollView

from kiosk.ui.shapes import RoundedEdge

ROLES = ("button", "text", "heading", "image", "notice")


class FocusStop:
    """Mixin for widgets the keypad can move to and speech can name.

    `speech_name` overrides what is said (default: the widget's `plain_text`); `lang` is
    the language of that name ('' means the interface language); `role` and `spoken_state`
    say what it is and how it is (selected, page 3 of 12).
    """

    focused = BooleanProperty(False)
    focusable = BooleanProperty(True)
    speech_name = StringProperty("")
    lang = StringProperty("")
    role = StringProperty("text")

    def spoken_name(self) -> str:
        return (self.speech_name or getattr(self, "plain_text", "") or "").strip()

    def on_focused(self, _instance: Any, focused: bool) -> None:
        ring = getattr(self, "_focus_ring", None)
        if focused and ring is None:
            self._focus_ring = FocusRing(self)
        elif not focused and ring is not None:
            ring.remove()
            self._focus_ring = None

    def spoken_state(self) -> list[str]:
        """Keys of this element's states ("selected"; "unavailable" for a control that stays
        in the keypad's order but does nothing just now), named by `spoken.STATE_NAMES`."""
        states = ["selected"] if getattr(self, "selected", False) else []
        if not getattr(self, "available", True):
            states.append("unavailable")
        return states

    def focus_key(self) -> tuple:
        """What identifies this element across rebuilds of its screen (to restore focus)."""
        for attribute in ("item_id", "value", "action"):
            value = getattr(self, attribute, None)
            if value not in (None, ""):
                return (type(self).__name__, attribute, value)
        return (type(self).__name__, self.spoken_name())

    def activate(self) -> bool:
        """What Enter does here: press a button; for text, nothing (speech re-reads it)."""
        trigger = getattr(self, "trigger_action", None)
        if trigger is None or self.role != "button":
            return False
        trigger(duration=0)
        return True


class FocusRing:
    """The two bands around one widget, kept in step with its size, place and the theme."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self.theme = App.get_running_app().theme
        self.halo_colour, self.outer_colour = Color(), Color()
        self.halo, self.outer = RoundedEdge(), RoundedEdge()
        self.group = InstructionGroup()
        for instruction in (self.halo_colour, self.halo, self.outer_colour, self.outer):
            self.group.add(instruction)
        widget.canvas.after.add(self.group)
        self._watched = [(widget, name) for name in ("pos", "size")]
        self._watched += [(self.theme, name) for name in ("focus", "focus_halo", "focus_width")]
        for source, name in self._watched:
            source.fbind(name, self.update)
        self.update()

    def update(self, *_args: Any) -> None:
        widget, theme = self.widget, self.theme
        band = theme.focus_width
        self.halo_colour.rgba = theme.focus_halo
        self.outer_colour.rgba = theme.focus
        for line, middle in ((self.halo, 1 + band / 2), (self.outer, 1 + band * 1.5)):
            line.width = band / 2
            line.rounded_rectangle = (
                widget.x - middle, widget.y - middle,
                widget.width + 2 * middle, widget.height + 2 * middle,
                theme.radius + middle - 1,
            )

    def remove(self) -> None:
        for source, name in self._watched:
            source.funbind(name, self.update)
        self.widget.canvas.after.remove(self.group)


class RecycledStops:
    """Mixin for a layout whose children are recycled rows of a longer list.

    `focus_children()` gives the rows that exist, in list order; `stop_beside(stop, step)`
    the stop before (-1) or after (+1) `stop` in the whole list, made a widget by scrolling
    it into view, or None past either end; `end_stop(step)` the first (+1) or last (-1)
    stop of the whole list, likewise.
    """

    def focus_children(self) -> list[Any]:
        raise NotImplementedError

    def stop_beside(self, stop: FocusStop, step: int) -> FocusStop | None:
        raise NotImplementedError

    def end_stop(self, step: int) -> FocusStop | None:
        raise NotImplementedError

    def stops_in_data(self, index: int, entry: dict) -> int:
        """How many stops row `index` (data `entry`) has while it is not a widget: its
        `items` (a row of tiles), else one. A layout whose rows differ says better."""
        return len(entry["items"]) if "items" in entry else 1

    def list_position(self, stop: FocusStop) -> tuple[int, int] | None:
        """(1-based place of `stop` among the stops of the whole list, how many there are),
        for "Item 37 of 120": the rows that are widgets counted as they are, the others as
        they were when last seen, or as `stops_in_data` guesses; None if `stop` is not here."""
        seen: dict[int, tuple[dict, int]] = self.__dict__.setdefault("_stops_seen", {})
        alive = {index: view for view, index in self.view_indices.items()}
        row = stop
        while row is not None and row.parent is not self:
            row = row.parent
        place, total = None, 0
        for index, entry in enumerate(self.recycleview.data):
            view = alive.get(index)
            if view is not None:
                in_row = focus_stops([view])
                seen[index] = (entry, len(in_row))
                if view is row:
                    place = next((total + n + 1 for n, s in enumerate(in_row) if s is stop),
                                 None)
                total += len(in_row)
            elif index in seen and seen[index][0] is entry:
                total += seen[index][1]
            else:
                total += self.stops_in_data(index, entry)
        return (place, total) if place is not None else None


def recycled_container(widget: Any) -> RecycledStops | None:
    """The recycled list `widget` is in, if any."""
    node = getattr(widget, "parent", None)
    while node is not None and node is not node.parent:
        if isinstance(node, RecycledStops):
            return node
        node = node.parent
    return None


def is_shown(widget: Any) -> bool:
    """Not hidden and not disabled. Size is not asked: a label just created is 0 px high
    until its text is rendered on the next clock tick, and must still be a stop now."""
    return widget.opacity > 0 and not widget.disabled


def focus_stops(roots: Iterable[Any]) -> list[FocusStop]:
    """Every stop under `roots`, in reading order (the order the kv files declare them)."""
    found: list[FocusStop] = []

    def visit(widget: Any) -> None:
        if not is_shown(widget):
            return
        if isinstance(widget, FocusStop):
            if widget.focusable and widget.spoken_name():
                found.append(widget)
            return
        ordered = widget.focus_children() if isinstance(widget, RecycledStops) else None
        for child in ordered if ordered is not None else reversed(widget.children):
            visit(child)

    for root in roots:
        visit(root)
    return found


def stops_covering(widget: Any) -> Iterator[FocusStop]:
    """The stops among `widget` and its ancestors (what speaks for it)."""
    node = widget
    while node is not None and node is not node.parent:
        if isinstance(node, FocusStop):
            yield node
        node = node.parent


class FocusChain:
    """The one focus of the window. `layer()` gives the roots whose stops count right now."""

    def __init__(self, layer) -> None:
        self.layer = layer
        self.current: FocusStop | None = None

    def stops(self) -> list[FocusStop]:
        return focus_stops(self.layer())

    def position(self) -> tuple[int, int]:
        """(1-based position of the focus, number of stops); (0, n) when nothing has focus.
        In a recycled list the whole list counts, not only the rows that are widgets now."""
        stops = self.stops()
        index = next((i for i, s in enumerate(stops) if s is self.current), -1)
        container = recycled_container(self.current) if index >= 0 else None
        in_list = container.list_position(self.current) if container is not None else None
        if in_list is None:
            return index + 1, len(stops)
        inside = [n for n, s in enumerate(stops) if recycled_container(s) is container]
        outside = len(stops) - len(inside)
        return inside[0] + in_list[0], outside + in_list[1]

    def move(self, step: int) -> FocusStop | None:
        stops = self.stops()
        if not stops:
            self.set(None)
            return None
        index = next((i for i, s in enumerate(stops) if s is self.current), None)
        if index is None:
            target = stops[0] if step > 0 else stops[-1]
        else:
            container = recycled_container(self.current)
            beside = container.stop_beside(self.current, step) if container else None
            if beside is not None:
                self.set(beside)
                return beside
            target = self._next_outside(stops, index, step, container)
        entering = recycled_container(target)
        if entering is not None and (index is None or entering is not recycled_container(
                self.current)):
            target = entering.end_stop(step) or target  # a list is entered at its end
        self.set(target)
        return target

    @staticmethod
    def _next_outside(stops: list[FocusStop], index: int, step: int,
                      container: RecycledStops | None) -> FocusStop:
        """The next stop in the window's order that is not in `container` (the list the
        focus is leaving), wrapping round."""
        for offset in range(1, len(stops) + 1):
            candidate = stops[(index + offset * step) % len(stops)]
            if container is None or recycled_container(candidate) is not container:
                return candidate
        return stops[index]

    def first(self) -> FocusStop | None:
        stops = self.stops()
        self.set(stops[0] if stops else None)
        return self.current

    def restore(self, key: tuple | None) -> FocusStop | None:
        """Focus the stop with `key` (see `FocusStop.focus_key`), else the first one."""
        stops = self.stops()
        match = next((s for s in stops if key is not None and s.focus_key() == key), None)
        self.set(match or (stops[0] if stops else None))
        return self.current

    def set(self, stop: FocusStop | None, scroll: bool = True) -> None:
        if self.current is not None and self.current is not stop:
            self.current.focused = False
        self.current = stop
        if stop is not None:
            stop.focused = True
            if scroll:
                theme = getattr(App.get_running_app(), "theme", None)
                scroll_into_view(stop, animate=not getattr(theme, "reduce_motion", True))

    def clear(self) -> None:
        self.set(None)

    def is_valid(self) -> bool:
        return self.current is not None and self.current in self.stops()


SCROLL_SECONDS = 0.2  # short: the eye follows it, and nothing moves for more than 5 s


def scroll_into_view(widget: Any, animate: bool = False) -> None:
    """Scroll every scroll view around `widget` so that the ring around it can be seen;
    smoothly unless the visitor chose to reduce motion."""
    from kivy.clock import Clock

    def scroll(_dt: float) -> None:
        node = widget.parent
        while node is not None and node is not node.parent:
            if isinstance(node, ScrollView) and widget.get_root_window() is not None:
                node.scroll_to(widget, padding=24,
                               animate={"d": SCROLL_SECONDS} if animate else False)
            node = node.parent

    Clock.schedule_once(scroll, 0)  # once the layout has placed it
