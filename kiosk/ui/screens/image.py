"""An image with its title, caption, credit and licence, and its description on request.

The description (alt text and the longer description) is one touch away for visitors who
cannot see the image well; it will also be what speech reads.
"""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen


class ImageScreen(KioskScreen):
    item_id = StringProperty("")
    image_title = StringProperty("")
    image_path = StringProperty("")
    caption = StringProperty("")
    credit = StringProperty("")
    licence = StringProperty("")

    def show(self, item_id: str) -> None:
        view = self.catalog.image(item_id, self.lang)
        self.view = view
        self.item_id = item_id
        self.image_title = view.title
        self.image_path = view.image
        self.caption = view.caption
        self.credit = view.credit
        self.licence = _("Licence: {licence}", licence=view.licence) if view.licence else ""
        self.note_translation(view)

    @guarded
    def show_description(self) -> None:
        from kiosk.ui.dialogs import ReadingDialog

        ReadingDialog(
            title=_("Image description"), text=self.view.alt, blocks=list(self.view.description)
        ).open(animation=False)


load_kv_next_to(__file__)
