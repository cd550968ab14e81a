"""A visitor watches a film: it plays only when asked, its pictures move on screen, captions
are drawn by the kiosk in the visitor's language at the right moment (Khmer shaped as HarfBuzz
shapes it, larger with larger text), every control works by keypad alone and is spoken in
audio mode, the idle reset waits while the film plays but not once it is paused, and text
descriptions are heard with the film paused while they outlast their gap.

The exhibition's own film (content/items/udhr-film) is used where the shipped content is the
point; a tiny film made by the test, with Khmer captions and a sign-language stand-in, for
the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.films import film_item

pytestmark = pytest.mark.app

FILM = "udhr-film"
REPO = Path(__file__).resolve().parents[2]


def open_film(kiosk, item_id: str = FILM, lang: str = "vi"):
    kiosk.app.begin_visit()
    kiosk.app.set_language(lang)
    kiosk.app.open_item(item_id)
    kiosk.frames(5)
    assert kiosk.screen_name == "video"
    return kiosk.screen


def play_until(kiosk, screen, seconds: float, timeout: float = 25) -> None:
    kiosk.wait_until(lambda: screen.player.position_s >= seconds, timeout,
                     f"the film at {seconds} s")


def caption_bottom(screen) -> float:
    box = screen.ids.captions.ids.caption_box
    return box.to_window(box.x, box.y)[1]


def controls_top(screen) -> float:
    row = screen.ids.first_row
    return row.to_window(row.x, row.top)[1]


def stage_pixels(kiosk, screen, name: str) -> Image.Image:
    """The film's picture as it is on screen (window pixels)."""
    shot = Image.open(kiosk.screenshot(name)).convert("RGB")
    x, y, w, h = screen.ids.stage.film_box
    height = shot.height
    return shot.crop((int(x) + 2, int(height - y - h) + 2, int(x + w) - 2, int(height - y) - 2))


@pytest.fixture(scope="module")
def test_films(tmp_path_factory):
    """A small exhibition with a 4 s film: Khmer and English captions, English descriptions
    timed to outlast their gap, and a sign-language stand-in."""
    import shutil

    from kiosk.catalog.build import build_catalog

    root = tmp_path_factory.mktemp("films") / "content"
    shutil.copytree(REPO / "content" / "items" / "timeline-vn", root / "items" / "timeline-vn")
    (root / "site.yaml").write_text("title: {en: Films}\nlanguages: [en, km]\n"
                                    "default_language: en\nidle_timeout_seconds: 60\n"
                                    "edition: 1\n", encoding="utf-8")
    (root / "items" / "films").mkdir()
    (root / "items" / "films" / "item.yaml").write_text("kind: section\nitems: [timeline-vn]\n")
    (root / "items" / "films" / "en.md").write_text("---\ntitle: Films\n---\n")
    khmer = khmer_article_1()
    film_item(root, "short", {"en": "A short film", "km": "ភាពយន្តខ្លី"}, spoken="en",
              section="films", sign=True, seconds=4.0,
              captions={"en": [("00:00:00.200", "00:00:03.800", "Hello from the film.")],
                        "km": [("00:00:00.200", "00:00:03.800", khmer)]},
              descriptions={"en": [("00:00:00.300", "00:00:00.600",
                                    "A red picture with a white bar moving across it.")]})
    out = root.parent / "catalog.db"
    build_catalog(root, out)
    return out


def khmer_article_1() -> str:
    from kiosk.catalog.read import Catalog

    catalog = Catalog(REPO / "build" / "catalog.db") if (REPO / "build" / "catalog.db").is_file() \
        else None
    if catalog is None:
        import tempfile

        from kiosk.catalog.build import build_catalog

        out = Path(tempfile.mkdtemp()) / "catalog.db"
        build_catalog(REPO / "content", out)
        catalog = Catalog(out)
    document = catalog.document("udhr", "km")
    article = next(p for p in document.pages if p.page_id == "article-1")
    sentence = next(b.text for b in article.text if len(b.text) > 40)
    return sentence.split("។")[0] + "។"  # the first sentence of Article 1


