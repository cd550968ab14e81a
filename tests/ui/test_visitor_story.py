"""A visitor's story at the kiosk, told through touches on the real app in a real window."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.app

KHMER = range(0x1780, 0x1800)


def has_khmer(text: str) -> bool:
    return any(ord(c) in KHMER for c in text)


def test_a_visitor_reads_a_treaty_then_the_udhr_in_khmer_and_searches(kiosk, catalog):
    # The kiosk waits on its attract screen; any touch begins the visit.
    assert kiosk.screen_name == "attract"
    kiosk.tap(kiosk.screen)
    assert kiosk.screen_name == "home"
    assert kiosk.app.language == "vi"

    # Home: the sections as tiles. The visitor opens the treaties.
    kiosk.tap(kiosk.screen.tile_for("treaties"))
    assert kiosk.screen_name == "section"
    introduction = catalog.section("treaties", "vi").introduction
    header = kiosk.screen.ids.item_list.row(0)  # the first of the section's recycled rows
    assert introduction and header.ids.introduction.shown_text() == "\n".join(
        block.text for block in introduction)
    kiosk.tap(kiosk.screen.row_for("icerd"))

    # The treaty is shown in Vietnamese: title and summary.
    assert kiosk.screen_name == "treaty"
    expected = catalog.treaty("icerd", "vi")
    treaty = kiosk.screen
    assert treaty.ids.treaty_title.plain_text == expected.title
    assert "phân biệt chủng tộc" in expected.title
    shown_summary = [label.plain_text for label in treaty.ids.summary.children[::-1]]
    assert shown_summary == [block.text for block in expected.summary]
    assert "Ngày thông qua" in treaty.shown_text()  # the "Adopted" label, in Vietnamese
    assert "21 tháng 12, 1965" in treaty.shown_text()  # the date, the Vietnamese way
    assert kiosk.app.notice_text == ""  # the Vietnamese translation exists

    # Back to the section, back home, into the UDHR section and its document.
    kiosk.tap(kiosk.nav.ids.back_button)
    assert kiosk.screen_name == "section"
    kiosk.tap(kiosk.nav.ids.back_button)
    assert kiosk.screen_name == "home"
    kiosk.tap(kiosk.screen.tile_for("udhr-section"))
    kiosk.tap(kiosk.screen.row_for("udhr"))
    assert kiosk.screen_name == "document"
    document = kiosk.screen
    assert document.doc_lang == "vi"
    assert document.ids.page_counter.plain_text == "Trang 1 trên 31"

    # The visitor shows the Khmer text to a friend: the document's language button.
    kiosk.tap(document.ids.language_button)
    from kiosk.ui.dialogs import open_dialogs

    (chooser,) = open_dialogs()
    khmer_button = chooser.button_for("km")
    assert khmer_button.plain_text == catalog.language_name("km")
    kiosk.tap(khmer_button)
    assert open_dialogs() == []
    assert document.doc_lang == "km"
    assert kiosk.app.language == "vi"  # the buttons stay in Vietnamese
    transcript_labels = [w for w in document.ids.transcript.walk() if hasattr(w, "plain_text")]
    khmer_labels = [w for w in transcript_labels if has_khmer(w.plain_text)]
    assert khmer_labels, "the Khmer transcript is shown"
    for label in khmer_labels:
        assert label.font_name.endswith("NotoSansKhmer-Regular.ttf")
        assert label.font_script_name == "Khmr"
    assert document.ids.doc_title.font_script_name == "Khmr"

    # Next page: Article 1, still in Khmer.
    kiosk.tap(document.ids.next_button)
    assert document.page_index == 1
    assert document.ids.page_counter.plain_text == "Trang 2 trên 31"
    assert document.ids.page_title.plain_text == catalog.document("udhr", "km").pages[1].title
    assert has_khmer(document.ids.transcript.shown_text())

    # Search: type "dieu 1" on the on-screen keyboard; no accents needed.
    kiosk.tap(kiosk.nav.ids.search_button)
    assert kiosk.screen_name == "search"
    search = kiosk.screen
    keyboard = search.ids.keyboard
    for action in ("d", "i", "e", "u", "space", "1"):
        kiosk.tap(keyboard.key_for(action))
    assert keyboard.text == "dieu 1"
    tiles = search.result_tiles()
    assert tiles, "results appear while typing"
    udhr_vi_tile = next(
        t
        for t in tiles
        if search.hits[t.hit_index].item_id == "udhr" and search.hits[t.hit_index].lang == "vi"
    )
    kiosk.tap(udhr_vi_tile)

    # The Vietnamese UDHR opens at Article 1.
    assert kiosk.screen_name == "document"
    udhr_vi = catalog.document("udhr", "vi")
    article_1 = [page.page_id for page in udhr_vi.pages].index("article-1")
    assert document.doc_lang == "vi"
    assert document.page_index == article_1
    assert document.ids.page_title.plain_text == udhr_vi.pages[article_1].title
    assert document.ids.page_title.plain_text.startswith("Điều 1")

    # The visitor switches the interface to English, then walks away: the kiosk asks first.
    kiosk.tap(kiosk.nav.ids.language_picker.button_for("en"))
    assert kiosk.app.language == "en"
    kiosk.clock.advance(catalog.site.idle_timeout_seconds - 1)
    kiosk.frames(3)
    assert kiosk.screen_name == "document"  # not yet
    kiosk.clock.advance(2)
    kiosk.wait_until(lambda: [type(d).__name__ for d in open_dialogs()] == ["StillThereDialog"],
                     what="the idle warning")
    kiosk.clock.advance(kiosk.app.idle_watch.warning_seconds)
    kiosk.wait_until(lambda: kiosk.screen_name == "attract", what="the idle reset")
    assert kiosk.app.language == catalog.site.default_language
    assert [route.name for route in kiosk.app.session.history] == ["attract"]


def test_the_interface_speaks_vietnamese_english_and_french(kiosk, catalog):
    kiosk.tap(kiosk.screen)
    nav = kiosk.nav.ids
    home = kiosk.screen
    expected = {
        "vi": ("‹ Quay lại", "Trang chủ", "Tìm kiếm", "Chọn một chủ đề"),
        "en": ("‹ Back", "Home", "Search", "Choose a topic"),
        "fr": ("‹ Retour", "Accueil", "Rechercher", "Choisissez un thème"),
    }
    for lang in ("en", "fr", "vi"):
        kiosk.tap(nav.language_picker.button_for(lang))
        assert kiosk.app.language == lang
        shown = (
            nav.back_button.plain_text,
            nav.home_button.plain_text,
            nav.search_button.plain_text,
            home.ids.home_prompt.plain_text,
        )
        assert shown == expected[lang]
        assert home.ids.home_title.plain_text == catalog.site_title(lang)
        assert nav.language_picker.button_for(lang).selected
    assert kiosk.screen_name == "home"  # changing language never moves the visitor


def test_each_language_is_offered_by_its_own_name(kiosk):
    kiosk.tap(kiosk.screen)
    picker = kiosk.nav.ids.language_picker
    names = {tag: picker.button_for(tag).plain_text for tag in ("vi", "en", "fr")}
    assert names == {"vi": "Tiếng Việt", "en": "English", "fr": "Français"}


def test_the_attract_screen_invites_in_every_offered_language(kiosk, catalog):
    from kiosk.ui.i18n import translate

    attract = kiosk.screen
    invitations = {translate("Touch the screen to begin", lang) for lang in catalog.site.languages}
    assert len(invitations) == len(catalog.site.languages)  # each in its own words
    seen = {attract.invitation}
    kiosk.wait_until(
        lambda: seen.add(attract.invitation) or seen == invitations,
        timeout=12,
        what="the invitation to cycle through every language",
    )
    assert kiosk.screen_name == "attract"


def test_back_leaves_a_document_in_one_step_however_many_pages_were_turned(kiosk):
    kiosk.tap(kiosk.screen)
    kiosk.tap(kiosk.screen.tile_for("udhr-section"))
    kiosk.tap(kiosk.screen.row_for("udhr"))
    for _ in range(3):
        kiosk.tap(kiosk.screen.ids.next_button)
    kiosk.press("right")  # Left and Right turn pages on the keypad, as does Page Down
    kiosk.press("pagedown")
    assert kiosk.screen.page_index == 5
    assert kiosk.app.audio_mode  # the first keypad key started speech: touches now speak first
    kiosk.double_tap(kiosk.nav.ids.back_button)
    assert kiosk.screen_name == "section"


def test_a_missing_translation_is_announced(kiosk, catalog):
    kiosk.tap(kiosk.screen)
    kiosk.app.open_item("udhr", lang="de")  # the sample has German only as "de-1996"
    view = kiosk.screen.view
    assert view.lang != "de"
    notice = kiosk.app.root.ids.notice
    assert notice.plain_text == (
        f"Đang hiển thị bằng {catalog.language_name(view.lang)}: "
        f"chưa có bản {catalog.language_name('de')}"
    )
    assert notice.height > 0
    kiosk.tap(kiosk.nav.ids.home_button)
    assert notice.plain_text == "" and notice.height == 0


def test_physical_keys_type_into_search_and_escape_goes_back(kiosk):
    kiosk.press("spacebar", codepoint=" ")  # any key wakes the kiosk up
    assert kiosk.screen_name == "home"
    assert kiosk.app.audio_mode, "a keypad key starts the visit with speech"
    kiosk.double_tap(kiosk.nav.ids.search_button)  # touch and hear: the second tap chooses
    assert kiosk.screen_name == "search"
    for letter in "cedaw":
        kiosk.press(letter)
    kiosk.press("backspace")
    assert kiosk.screen.query == "ceda"
    assert kiosk.screen.hits, "typing on a keyboard searches too"
    kiosk.press("escape")  # the keypad's Back (kiosk.toml [keys]): never an exit
    assert kiosk.screen_name == "home"
    from kivy.core.window import Window

    assert Window.dispatch("on_request_close") is True  # the close button is refused too


def test_a_failing_handler_takes_the_visitor_home_instead_of_crashing(kiosk):
    kiosk.tap(kiosk.screen)
    kiosk.tap(kiosk.screen.tile_for("treaties"))
    assert kiosk.screen_name == "section"
    kiosk.app.open_item("no-such-item")  # the catalog raises; the app must survive it
    kiosk.frames(2)
    assert kiosk.screen_name == "home"
    kiosk.tap(kiosk.screen.tile_for("treaties"))
    assert kiosk.screen_name == "section"


def test_the_nav_bar_is_at_the_bottom_and_hidden_on_attract(kiosk):
    nav = kiosk.nav
    assert nav.opacity == 0 and nav.disabled
    kiosk.tap(kiosk.screen)
    assert nav.opacity == 1 and not nav.disabled
    assert nav.y == 0
    for button in (nav.ids.back_button, nav.ids.home_button, nav.ids.search_button):
        assert button.to_window(*button.pos)[1] < kiosk.app.root.height / 4


def test_a_visitor_types_vietnamese_tones_and_khmer_on_the_touch_keyboard(kiosk, catalog):
    kiosk.tap(kiosk.screen)
    kiosk.tap(kiosk.nav.ids.search_button)
    assert kiosk.screen_name == "search"
    keyboard = kiosk.screen.ids.keyboard
    assert keyboard.layout == "vi"  # the interface is in Vietnamese
    for action in ("q", "u", "y", "ê", "n", "tone:grave"):
        kiosk.tap(keyboard.key_for(action))
    assert keyboard.text == "quyền"
    assert kiosk.screen.result_tiles(), "quyền finds the treaties"
    kiosk.tap(keyboard.key_for("clear"))

    kiosk.tap(keyboard.key_for("layout:km"))
    assert keyboard.layout == "km" and keyboard.key_for("tone:grave") is None
    for action in ("ស", "េ", "រ", "ី"):
        kiosk.tap(keyboard.key_for(action))
    assert keyboard.text == "សេរី"
    hits = [(t.item_id, catalog.search("សេរី", "vi")[i].lang)
            for i, t in enumerate(kiosk.screen.result_tiles()[:3])]
    assert ("udhr", "km") in hits
    kiosk.screenshot("15-search-khmer-keyboard")


def test_search_results_show_the_matched_words_emphasised(kiosk, catalog):
    kiosk.tap(kiosk.screen)
    kiosk.tap(kiosk.nav.ids.search_button)
    keyboard = kiosk.screen.ids.keyboard
    for letter in "quyen":
        keyboard.press(letter)
    kiosk.wait_frames(2) if hasattr(kiosk, "wait_frames") else None
    tile = kiosk.screen.result_tiles()[0]
    subtitle = tile.ids.tile_subtitle
    assert subtitle.highlights, "the match is marked"
    start, end = subtitle.highlights[0]
    assert subtitle.plain_text[start:end].lower().startswith("quy")
    assert "[b][u]" in subtitle.text  # drawn bold and underlined, not by colour alone
    kiosk.screenshot("16-search-highlight")
