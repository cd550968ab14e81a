"""A low-vision visitor sets the text to 150 % or 200 % and still reads the page, not the
chrome around it: on the document, treaty and image screens of the shipped exhibition, in
landscape, the item's own content (the page picture and its transcript, the treaty's summary
and facts, the picture and its caption) fills at least half of the window's height in the
first view, measured from the widget tree.

What makes room: the title folds into one shortened line (still spoken in full), and the
navigation bar keeps one row by folding its language buttons into one, which opens the same
choice; every control stays where the keypad reaches it. Screenshots:
test-artifacts/screenshots/look-reading-*.png, compared with tests/ui/reference/reading-*.png.
"""

from __future__ import annotations

import pytest

from tests.ui.look_reference import keep_the_look

pytestmark = pytest.mark.app

TEXT_SCALES = (1.0, 1.5, 2.0)
READING_SHARE = 0.5


def window_span(widget) -> tuple[float, float]:
    """The widget's bottom and top in window pixels."""
    _x, y = widget.to_window(widget.x, widget.y)
    return y, y + widget.height


def visible_share(parts: list, viewport) -> float:
    """How much of the window's height the union of `parts` covers inside `viewport`."""
    from kivy.core.window import Window

    low, high = window_span(viewport)
    low, high = max(0.0, low), min(float(Window.height), high)
    spans = sorted((max(low, a), min(high, b)) for a, b in map(window_span, parts)
                   if b > low and a < high and a < b)
    covered, reach = 0.0, low
    for a, b in spans:
        a = max(a, reach)
        if b > a:
            covered += b - a
            reach = b
    return covered / Window.height


def reading_parts(screen) -> tuple[list, object]:
    """The item's own content on `screen`, and the part of the window it scrolls in."""
    ids = screen.ids
    if screen.name == "document":
        parts = [ids.page_title, ids.transcript]
        if screen.page_image:
            parts.append(ids.page_area)
        return parts, ids.document_scroll
    if screen.name == "treaty":
        return [ids.summary_column, ids.facts], ids.treaty_scroll
    assert screen.name == "image"
    return [ids.picture_area, ids.caption, ids.credit], ids.body


ITEMS = {"document": "udhr-vi-en", "treaty": "iccpr", "image": "udhr-poster"}


@pytest.mark.parametrize("text_scale", TEXT_SCALES)
def test_visitor_reads_the_content_not_the_chrome(kiosk, text_scale):
    from kivy.core.window import Window

    assert Window.width > Window.height, "a landscape panel"
    kiosk.tap(kiosk.screen)
    kiosk.app.set_preferences(text_scale=text_scale)
    shares = {}
    try:
        for kind, item_id in ITEMS.items():
            kiosk.app.open_item(item_id)
            kiosk.frames(6)
            assert kiosk.screen_name == kind
            shares[kind] = visible_share(*reading_parts(kiosk.screen))
            keep_the_look(kiosk, f"reading-{kind}-{int(text_scale * 100)}")
    finally:
        kiosk.app.set_preferences(text_scale=1.0)
    print(f"reading area at {text_scale:.0%} text:",
          ", ".join(f"{kind} {share:.0%}" for kind, share in shares.items()))
    short = {kind: round(share, 3) for kind, share in shares.items() if share < READING_SHARE}
    assert not short, f"at {text_scale:.0%} text the content keeps less than half: {short}"


def test_visitor_at_200_percent_keeps_every_control(kiosk):
    """The folded title is spoken whole; the folded languages still change the language, by
    touch and by the keypad; the page keeps its Read aloud and page buttons."""
    kiosk.tap(kiosk.screen)
    kiosk.app.set_preferences(text_scale=2.0)
    try:
        kiosk.app.open_item("udhr-vi-en")
        kiosk.frames(6)
        document = kiosk.screen
        title = document.ids.doc_title
        assert title.shorten and title.texture_size[1] < title.font_size * 2, "one line"
        assert document.doc_title.startswith("Tuyên ngôn toàn thế giới về nhân quyền")
        assert title.spoken_name() == document.doc_title, "the whole title is spoken"
        nav = kiosk.nav
        assert nav.folded and nav.ids.language_button.parent is nav.ids.top_row.__self__
        assert nav.ids.language_picker.parent is None
        assert len(nav.children) == 1, "one row"
        kiosk.tap(nav.ids.language_button)
        from kiosk.ui.dialogs import open_dialogs

        dialog = open_dialogs()[-1]
        assert {b.value for b in dialog.ids.choice_grid.children} == {"vi", "en", "fr"}
        kiosk.tap(dialog.button_for("fr"))
        assert kiosk.app.language == "fr" and kiosk.screen_name == "document"
        assert nav.ids.language_button.plain_text.startswith("Français")
        for control in ("read_aloud_button", "next_button", "language_button"):
            kiosk.focus_down_to(document.ids[control].__self__)
        kiosk.focus_down_to(nav.ids.language_button.__self__)
        kiosk.press("enter")
        assert open_dialogs(), "the keypad opens the language choice too"
        kiosk.press("escape")
    finally:
        kiosk.app.set_preferences(text_scale=1.0)
    kiosk.frames(3)
    assert not kiosk.nav.folded or kiosk.nav.one_row


def test_visitor_on_a_portrait_panel_keeps_the_whole_title(kiosk):
    """Portrait panels have the height: nothing folds there."""
    from kivy.core.window import Window

    landscape = tuple(Window.size)
    Window.size = (608, 1080)
    try:
        kiosk.frames(5)
        kiosk.tap(kiosk.screen)
        kiosk.app.set_preferences(text_scale=2.0)
        kiosk.app.open_item("udhr-vi-en")
        kiosk.frames(6)
        assert not kiosk.screen.ids.doc_title.shorten and not kiosk.nav.folded
        keep_the_look(kiosk, "reading-document-portrait-200")
    finally:
        kiosk.app.set_preferences(text_scale=1.0)
        Window.size = landscape
        kiosk.frames(5)