def test_visitor_film_waits_then_plays_with_moving_pictures_and_captions(kiosk):
    screen = open_film(kiosk, lang="vi")
    kiosk.frames(10)
    player = screen.player
    assert not player.playing and player.texture is None, "a film must not start by itself"
    assert player.captions_on, "the film speaks English: captions come on for a Vietnamese visitor"
    kiosk.tap(screen.ids.play_button)
    play_until(kiosk, screen, 1.5)
    first = stage_pixels(kiosk, screen, "film-playing-vi")
    assert screen.ids.captions.text.startswith("Ngày 10 tháng 12 năm 1948")
    assert screen.ids.captions.ids.caption_label.texture is not None
    play_until(kiosk, screen, 3.5)
    later = stage_pixels(kiosk, screen, "film-playing-vi-later")
    changed = ImageChops.difference(first, later).convert("L").point(lambda v: 255 if v > 24 else 0)
    assert changed.histogram()[255] > 0.02 * changed.width * changed.height, \
        "the pictures on screen must change as the film plays"
    kiosk.tap(screen.ids.play_button)
    kiosk.frames(5)
    assert not player.playing
    kiosk.app.go_home()
    kiosk.frames(3)
    assert player.texture is None and kiosk.app.narrator.recording is None


def test_visitor_english_caption_is_on_screen_at_its_time(kiosk):
    from kiosk.content.webvtt import read_track

    cues = read_track(REPO / "content" / "items" / FILM / "film.en.vtt").cues
    screen = open_film(kiosk, lang="en")
    player = screen.player
    assert not player.captions_on, "an English film for an English visitor: captions off at first"
    kiosk.tap(screen.ids.captions_button)
    assert player.captions_on
    player.seek_to(cues[1].start - 0.5)
    kiosk.tap(screen.ids.play_button)
    kiosk.wait_until(lambda: screen.ids.captions.text == cues[1].text, 10, "the second caption")
    assert cues[1].start - 0.2 <= player.position_s < cues[1].end
    label = screen.ids.captions.ids.caption_label
    assert label.plain_text == cues[1].text and label.texture is not None
    assert caption_bottom(screen) >= controls_top(screen), "captions never cover the controls"
    kiosk.screenshot("film-caption-en-100")
    size_at_100 = label.font_size
    kiosk.app.set_preferences(text_scale=2.0)
    kiosk.frames(5)
    assert label.font_size == pytest.approx(2 * size_at_100, rel=0.02)
    assert caption_bottom(screen) >= controls_top(screen)
    kiosk.screenshot("film-caption-en-200")
    kiosk.app.set_preferences(text_scale=1.0, palette="high_contrast")
    kiosk.frames(5)
    kiosk.screenshot("film-caption-en-high-contrast")
    kiosk.app.set_preferences(palette="standard")


def test_visitor_khmer_captions_are_shaped_as_harfbuzz_shapes_them(kiosk, test_films):
    from tests.ui.test_shaping_matches_harfbuzz import runs_to_check, word_agreement

    with kiosk.showing(test_films):
        screen = open_film(kiosk, "short", lang="km")
        assert screen.player.captions_on
        kiosk.tap(screen.ids.play_button)
        kiosk.wait_until(lambda: screen.ids.captions.text, 10, "the Khmer caption")
        label = screen.ids.captions.ids.caption_label
        assert label.script == "Khmr" and label.font_script_name == "Khmr"
        kiosk.screenshot("film-caption-km")
        for run in runs_to_check(label.plain_text):
            assert word_agreement(run, label.font_script_name) > 0.8
        screen.player.pause()


