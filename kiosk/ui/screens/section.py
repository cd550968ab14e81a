"""A section: its items (treaties, documents, images) as large rows."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ItemTile

KIND_NAMES = {
    "treaty": N_("Treaty"),
    "document": N_("Document"),
    "image": N_("Image"),
    "section": N_("Section"),
}


def describe_item(kind: str, subtitle: str) -> str:
    """The line under an item's title: its kind in the interface language, and its subtitle."""
    kind_name = _(KIND_NAMES[kind]) if kind in KIND_NAMES else ""
    return " · ".join(part for part in (kind_name, subtitle) if part)


class SectionScreen(KioskScreen):
    section_title = StringProperty("")
    item_id = StringProperty("")
    content_lang = StringProperty("")  # the language the section is shown in

    def show(self, item_id: str) -> None:
        self.item_id = item_id
        section = self.catalog.section(item_id, self.lang)
        self.content_lang = section.lang
        self.section_title = section.title
        self.ids.section_scroll.scroll_y = 1
        self.ids.introduction.blocks = list(section.introduction)
        rows = self.ids.item_list
        rows.clear_widgets()
        items = self.catalog.section_items(item_id, self.lang)
        for item in items:
            row = ItemTile(
                title=item.title,
                subtitle=describe_item(item.kind, item.subtitle),
                item_id=item.id,
                kind=item.kind,
                lang=item.lang,
            )
            row.bind(on_release=self.open_item)
            rows.add_widget(row)
        self.note_translation(section)

    @guarded
    def open_item(self, row: ItemTile) -> None:
        self.kiosk.open_item(row.item_id)

    def row_for(self, item_id: str) -> ItemTile | None:
        return next((r for r in self.ids.item_list.children if r.item_id == item_id), None)


load_kv_next_to(__file__)
