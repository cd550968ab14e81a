"""A visitor reads a document a curator imported from a PDF: turns its pages every way there
is, chooses where the transcript stands, hears a page read aloud, and takes its address home.

The PDF is written by the test (tests/test_curator_imports_media.py's `make_pdf`: real text
in a real PDF), imported with `kiosk import pdf` into a small exhibition, built, and shown in
the running kiosk. Screenshots: test-artifacts/screenshots/document-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.cli import main
from kiosk.ui.take_away import address_lines
from tests.conftest import write
from tests.test_curator_imports_media import make_pdf

pytestmark = pytest.mark.app

PAGES = [
    ["Page one: All human beings are born free and equal in dignity and rights."],
    ["Page two: Everyone has the right to life, liberty and security of person."],
    ["Page three: No one shall be held in slavery or servitude."],
]
CHARTER_URL = "https://www.ohchr.org/en/human-rights/universal-declaration/translations/english"


@pytest.fixture(scope="module")
def exhibition(tmp_path_factory) -> Path:
    """A small exhibition with two documents imported from PDFs: the charter, to which the
    curator added a web address, and a letter without one. Built once for the module."""
    root = tmp_path_factory.mktemp("document-exhibition")
    content = root / "content"
    write(content / "site.yaml", """
        title: {vi: Triển lãm thử, en: Test exhibition, fr: Exposition d'essai}
        languages: [vi, en, fr]
        default_language: en
        idle_timeout_seconds: 60
        edition: 1
    """)
    write(content / "items/papers/item.yaml", "kind: section\norder: 1\nitems: [charter, letter]\n")
    for lang, title in (("vi", "Giấy tờ"), ("en", "Papers"), ("fr", "Papiers")):
        write(content / f"items/papers/{lang}.md", f"---\ntitle: {title}\n---\n")
    runner = CliRunner()
    for item_id, title, pages in (("charter", "Charter of Rights", PAGES),
                                  ("letter", "A letter", PAGES[:2])):
        pdf = make_pdf(root / f"{item_id}.pdf", pages, {"Title": title, "Author": "Test archive"})
        result = runner.invoke(main, ["import", "pdf", str(pdf), "--into", str(content),
                                      "--id", item_id, "--lang", "en", "--dpi", "50"])
        assert result.exit_code == 0, result.output
    meta_path = content / "items/charter/item.yaml"
    meta = yaml.safe_load(meta_path.read_text())
    meta_path.write_text(yaml.safe_dump({**meta, "url": CHARTER_URL}, allow_unicode=True))
    return build_catalog(content, root / "catalog.db").catalog


@pytest.fixture
def reader(kiosk, exhibition):
    """The kiosk on the test exhibition, a visit begun."""
    with kiosk.showing(exhibition):
        kiosk.tap(kiosk.screen)
        assert kiosk.screen_name == "home"
        yield kiosk


def open_document(kiosk, item_id: str = "charter", **params):
    kiosk.app.open_item(item_id, **params)
    kiosk.frames(4)
    assert kiosk.screen_name == "document"
    return kiosk.screen


def on_page(document, number: int, total: int = 3) -> bool:
    return (document.page_index == number - 1
            and document.ids.page_counter.plain_text == f"Page {number} of {total}")


def window_box(widget):
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def test_the_imported_pdf_opens_on_page_one_with_its_transcript_and_page_strip(reader):
    home = reader.screen
    reader.tap(home.tile_for("papers"))
    assert reader.screen_name == "section"
    reader.wait_until(lambda: reader.screen.row_for("charter") is not None, what="its tile")
    reader.tap(reader.screen.row_for("charter"))
    assert reader.screen_name == "document"
    document = reader.screen
    assert document.ids.doc_title.plain_text == "Charter of Rights"
    assert on_page(document, 1)
    assert "born free and equal in dignity" in document.ids.transcript.shown_text()
    assert Path(document.ids.page_image.source).is_file()

    strip = document.ids.page_strip
    assert [d["number"] for d in strip.data] == [1, 2, 3]
    reader.wait_until(lambda: all(strip.tile_for(i) for i in range(3)), what="three tiles")
    tiles = [strip.tile_for(i) for i in range(3)]
    assert [t.selected for t in tiles] == [True, False, False]
    assert [t.spoken_name() for t in tiles] == ["Page 1", "Page 2", "Page 3"]
    assert all(t.texture is not None for t in (t.ids.picture for t in tiles)), "thumbnails"
    # The current page is marked by more than colour: a thicker frame and a filled number.
    assert tiles[0].ids.number_label.strong and not tiles[1].ids.number_label.strong
    assert all(t.height >= reader.app.theme.target for t in tiles)
    # Keys reach the tiles in page order, between the transcript and the pager.
    stops = reader.app.focus.stops()
    assert [s for s in stops if s in tiles] == tiles
    assert stops.index(tiles[2]) < stops.index(document.ids.next_button.__self__)
    reader.screenshot("document-transcript-beside")


def test_pages_turn_by_swipe_button_strip_and_keypad(reader):
    document = open_document(reader)
    viewer = document.ids.page_image
    reader.swipe(viewer, "left")
    assert on_page(document, 2), "a swipe to the left brings the next page"
    assert "right to life" in document.ids.transcript.shown_text()
    reader.tap(document.ids.next_button)
    assert on_page(document, 3)
    assert document.ids.next_button.disabled
    reader.swipe(viewer, "left")
    assert on_page(document, 3), "no page after the last"

    strip = document.ids.page_strip
    reader.wait_until(lambda: strip.tile_for(0) is not None, what="tile of page 1")
    reader.tap(strip.tile_for(0))
    reader.wait_until(lambda: document.page_index == 0, what="page 1 from the strip")
    assert on_page(document, 1)
    reader.wait_until(lambda: strip.tile_for(0) and strip.tile_for(0).selected,
                      what="page 1 marked in the strip")

    reader.swipe(viewer, "left")
    assert on_page(document, 2)
    reader.swipe(viewer, "right")
    assert on_page(document, 1), "a swipe to the right brings the page before"
    # A short sideways touch, or an upward drag, is not a page turn.
    cx, cy = viewer.to_window(*viewer.center)
    reader.drag((cx, cy), (cx - 10, cy))
    reader.drag((cx, cy - 100), (cx - 30, cy + 100))
    assert on_page(document, 1)

    # The keypad (its first key also turns speech on: touches are then for hearing).
    reader.key("right")
    assert on_page(document, 2)
    reader.key("left")
    assert on_page(document, 1)
    reader.press("pagedown")
    assert on_page(document, 2)
    reader.press("pageup")
    assert on_page(document, 1)

    # Back leaves the document in one step, however many pages were turned.
    reader.key("back")
    assert reader.screen_name == "home"


def test_every_page_starts_whole_however_far_the_last_one_was_zoomed(reader):
    document = open_document(reader)
    viewer = document.ids.page_image
    reader.wait_until(lambda: viewer.max_scale > 1, what="the page picture opened")
    reader.tap(document.ids.zoom_controls.button_for("zoom_in"))
    assert viewer.zoomed and viewer.scale > 1
    reader.swipe(viewer, "left")  # zoomed in, one finger moves the picture, not the page
    assert on_page(document, 1) and viewer.zoomed
    reader.tap(document.ids.next_button)
    assert on_page(document, 2)
    assert not viewer.zoomed and viewer.scale == 1, "the next page starts whole"
    reader.pinch(viewer, 2.5)
    assert viewer.zoomed
    reader.tap(document.ids.page_strip.tile_for(2))
    reader.wait_until(lambda: document.page_index == 2, what="page 3 from the strip")
    assert not viewer.zoomed and viewer.scale == 1


def test_a_long_document_strip_keeps_the_current_page_in_view(reader):
    document = open_document(reader)
    strip = document.ids.page_strip
    # The same document shown as if it had 200 pages: only the tiles in view are widgets.
    thumbnails = [p.thumbnail for p in document.view.pages] * 67
    strip.show_pages(thumbnails[:200], 150)
    reader.frames(4)
    tiles = strip.layout_manager.children
    assert 0 < len(tiles) < 40, f"{len(tiles)} tile widgets for 200 pages"
    current = strip.tile_for(150)
    assert current is not None and current.selected
    left, _y, width, _h = window_box(strip)
    x, _y, tile_width, _h = window_box(current)
    assert left <= x and x + tile_width <= left + width, "the current page is in view"
    reachable = [t for t in tiles if t.focusable]
    assert current in reachable and len(reachable) < len(tiles), \
        "only the tiles wholly in view are keypad stops"
    assert not cut_in_half(strip), "the strip shows whole tiles, none cut at its ends"
    # A finger drags the strip part way along a tile and lets go: it settles on a tile's edge.
    sx, sy = strip.to_window(*strip.center)
    reader.drag((sx, sy), (sx - strip.tile_width * 2.4, sy), steps=6)
    reader.wait_until(lambda: not cut_in_half(strip), what="the strip to settle on whole tiles")
    assert all(t.focusable for t in strip.layout_manager.children if in_view(strip, t))
    # One page: nothing to choose, no strip.
    strip.show_pages([None], 0)
    reader.frames(3)
    assert not strip.shown and strip.height == 0
    assert not any(isinstance(s, type(current)) for s in reader.app.focus.stops())
    strip.show_pages([p.thumbnail for p in document.view.pages], document.page_index)


def in_view(strip, tile) -> bool:
    left, _y, width, _h = window_box(strip)
    x, _y, tile_width, _h = window_box(tile)
    return x < left + width and x + tile_width > left


def cut_in_half(strip) -> list:
    """The tiles only partly in the strip's view."""
    left, _y, width, _h = window_box(strip)
    return [t for t in strip.layout_manager.children if in_view(strip, t) and not (
        left - 1 <= window_box(t)[0] and window_box(t)[0] + t.width <= left + width + 1)]


def test_the_transcript_stands_beside_or_below_as_the_visitor_chooses(reader, exhibition):
    document = open_document(reader)
    image, panel = document.ids.page_image, document.ids.transcript_panel
    button = document.ids.placement_button
    assert document.beside and button.plain_text == "Show transcript below"
    ix, iy, iw, ih = window_box(image)
    cx, cy, cw, ch = window_box(document.ids.text_column)
    assert ix + iw <= cx and abs((iy + ih) - (cy + ch)) < 2, "side by side, tops aligned"
    assert document.ids.doc_title.parent.parent is document.ids.text_column.__self__, \
        "the title heads the text column: the page gets the whole height"

    reader.tap(button)
    assert not document.beside and document.placement == "below"
    assert button.plain_text == "Show transcript beside"
    reader.frames(3)
    ix, iy, iw, ih = window_box(image)
    px, py, pw, ph = window_box(panel)
    assert py + ph <= iy, "the transcript is under the page"
    assert pw > iw * 0.9, "and as wide as the page area"
    reader.screenshot("document-transcript-below")

    # The choice holds through the visit: another page, another document, back again.
    reader.tap(document.ids.next_button)
    assert not document.beside
    open_document(reader, "letter")
    assert not document.beside
    # 200 % text: below, whatever the choice, with nothing cut off; the toggle is gone.
    reader.app.set_preferences(text_scale=2.0)
    open_document(reader, "charter")
    reader.frames(4)
    assert not document.beside and not document.placement_offered
    assert button.opacity == 0 and button not in reader.app.focus.stops()
    strip = document.ids.page_strip
    assert strip.parent is document.ids.strip_slot.__self__, "the strip goes under the text"
    assert document.ids.document_scroll.height > 500, "room left to read in"
    assert_nothing_cut_off(document)
    reader.screenshot("document-200pct")
    document.ids.document_scroll.scroll_to(document.ids.take_away, padding=10, animate=False)
    reader.frames(4)
    reader.screenshot("document-200pct-strip-and-qr")
    reader.app.set_preferences(text_scale=1.0, palette="high_contrast")
    reader.frames(4)
    assert not document.beside, "the visitor's own choice: below"
    reader.screenshot("document-high-contrast")

    # The visitor walks away; the next one finds the transcript beside the page again.
    walk_away(reader)
    assert reader.screen_name == "attract"
    reader.tap(reader.screen)
    document = open_document(reader)
    assert document.placement == "beside" and document.beside


def assert_nothing_cut_off(document):
    from kivy.core.window import Window

    from kiosk.ui.widgets import ScriptLabel

    for label in document.walk(restrict=True):
        if not isinstance(label, ScriptLabel) or not label.text or label.opacity == 0:
            continue
        x, _y, width, _h = window_box(label)
        assert label.texture_size[0] <= label.width + 1, f"{label.plain_text!r} is clipped"
        assert x >= -1 and x + width <= Window.width + 1, f"{label.plain_text!r} off screen"


def walk_away(kiosk) -> None:
    """Nobody touches the screen: "Still there?", then the reset for the next visitor."""
    app = kiosk.app
    kiosk.clock.advance(app.idle_watch.timeout_seconds + 1)
    app.idle_watch.check()
    kiosk.frames(2)
    kiosk.clock.advance(app.idle_watch.warning_seconds + 1)
    assert app.idle_watch.check(), "the idle reset should have happened"
    kiosk.frames(2)


def test_stop_reading_stops_even_when_the_reading_noticed_the_touch_first(reader):
    """The finger's touch silences the speech at once; the reading's watch (every 0.2 s) can
    notice that and turn the button back to "Read aloud" before the scroll view passes the
    press on to the button. The button must still do what it said when the finger came down."""
    from kivy.tests.common import UnitTestTouch

    from kiosk.speech import RecordingEngine

    app = reader.app
    saved, app.narrator.engine = app.narrator.engine, RecordingEngine(hold=True)
    try:
        document = open_document(reader)
        speech = app.narrator.engine
        button = document.ids.read_aloud_button
        reader.tap(button)
        reader.wait_until(lambda: speech.speaking and document.reading, what="the reading")
        readings = len(speech.texts())

        touch = UnitTestTouch(*button.to_window(*button.center))
        touch.touch_down()  # silences the speech
        document._check_reading(0)  # the watch's tick lands before the press reaches the button
        assert not document.reading
        reader.frames(2)
        touch.touch_up()
        reader.wait_until(lambda: button.state == "normal", timeout=2, what="the release")
        reader.frames(3)
        assert not speech.speaking and not document.reading
        assert len(speech.texts()) == readings, "Stop reading started the reading again"
    finally:
        app.narrator.engine = saved


def test_read_aloud_reads_the_page_without_audio_mode_and_any_input_stops_it(reader):
    from kiosk.speech import RecordingEngine

    app = reader.app
    saved, app.narrator.engine = app.narrator.engine, RecordingEngine(hold=True)
    try:
        document = open_document(reader)
        speech = app.narrator.engine
        assert not app.narrator.audio_mode
        speech.clear()
        button = document.ids.read_aloud_button
        assert button.plain_text == "Read aloud"
        reader.tap(button)
        reader.wait_until(lambda: speech.texts(), what="the reading")
        assert "born free and equal in dignity" in speech.last_text
        assert "Page 1 of 3" in speech.last_text
        assert document.reading and button.plain_text == "Stop reading"

        reader.tap(button)  # Stop reading (inside a scroll, Kivy releases a tap 0.2 s later)
        reader.wait_until(lambda: not speech.speaking and not document.reading, timeout=2,
                          what="the reading to stop")
        assert button.plain_text == "Read aloud"
        assert len(speech.texts()) == 1, "stopping does not start it again"

        reader.tap(button)
        reader.wait_until(lambda: len(speech.texts()) == 2, what="the second reading")
        reader.tap(document.ids.next_button)  # a new page: silence, button back
        reader.wait_until(lambda: not speech.speaking, timeout=2, what="silence")
        reader.wait_until(lambda: not document.reading, what="the button back to Read aloud")

        # With the keypad (its first key turns speech on): Enter on the button reads the
        # page, after the button has been named; the next key stops it.
        read_aloud = button.__self__
        reader.key("down")
        for _ in range(len(app.focus.stops())):
            if app.focus.current is read_aloud:
                break
            reader.key("down")
        assert app.focus.current is read_aloud
        reader.key("enter")
        reader.wait_until(lambda: "right to life" in speech.last_text and speech.speaking,
                          what="page two read")
        assert document.reading and button.plain_text == "Stop reading"
        reading = len(speech.texts())
        reader.key("down")  # says the next stop's name, having stopped the reading
        assert ("stop", reading) in speech.log.kinds() and len(speech.texts()) == reading + 1
        reader.wait_until(lambda: not document.reading, what="reading ended by a key")
    finally:
        app.narrator.engine = saved


def test_take_it_with_you_shows_the_address_as_a_qr_code_only_where_there_is_one(reader):
    document = open_document(reader)
    card = document.ids.take_away
    assert card.shown and card.url == CHARTER_URL
    qr = card.ids.qr_image
    assert qr.texture is not None and Path(qr.source).is_file()
    side_mm = qr.norm_image_size[0] * 0.248  # a 21.5" 1080p panel: 0.248 mm a pixel
    assert side_mm >= 35, f"the code is {side_mm:.0f} mm wide"
    assert card.ids.qr_heading.plain_text == "Take it with you"
    address = card.ids.qr_address
    reader.wait_until(lambda: address.plain_text.replace("\n", "") == CHARTER_URL,
                      what="the address shown")
    stops = reader.app.focus.stops()
    assert qr in stops and "QR code" in qr.spoken_name()
    assert address in stops and address.spoken_name() == CHARTER_URL
    document.ids.document_scroll.scroll_to(card, padding=10, animate=False)
    reader.frames(4)
    reader.screenshot("document-qr")

    document = open_document(reader, "letter")
    assert not card.shown and card.height == 0
    assert not any(s in reader.app.focus.stops() for s in (qr, address))


def test_a_long_address_breaks_after_its_separators_and_only_where_it_must():
    def measure(text):
        return len(text) * 10.0  # 10 px a character

    lines = address_lines("https://example.org/a/very/long/path?x=1&y=2", 150, measure)
    assert "".join(lines) == "https://example.org/a/very/long/path?x=1&y=2"
    assert all(measure(line) <= 150 for line in lines)
    assert lines[0] == "https://"  # never between the two slashes of "//"
    assert address_lines("https://a.b/c", 1000, measure) == ["https://a.b/c"]
    # a piece longer than a line is cut where the width ends
    assert address_lines("https://" + "x" * 40, 100, measure)[1] == "x" * 10


def test_the_document_screen_passes_kiosk_audit_beside_below_zoomed_and_at_200_percent(
        kiosk, exhibition):
    from kiosk.a11y.audit import Walk, run_audit

    def below(app):
        app.open_item("charter")
        app.current_screen().toggle_placement()

    def zoomed(app):
        app.open_item("charter", page_index=1)
        app.current_screen().ids.page_image.zoom_in()

    def letter_last_page(app):
        app.open_item("letter", page_index=1)

    extra = (("document below", below), ("document zoomed", zoomed),
             ("letter, last page", letter_last_page))
    with kiosk.showing(exhibition):
        report = run_audit(kiosk.app, Walk(languages=("en",), text_scales=(1.0, 2.0),
                                           extra_states=extra, every_item_first=False))
    ours = [v for v in report.violations if "document" in v.state or "letter" in v.state
            or "charter" in v.state]
    assert report.states >= 4 * len(extra)
    assert not ours, "\n".join(v.format() for v in ours[:20])


# -- a page read aloud by a person --------------------------------------------------------

READ_PAGES = {
    "cover": "The cover of the reading copy.",
    "article-1": "All human beings are born free and equal in dignity and rights.",
    "article-2": "Everyone is entitled to all the rights and freedoms set forth here.",
}


@pytest.fixture(scope="module")
def narrated_document(tmp_path_factory) -> Path:
    """A document of three pages in English: the cover (a picture) with no recording, Article
    1 (text only) read in a real OGG Vorbis file, Article 2 (a picture) in a real WAV."""
    from tests.conftest import make_png
    from tests.narration_audio import to_ogg, tone_wav

    root = tmp_path_factory.mktemp("narrated-document")
    content = root / "content"
    write(content / "site.yaml", """
        title: {en: Listen, fr: Écouter}
        languages: [en, fr]
        default_language: en
        idle_timeout_seconds: 60
    """)
    write(content / "items/papers/item.yaml", "kind: section\norder: 1\nitems: [reading]\n")
    for lang in ("en", "fr"):
        write(content / f"items/papers/{lang}.md", f"---\ntitle: Papers {lang}\n---\n")
    item = content / "items/reading"
    make_png(item / "cover.png", size=(600, 800), color=(230, 220, 200))
    make_png(item / "article-2.png", size=(600, 800), color=(210, 220, 230))
    to_ogg(tone_wav(root / "a1.wav", seconds=4.0), item / "article-1.en.ogg")
    tone_wav(item / "article-2.en.wav", seconds=3.0, pitch=330.0)
    write(item / "item.yaml", """
        kind: document
        credit: "Reading: the exhibition team"
        pages:
          - id: cover
            image: cover.png
          - id: article-1
          - id: article-2
            image: article-2.png
    """)
    body = "".join(f"<!-- page: {page} -->\n## {page.title()}\n{text}\n\n"
                   for page, text in READ_PAGES.items())
    write(item / "en.md", "---\ntitle: A reading copy\npage_audio:\n"
          "  article-1: article-1.en.ogg\n  article-2: article-2.en.wav\n---\n" + body)
    return build_catalog(content, root / "catalog.db").catalog


@pytest.fixture
def listener(kiosk, narrated_document):
    with kiosk.showing(narrated_document):
        kiosk.tap(kiosk.screen)
        yield kiosk


def heard(player) -> tuple[str, str]:
    """The recording's kind and the words of its transcript (the catalog renames its file)."""
    narration = player.narration
    assert narration is not None and Path(narration.audio).is_file()
    return narration.mime, " ".join(block.text for block in narration.transcript)


def test_a_page_with_a_recorded_reading_offers_its_player_and_turning_the_page_stops_it(
        listener):
    document = open_document(listener, "reading")
    player = document.ids.narration_player
    assert on_page(document, 1) and player.narration is None, "the cover has no recording"
    assert player.height == 0 and player.opacity == 0
    stops = listener.app.focus.stops()
    assert not any(stop in stops for stop in player.walk(restrict=True))

    listener.tap(document.ids.next_button)
    assert on_page(document, 2)
    kind, words = heard(player)
    assert kind == "audio/ogg" and words.endswith(READ_PAGES["article-1"])
    assert player.narration.duration_s == pytest.approx(4.0, abs=0.1)
    assert player.height > 0 and player.opacity == 1
    assert player.ids.play_button.__self__ in listener.app.focus.stops()
    listener.tap(player.ids.play_button)
    listener.wait_until(lambda: player.position_s >= 0.5, timeout=6, what="the recording")
    assert player.playing and player.ids.play_button.plain_text == "Pause"
    listener.screenshot("document-page-recording")
    sound = player._player

    listener.tap(document.ids.next_button)  # Article 2, with a recording of its own
    assert on_page(document, 3)
    assert sound.state == "stopped" and not player.playing, "turning the page stops it"
    kind, words = heard(player)
    assert "wav" in kind and words.endswith(READ_PAGES["article-2"]) and player.position_s == 0
    listener.tap(player.ids.play_button)
    listener.wait_until(lambda: player.position_s >= 0.3, timeout=6, what="page 3's recording")
    sound = player._player
    listener.swipe(document.ids.page_image, "right")  # back to Article 1
    assert on_page(document, 2)
    assert sound.state == "stopped" and not player.playing and player.position_s == 0
    listener.tap(document.ids.previous_button)
    assert player.narration is None and player.height == 0


def test_in_audio_mode_a_page_is_read_in_its_recorded_voice(listener):
    from kiosk.speech import RecordingEngine

    app = listener.app
    saved, app.narrator.engine = app.narrator.engine, RecordingEngine(hold=True)
    try:
        listener.press("down")  # the first keypad press: audio mode
        assert app.narrator.audio_mode
        document = open_document(listener, "reading", page_index=1)
        utterance = app.narrator.last_utterance
        recordings = [s.recording for s in utterance.segments if s.recording]
        assert recordings == [document.ids.narration_player.narration.audio]
        assert READ_PAGES["article-1"] not in utterance.text, "the transcript is not synthesised"
        assert "Article-1" in utterance.text and "Page 2 of 3" in utterance.text

        listener.press("pageup")  # the cover has no recording: its words are synthesised
        assert on_page(document, 1)
        utterance = app.narrator.last_utterance
        assert not [s for s in utterance.segments if s.recording]
        assert READ_PAGES["cover"] in utterance.text and "Page 1 of 3" in utterance.text
    finally:
        app.narrator.engine = saved
        app.stop_audio_mode()
