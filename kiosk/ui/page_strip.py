"""The page strip: every page of a document as a small picture with its number, in one row.

A document may have hundreds of pages, so the strip is a RecycleView: only the tiles in view
exist as widgets, whatever the length of the document. The page shown now is marked three
ways, never by colour alone: a frame four times as thick as the others, its number on a
filled band in bold, and "selected" when speech names it. Choosing a tile dispatches
`on_choose(index)`; the strip scrolls itself so that the current page is in the middle.

For the keypad, each tile is a focus stop named "Page 3". Only the tiles wholly in view are
stops: moving the focus then never scrolls the strip, so the stops do not change under the
visitor's fingers, and Left and Right still turn the pages from anywhere on the screen.
So that no tile is ever seen cut in half (a number cut off, a control the keys cannot
reach), the strip is as wide as a whole number of tiles and, once a finger lets it go and
it stops gliding, it settles on a tile's edge.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.recycleboxlayout import RecycleBoxLayout
from kivy.uix.recycleview import RecycleView
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from kiosk.ui.focus import FocusStop
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded


class PageThumbnail(FocusStop, ButtonBehavior, RecycleDataViewBehavior, BoxLayout):
    """One page in the strip: its picture (if it has one) and its number."""

    role = StringProperty("button")
    number = NumericProperty(0)  # 1-based, as shown
    thumbnail = StringProperty("")  # path of the page's small image; "" for a text-only page
    selected = BooleanProperty(False)  # the page shown now
    frame = NumericProperty(2)  # thickness of the frame, four times as thick when selected
    value = NumericProperty(0)  # the page's index: what choosing it means, and its focus key
    strip = ObjectProperty(None, allownone=True)

    def refresh_view_attrs(self, rv: Any, index: int, data: dict) -> None:
        self.strip = rv
        super().refresh_view_attrs(rv, index, data)
        rv.reach_changed()

    def refresh_view_layout(self, rv: Any, index: int, layout: Any, viewport: Any) -> None:
        super().refresh_view_layout(rv, index, layout, viewport)
        rv.reach_changed()

    @guarded
    def on_release(self) -> None:
        if self.strip is not None:
            self.strip.dispatch("on_choose", self.value)


class PageStripRow(RecycleBoxLayout):
    """The row of tiles, kept in page order among its children, so that the keypad's focus
    (which follows the order of the widget tree) goes from page 3 to page 4, however the
    RecycleView added and reused them."""

    def add_widget(self, widget: Any, index: int = 0, *args: Any, **kwargs: Any) -> None:
        page = self.view_indices.get(widget)
        if page is not None:  # children run last page first; later pages go before it
            index = sum(1 for child in self.children if self.view_indices.get(child, -1) > page)
        super().add_widget(widget, index, *args, **kwargs)


class PageStrip(RecycleView):
    """`show_pages(thumbnails, current)`: one tile per page; `on_choose(index)` when one is
    chosen. Hidden for a document of one page, where there is nothing to choose."""

    tile_width = NumericProperty(100)
    tile_height = NumericProperty(100)
    with_pictures = BooleanProperty(False)  # some page has a picture: taller tiles
    digits = NumericProperty(1)  # of the highest page number, to size the tiles
    current = NumericProperty(0)
    shown = BooleanProperty(False)
    whole = NumericProperty(1)  # how many tiles the strip shows, all of each

    def __init__(self, **kwargs: Any) -> None:
        self.register_event_type("on_choose")
        super().__init__(**kwargs)
        self._centre_trigger = Clock.create_trigger(self._centre_current, -1)
        self._reach_trigger = Clock.create_trigger(self._mark_reachable, -1)
        for name in ("width", "tile_width"):
            self.fbind(name, self._centre_trigger)
        for name in ("scroll_x", "width", "height", "tile_width", "data"):
            self.fbind(name, self._reach_trigger)
        self._fit_trigger = Clock.create_trigger(self._fit, -1)
        self._settle_trigger = Clock.create_trigger(self._settle, 0.25)
        self._room = None  # the widget whose width the strip fits in
        for name in ("tile_width", "data", "parent"):
            self.fbind(name, self._fit_trigger)
        self.fbind("scroll_x", self._settle_trigger)

    def show_pages(self, thumbnails: list[str | None], current: int) -> None:
        """One tile per page (`thumbnails[i]` is page i's small image, or None)."""
        self.with_pictures = any(thumbnails)
        self.digits = len(str(len(thumbnails)))
        self.current = current
        self.shown = len(thumbnails) > 1
        self.data = [
            {"number": index + 1, "value": index, "thumbnail": path or "",
             "selected": index == current, "speech_name": _("Page {number}", number=index + 1)}
            for index, path in enumerate(thumbnails)
        ]
        self._centre_trigger()

    def tile_for(self, index: int) -> PageThumbnail | None:
        """The tile of page `index`, if it is in view (a test, or the keypad, can use it)."""
        row = self.layout_manager
        return next((tile for tile, page in row.view_indices.items() if page == index), None) \
            if row is not None else None

    def on_choose(self, index: int) -> None:
        pass

    def scroll_to(self, widget: Any, padding: float = 10, animate: Any = False) -> None:
        """Scroll at once until `widget` (a tile) is wholly in view. Kivy's own scroll_to
        waits on a layout trigger that a recycle layout does not have."""
        row = self.layout_manager
        index = row.view_indices.get(widget) if row is not None else None
        hidden = len(self.data) - self.whole
        if index is None or hidden <= 0:
            return
        first = round(self.scroll_x * hidden)
        first = min(index, max(first, index - self.whole + 1))
        self.scroll_x = first / hidden

    def _fit(self, *_args: Any) -> None:
        """As many whole tiles as there is room for beside the pager's buttons."""
        if self._room is not self.parent:
            if self._room is not None:
                self._room.funbind("width", self._fit_trigger)
            self._room = self.parent
            if self._room is not None:
                self._room.fbind("width", self._fit_trigger)
        row = self.layout_manager
        if self.parent is None or row is None:
            return
        left = row.padding[0]
        step = self.tile_width + row.spacing
        fits = int((self.parent.width - 2 * left + row.spacing) // step)
        self.whole = max(1, min(fits, len(self.data)))
        self.width = 2 * left + step * self.whole - row.spacing
        self._centre_trigger()

    def _settle(self, *_args: Any) -> None:
        """Once let go and still, rest on a tile's edge (no tile half in view)."""
        hidden = len(self.data) - self.whole
        if hidden <= 0:
            return
        gliding = self.effect_x is not None and abs(self.effect_x.velocity) > 1
        if self._touch or gliding:
            self._settle_trigger()  # still under a finger, or gliding: look again later
            return
        settled = round(self.scroll_x * hidden) / hidden
        if abs(settled - self.scroll_x) > 1e-6:
            self.scroll_x = settled

    def reach_changed(self) -> None:
        """A tile was placed or filled: which tiles are wholly in view may have changed."""
        self._reach_trigger()

    def _centre_current(self, *_args: Any) -> None:
        """Scroll so the current page's tile is in the middle (or as near as the ends allow)."""
        hidden = len(self.data) - self.whole
        if hidden <= 0:
            self.scroll_x = 0
            return
        first = min(hidden, max(0, self.current - (self.whole - 1) // 2))
        self.scroll_x = first / hidden
        self._reach_trigger()

    def _mark_reachable(self, *_args: Any) -> None:
        """Only tiles wholly in view are keypad stops (see the module's docstring). Measured
        along the row, so that where the strip stands on the screen does not matter."""
        row = self.layout_manager
        if row is None:
            return
        left = max(0.0, row.width - self.width) * self.scroll_x
        right = left + self.width
        for tile in row.children:
            tile.focusable = left - 1 <= tile.x and tile.right <= right + 1


load_kv_next_to(__file__)
