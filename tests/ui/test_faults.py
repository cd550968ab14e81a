"""Faults a kiosk meets in a museum, each on the real app: no speech engine, the display
resized or rotated while running, a missing font. (Disk full while writing usage figures and
a corrupted catalog are tested where the staff panel and catalog fallback live.)"""

from __future__ import annotations

import pytest

from kiosk.a11y.checks import _clipped_and_overlapping, shown
from kiosk.speech import RecordingEngine, VoiceTable
from kiosk.text import fonts


@pytest.fixture
def errors(monkeypatch):
    """Every exception that reaches the app's safety net (kiosk.ui.safety.recover_from)."""
    from kiosk.ui import safety

    caught: list[str] = []
    original = safety.recover_from

    def trap(error, where):
        caught.append(f"{where}: {error!r}")
        original(error, where)

    monkeypatch.setattr(safety, "recover_from", trap)
    return caught


def visit_a_section(kiosk) -> None:
    kiosk.tap(kiosk.screen)  # the attract screen: any touch starts a visit
    assert kiosk.screen_name == "home"
    tile = kiosk.screen.ids.section_grid.children[-1]
    kiosk.tap(tile)
    assert kiosk.screen_name == "section"


def test_without_a_speech_engine_audio_mode_starts_and_the_rest_works(kiosk, errors):
    app = kiosk.app
    mute = RecordingEngine(VoiceTable(frozenset()))  # what create_engine() gives without espeak-ng
    original = app.narrator.engine
    app.narrator.engine = mute
    try:
        visit_a_section(kiosk)
        app.choose_option("audio_mode", True)
        kiosk.frames(3)
        assert app.audio_mode
        kiosk.key("down")
        kiosk.key("enter")
        kiosk.frames(3)
        app.choose_option("audio_mode", False)
        kiosk.reset()
        visit_a_section(kiosk)
    finally:
        app.narrator.engine = original
    assert not errors


def labels_clipped(kiosk) -> list:
    from kivy.core.window import Window
    from kivy.uix.label import Label

    window = (0, 0, Window.width, Window.height)
    labels = [(w, box) for w, box in shown([kiosk.app.root], window)
              if isinstance(w, Label) and w.text.strip()]
    return [v for v in _clipped_and_overlapping("resized", labels, window)
            if v.rule == "clipped-text"]


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920), (1920, 1080)],
                         ids=["smaller", "rotated", "back"])
def test_the_display_resized_or_rotated_at_run_time_reflows_the_layout(kiosk, errors, size):
    from kivy.core.window import Window

    before = set(labels_clipped(kiosk))
    original = Window.size
    try:
        Window.size = size
        kiosk.frames(6)
        assert tuple(kiosk.app.root.size) == tuple(Window.size)
        assert kiosk.app.theme.scale > 0
        for name in ("attract", "home", "section"):
            if name == "home":
                kiosk.tap(kiosk.screen)
            elif name == "section":
                kiosk.tap(kiosk.screen.ids.section_grid.children[-1])
            kiosk.frames(4)
            assert kiosk.screen_name == name
            root = kiosk.app.root
            assert root.x == 0 and root.y == 0 and root.right <= Window.width + 1
            new = [v for v in labels_clipped(kiosk) if v not in before]
            assert not new, "\n".join(v.format() for v in new)
    finally:
        Window.size = original
        kiosk.frames(6)
    assert not errors


@pytest.fixture
def no_installed_fonts(monkeypatch, tmp_path):
    """Only an empty folder and Kivy's own fonts to choose from."""
    cached = [fonts.find_font_file, fonts.fallback_font, fonts.font_for_script, fonts.font_charmap]

    def clear():
        for function in cached:
            function.cache_clear()

    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))
    monkeypatch.setattr(fonts, "_SYSTEM_FONT_DIRS", ())
    clear()
    yield
    monkeypatch.undo()
    clear()


def test_a_missing_font_falls_back_to_one_that_exists_and_nothing_crashes(
        kiosk, errors, no_installed_fonts):
    from pathlib import Path

    khmer = fonts.font_for_script("Khmr")
    fallback = fonts.fallback_font()
    assert khmer.path == fallback.path
    assert Path(fallback.path).is_file()  # Kivy's bundled font, not a name that fails to load
    assert fonts.find_font_file("NotoSansKhmer-Regular.ttf") is None

    app = kiosk.app
    for lang in app.offered_languages():
        app.set_language(lang)
        kiosk.frames(2)
    visit_a_section(kiosk)
    kiosk.screenshot("fault-missing-font")
    assert not errors