def test_visitor_uses_every_film_control_with_the_keypad_alone(kiosk, test_films):
    with kiosk.showing(test_films):
        screen = open_film(kiosk, "short", lang="en")
        kiosk.app.keyboard_mode = True
        player, ids = screen.player, screen.ids

        def press(button):
            button = button.__self__  # the widget, not the kv ids' weak proxy
            assert button.parent is not None, button.plain_text
            kiosk.focus_down_to(button)
            kiosk.press("enter")
            kiosk.frames(4)

        press(ids.play_button)
        kiosk.wait_until(lambda: player.playing, 5, "playing")
        press(ids.play_button)
        assert not player.playing
        press(ids.forward_button)
        assert player.position_s == pytest.approx(3.5, abs=0.3)  # to near the end of 4 s
        press(ids.back_button)
        assert player.position_s < 1.0
        captions = player.captions_on
        press(ids.captions_button)
        assert player.captions_on is not captions
        press(ids.descriptions_button)
        assert player.descriptions_on
        volume = player.volume
        press(ids.quieter_button)
        assert player.volume < volume
        press(ids.louder_button)
        assert player.volume == pytest.approx(volume)
        for mode in ("beside", "over", "instead", "off"):
            press(ids.sign_button)
            assert player.sign_mode == mode
        press(ids.sign_button)
        assert player.sign_mode == "beside"
        press(ids.play_button)
        kiosk.wait_until(lambda: player.sign_texture is not None and player.position_s > 0.5,
                         8, "the signer's picture beside the film")
        assert abs(float(player._sign.position) - player.position_s) < 0.6, "in step"
        kiosk.screenshot("film-sign-beside")
        press(ids.transcript_button)
        assert kiosk.screen.transcript_shown
        assert "Hello from the film." in kiosk.screen.ids.transcript.shown_text()
        kiosk.screenshot("film-keypad-sign-transcript")


def test_visitor_hears_each_film_control_in_audio_mode(kiosk, test_films):
    from kiosk.ui.focus import focus_stops

    with kiosk.showing(test_films):
        screen = open_film(kiosk, "short", lang="en")
        kiosk.app.start_audio_mode(welcome=False)
        kiosk.app.keyboard_mode = True
        buttons = [s for s in focus_stops([screen]) if s.role == "button"]
        names = {b.spoken_name() for b in buttons}
        assert {"Play", "Back 10 seconds", "Forward 10 seconds", "Captions: off",
                "Descriptions: off", "Quieter", "Louder", "Transcript",
                "Sign language: off"} <= names, names
        for button in buttons:
            kiosk.focus_down_to(button)
            assert button.spoken_name() in kiosk.speech.last_text, button.spoken_name()
        kiosk.app.stop_audio_mode()


def test_visitor_watching_is_not_idle_but_a_paused_film_is_reset(kiosk, test_films):
    with kiosk.showing(test_films):
        screen = open_film(kiosk, "short", lang="en")
        app, player = kiosk.app, screen.player
        kiosk.tap(screen.ids.play_button)
        kiosk.wait_until(lambda: player.playing, 5, "playing")
        kiosk.clock.advance(app.idle_watch.timeout_seconds + app.idle_watch.warning_seconds + 5)
        assert not app.idle_watch.check(), "a visitor watching a film is not idle"
        assert kiosk.screen_name == "video" and player.playing
        player.pause()
        kiosk.clock.advance(app.idle_watch.timeout_seconds + 1)
        app.idle_watch.check()
        kiosk.clock.advance(app.idle_watch.warning_seconds + 1)
        assert app.idle_watch.check(), "a paused film does not keep the session"
        kiosk.frames(3)
        assert kiosk.screen_name == "attract"
        assert player.view is None and player.texture is None and not player.playing


def test_visitor_hears_descriptions_with_the_film_paused_while_they_last(kiosk, test_films):
    from kiosk.speech import RecordingEngine

    with kiosk.showing(test_films):
        saved = kiosk.app.narrator.engine
        engine = RecordingEngine(hold=True)
        kiosk.app.narrator.engine = engine
        try:
            screen = open_film(kiosk, "short", lang="en")
            player = screen.player
            player.toggle_descriptions()
            kiosk.tap(screen.ids.play_button)
            kiosk.wait_until(lambda: player.describing, 5, "the description")
            assert engine.last_text.startswith("A red picture with a white bar")
            assert player._video.volume == 0, "film sound and speech never at once"
            kiosk.wait_until(lambda: not player.playing, 5, "the film paused for the description")
            held_at = player.position_s
            assert held_at >= 0.55
            kiosk.frames(10)
            assert player.position_s == pytest.approx(held_at, abs=0.05)
            engine.finish()
            kiosk.wait_until(lambda: player.playing, 5, "the film going on")
            assert player._video.volume == pytest.approx(player.volume)
            play_until(kiosk, screen, held_at + 0.5, 5)
        finally:
            kiosk.app.narrator.engine = saved
