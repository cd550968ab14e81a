"""The home screen: the exhibition's sections as large tiles, and the timeline of the
treaties (one touch from home) where the exhibition has treaties.

The language picker is in the navigation bar below, one touch away on every screen.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ItemTile


class HomeScreen(KioskScreen):
    site_title = StringProperty("")
    title_lang = StringProperty("")  # site titles exist per interface language
    offers_timeline = BooleanProperty(False)

    def show(self) -> None:
        self.site_title = self.catalog.site_title(self.lang)
        self.title_lang = self.lang if self.lang in self.site.title else self.site.default_language
        grid = self.ids.section_grid
        grid.clear_widgets()
        self.ids.home_scroll.scroll_y = 1
        for section in self.catalog.sections(self.lang):
            tile = ItemTile(
                title=section.title,
                subtitle=section.subtitle,
                item_id=section.id,
                kind=section.kind,
                lang=section.lang,
                thumbnail=section.thumbnail or "",
            )
            tile.bind(on_release=self.open_section)
            grid.add_widget(tile)
        self.offers_timeline = bool(self.catalog.stats()["items"].get("treaty"))

    @property
    def site(self):
        return self.catalog.site

    @guarded
    def open_section(self, tile: ItemTile) -> None:
        self.kiosk.open_screen("section", item_id=tile.item_id)

    @guarded
    def open_timeline(self) -> None:
        self.kiosk.open_screen("timeline")

    def tile_for(self, item_id: str) -> ItemTile | None:
        return next((t for t in self.ids.section_grid.children if t.item_id == item_id), None)


load_kv_next_to(__file__)
