"""At the idle reset the kiosk lets go of what the last visitor saw (kiosk/ui/spare_rows.py,
`KioskScreen.forget_visitor`), and leaves the same blank rows for the next one's lists.

Before, every screen kept its last content, and Kivy kept, for any list to reuse, as many
rows as the longest list anyone had opened: a kiosk's memory grew with the largest content
ever shown. The story: one visitor reads a lot, in Vietnamese; the next reads other things
in Khmer; after each leaves, the kiosk holds the same widgets, and its spare rows are the
same blank screenful, with nothing of either visitor in them.
"""

from __future__ import annotations

import gc
from collections import Counter

from kivy.uix.recycleview import views
from kivy.uix.widget import Widget

from kiosk.ui.spare_rows import spare_row_count


def _widgets_alive() -> Counter:
    gc.unfreeze()  # the reset froze what it kept: count that too
    gc.collect()
    alive = Counter(type(o).__name__ for o in gc.get_objects() if issubclass(type(o), Widget))
    gc.freeze()
    return alive


def _visit(kiosk, language: str, document_page: int, query: str) -> None:
    app = kiosk.app
    app.set_language(language)
    app.open_item("treaties")
    kiosk.frames(2)
    app.open_screen("timeline")
    kiosk.frames(2)
    app.open_item("crc")
    kiosk.frames(2)
    app.open_item("udhr", page_index=document_page)
    kiosk.frames(2)
    app.open_screen("search")
    kiosk.frames(1)
    kiosk.screen.ids.keyboard.type(query)
    kiosk.frames(2)


def _spare_rows() -> Counter:
    return Counter({cls.__name__: len(rows) for cls, rows in views._cached_views.items()
                    if rows})


def _spare_texts() -> dict[str, list[str]]:
    """What each kind of spare row would show, all its labels' text."""
    texts: dict[str, list[str]] = {}
    for cls, rows in views._cached_views.items():
        texts[cls.__name__] = sorted(w.plain_text for row in rows for w in row.walk()
                                     if getattr(w, "plain_text", ""))
    return texts


def test_after_each_visitor_the_kiosk_keeps_the_same_widgets_and_blank_spare_rows(kiosk):
    kiosk.reset()
    _visit(kiosk, "vi", document_page=0, query="quyen")
    kiosk.reset()
    spare_after_first = _spare_rows()
    assert spare_after_first["TileRow"] >= 4 and spare_after_first["TimelineEntry"] >= 4
    assert spare_row_count() == sum(spare_after_first.values())
    texts_after_first = _spare_texts()
    after_first = _widgets_alive()
    section = kiosk.app.root.ids.screens.get_screen("section")
    assert section.ids.section_scroll.data == []  # nothing of the last visit left to read

    _visit(kiosk, "km", document_page=3, query="ក")
    during_second = _widgets_alive()
    kiosk.reset()
    after_second = _widgets_alive()

    assert during_second["TileRow"] > 0 and during_second["TimelineEntry"] > 0  # it was seen
    assert after_second == after_first, (
        f"kept after the second visitor: {after_second - after_first}, "
        f"gone: {after_first - after_second}")
    assert _spare_rows() == spare_after_first
    assert after_second["TileRow"] == spare_after_first["TileRow"]  # in no list: all spare
    # Blank: no title or date of either visitor's reading is kept in them, only the
    # interface's words (a header's "See the treaties on a timeline"), in the default language.
    assert _spare_texts() == texts_after_first
    assert not texts_after_first["TileRow"] and not texts_after_first["TimelineEntry"]
    assert kiosk.screen_name == "attract"


def test_a_screen_shown_again_after_the_reset_is_whole(kiosk):
    """The next visitor's lists are made anew: the same section and timeline as before."""
    kiosk.reset()
    _visit(kiosk, "en", document_page=1, query="child")
    treaty_blocks = len(kiosk.app.root.ids.screens.get_screen("treaty").ids.summary.blocks)
    kiosk.reset()
    _visit(kiosk, "en", document_page=1, query="child")
    screens = kiosk.app.root.ids.screens
    assert len(screens.get_screen("treaty").ids.summary.blocks) == treaty_blocks > 0
    assert screens.get_screen("timeline").entries()
    assert screens.get_screen("section").tiles()
    assert screens.get_screen("document").ids.page_strip.data
    assert screens.get_screen("search").result_tiles()
