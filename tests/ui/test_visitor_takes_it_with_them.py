"""A visitor photographs a QR code to read more at home: the kiosk itself never goes online."""

from __future__ import annotations

from kiosk.ui.focus import focus_stops


def test_a_treaty_offers_its_web_address_as_a_qr_code_big_enough_to_scan(kiosk, catalog):
    view = catalog.treaty("crc", "en")
    assert view.url.startswith("https://") and view.qr
    kiosk.reset()
    kiosk.app.set_language("en")
    kiosk.app.open_item("crc")
    kiosk.frames(3)
    card = kiosk.screen.ids.take_away
    assert card.height > 0 and card.opacity == 1
    shown = [w.plain_text for w in card.walk() if getattr(w, "plain_text", "")]
    assert "Take it with you" in shown
    assert "".join(line for text in shown for line in text.split("\n")).count(view.url) == 1
    code = next(w for w in card.walk() if getattr(w, "source", "") == view.qr)
    mm_per_px = 476.6 / 1920  # a 21.5" 16:9 panel, the smallest the kiosk is sold for
    assert min(code.norm_image_size) * mm_per_px >= 35
    assert code in focus_stops([kiosk.screen]), "the keypad cannot reach the code"
    kiosk.tap(kiosk.screen.ids.take_away)
    kiosk.screenshot("treaty-qr")


def test_an_item_without_an_address_shows_no_card(kiosk, catalog):
    assert catalog.document("udhr", "en").url == ""  # its source has one, the item none
    kiosk.reset()
    kiosk.app.open_item("udhr", lang="en")
    kiosk.frames(3)
    card = kiosk.screen.ids.take_away
    assert card.height == 0
    assert not set(focus_stops([card])) & set(focus_stops([kiosk.screen]))


def test_an_image_offers_its_address_and_its_recorded_description(kiosk, catalog):
    """The sample's Vietnamese Article 1 card carries a recording; the UDHR poster an address."""
    card_view = catalog.image("article-1-vi", "vi")
    assert card_view.narration is not None and card_view.narration.lang == "vi"
    kiosk.reset()
    kiosk.app.begin_visit()
    kiosk.app.open_item("article-1-vi")
    kiosk.frames(4)
    assert kiosk.screen_name == "image"
    player = kiosk.screen.ids.narration_player
    assert player.narration == card_view.narration and player.height > 0
    assert player.ids.play_button in focus_stops([kiosk.screen])
    kiosk.tap(player.ids.play_button)
    kiosk.wait_until(lambda: player.position_s > 0.3, timeout=6, what="the recording to play")
    runs = kiosk.screen.reading_runs()
    assert runs[-1].recording == card_view.narration.audio, "the recording, not synthesis"
    assert player.ids.play_button not in [getattr(r, "source", None) for r in runs]
    kiosk.screenshot("image-narration")
    kiosk.app.go_home()
    kiosk.frames(3)
    assert not player.playing, "leaving the image silences its recording"

    poster = catalog.image("udhr-poster", "vi")
    assert poster.url and poster.qr
    kiosk.app.open_item("udhr-poster")
    kiosk.frames(4)
    qr_card = kiosk.screen.ids.take_away
    assert qr_card.height > 0 and qr_card.url == poster.url
    kiosk.app.open_item("article-1-km")  # no address, no recording
    kiosk.frames(4)
    assert kiosk.screen.ids.take_away.height == 0
    assert kiosk.screen.ids.narration_player.height == 0


def test_the_next_visitor_finds_the_recording_at_its_start_with_its_words_hidden(kiosk):
    """One visitor opens the words of a recording and leaves; the next opens the same image."""
    kiosk.reset()
    kiosk.app.begin_visit()
    kiosk.app.open_item("article-1-vi")
    kiosk.frames(4)
    player = kiosk.screen.ids.narration_player
    kiosk.tap(player.ids.transcript_button)
    assert player.transcript_shown
    kiosk.reset()
    kiosk.app.begin_visit()
    kiosk.app.open_item("article-1-vi")
    kiosk.frames(4)
    player = kiosk.screen.ids.narration_player
    assert player.narration is not None and not player.transcript_shown
    assert player.position_s == 0 and not player.playing
