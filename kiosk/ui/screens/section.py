"""A section: its items as large tiles, or, where every item is an image, a gallery grid.

A section may hold thousands of items (the programme behind the project calls for a thousand
titles; an archive of photographs has more), so the screen is a RecycleView: the title and
introduction are its first row, then rows of tiles, and only the rows on screen (and half a
screen around them) exist as widgets, refilled as the visitor scrolls. Opening a section
costs the same for 10 items as for 2,000. Sections of up to 24 rows are made widgets whole
(see `SectionRows.get_viewport`), so their tiles are always there for the keys and the audit.

Thumbnails are decoded on worker threads, the newest request first, and only for tiles that
exist: a fling through 2,000 pictures decodes what stops on screen, not what flew past
(`kiosk.ui.thumbnails`). A tile shows a plain panel until its picture arrives.

The number of columns follows the visitor's text size: galleries 5, 3, then one picture a
row with its title beside it at 200 %; other sections two columns, one from 150 %.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.recycleboxlayout import RecycleBoxLayout
from kivy.uix.recycleview import RecycleView
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from kiosk.ui.focus import FocusStop, RecycledStops, focus_stops
from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.spare_rows import empty_now, leave_spare, rows_for_a_screen
from kiosk.ui.tile_picture import LazyThumbnail  # noqa: F401 - the kv rules name it
from kiosk.ui.widgets import ItemTile

KIND_NAMES = {
    "treaty": N_("Treaty"),
    "document": N_("Document"),
    "image": N_("Image"),
    "section": N_("Section"),
}
GALLERY_COLUMNS = {1.0: 5, 1.5: 3, 2.0: 1}  # at 1920 px wide; fewer on a narrower window
REFERENCE_WIDTH = 1920
WHOLE_UP_TO_ROWS = 24  # a section of up to this many rows is made widgets whole
MARGIN_SCREENS = 0.5  # rows made widgets above and below the screen, for the keys and a fling
CAPTION_LINE = 1.8  # a caption line's height in font sizes (Vietnamese stacks two marks)
SUMMARIES_KEPT = 8  # sections whose item lists are kept (the catalog never changes under us)


def describe_item(kind: str, subtitle: str) -> str:
    """The line under an item's title: its kind in the interface language, and its subtitle."""
    kind_name = _(KIND_NAMES[kind]) if kind in KIND_NAMES else ""
    return " · ".join(part for part in (kind_name, subtitle) if part)


class GalleryTile(FocusStop, ButtonBehavior, BoxLayout):
    """A picture and its title; spoken as its title, then "Image"."""

    role = StringProperty("button")
    title = StringProperty("")
    item_id = StringProperty("")
    kind = StringProperty("")
    thumbnail = StringProperty("")
    stacked = BooleanProperty(True)  # picture above its title; beside it in one column

    def spoken_name(self) -> str:
        return self.speech_name or self.title

    def spoken_details(self) -> str:
        return _(KIND_NAMES[self.kind]) if self.kind in KIND_NAMES else ""


def settle_now(row: Any) -> None:
    """Lay out `row` and wrap its text now, not over the next clock ticks: the rows' layout
    then places each row at its final height at once, and rows never overlap in between
    (what a screenshot, the audit or a focus ring would see)."""
    layouts = [w for w in row.walk(restrict=True) if isinstance(w, Layout)]
    for layout in layouts:  # widths, from the row down
        layout.do_layout()
    for widget in row.walk(restrict=True):
        # Only a label whose text, width or style changed since it was last drawn: a row is
        # settled at each of the list's layout passes (three or four as a section opens),
        # and drawing an unchanged label again cost 5-13 ms of a section's first frame.
        pending = widget._trigger_texture if isinstance(widget, Label) else None
        if pending is not None and pending.is_triggered:
            pending.cancel()
            widget.texture_update()
    for layout in reversed(layouts):  # heights, from the text up
        layout.do_layout()


