"""The timeline: every treaty on a vertical time axis, oldest adoption first.

Each entry is one button (touch or Enter opens the treaty) with its year of adoption on the
axis, the abbreviation and title, and each of its dates on its own line: a marker of its own
shape (a disc for adoption, a triangle for entry into force, squares and diamonds for Viet
Nam's signature, ratification or accession, a ring for the date it bound Viet Nam) and the
same in words, so nothing is told by colour or shape alone. Dates are written the interface
language's way (formatting.long_date, as on the treaty screen).

The axis runs down the page rather than across: at 200 % text an entry grows taller, never
wider than the screen, and the page scrolls in one direction only.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.graphics import Color, Ellipse, Line, Quad, Rectangle, Triangle
from kivy.properties import ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.focus import FocusStop
from kiosk.ui.formatting import long_date
from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen

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
        self.theme.fbind("ink", self.draw)
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


class TimelineEntry(FocusStop, ButtonBehavior, BoxLayout):
    """A treaty on the axis. One stop: its abbreviation and title (in the content's
    language), then its dates (in the interface's), then "button"."""

    role = StringProperty("button")
    item_id = StringProperty("")
    abbreviation = StringProperty("")
    title = StringProperty("")
    year = StringProperty("")
    dates = ListProperty([])  # (marker shape, "Label: date") in order

    def on_kv_post(self, _base_widget: Any) -> None:
        self.on_dates()

    def on_dates(self, *_args: Any) -> None:
        if "entry_dates" not in self.ids:
            return  # set before the kv rule made the box: on_kv_post fills it
        box = self.ids.entry_dates
        box.clear_widgets()
        for shape, text in self.dates:
            box.add_widget(TimelineDate(shape=shape, text=text))

    def spoken_name(self) -> str:
        return self.speech_name or ", ".join(p for p in (self.abbreviation, self.title) if p)

    def spoken_details(self) -> str:
        return ". ".join(text.replace(": ", " ", 1) for _shape, text in self.dates)


class TimelineScreen(KioskScreen):
    content_lang = StringProperty("")

    def show(self) -> None:
        entries = self.ids.entries
        entries.clear_widgets()
        treaties = self.catalog.treaties(self.lang)
        for view in treaties:
            adopted = next((d.date for d in view.key_dates if d.label_key == "adopted"), "")
            entry = TimelineEntry(
                item_id=view.id, abbreviation=view.abbreviation, title=view.title,
                lang=view.lang, year=adopted[:4],
                dates=[(MARKERS.get(d.label_key, "disc"),
                        f"{timeline_label(d.label_key)}: {long_date(d.date, self.lang)}")
                       for d in view.key_dates],
            )
            entry.bind(on_release=self.open_treaty)
            entries.add_widget(entry)
        self.content_lang = treaties[0].lang if treaties else self.lang
        self.ids.timeline_scroll.scroll_y = 1

    @guarded
    def open_treaty(self, entry: TimelineEntry) -> None:
        self.kiosk.open_item(entry.item_id)

    def entries(self) -> list[TimelineEntry]:
        return list(reversed(self.ids.entries.children))

    def entry_for(self, item_id: str) -> TimelineEntry | None:
        return next((e for e in self.entries() if e.item_id == item_id), None)


load_kv_next_to(__file__)
