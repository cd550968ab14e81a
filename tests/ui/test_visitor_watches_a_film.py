"""A visitor watches the exhibition's film: it plays only when asked, its captions are drawn
by the kiosk in the visitor's language at the right moment, and its controls work by touch
and by keypad alone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.app

FILM = "udhr-film"


def open_film(kiosk, lang: str = "vi"):
    kiosk.app.set_language(lang)
    kiosk.app.open_item(FILM)
    kiosk.frames(5)
    assert kiosk.screen_name == "video"
    return kiosk.screen


def play_until(kiosk, screen, seconds: float, timeout: float = 20) -> None:
    kiosk.wait_until(lambda: screen.player.position_s >= seconds, timeout, f"the film at {seconds} s")


def test_visitor_film_waits_then_plays_with_captions_in_their_language(kiosk):
    screen = open_film(kiosk, "vi")
    kiosk.frames(10)
    player = screen.player
    assert not player.playing and player.texture is None, "a film must not start by itself"
    assert player.captions_on, "the film speaks English: captions come on for a Vietnamese visitor"
    kiosk.screenshot("film-poster")
    kiosk.tap(screen.ids.play_button)
    play_until(kiosk, screen, 2.0)
    assert player.playing
    assert screen.ids.captions.text.startswith("Ngày 10 tháng 12 năm 1948")
    kiosk.screenshot("film-playing-vi")
    kiosk.tap(screen.ids.play_button)
    kiosk.frames(5)
    assert not player.playing


def test_debug(kiosk):
    screen = open_film(kiosk, "vi")
    label = screen.ids.captions.ids.caption_label
    print("COLOR", list(label.color), type(label).__mro__[:3])
