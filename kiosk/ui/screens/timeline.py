"""The timeline: every treaty on a vertical time axis, oldest adoption first.

Each entry is one button (touch or Enter opens the treaty) with its year of adoption on the
axis, the abbreviation and title, and each of its dates on its own line: a marker of its own
shape (a disc for adoption, a triangle for entry into force, squares and diamonds for Viet
Nam's signature, ratification or accession, a ring for the date it bound Viet Nam) and the
same in words, so nothing is told by colour or shape alone. Dates are written the interface
language's way (formatting.long_date, as on the treaty screen).

The axis runs down the page rather than across: at 200 % text an entry grows taller, never
wider than the screen, and the page scrolls in one direction only.

A catalog may hold hundreds of treaties (the bench's thousand titles have 536), so the page
is a recycled list like a section's (section.py's `SectionRows`): its title and introduction
are the first row, then one row an entry, and only the rows on screen and half a screen
around them exist as widgets. Made whole, the 536 entries cost about a gigabyte of label
textures; recycled, the timeline costs the same for 10 treaties as for 10,000. The keypad
still walks every entry, scrolling each into view (`RecycledStops`).
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line, Quad, Rectangle, Triangle
from kivy.properties import ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.recycleview.views import RecycleDataViewBehavior
from kivy.uix.widget import Widget

from kiosk.ui.focus import FocusStop
from kiosk.ui.formatting import long_date
from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.section import (
    WHOLE_UP_TO_ROWS,
    SectionRows,
    SectionRowsLayout,
    settle_now,
)
from kiosk.ui.spare_rows import empty_now, leave_spare, rows_for_a_screen

TIMELINE_LABELS = {
    "adopted": N_("Adopted"),
    "entry_into_force": N_("Entered into force"),
    "vn_signed": N_("Viet Nam signed"),
    "vn_ratification": N_("Viet Nam ratified"),
    "vn_accession": N_("Viet Nam acceded"),
    "vn_succession": N_("Viet Nam succeeded"),
    "vn_in_force": N_("In force for Viet Nam"),
}
MARKERS = {
    "adopted": "disc",
    "entry_into_force": "triangle",
    "vn_signed": "open_square",
    "vn_ratification": "square",
    "vn_accession": "diamond",
    "vn_succession": "open_diamond",
    "vn_in_force": "ring",
}


def timeline_label(label_key: str) -> str:
    """A date's label in words; an unknown key from a newer catalog is still shown."""
    if label_key in TIMELINE_LABELS:
        return _(TIMELINE_LABELS[label_key])
    return label_key.replace("_", " ").capitalize()


class DateMarker(Widget):
    """A small shape in the ink colour: the kind of a date at a glance (its label says it
    in words beside it)."""

    shape = StringProperty("disc")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.theme = App.get_running_app().theme
        for name in ("pos", "size", "shape"):
            self.fbind(name, self.draw)
        # `bind`, not `fbind`: the theme outlives every marker, and an fbind callback is held
        # strongly, which kept each marker ever drawn (and, through its parents, its whole
        # timeline entry) alive for good
        self.theme.bind(ink=self.draw)
        self.draw()

    def draw(self, *_args: Any) -> None:
        side = min(self.width, self.height) * 0.8
        cx, cy = self.center
        half, line = side / 2, max(1.5, side / 9)
        left, right, bottom, top = cx - half, cx + half, cy - half, cy + half
        self.canvas.clear()
        with self.canvas:
            Color(rgba=self.theme.ink)
            if self.shape == "disc":
                Ellipse(pos=(left, bottom), size=(side, side))
            elif self.shape == "ring":
                Line(circle=(cx, cy, half - line / 2), width=line)
            elif self.shape == "triangle":
                Triangle(points=[left, bottom, right, bottom, cx, top])
            elif self.shape == "square":
                Rectangle(pos=(left + line, bottom + line), size=(side - 2 * line,) * 2)
            elif self.shape == "open_square":
                Line(rectangle=(left + line, bottom + line, side - 2 * line, side - 2 * line),
                     width=line)
            elif self.shape == "diamond":
                Quad(points=[cx, top, right, cy, cx, bottom, left, cy])
            else:  # open_diamond
                Line(points=[cx, top, right, cy, cx, bottom, left, cy], close=True, width=line)


class TimelineDate(BoxLayout):
    """One date of an entry: its marker, then "Adopted: 21 December 1965"."""

    shape = StringProperty("disc")
    text = StringProperty("")


class TimelineHeader(RecycleDataViewBehavior, BoxLayout):
    """The first row: the timeline's title and how to read it."""

    def refresh_view_layout(self, rv: Any, index: int, layout: dict, viewport: Any) -> None:
        super().refresh_view_layout(rv, index, layout, viewport)
        settle_now(self)
        self.height = self.minimum_height


