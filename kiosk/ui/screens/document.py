"""A document read page by page, its transcript in any of the languages it exists in.

The document's language is chosen apart from the interface language: a Vietnamese-speaking
visitor may want to show the Khmer text to a friend while the buttons stay in Vietnamese.
Changing page or document language replaces the current screen, so Back leaves the document.

On the keypad, Left and Right turn the pages (Up and Down still move the focus). Read aloud,
a page is its title, its transcript in the transcript's language (or the page's recorded
reading, where the content has one) and "Page 3 of 31".
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.speech import SpeechRun
from kiosk.ui import spoken
from kiosk.ui.focus import focus_stops
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen

KEY_PAGE_DOWN, KEY_PAGE_UP = 281, 280


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
    no_transcript = StringProperty("")
    credit = StringProperty("")
    landscape = BooleanProperty(True)

    def show(self, item_id: str, lang: str | None = None, page_index: int = 0) -> None:
        view = self.catalog.document(item_id, lang or self.lang)
        self.view = view
        self.item_id = item_id
        self.doc_lang = view.lang
        self.doc_title = view.title
        self.page_count = len(view.pages)
        self.page_index = max(0, min(page_index, self.page_count - 1))
        self.language_label = _("Language: {name}", name=self.catalog.language_name(view.lang))
        self.credit = view.credit
        self._show_page()
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
        self.ids.document_scroll.scroll_y = 1

    @guarded
    def next_page(self) -> None:
        if self.page_index + 1 < self.page_count:
            self.kiosk.show_in_place(page_index=self.page_index + 1)

    @guarded
    def previous_page(self) -> None:
        if self.page_index > 0:
            self.kiosk.show_in_place(page_index=self.page_index - 1)

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

    def on_keypad_action(self, action: str) -> bool:
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
        page = self.view.pages[self.page_index] if self.view.pages else None
        recording = getattr(page, "audio", None) if page is not None else None
        runs = [SpeechRun(self.doc_title, self.doc_lang)]
        if recording:
            runs += [SpeechRun(self.page_title, self.doc_lang),
                     SpeechRun("", self.doc_lang, recording=recording)]
        else:
            runs += spoken.reading_runs(focus_stops([self.ids.transcript_panel]))
        runs.append(spoken.ui(self.page_counter + "."))
        return runs


load_kv_next_to(__file__)