class SectionHeader(RecycleDataViewBehavior, BoxLayout):
    """The first row: the section's title, its introduction and, for treaties, the timeline."""

    title = StringProperty("")
    blocks = ListProperty([])
    lang = StringProperty("")
    offers_timeline = BooleanProperty(False)

    def on_kv_post(self, _base_widget: Any) -> None:
        self._timeline_row = self.ids.timeline_row.__self__  # kv ids are weak: keep it out

    def refresh_view_attrs(self, _rv: Any, _index: int, data: dict) -> None:
        self.title, self.blocks, self.lang = data["title"], data["blocks"], data["lang"]
        self.offers_timeline = data["offers_timeline"]
        row = self._timeline_row
        if self.offers_timeline and row.parent is None:
            self.add_widget(row, index=0)  # children run bottom-up: last
        elif not self.offers_timeline and row.parent is not None:
            self.remove_widget(row)

    def refresh_view_layout(self, rv: Any, index: int, layout: dict, viewport: Any) -> None:
        super().refresh_view_layout(rv, index, layout, viewport)
        settle_now(self)
        self.height = self.minimum_height  # its own, not the one the layout last knew


class TileRow(RecycleDataViewBehavior, BoxLayout):
    """A row of `columns` tiles, as tall as its tallest; empty places stay empty."""

    tile_class = ItemTile

    def refresh_view_attrs(self, rv: Any, _index: int, data: dict) -> None:
        items = data["items"]
        while len(self.children) < data["columns"]:
            tile = self.tile_class()
            tile.bind(on_release=rv.open_item)
            tile.fbind("natural_height", self._fit)
            self.add_widget(tile)
        while len(self.children) > data["columns"]:
            self.remove_widget(self.children[0])
        for tile, item in zip(self.tiles(), [*items, *[None] * data["columns"]], strict=False):
            self.fill(tile, item)
        self._fit()

    def refresh_view_layout(self, rv: Any, index: int, layout: dict, viewport: Any) -> None:
        super().refresh_view_layout(rv, index, layout, viewport)
        settle_now(self)
        self._fit()  # the height is the tiles' own, not the one the layout last knew

    def tiles(self) -> list[Any]:
        return list(reversed(self.children))

    def fill(self, tile: Any, item: Any) -> None:
        tile.disabled = item is None
        tile.opacity = 0 if item is None else 1
        if item is not None:
            tile.title, tile.item_id, tile.kind, tile.lang = (item.title, item.id, item.kind,
                                                              item.lang)
            tile.subtitle = describe_item(item.kind, item.subtitle)
            tile.thumbnail = item.thumbnail or ""

    def _fit(self, *_args: Any) -> None:
        shown = [t for t in self.children if not t.disabled]
        theme = App.get_running_app().theme
        height = max([theme.target, *(t.natural_height for t in shown)])
        for tile in self.children:
            tile.min_height = height
        self.height = height


class GalleryRow(TileRow):
    """A row of pictures, as tall as the screen gives it (all gallery rows are equal)."""

    tile_class = GalleryTile

    def fill(self, tile: Any, item: Any) -> None:
        tile.disabled = item is None
        tile.opacity = 0 if item is None else 1
        tile.stacked = len(self.children) > 1
        if item is not None:
            tile.title, tile.item_id, tile.kind, tile.lang = (item.title, item.id, item.kind,
                                                              item.lang)
        tile.thumbnail = (item.thumbnail or "") if item is not None else ""

    def refresh_view_layout(self, rv: Any, index: int, layout: dict, viewport: Any) -> None:
        RecycleDataViewBehavior.refresh_view_layout(self, rv, index, layout, viewport)

    def _fit(self, *_args: Any) -> None:
        pass  # the height is the data's


class SectionRows(RecycleView):
    """The scrolling rows. Rows within half a screen of the view are made widgets too, so
    keys and a fling find them ready; a short section is made widgets whole."""

    screen = ObjectProperty(None)

    def get_viewport(self) -> tuple[float, float, float, float]:
        layout = self.layout_manager
        content, view = layout.height, self.height
        if len(self.data) <= WHOLE_UP_TO_ROWS:
            bottom, height = 0.0, content
        else:
            margin = view * MARGIN_SCREENS
            bottom = max(0.0, (content - view) * min(1, max(self.scroll_y, 0)) - margin)
            height = view + 2 * margin
        left, bottom = self._convert_sv_to_lm(0, bottom)
        return left, bottom, min(self.width, layout.width), height

    def open_item(self, tile: Any) -> None:
        self.screen.open_item(tile)

    def scroll_to(self, widget: Any, padding: float = 24, animate: Any = False) -> None:
        """Kivy's scroll_to fails on a RecycleView (its layout has no layout trigger to wait
        for); this one scrolls to the row holding `widget`, at once."""
        layout, row = self.layout_manager, widget
        while row is not None and row.parent is not layout:
            row = row.parent
        index = layout.view_indices.get(row) if row is not None else None
        if index is not None:
            self.show_row(index, padding)

    def show_row(self, index: int, padding: float = 24) -> None:
        """Scroll (at once) so that row `index` is wholly on screen, and make it a widget."""
        self.refresh_views()
        layout = self.layout_manager
        opts = layout.view_opts
        if not 0 <= index < len(opts):
            return
        top = layout.padding[1] + sum(o["size"][1] for o in opts[:index]) + layout.spacing * index
        height = opts[index]["size"][1]
        scrollable = layout.height - self.height
        if scrollable > 0:
            view_top = scrollable * (1 - min(1, max(self.scroll_y, 0)))
            if top < view_top or height + 2 * padding > self.height:
                view_top = top - padding
            elif top + height > view_top + self.height:
                view_top = top + height + padding - self.height
            self.scroll_y = min(1.0, max(0.0, 1 - view_top / scrollable))
        for _pass in range(3):  # sizes found on the way may ask for another pass
            self.refresh_views()


