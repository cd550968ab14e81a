"""An image with its title, caption, credit and licence, and its description on request.

The text alternative comes first for visitors who cannot see the image: focused, the image
speaks its alt text; Enter on it (or the Image description button) opens the long
description, which audio mode reads. Where the content gives a content warning, the warning
is shown (and spoken) in the image's place, and the image only after "Show the image".
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen


class ImageScreen(KioskScreen):
    item_id = StringProperty("")
    image_title = StringProperty("")
    image_path = StringProperty("")
    alt = StringProperty("")
    caption = StringProperty("")
    credit = StringProperty("")
    licence = StringProperty("")
    content_lang = StringProperty("")
    content_warning = StringProperty("")
    revealed = BooleanProperty(True)  # False while a content warning stands in its place

    def show(self, item_id: str, revealed: bool = False) -> None:
        view = self.catalog.image(item_id, self.lang)
        self.view = view
        self.item_id = item_id
        self.content_lang = view.lang
        self.image_title = view.title
        self.image_path = view.image
        self.alt = view.alt or view.title
        self.caption = view.caption
        self.credit = view.credit
        self.licence = _("Licence: {licence}", licence=view.licence) if view.licence else ""
        self.content_warning = getattr(view, "content_warning", "") or ""
        self.revealed = revealed or not self.content_warning
        self._show_warning_or_image()
        self.ids.image_scroll.scroll_y = 1
        self.note_translation(view)

    def _show_warning_or_image(self) -> None:
        if not hasattr(self, "_parts"):  # kv ids are weak: keep both while one is out
            self._parts = (self.ids.picture.__self__, self.ids.warning_panel.__self__)
        area, (picture, warning) = self.ids.picture_area, self._parts
        area.clear_widgets()
        area.add_widget(picture if self.revealed else warning)

    @guarded
    def reveal(self) -> None:
        self.kiosk.show_in_place(revealed=True)

    @guarded
    def show_description(self) -> None:
        from kiosk.ui.dialogs import ReadingDialog

        ReadingDialog(
            title=_("Image description"),
            text=self.view.alt,
            blocks=list(self.view.description),
            lang=self.view.lang,
        ).open(animation=False)


load_kv_next_to(__file__)
