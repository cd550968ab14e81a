"""Faults a kiosk meets in a museum, each on the real app: the disk fills up while usage
figures are written, the catalog file is damaged on disk, no speech engine is installed, the
display is resized or rotated while running, a font is missing.

The full disk is a real one: a 1 MB tmpfs mounted for the test (needs root, as in the CI
container), so SQLite meets a genuine ENOSPC from the kernel, not an error we raise
ourselves; the figures file reaching its own size cap (SQLite's max_page_count, the same
"database or disk is full") runs everywhere. A damaged catalog is the installed edition's
file overwritten with garbage while the app has it open.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.a11y.checks import _clipped_and_overlapping, shown
from kiosk.speech import RecordingEngine, VoiceTable
from kiosk.staff.bundle import pack
from kiosk.staff.install import install
from kiosk.staff.keys import keygen
from kiosk.staff.state import current_catalog
from kiosk.text import fonts
from kiosk.ui.i18n import _, translate
from kiosk.ui.staff.services import Services


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


@contextlib.contextmanager
def services_on(kiosk, root: Path) -> Iterator[Services]:
    """The running kiosk with a data folder at `root` (editions, usage figures), as
    `kiosk run --root` would give it; the test app's own services are put back after."""
    staff = kiosk.app.staff
    saved_services, saved_catalog = staff.services, kiosk.app.catalog
    staff.services = Services(root, catalog_path=None)
    try:
        kiosk.reset()  # the idle reset opens the installed edition, if there is one
        yield staff.services
    finally:
        staff.services.recorder.call("close")
        staff.services = saved_services
        staff.use_catalog(saved_catalog, owned=False)
        kiosk.reset()


def panel_text(kiosk) -> str:
    return "\n".join(kiosk.app.staff.panel_lines())


def look_at_the_panel(kiosk, name: str) -> None:
    """Open the staff panel (as after the right PIN), screenshot it, close it."""
    staff = kiosk.app.staff
    staff.open_panel()
    kiosk.frames(4)
    kiosk.screenshot(name)
    staff.leave()
    kiosk.frames(2)


# -- a full disk --------------------------------------------------------------------------

@contextlib.contextmanager
def small_disk(mountpoint: Path, size: str = "1m") -> Iterator[Path]:
    """A real filesystem of `size` bytes (tmpfs) mounted at `mountpoint` for the block.

    Mounting needs root (CAP_SYS_ADMIN), as in the CI container; elsewhere the test is
    skipped. A user namespace (`unshare -rm`) would not do: the mount is then visible to
    this process only through /proc/PID/root, a link SQLite resolves, so it writes beside the
    mount point instead of into it.
    """
    mountpoint.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                              str(mountpoint)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "--lazy", str(mountpoint)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the kernel says the disk is full."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    assert shutil.disk_usage(folder).free < 8192
    return filler


def a_visitor(kiosk) -> None:
    visit_a_section(kiosk)
    kiosk.app.choose_option("text_scale", 1.5)  # an accessibility feature, counted
    kiosk.frames(2)
    kiosk.reset()  # walks away: the session's figures are written now


def test_a_full_disk_stops_usage_figures_not_the_kiosk_and_the_panel_says_so(
        kiosk, errors, tmp_path):
    with small_disk(tmp_path / "small-disk") as disk, services_on(kiosk, disk) as services:
        services.start_recorder()
        a_visitor(kiosk)
        assert services.recorder.status()["state"] == "ok"
        assert _("Usage recorder: {state}", state="ok") in panel_text(kiosk)

        filler = fill(disk)
        for _visitor in range(3):
            a_visitor(kiosk)  # the kiosk goes on as if nothing happened
        status = services.recorder.status()
        assert status["state"] == "degraded", status
        assert "full" in status["reason"] and status["dropped"] > 0
        text = panel_text(kiosk)
        assert _("Usage figures are not being saved: the disk is full. The kiosk keeps "
                 "running; {count} events lost so far. Free some space.",
                 count=status["dropped"]) in text
        look_at_the_panel(kiosk, "fault-disk-full-staff-panel")

        filler.unlink()  # a technician makes room: the next visitor is counted again
        a_visitor(kiosk)
        assert services.recorder.status()["state"] == "ok"
        assert "not being saved" not in panel_text(kiosk)
    assert not errors