class SectionRowsLayout(RecycledStops, RecycleBoxLayout):
    """The rows' layout; it tells the keypad focus how to walk the whole list."""

    def focus_children(self) -> list[Any]:
        return [view for view, _index in sorted(self.view_indices.items(), key=lambda p: p[1])]

    def row(self, index: int) -> Any:
        """The widget of row `index`, scrolled to and made if it is not there yet."""
        view = next((v for v, i in self.view_indices.items() if i == index), None)
        if view is None:
            self.recycleview.show_row(index)
            view = next((v for v, i in self.view_indices.items() if i == index), None)
        return view

    def _row_of(self, stop: Any) -> Any:
        node = stop
        while node is not None and node.parent is not self:
            node = node.parent
        return node

    def stop_beside(self, stop: FocusStop, step: int) -> FocusStop | None:
        row = self._row_of(stop)
        if row is None or row not in self.view_indices:
            return None
        in_row = focus_stops([row])
        place = next((n for n, s in enumerate(in_row) if s is stop), None)
        if place is not None and 0 <= place + step < len(in_row):
            return in_row[place + step]
        return self._first_stop_from(self.view_indices[row] + step, step)

    def end_stop(self, step: int) -> FocusStop | None:
        return self._first_stop_from(0 if step > 0 else len(self.recycleview.data) - 1, step)

    def _first_stop_from(self, index: int, step: int) -> FocusStop | None:
        while 0 <= index < len(self.recycleview.data):
            view = self.row(index)
            stops = focus_stops([view]) if view is not None else []
            if stops:
                return stops[0] if step > 0 else stops[-1]
            index += step
        return None


