"""A document read page by page, its transcript in any of the languages it exists in.

The document's language is chosen apart from the interface language: a Vietnamese-speaking
visitor may want to show the Khmer text to a friend while the buttons stay in Vietnamese.
Changing page or document language replaces the current screen, so Back leaves the document.

Pages turn five ways: Previous and Next, a sideways swipe across the page picture, a tile
of the page strip (page_strip.py), the keypad's Left and Right (Up and Down still move the
focus), and Page Up / Page Down on a keyboard. Each new page starts unzoomed.

The transcript stands beside the page picture or below it, as the visitor chooses; the
choice holds for the rest of their visit and is forgotten when the kiosk resets for the next
visitor. Where there is no room beside it (a narrow window, 150 % text and up) it is below.

Read aloud, a page is its title, its transcript in the transcript's language (or the page's
recorded reading, where the content has one) and "Page 3 of 31". The "Read aloud" button
reads it even when audio mode is off; any touch or key, and any change of page, stops it.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.speech import SpeechRun
from kiosk.ui import page_strip, spoken, take_away  # noqa: F401 - for document.kv
from kiosk.ui.focus import focus_stops
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.narration import NarrationPlayer  # noqa: F401 - for document.kv
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.spare_rows import empty_now
from kiosk.ui.widgets import KioskScroll
from kiosk.ui.zoom import ZoomControls, ZoomViewer  # noqa: F401 - document.kv uses them

KEY_PAGE_DOWN, KEY_PAGE_UP = 281, 280
BESIDE, BELOW = "beside", "below"
READING_CHECK_SECONDS = 0.2


class DocumentScroll(KioskScroll):
    """The document's scroll. A touch that starts on the page picture belongs to the picture
    (a swipe, a pan, a pinch), never to the scroll; elsewhere it scrolls as usual."""

    viewer = ObjectProperty(None, allownone=True)

    def on_touch_down(self, touch: Any) -> bool:
        viewer = self.viewer
        if viewer is not None and viewer.height > 0 and self.collide_point(*touch.pos):
            x, y = self.to_window(*touch.pos)
            left, bottom = viewer.to_window(viewer.x, viewer.y)
            if left <= x <= left + viewer.width and bottom <= y <= bottom + viewer.height:
                touch.ud[self._get_uid("svavoid")] = True  # the scroll leaves it alone
                return self.simulate_touch_down(touch)
        return super().on_touch_down(touch)


class SeenPart(BoxLayout):
    """A part of the page that touches reach only where it is seen. Hidden at 0 px high (the
    player of a page without a recording), a part's buttons keep their own height and stand
    out of it over its neighbours; and Kivy lets a disabled widget keep any touch that lands
    on it, so without this the hidden player's Play button swallowed taps on the buttons
    above it ("Show transcript below")."""

    def on_touch_down(self, touch: Any) -> bool:
        if self.height <= 0 or not self.collide_point(*touch.pos):
            return False
        return super().on_touch_down(touch)


class DocumentScreen(KioskScreen):
    item_id = StringProperty("")
    doc_title = StringProperty("")
    doc_lang = StringProperty("")  # the language the transcript is shown in
    language_label = StringProperty("")
    page_title = StringProperty("")
    page_counter = StringProperty("")
    page_index = NumericProperty(0)
    page_count = NumericProperty(0)
    page_image = StringProperty("")
    page_image_alt = StringProperty("")
    page_zoom = ObjectProperty(None, allownone=True)  # the page's Deep Zoom tiles, if any
    no_transcript = StringProperty("")
    credit = StringProperty("")
    qr = ObjectProperty(None, allownone=True)  # the QR code of the document's web address
    url = StringProperty("")
    placement = StringProperty(BESIDE)  # where this visitor wants the transcript
    placement_offered = BooleanProperty(False)  # there is room beside the page (document.kv)
    beside = BooleanProperty(False)  # the transcript is beside the page now (document.kv)
    reading = BooleanProperty(False)  # "Read aloud" is reading this page
    strip_fixed = BooleanProperty(True)  # the page strip stays in view (under 150 % text)
    fold = BooleanProperty(False)  # the title is one shortened line (document.kv)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._placement_choice: tuple[Any, str] | None = None  # (visitor session, choice)
        self._reading_utterance: Any = None
        self._reading_watch: Any = None
        self._stop_on_release = False
        self._reading_when_touched = False  # as the last finger on this screen came down

    def on_kv_post(self, _base_widget: Any) -> None:
        # kv ids are weak references: hold the parts that arrange() moves
        self._title_row = self.ids.title_row.__self__
        self._strip = self.ids.page_strip.__self__
        self.fbind("beside", self.arrange)
        self.fbind("strip_fixed", self.arrange)
        self.arrange()

    def arrange(self, *_args: Any) -> None:
        """Beside, the title heads the text column, so the page picture gets the whole
        height of the view; below, it heads the screen, above the picture. The page strip
        stays in view under the page counter while the text is small; from 150 % on it
        would leave too little of the screen to read in, and goes under the text."""
        self._move(self._title_row, self.ids.text_column if self.beside
                   else self.ids.document_body, first=True)
        self._move(self._strip, self.ids.pager_middle if self.strip_fixed
                   else self.ids.strip_slot, first=False)

    @staticmethod
    def _move(widget: Any, home: Any, first: bool) -> None:
        if widget.parent is home:
            return
        if widget.parent is not None:
            widget.parent.remove_widget(widget)
        home.add_widget(widget, index=len(home.children) if first else 0)

    def show(self, item_id: str, lang: str | None = None, page_index: int = 0) -> None:
        self.stop_reading()
        view = self.catalog.document(item_id, lang or self.lang)
        self.view = view
        self.item_id = item_id
        self.doc_lang = view.lang
        self.doc_title = view.title
        self.page_count = len(view.pages)
        self.page_index = max(0, min(page_index, self.page_count - 1))
        self.language_label = _("Language: {name}", name=self.catalog.language_name(view.lang))
        self.credit = view.credit
        self.qr, self.url = view.qr, view.url or ""
        self.placement = self._placement_for_this_visitor()
        self._show_page()
        self.ids.page_strip.show_pages([page.thumbnail for page in view.pages], self.page_index)
        self.note_translation(view)

    def _show_page(self) -> None:
        view = self.view
        page = view.pages[self.page_index] if view.pages else None
        blocks = list(view.introduction) if self.page_index == 0 else []
        if page is not None:
            text = list(page.text)
            if text and text[0].kind == "heading" and text[0].text == page.title:
                text = text[1:]  # the title is shown above the text already
            blocks += text
        self.page_title = page.title if page else ""
        self.page_image = (page.image or "") if page else ""
        self.page_zoom = page.zoom if page else None
        self.ids.page_image.reset()  # every page starts whole, unzoomed
        self.page_image_alt = _(
            "The page itself, as photographed: page {number}", number=self.page_index + 1
        )
        self.no_transcript = (
            "" if (page and page.text) else _("This page has no transcript in this language.")
        )
        self.page_counter = _(
            "Page {number} of {total}", number=self.page_index + 1, total=self.page_count
        )
        self.ids.transcript.blocks = blocks
        self.ids.narration_player.narration = self._narration(page)
        self.ids.document_scroll.scroll_y = 1

    def _narration(self, page):
        """The page's recording; on the first page, else the document's own (whose transcript
        is the introduction shown there)."""
        if page is not None and page.narration is not None:
            return page.narration
        return self.view.narration if self.page_index == 0 else None

    # -- turning pages ----------------------------------------------------------------------

    @guarded
    def next_page(self) -> None:
        if self.page_index + 1 < self.page_count:
            self.kiosk.show_in_place(page_index=self.page_index + 1)

    @guarded
    def previous_page(self) -> None:
        if self.page_index > 0:
            self.kiosk.show_in_place(page_index=self.page_index - 1)

    @guarded
    def go_to_page(self, index: int) -> None:
        if 0 <= index < self.page_count and index != self.page_index:
            self.kiosk.show_in_place(page_index=index)

    @guarded
    def turn_by_swipe(self, direction: str) -> None:
        """A swipe to the left brings the next page in, as in a book; to the right, the one
        before."""
        if direction == "left":
            self.next_page()
        elif direction == "right":
            self.previous_page()

    # -- the document's language ------------------------------------------------------------

    @guarded
    def choose_language(self) -> None:
        from kiosk.ui.dialogs import ChoiceDialog

        dialog = ChoiceDialog(
            languages=True,
            title=_("Read this document in"),
            choices=[
                (tag, self.catalog.language_name(tag)) for tag in self.view.available_languages
            ],
            selected=self.doc_lang,
        )
        dialog.bind(on_choose=lambda _dialog, tag: self.switch_language(tag))
        dialog.open(animation=False)

    @guarded
    def switch_language(self, tag: str) -> None:
        self.kiosk.show_in_place(lang=tag, page_index=self.page_index)

    # -- transcript beside or below ---------------------------------------------------------

    def _placement_for_this_visitor(self) -> str:
        """The visitor's choice, if it was made in this visitor session. The idle reset
        starts a new session object (KioskApp.reset_visitor), so the next visitor never
        inherits it."""
        chosen = self._placement_choice
        if chosen is not None and chosen[0] is self.kiosk.session:
            return chosen[1]
        return BESIDE

    @guarded
    def toggle_placement(self) -> None:
        self.placement = BELOW if self.placement == BESIDE else BESIDE
        self._placement_choice = (self.kiosk.session, self.placement)

    # -- read aloud -------------------------------------------------------------------------

    def on_touch_down(self, touch: Any) -> bool:
        self._reading_when_touched = self.reading
        return super().on_touch_down(touch)

    def note_read_aloud_pressed(self) -> None:
        """What the button said when the finger came down decides what it does. The touch
        itself silences the speech (as every touch does), and the reading's watch may notice
        the silence and turn the button back to "Read aloud" before the scroll view passes
        the press on: "Stop reading" then started the reading again."""
        by_finger = not self.kiosk.keyboard_mode  # a press by key follows no touch here
        self._stop_on_release = self.reading or (by_finger and self._reading_when_touched)

    @guarded
    def read_aloud_or_stop(self) -> None:
        if self._stop_on_release:
            self.stop_reading()
        else:
            self.reading = True
            # After this frame, so that in audio mode the keypad's naming of the button
            # ("Stop reading, button") does not cut the reading short.
            Clock.schedule_once(self._start_reading, 0)

    def _start_reading(self, _dt: float) -> None:
        if not self.reading or self.kiosk.current_screen() is not self:
            return
        narrator = self.kiosk.narrator
        narrator.say(self.reading_runs(), even_when_silent=True)
        self._reading_utterance = narrator.last_utterance
        if self._reading_watch is None:
            self._reading_watch = Clock.schedule_interval(
                self._check_reading, READING_CHECK_SECONDS)

    def _check_reading(self, _dt: float) -> None:
        narrator = self.kiosk.narrator
        if narrator.last_utterance is not self._reading_utterance or not narrator.speaking:
            self._end_reading()

    def stop_reading(self) -> None:
        """Silence this page's reading (and only it: other speech is left alone)."""
        narrator = self.kiosk.narrator
        if self.reading and narrator.last_utterance is self._reading_utterance:
            narrator.stop()
        self._end_reading()

    def _end_reading(self) -> None:
        self.reading = False
        self._reading_utterance = None
        if self._reading_watch is not None:
            self._reading_watch.cancel()
            self._reading_watch = None

    def on_leave(self, *_args: Any) -> None:
        self.stop_reading()

    def forget_visitor(self) -> None:
        self.stop_reading()
        self.ids.transcript.blocks = []
        self.ids.narration_player.narration = None
        self.qr = None
        self.ids.page_strip.show_pages([], 0)
        empty_now(self.ids.page_strip)

    def on_pre_leave(self, *_args: Any) -> None:
        """The page's tiles are freed while the visitor is elsewhere (read again on return)."""
        self.ids.page_image.release()

    def on_pre_enter(self, *_args: Any) -> None:
        self.ids.page_image.wake()

    # -- keys -------------------------------------------------------------------------------

    def on_keypad_action(self, action: str) -> bool:
        """With the focus on the zoomed page, the arrows move the picture and Back shows it
        whole; otherwise Left and Right turn the pages."""
        if self.page_image and self.ids.page_image.keypad_action(action):
            return True
        if action == "right":
            self.next_page()
            return True
        if action == "left":
            self.previous_page()
            return True
        return False

    def on_physical_key(self, key: int, _codepoint: str | None, _modifiers: list[str]) -> bool:
        if key == KEY_PAGE_DOWN:
            self.next_page()
            return True
        if key == KEY_PAGE_UP:
            self.previous_page()
            return True
        return False

    # -- speech -----------------------------------------------------------------------------

    def position_text(self) -> str:
        return self.page_counter

    def reading_runs(self) -> list[SpeechRun]:
        """Title, page title, the transcript (or the page's recording), 'Page 3 of 31'."""
        narration = self.ids.narration_player.narration
        runs = [SpeechRun(self.doc_title, self.doc_lang)]
        if narration is not None:
            runs += [SpeechRun(self.page_title, self.doc_lang),
                     SpeechRun("", narration.lang, recording=narration.audio)]
        else:
            runs += spoken.reading_runs(focus_stops([self.ids.transcript_panel]))
        runs.append(spoken.ui(self.page_counter + "."))
        return runs


load_kv_next_to(__file__)