def test_usage_figures_at_their_size_cap_are_told_apart_from_a_full_disk(kiosk, errors, tmp_path):
    import sqlite3

    from kiosk.ui.staff.services import SafeRecorder
    from kiosk.usage import UsageRecorder

    with services_on(kiosk, tmp_path / "data") as services:
        services.start_recorder()
        a_visitor(kiosk)
        services.recorder.call("close")
        with sqlite3.connect(services.usage_db) as db:
            size = db.execute("PRAGMA page_count").fetchone()[0] * db.execute(
                "PRAGMA page_size").fetchone()[0]
        capped = UsageRecorder(services.usage_db, hard_max_bytes=size)
        services.recorder = SafeRecorder(capped)
        for n in range(500):  # busy days, quicker than touches: the file's free pages fill up
            session = capped.start_session("vi")
            for item in range(10):
                capped.view(session, f"item-{n}-{item}", item)
            capped.end_session(session, "idle")
            if capped.status()["state"] != "ok":
                break
        status = services.recorder.status()
        assert status["state"] == "degraded" and status["dropped"] > 0, status
        text = panel_text(kiosk)
        assert _("Usage figures are not being saved: the figures file reached its size limit. "
                 "The kiosk keeps running; {count} events lost so far.",
                 count=status["dropped"]) in text
        assert "the disk is full" not in text
        for _visitor in range(2):  # smaller sessions may fit again: either way, no visitor
            a_visitor(kiosk)       # notices anything
    assert not errors


# -- a damaged catalog --------------------------------------------------------------------

@pytest.fixture
def two_editions(tmp_path: Path, small_exhibition: Path) -> Path:
    """A data folder with edition 3 installed, then edition 4 (current; 3 is previous)."""
    key, pub = keygen(tmp_path / "keys")
    root = tmp_path / "data"
    root.mkdir()
    for edition in (3, 4):
        bundle = pack(small_exhibition, key, edition, tmp_path / f"edition-{edition}.zip")
        install(bundle.path, root, [pub])
    return root


def overwrite_with_garbage(catalog: Path) -> None:
    """What a failing card or a stray copy does: other bytes where the catalog was."""
    size = catalog.stat().st_size
    os.chmod(catalog, 0o644)  # installed editions are read-only; damage does not ask
    with open(catalog, "r+b") as file:
        file.write(bytes((n * 7 + 13) % 251 for n in range(size)))


def damaged_line(services: Services, edition: int) -> str:
    (path, why), = services.damaged_content()
    return _("Edition {edition} is damaged on disk and is not shown: {reason}",
             edition=edition, reason=why)


def test_a_catalog_damaged_while_shown_makes_the_next_reset_fall_back_to_the_previous(
        kiosk, errors, two_editions, caplog):
    with services_on(kiosk, two_editions) as services:
        app = kiosk.app
        assert app.site.edition == 4
        visit_a_section(kiosk)
        overwrite_with_garbage(current_catalog(two_editions))
        app.open_item("letter")  # may or may not read the damaged file (SQLite's page cache)
        kiosk.frames(3)
        assert kiosk.screen_name in {"document", "home", "attract"}

        with caplog.at_level(logging.ERROR, logger="kiosk.staff"):
            kiosk.reset()  # the visitor walked away
        assert kiosk.screen_name == "attract"
        assert app.site.edition == 3
        assert "the catalog shown was damaged on disk" in caplog.text

        visit_a_section(kiosk)  # the next visitor sees the previous edition's content
        app.open_item("crc")
        kiosk.frames(3)
        assert kiosk.screen_name == "treaty"
        assert damaged_line(services, 4) in panel_text(kiosk)
        look_at_the_panel(kiosk, "fault-damaged-catalog-staff-panel")
        kiosk.reset()
        assert app.site.edition == 3  # the damaged file is not tried again
    assert all("CatalogError" in error for error in errors), errors