class SectionScreen(KioskScreen):
    section_title = StringProperty("")
    item_id = StringProperty("")
    content_lang = StringProperty("")  # the language the section is shown in
    gallery = BooleanProperty(False)  # every item is an image: thumbnails in a grid
    columns = NumericProperty(1)

    def on_kv_post(self, _base_widget: Any) -> None:
        self.items: list[Any] = []
        self._summaries: OrderedDict[tuple, list[Any]] = OrderedDict()
        self._summaries_of: Any = None
        self._relayout = Clock.create_trigger(lambda _dt: self.lay_out(keep_place=True), 0)
        theme = App.get_running_app().theme
        for name in ("text_scale", "scale", "dyslexic"):
            theme.fbind(name, self._relayout)
        self.ids.section_scroll.fbind("width", self._relayout)

    def show(self, item_id: str, first_item: str = "") -> None:
        self.item_id = item_id
        section = self.catalog.section(item_id, self.lang)
        self.section = section
        self.content_lang = section.lang
        self.section_title = section.title
        self.items = self._section_items(item_id)
        self.gallery = bool(self.items) and all(i.kind == "image" for i in self.items)
        self.ids.section_scroll.scroll_y = 1
        self.lay_out(first_item)
        self.note_translation(section)

    def _section_items(self, item_id: str) -> list[Any]:
        """The items' summaries; kept for a few sections, since reading 2,000 of them costs
        tens of milliseconds and the catalog file never changes while it is open."""
        if self._summaries_of is not self.catalog:
            self._summaries.clear()
            self._summaries_of = self.catalog
        key = (item_id, self.lang)
        if key not in self._summaries:
            self._summaries[key] = self.catalog.section_items(item_id, self.lang)
            while len(self._summaries) > SUMMARIES_KEPT:
                self._summaries.popitem(last=False)
        self._summaries.move_to_end(key)
        return self._summaries[key]

    def forget_summaries(self) -> None:
        self._summaries.clear()

    def forget_visitor(self) -> None:
        self.item_id, self.items, self.gallery = "", [], False  # lay_out has nothing to fill
        empty_now(self.ids.section_scroll)

    def leave_spare_rows(self) -> None:
        theme = App.get_running_app().theme
        rows = self.ids.section_scroll
        leave_spare(rows, "SectionHeader", 1,
                    {"title": "", "blocks": [], "lang": "", "offers_timeline": False})
        leave_spare(rows, "TileRow", rows_for_a_screen(2 * theme.target, WHOLE_UP_TO_ROWS),
                    {"items": [], "columns": self.column_count()})

    def column_count(self) -> int:
        theme = App.get_running_app().theme
        if not self.gallery:
            return 2 if theme.wide else 1
        columns = GALLERY_COLUMNS.get(theme.text_scale, 1)
        width = self.ids.section_scroll.width or REFERENCE_WIDTH
        return 1 if columns == 1 else max(2, round(columns * width / REFERENCE_WIDTH))

    def gallery_row_height(self, columns: int) -> float:
        """Every gallery row is as tall: the picture (4:3) and two lines of title; in one
        column, a picture beside two lines of larger title."""
        theme = App.get_running_app().theme
        layout = self.ids.item_list
        width = (self.ids.section_scroll.width or REFERENCE_WIDTH) - layout.padding[0] \
            - layout.padding[2]
        if columns == 1:
            return max(theme.target * 2.4, 2 * theme.heading * CAPTION_LINE + 2 * theme.gap)
        tile = (width - layout.spacing * (columns - 1)) / columns
        return ((tile - 2 * theme.gap * 0.6) * 0.75 + 2 * theme.body * CAPTION_LINE
                + 3 * theme.gap * 0.6)

    def lay_out(self, first_item: str = "", keep_place: bool = False) -> None:
        """(Re)fill the rows: after `show` (at the top, or at `first_item`), and when the
        text size or the width changes (`keep_place`: the first tile on screen stays)."""
        if not self.item_id:
            return
        rows = self.ids.section_scroll
        kept = first_item or (self._first_item_on_screen() if keep_place else "")
        columns = self.columns = self.column_count()
        header = {"viewclass": "SectionHeader", "title": self.section_title,
                  "blocks": list(self.section.introduction), "lang": self.content_lang,
                  "offers_timeline": any(i.kind == "treaty" for i in self.items)}
        row = ({"viewclass": "GalleryRow", "height": self.gallery_row_height(columns)}
               if self.gallery else {"viewclass": "TileRow"})
        rows.data = [header, *({**row, "items": self.items[start:start + columns],
                                "columns": columns}
                               for start in range(0, len(self.items), columns))]
        rows.refresh_views()  # now: the focus, and tests, find this section's rows at once
        if kept:
            rows.show_row(1 + next((n for n, i in enumerate(self.items) if i.id == kept),
                                   0) // columns)

    def _first_item_on_screen(self) -> str:
        """The first tile wholly on screen, to keep there when the rows are refilled; "" at
        the top of the section (which stays at the top)."""
        rows = self.ids.section_scroll
        top = rows.to_window(rows.x, rows.top)[1]
        header = next((v for v in self.ids.item_list.focus_children()
                       if isinstance(v, SectionHeader)), None)
        if header is not None and header.to_window(header.x, header.y)[1] < top:
            return ""
        shown = [t for t in self.tiles() if t.to_window(t.x, t.top)[1] <= top + 1]
        return shown[0].item_id if shown else ""

    def tiles(self) -> list[Any]:
        """The tiles that exist now, in the section's order."""
        return [tile for row in self.ids.item_list.focus_children()
                if isinstance(row, TileRow) for tile in row.tiles() if not tile.disabled]

    @guarded
    def open_item(self, tile: Any) -> None:
        self.kiosk.remember_params(first_item=tile.item_id)  # Back returns to this tile
        self.kiosk.open_item(tile.item_id)

    def row_for(self, item_id: str) -> Any:
        """The tile of `item_id`, scrolled into view (made a widget if it was not one)."""
        index = next((n for n, i in enumerate(self.items) if i.id == item_id), None)
        if index is None:
            return None
        row = self.ids.item_list.row(1 + index // self.columns)
        return next((t for t in row.tiles() if t.item_id == item_id), None) if row else None


load_kv_next_to(__file__)
