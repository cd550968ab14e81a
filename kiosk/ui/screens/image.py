"""An image to explore: the zoom viewer, its title, caption, credit and licence, and its
description on request.

The text alternative comes first for visitors who cannot see the image: focused, the viewer
speaks its alt text; Enter on it (or the Image description button) opens the long
description, which audio mode reads. Large scans are shown from their Deep Zoom tiles. "Full
screen" gives the viewer the whole screen above the navigation bar; "Show the text" brings
the text back. A picture opens whole and with its text: the zoom is left behind when the
visitor leaves the screen or opens another image.

Where the content gives a content warning, the warning is shown (and spoken) in the image's
place, without the zoom buttons, and the image only after "Show the image".
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.speech import SpeechRun
from kiosk.ui import spoken
from kiosk.ui.focus import focus_stops
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.narration import NarrationPlayer  # noqa: F401 - used by image.kv
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.take_away import QRCard  # noqa: F401 - used by image.kv
from kiosk.ui.zoom import ZoomControls, ZoomViewer  # noqa: F401 - used by image.kv


class ImageScreen(KioskScreen):
    item_id = StringProperty("")
    image_title = StringProperty("")
    image_path = StringProperty("")
    zoom_view = ObjectProperty(None, allownone=True)  # the Deep Zoom tiles of a large image
    alt = StringProperty("")
    caption = StringProperty("")
    credit = StringProperty("")
    licence = StringProperty("")
    content_lang = StringProperty("")
    content_warning = StringProperty("")
    revealed = BooleanProperty(True)  # False while a content warning stands in its place
    full_screen = BooleanProperty(False)  # the viewer without the text beside it
    side_by_side = BooleanProperty(True)  # the picture beside the text (image.kv)
    qr = ObjectProperty(None, allownone=True)  # the QR code of the image's web address
    url = StringProperty("")

    def show(self, item_id: str, revealed: bool = False, full_screen: bool = False) -> None:
        view = self.catalog.image(item_id, self.lang)
        self.full_screen = full_screen
        self.view = view
        self.item_id = item_id
        self.content_lang = view.lang
        self.image_title = view.title
        self.content_warning = getattr(view, "content_warning", "") or ""
        self.revealed = revealed or not self.content_warning
        self.image_path = view.image
        self.zoom_view = view.zoom
        self.alt = view.alt or view.title
        self.caption = view.caption
        self.credit = view.credit
        self.qr, self.url = view.qr, view.url or ""
        self.ids.narration_player.narration = view.narration
        self.licence = _("Licence: {licence}", licence=view.licence) if view.licence else ""
        self._arrange()
        self.ids.image_scroll.scroll_y = 1
        self.note_translation(view)

    def _arrange(self) -> None:
        """The picture (or the warning in its place), the text beside or below it unless
        full screen, and the zoom buttons once the picture is shown."""
        ids = self.ids
        if not hasattr(self, "_parts"):  # kv ids are weak: keep every part while one is out
            self._parts = {name: ids[name].__self__ for name in
                           ("picture", "warning_panel", "image_scroll", "controls_row")}
        parts = self._parts
        area = ids.picture_area
        area.clear_widgets()
        area.add_widget(parts["picture"] if self.revealed else parts["warning_panel"])
        text, body = parts["image_scroll"], ids.body
        if self.full_screen and self.revealed:
            if text.parent is not None:
                body.remove_widget(text)
        elif text.parent is None:
            body.add_widget(text)
        controls, layout = parts["controls_row"], ids.layout
        if self.revealed and controls.parent is None:
            layout.add_widget(controls)
        elif not self.revealed and controls.parent is not None:
            layout.remove_widget(controls)

    def on_pre_leave(self, *_args) -> None:
        """The next image shown here starts whole; the picture's textures are freed
        meanwhile (they are read again if Back returns here)."""
        self.ids.picture.release()

    def on_pre_enter(self, *_args) -> None:
        self.ids.picture.wake()

    def forget_visitor(self) -> None:
        self.ids.narration_player.narration = None
        self.qr = None

    @guarded
    def toggle_full_screen(self) -> None:
        """A parameter of the screen, like the revealed image: another language keeps it,
        and Back leaves the image rather than the full screen."""
        self.kiosk.show_in_place(full_screen=not self.full_screen)

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

    def reading_runs(self) -> list[SpeechRun]:
        """The screen in reading order, then the image's recorded description where there is
        one (the recording before synthetic speech); the player's own controls are not read."""
        player = self.ids.narration_player
        skipped = set(focus_stops([player]))
        runs = spoken.reading_runs([s for s in focus_stops([self]) if s not in skipped])
        if player.narration is not None and self.revealed:
            runs.append(SpeechRun("", player.narration.lang, recording=player.narration.audio))
        return runs

    def on_keypad_action(self, action: str) -> bool:
        """With the focus on the zoomed picture, arrows move it and Back shows it whole."""
        return bool(self.revealed and self.ids.picture.keypad_action(action))


load_kv_next_to(__file__)
