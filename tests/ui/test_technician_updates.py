"""New content reaches the running kiosk without a restart (docs/staff-mode.md, bundles.md).

A data folder with edition 3 installed; the running app is pointed at it, edition 4 is
installed behind its back (as the USB watcher would), and after the visitor walks away the
idle reset shows edition 4. A damaged edition is never switched to, and at start a damaged
current edition falls back to the previous one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.staff.bundle import pack
from kiosk.staff.install import install
from kiosk.staff.keys import keygen
from kiosk.ui.i18n import _
from kiosk.ui.staff.services import open_installed

NEW_TITLE = "Triển lãm mới"


@pytest.fixture
def editions(tmp_path: Path, small_exhibition: Path):
    """(data folder, bundle of edition 3, bundle of edition 4, trusted key), 3 installed."""
    key, pub = keygen(tmp_path / "keys")
    first = tmp_path / "edition-3.zip"
    pack(small_exhibition, key, 3, first)
    site = small_exhibition / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("Triển lãm thử", NEW_TITLE),
                    encoding="utf-8")
    second = tmp_path / "edition-4.zip"
    pack(small_exhibition, key, 4, second)
    root = tmp_path / "data"
    root.mkdir()
    install(first, root, [pub])
    return root, second, pub


@pytest.fixture
def pointed(kiosk, editions):
    """The running kiosk following the data folder; put back on the test catalog after."""
    app, services = kiosk.app, kiosk.app.staff.services
    saved = app.catalog, services.root, services.catalog_path
    services.root = editions[0]
    kiosk.reset()  # the idle reset notices the installed edition
    yield kiosk, editions
    services.root, services.catalog_path = saved[1], saved[2]
    services.recorder.call("close")
    services.recorder = type(services.recorder)()
    services._watcher, services.watch_folders = None, ()
    app.staff.use_catalog(saved[0], owned=False)
    kiosk.reset()


def walk_away(kiosk) -> None:
    """Nobody touches the screen: the warning, then the reset."""
    app = kiosk.app
    kiosk.clock.advance(app.idle_watch.timeout_seconds + 1)
    app.idle_watch.check()  # as the app's 0.25 s clock event does
    kiosk.frames(2)
    kiosk.clock.advance(app.idle_watch.warning_seconds + 1)
    assert app.idle_watch.check(), "the idle reset should have happened"
    kiosk.frames(2)


def test_the_running_app_shows_a_new_edition_at_the_next_idle_reset(pointed):
    kiosk, (root, second, pub) = pointed
    app = kiosk.app
    assert app.site.edition == 3
    app.begin_visit()
    assert kiosk.screen_name == "home" and kiosk.screen.site_title == "Triển lãm thử"
    install(second, root, [pub])
    kiosk.frames(2)
    assert app.site.edition == 3  # not in the middle of a visit
    walk_away(kiosk)
    assert kiosk.screen_name == "attract"
    assert app.site.edition == 4
    app.begin_visit()
    assert kiosk.screen.site_title == NEW_TITLE


def test_usage_figures_and_last_update_reach_the_panel(pointed):
    kiosk, (root, second, pub) = pointed
    app, services = kiosk.app, kiosk.app.staff.services
    services.start_recorder()
    app.begin_visit()
    app.choose_option("text_scale", 1.5)
    kiosk.reset()
    (root / "trusted").mkdir()
    (root / "trusted" / "museum.pub").write_bytes(pub.read_bytes())
    (root / "usb").mkdir()
    second.rename(root / "usb" / second.name)
    services.watch_folders = (root / "usb",)
    services.start_watcher()  # a thread, as in the kiosk; scanned here at once
    services._stop.set()
    services.scan_now()
    assert (root / "usage.db").is_file()
    text = "\n".join(app.staff.panel_lines())
    assert _("Usage recorder: {state}", state="ok") in text
    assert _("Last update: {result}", result="installed 4 edition-4.zip") in text


def damage(catalog: Path) -> None:
    os.chmod(catalog, 0o644)
    with open(catalog, "r+b") as file:
        file.seek(0)
        file.write(b"not a database" * 8)


def test_a_damaged_new_edition_is_not_shown(pointed):
    kiosk, (root, second, pub) = pointed
    app = kiosk.app
    install(second, root, [pub])
    from kiosk.staff import current_catalog

    damage(current_catalog(root))
    app.begin_visit()
    walk_away(kiosk)
    assert kiosk.screen_name == "attract"
    assert app.site.edition == 3  # the old edition stays on screen, the error is logged


def test_a_damaged_current_edition_falls_back_to_the_previous_at_start(editions):
    root, second, pub = editions
    install(second, root, [pub])
    from kiosk.staff import current_catalog

    damage(current_catalog(root))
    catalog, path = open_installed(root)
    try:
        assert catalog.site.edition == 3
    finally:
        catalog.close()
