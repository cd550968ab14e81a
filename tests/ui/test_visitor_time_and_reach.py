"""Time, touch and reach: "Still there?" before a reset, touch-and-hear in audio mode, the
controls pulled within reach on a panel hung high, headphones starting speech."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.speech import RecordingEngine

pytestmark = pytest.mark.app


def dialog_names():
    from kiosk.ui.dialogs import open_dialogs

    return [type(d).__name__ for d in open_dialogs()]


def tick(kiosk, seconds: float = 0) -> None:
    """Let `seconds` pass on the kiosk's clock, and the idle watch look at it."""
    kiosk.clock.advance(seconds)
    kiosk.app.idle_watch.check()  # the app does this four times a second
    kiosk.frames(2)


def test_still_there_warns_extends_with_one_key_and_resets_to_the_defaults(kiosk, catalog):
    app = kiosk.app
    timeout = app.idle_watch.timeout_seconds
    assert timeout == catalog.site.idle_timeout_seconds  # kiosk.toml may set its own
    warning = app.idle_watch.warning_seconds
    assert warning >= 20

    kiosk.press("down")  # a keypad visitor: speech on
    kiosk.tap(kiosk.nav.ids.language_picker.button_for("en"))  # touch-and-hear: speaks it
    kiosk.tap(kiosk.nav.ids.language_picker.button_for("en"))  # a second touch chooses it
    app.set_preferences(text_scale=2.0, palette="high_contrast", dyslexic=True)
    kiosk.press("f12")  # volume up
    app.open_item("icerd")
    before = (app.language, app.prefs)
    assert before[0] == "en" and before[1].volume == 70 and before[1].audio_mode

    tick(kiosk, timeout - 1)
    assert dialog_names() == []
    tick(kiosk, 1.5)
    assert dialog_names() == ["StillThereDialog"]
    assert app.narrator.last_utterance.text.startswith("Still there? Touch the screen or press")
    kiosk.screenshot("a11y-still-there-en-200-high-contrast")

    tick(kiosk, warning - 2)
    kiosk.press("f3")  # any key, even Stop: one action extends the session
    assert dialog_names() == [] and kiosk.screen_name == "treaty"
    assert (app.language, app.prefs) == before

    tick(kiosk, timeout + 0.5)
    assert dialog_names() == ["StillThereDialog"]
    tick(kiosk, warning - 1)
    assert kiosk.screen_name == "treaty", "at least the warning's seconds to answer"
    tick(kiosk, 1.5)
    assert kiosk.screen_name == "attract" and dialog_names() == []
    prefs = app.prefs
    assert app.language == catalog.site.default_language
    assert (prefs.text_scale, prefs.palette, prefs.dyslexic, prefs.volume, prefs.audio_mode) == (
        1.0, "standard", False, 60, False)
    assert not app.narrator.audio_mode and app.theme.text_scale == 1.0


def test_speech_playing_holds_the_idle_timer(kiosk):
    app = kiosk.app
    holding = RecordingEngine(hold=True)
    recording, app.narrator.engine = app.narrator.engine, holding
    try:
        kiosk.press("down")
        assert holding.speaking
        tick(kiosk, app.idle_watch.timeout_seconds * 3)
        assert dialog_names() == [], "no warning while the kiosk is still talking"
        holding.finish()
        tick(kiosk, 0.5)
        tick(kiosk, app.idle_watch.timeout_seconds + 1)
        assert dialog_names() == ["StillThereDialog"]
    finally:
        holding.stop()
        app.narrator.engine = recording


def test_touch_and_hear_speaks_first_and_chooses_on_a_second_touch(kiosk):
    app = kiosk.app
    kiosk.press("down")
    speech = kiosk.speech
    tile = kiosk.screen.tile_for("treaties")
    kiosk.tap(tile)
    assert kiosk.screen_name == "home", "one touch only speaks"
    assert speech.last_text.startswith("Chín công ước cốt lõi") and app.focus.current is tile
    tick(kiosk, 2)  # a while later: a new first touch, not a double tap
    kiosk.tap(tile)
    assert kiosk.screen_name == "home"
    kiosk.tap(tile)
    assert kiosk.screen_name == "section"


def test_headphones_start_audio_mode_and_unplugging_stops_it(kiosk):
    app = kiosk.app
    app.headphones_changed(False)  # what the sound card said before
    app.headphones_changed(True)
    assert kiosk.screen_name == "home" and app.audio_mode
    assert kiosk.speech.last_text.startswith("Xin chào. Chế độ đọc đã bật.")
    app.headphones_changed(False)
    assert not app.audio_mode
    app.headphones_changed(None)  # no jack reported: nothing changes


@pytest.fixture
def high_panel(kiosk, make_site_config):
    """The same kiosk with its panel hung so that the top is at 1,300 mm."""
    app = kiosk.app
    normal = app.site_config
    app.site_config = replace(make_site_config(bottom_height_mm=800, top_height_mm=1300))
    app.check_reach()
    kiosk.reset()
    yield app
    app.site_config = normal
    app.check_reach()
    kiosk.reset()


def test_reach_mode_keeps_every_control_between_380_and_1220_mm(kiosk, high_panel):
    from kiosk.a11y.audit import Walk, run_audit
    from kiosk.ui.theme import STANDARD

    app = high_panel
    assert app.reach_offered and app.prefs.reach_mode, "on by default: the top is out of reach"
    kiosk.tap(kiosk.screen)
    app.open_item("icerd")
    kiosk.frames(4)
    assert app.reach_gap_top > 0
    kiosk.screenshot("a11y-reach-mode-vi")
    # text sizes are the sample audit's business (test_accessibility_audit.py); here, reach
    report = run_audit(app, Walk(languages=("vi",), text_scales=(1.0,), palettes=(STANDARD,),
                                 every_item_first=False,
                                 extra_states=(("reach", lambda a: a.set_preferences(
                                     reach_mode=True)),)))
    assert report.ok, "\n".join(report.lines()[:20])
    kiosk.tap(kiosk.screen)  # the audit ends on a fresh attract screen, reach mode on again
    assert app.reach_mode
    kiosk.tap(kiosk.nav.ids.reach_button)  # one touch gives the whole screen back
    assert not app.reach_mode and app.reach_gap_top == 0