def test_a_screen_that_meets_a_damaged_catalog_goes_home_and_the_kiosk_recovers(
        kiosk, errors, two_editions):
    with services_on(kiosk, two_editions):
        app = kiosk.app
        assert app.site.edition == 4  # opened at the reset: nothing of it read yet
        overwrite_with_garbage(current_catalog(two_editions))
        kiosk.tap(kiosk.screen)  # home needs the sections: the damaged file answers
        assert errors and all("CatalogError" in error for error in errors), errors
        assert kiosk.screen_name in {"home", "attract"}
        assert app.site.edition == 3  # the failed screen reset the visit; the reset fell back
        errors.clear()
        visit_a_section(kiosk)
        app.open_item("letter")
        kiosk.frames(3)
        assert kiosk.screen_name == "document"
    assert not errors


def test_a_catalog_damaged_before_start_is_named_in_the_panel(kiosk, two_editions):
    from kiosk.ui.staff.services import open_installed

    overwrite_with_garbage(current_catalog(two_editions))
    catalog, path = open_installed(two_editions)  # what `kiosk run` does at start
    catalog.close()
    services = Services(two_editions, catalog_path=path)
    services.check_editions()
    assert damaged_line(services, 4)


# -- no speech engine ---------------------------------------------------------------------

@contextlib.contextmanager
def no_speech_engine(app) -> Iterator[RecordingEngine]:
    mute = RecordingEngine(VoiceTable(frozenset()))  # what create_engine() gives without espeak-ng
    original = app.narrator.engine
    app.narrator.engine = mute
    try:
        yield mute
    finally:
        app.narrator.engine = original


def test_without_a_speech_engine_audio_mode_starts_and_the_rest_works(kiosk, errors, caplog):
    app = kiosk.app
    with no_speech_engine(app) as mute:
        with caplog.at_level(logging.WARNING, logger="kiosk.staff"):
            assert not app.staff.check_speech()  # as at start
        assert "no speech engine (espeak-ng) was found" in caplog.text
        assert _("Speech: no speech engine is installed (espeak-ng), so the kiosk cannot "
                 "speak.") in panel_text(kiosk)
        visit_a_section(kiosk)
        app.choose_option("audio_mode", True)
        kiosk.frames(3)
        assert app.audio_mode
        # With no voice at all nothing can be planned, not even "there is no voice for this
        # language": audio mode is silent, and says why on screen (the test below), in the log
        # and in the staff panel.
        assert not mute.utterances
        kiosk.key("down")
        kiosk.key("enter")
        kiosk.frames(3)
        app.choose_option("audio_mode", False)
        kiosk.reset()
        visit_a_section(kiosk)
    assert not errors


def test_without_a_speech_engine_the_visitor_reads_why_audio_mode_is_silent(kiosk, caplog):
    app = kiosk.app
    notice = app.root.ids.notice
    with no_speech_engine(app):
        visit_a_section(kiosk)
        with caplog.at_level(logging.WARNING):
            app.choose_option("audio_mode", True)
        kiosk.frames(3)
        assert "no speech engine or voice" in caplog.text
        assert notice.plain_text == _("Speech is not available on this kiosk."), (
            "nothing on screen says that the kiosk cannot speak")
        assert notice.height > 0 and notice.opacity == 1 and notice in app.focus.stops()
        kiosk.screenshot("fault-no-speech-engine")
        app.set_language("fr")
        kiosk.frames(2)
        assert notice.plain_text == translate("Speech is not available on this kiosk.", "fr")
        app.choose_option("audio_mode", False)
        kiosk.frames(2)
        assert notice.plain_text == "" and notice.height == 0, "gone with audio mode"
    app.choose_option("audio_mode", True)
    kiosk.frames(2)
    assert notice.plain_text == "", "a kiosk that can speak shows no such notice"
    app.choose_option("audio_mode", False)