class TimelineEntry(FocusStop, ButtonBehavior, RecycleDataViewBehavior, BoxLayout):
    """A treaty on the axis. One stop: its abbreviation and title (in the content's
    language), then its dates (in the interface's), then "button". A recycled row: the
    same widget shows one treaty after another as the visitor scrolls."""

    role = StringProperty("button")
    item_id = StringProperty("")
    abbreviation = StringProperty("")
    title = StringProperty("")
    year = StringProperty("")
    dates = ListProperty([])  # (marker shape, "Label: date") in order

    def on_kv_post(self, _base_widget: Any) -> None:
        self.on_dates()

    def on_dates(self, *_args: Any) -> None:
        """One line a date; the lines already there are filled again, not made anew."""
        if "entry_dates" not in self.ids:
            return  # set before the kv rule made the box: on_kv_post fills it
        box = self.ids.entry_dates
        while len(box.children) > len(self.dates):
            box.remove_widget(box.children[0])
        while len(box.children) < len(self.dates):
            box.add_widget(TimelineDate(), index=len(box.children))  # children run bottom-up
        for line, (shape, text) in zip(reversed(box.children), self.dates, strict=True):
            line.shape, line.text = shape, text

    def refresh_view_attrs(self, rv: Any, _index: int, data: dict) -> None:
        if not getattr(self, "_opens", False):
            self.bind(on_release=rv.open_item)
            self._opens = True
        self.item_id, self.abbreviation, self.title = (data["item_id"], data["abbreviation"],
                                                       data["title"])
        self.lang, self.year, self.dates = data["lang"], data["year"], data["dates"]

    def refresh_view_layout(self, rv: Any, index: int, layout: dict, viewport: Any) -> None:
        super().refresh_view_layout(rv, index, layout, viewport)
        settle_now(self)
        self.height = self.ids.card.height  # its own, not the one the layout last knew

    def spoken_name(self) -> str:
        return self.speech_name or ", ".join(p for p in (self.abbreviation, self.title) if p)

    def spoken_details(self) -> str:
        return ". ".join(text.replace(": ", " ", 1) for _shape, text in self.dates)


class TimelineRows(SectionRows):
    """The scrolling rows (a section's, with the timeline's own screen)."""

    def open_item(self, entry: Any) -> None:
        self.screen.open_treaty(entry)


class TimelineRowsLayout(SectionRowsLayout):
    """The rows' layout; the keypad walks the whole timeline through it."""


class TimelineScreen(KioskScreen):
    content_lang = StringProperty("")

    def on_kv_post(self, _base_widget: Any) -> None:
        self._entries: list[dict] = []
        self._refill = Clock.create_trigger(lambda _dt: self._fill(keep_place=True), 0)
        theme = App.get_running_app().theme
        for name in ("text_scale", "scale", "dyslexic"):
            theme.fbind(name, self._refill)  # the screen lives as long as the theme
        self.ids.timeline_scroll.fbind("width", self._refill)

    def show(self) -> None:
        treaties = self.catalog.treaties(self.lang)
        self._entries = []
        for view in treaties:
            adopted = next((d.date for d in view.key_dates if d.label_key == "adopted"), "")
            self._entries.append({
                "viewclass": "TimelineEntry", "item_id": view.id,
                "abbreviation": view.abbreviation, "title": view.title, "lang": view.lang,
                "year": adopted[:4],
                "dates": [(MARKERS.get(d.label_key, "disc"),
                           f"{timeline_label(d.label_key)}: {long_date(d.date, self.lang)}")
                          for d in view.key_dates],
            })
        self.content_lang = treaties[0].lang if treaties else self.lang
        self.ids.timeline_scroll.scroll_y = 1
        self._fill()

    def forget_visitor(self) -> None:
        self._entries = []
        empty_now(self.ids.timeline_scroll)

    def leave_spare_rows(self) -> None:
        theme = App.get_running_app().theme
        rows = self.ids.timeline_scroll
        leave_spare(rows, "TimelineHeader", 1, {})
        leave_spare(rows, "TimelineEntry", rows_for_a_screen(2 * theme.target, WHOLE_UP_TO_ROWS),
                    {"item_id": "", "abbreviation": "", "title": "", "lang": "", "year": "",
                     "dates": []})

    def _fill(self, keep_place: bool = False) -> None:
        """(Re)fill the rows: after `show`, and when the text size or the width changes,
        which changes every row's height (`keep_place`: the first entry on screen stays)."""
        rows = self.ids.timeline_scroll
        kept = self._first_entry_on_screen() if keep_place else None
        rows.data = [{"viewclass": "TimelineHeader"}, *self._entries]
        rows.refresh_views()  # now: the focus, and tests, find the entries at once
        if kept is not None:
            rows.show_row(kept)

    def _first_entry_on_screen(self) -> int | None:
        """The row of the first entry wholly on screen; None at the top of the page."""
        rows = self.ids.timeline_scroll
        if rows.scroll_y >= 1 or not self._entries:
            return None
        top = rows.to_window(rows.x, rows.top)[1]
        layout = self.ids.entries
        shown = [(layout.view_indices[e], e) for e in self.entries()
                 if e.to_window(e.x, e.top)[1] <= top + 1]
        return min(shown, key=lambda pair: pair[0])[0] if shown else None

    @guarded
    def open_treaty(self, entry: TimelineEntry) -> None:
        self.kiosk.open_item(entry.item_id)

    def entries(self) -> list[TimelineEntry]:
        """The entries that exist as widgets now, oldest first (all of a short timeline)."""
        return [row for row in self.ids.entries.focus_children()
                if isinstance(row, TimelineEntry)]

    def entry_for(self, item_id: str) -> TimelineEntry | None:
        """The entry of `item_id`, scrolled into view (made a widget if it was not one)."""
        index = next((n for n, e in enumerate(self._entries) if e["item_id"] == item_id), None)
        if index is None:
            return None
        return self.ids.entries.row(1 + index)


load_kv_next_to(__file__)
