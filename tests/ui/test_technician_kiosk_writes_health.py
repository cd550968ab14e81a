"""The running kiosk writes its health note and a small picture of its attract screen for the
curator, and never a picture of a visitor's session."""

from __future__ import annotations

import json

from conftest import SCREENSHOT_DIR

from kiosk.ui.health import HealthReporter


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_technician_the_kiosk_sends_its_health_and_only_the_attract_screen(kiosk, tmp_path):
    reporter = HealthReporter(kiosk.app)
    reporter.root = tmp_path
    kiosk.frames(3)
    note_file = reporter.write()
    out = tmp_path / "sync" / "usage-out"
    assert note_file == out / "health.json"
    note = json.loads(note_file.read_text())
    assert note["edition"] == kiosk.app.site.edition
    assert note["screen"]["asleep"] is False and note["disk"]["free_bytes"] > 0
    picture = (out / "attract.png").read_bytes()
    width, height = png_size(picture)
    assert width < 700 and height < 400, "a small picture, a quarter of the panel"
    assert not list(out.glob(".*")), "no temporary file left where Syncthing looks"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / "fleet-health-attract.png").write_bytes(picture)

    kiosk.tap(kiosk.screen)  # a visitor begins
    assert kiosk.screen_name == "home"
    reporter.write()
    assert (out / "attract.png").read_bytes() == picture, "no picture of a visitor's session"
    assert json.loads(note_file.read_text())["written_at"] >= note["written_at"]