# -- the display changes ------------------------------------------------------------------

def labels_clipped(kiosk) -> list:
    from kivy.core.window import Window
    from kivy.uix.label import Label

    window = (0, 0, Window.width, Window.height)
    labels = [(w, box) for w, box in shown([kiosk.app.root], window)
              if isinstance(w, Label) and w.text.strip()]
    return [v for v in _clipped_and_overlapping("resized", labels, window)
            if v.rule == "clipped-text"]


def words_broken(kiosk) -> list[str]:
    """Labels too narrow for one of their words, which Kivy then breaks between letters
    ("Ti/ếng/Vi/ệt"): readable to no one. Spaced scripts only (Khmer, Thai, Han are broken
    between words or characters by design)."""
    from kivy.core.text import Label as CoreLabel
    from kivy.core.window import Window

    from kiosk.ui.labels import UNSPACED_SCRIPTS, ScriptLabel

    window = (0, 0, Window.width, Window.height)
    broken = []
    for label, _box in shown([kiosk.app.root], window):
        if not isinstance(label, ScriptLabel) or label.script in UNSPACED_SCRIPTS:
            continue
        width = label.text_size[0]
        if not width or not label.plain_text.strip():
            continue
        measure = CoreLabel(font_name=label.font_name, font_size=label.font_size,
                            bold=label.bold).get_extents
        widest = max(label.plain_text.split(), key=lambda word: measure(word)[0])
        if measure(widest)[0] > width + 1:
            broken.append(f"{label.plain_text!r}: {widest!r} is {measure(widest)[0]:.0f} px, "
                          f"the label {width:.0f} px")
    return broken


def buttons_outside_the_window(kiosk) -> list:
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior

    outside = []
    for widget in kiosk.app.root.walk(restrict=True):
        if isinstance(widget, ButtonBehavior) and widget.opacity > 0 and widget.width > 1:
            x, y = widget.to_window(widget.x, widget.y)
            if x < -1 or x + widget.width > Window.width + 1:
                outside.append(widget)
    return outside


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920), (1920, 1080)],
                         ids=["smaller", "rotated", "back"])
def test_the_display_resized_or_rotated_at_run_time_reflows_the_layout(kiosk, errors, size):
    from kivy.core.window import Window

    from kiosk.ui.theme import MIN_SCALE, REFERENCE_HEIGHT

    before = set(labels_clipped(kiosk))
    original = Window.size
    try:
        Window.size = size
        kiosk.frames(6)
        assert tuple(kiosk.app.root.size) == tuple(Window.size)
        assert kiosk.app.theme.scale == pytest.approx(
            max(MIN_SCALE, min(Window.size) / REFERENCE_HEIGHT))  # the theme followed the window
        # (by its height, or by its width on a panel turned to portrait)
        for name in ("attract", "home", "section"):
            if name == "home":  # a touch beside the highlight and the pause button begins
                from kivy.tests.common import UnitTestTouch

                touch = UnitTestTouch(Window.width * 0.03, Window.height * 0.5)
                touch.touch_down()
                kiosk.frames(2)
                touch.touch_up()
            elif name == "section":
                kiosk.tap(kiosk.screen.ids.section_grid.children[-1])
            kiosk.frames(4)
            assert kiosk.screen_name == name
            root = kiosk.app.root
            assert root.x == 0 and root.y == 0 and root.right <= Window.width + 1
            assert not buttons_outside_the_window(kiosk)
            assert not words_broken(kiosk), words_broken(kiosk)
            new = [v for v in labels_clipped(kiosk) if v not in before]
            assert not new, "\n".join(v.format() for v in new)
        if size == (1080, 1920):
            kiosk.screenshot("fault-rotated-section")
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
