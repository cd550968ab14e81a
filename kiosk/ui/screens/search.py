"""Search: an on-screen keyboard and results that follow every key press.

The catalog's search ignores case and accents, so "dieu 1" typed on plain a–z keys finds
"Điều 1". A document result opens at the page where the words are, in the language they
were found in. The query is kept in the screen's route, so Back from a result returns to it.
"""

from __future__ import annotations

from kivy.properties import NumericProperty, StringProperty

from kiosk.ui.i18n import _
from kiosk.ui.keyboard import OnScreenKeyboard, layout_for_language  # noqa: F401 - kv uses it
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.section import describe_item
from kiosk.ui.widgets import ItemTile

BACKSPACE_KEY, ENTER_KEY = 8, 13
RESULT_LIMIT = 20


class ResultTile(ItemTile):
    """A search hit: its title, kind, language and the words around the match."""

    hit_index = NumericProperty(0)


class SearchScreen(KioskScreen):
    status = StringProperty("")  # "3 results", "No results", or the hint to start typing

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hits = []
        self.ids.keyboard.bind(text=self._on_query_changed)

    def show(self, query: str = "") -> None:
        keyboard = self.ids.keyboard
        if not query:  # a new search starts on the keyboard of the visitor's language
            keyboard.layout = layout_for_language(self.lang)
        if keyboard.text != query:
            keyboard.text = query  # triggers a search
        else:
            self._search(query)

    def forget_visitor(self) -> None:
        keyboard = self.ids.keyboard
        keyboard.text = ""  # no results left either
        keyboard.layout = layout_for_language(self.lang)  # another script's keys go

    @property
    def query(self) -> str:
        return self.ids.keyboard.text

    @guarded
    def _on_query_changed(self, _keyboard, query: str) -> None:
        if self.kiosk.screen_name == "search":
            self.kiosk.remember_params(query=query)
        self._search(query)

    def _search(self, query: str) -> None:
        self.hits = (
            self.catalog.search(query.strip(), self.lang, RESULT_LIMIT) if query.strip() else []
        )
        results = self.ids.results
        results.clear_widgets()
        for index, hit in enumerate(self.hits):
            header = self._header(hit)
            tile = ResultTile(
                title=hit.title,
                subtitle=f"{header}\n{hit.snippet}" if hit.snippet else header,
                subtitle_highlights=[(start + len(header) + 1, end + len(header) + 1)
                                     for start, end in hit.highlights] if hit.snippet else [],
                item_id=hit.item_id,
                kind=hit.kind,
                thumbnail=self.catalog.thumbnail(hit.item_id) or "",
                hit_index=index,
            )
            tile.bind(on_release=self.open_result)
            results.add_widget(tile)
        if not query.strip():
            self.status = _("Type a word to search the exhibition.")
        elif not self.hits:
            self.status = _("No results for “{query}”.", query=query.strip())
        else:
            self.status = _("Results for “{query}”:", query=query.strip())
        self.ids.results_scroll.scroll_y = 1

    def _header(self, hit) -> str:
        """The hit's kind, and its language when it is not the visitor's."""
        language = self.catalog.language_name(hit.lang) if hit.lang != self.lang else ""
        return describe_item(hit.kind, language)

    @guarded
    def open_result(self, tile: ResultTile) -> None:
        hit = self.hits[tile.hit_index]
        if hit.kind == "document":
            self.kiosk.open_item(hit.item_id, lang=hit.lang, page_index=hit.page_index or 0)
        else:
            self.kiosk.open_item(hit.item_id)

    def result_tiles(self) -> list[ResultTile]:
        return list(reversed(self.ids.results.children))

    def on_physical_key(self, key: int, codepoint: str | None, modifiers: list[str]) -> bool:
        keyboard = self.ids.keyboard
        if key == BACKSPACE_KEY:
            keyboard.press("backspace")
            return True
        if key == ENTER_KEY:
            tiles = self.result_tiles()
            if tiles:
                self.open_result(tiles[0])
            return True
        if codepoint and not set(modifiers) & {"ctrl", "alt", "meta"}:
            if codepoint.isalnum() or codepoint == " ":
                keyboard.type(codepoint.lower())
                return True
        return False


load_kv_next_to(__file__)
