"""A curator sees every kiosk's health without a cloud: each kiosk writes `health.json` and a
picture of its attract screen into its send-only folder, Syncthing carries them home, and
`kiosk fleet report` flags the kiosk that went silent, fell behind, failed a check or filled
its disk.

The end-to-end test runs three real Syncthing processes (a curator, two kiosks) on 127.0.0.1
only, as test_technician_fleet.py does; the table of 200 kiosks is built from notes written
by the library (its speed is measured in bench/, not asserted here).
"""

from __future__ import annotations

import json
import struct
import time
import zlib
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from test_technician_fleet import (  # the Syncthing helpers of the edition/usage test
    _api_key,
    fleet_setup,
    free_port,
    launch,  # noqa: F401 - a fixture
    needs_syncthing,
    wait_for,
)

from kiosk.fleet.cli import fleet
from kiosk.fleet.config import USAGE_FOLDER_PREFIX
from kiosk.fleet.health import collect, note_start, write
from kiosk.fleet.report import find_notes, html_page, rows
from kiosk.fleet.syncthing import Rest


def tiny_png(path: Path) -> Path:
    """A 1x1 PNG, standing in for the app's attract picture (the app's own is tested in
    tests/ui/test_technician_kiosk_writes_health.py)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2,
                     0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b""))
    return path


def report(*args: str) -> list[dict]:
    result = CliRunner().invoke(fleet, ["report", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def simulated(root: Path, i: int, now: datetime) -> dict:
    """Kiosk number i's note, as `collect` writes it, made older or worse for some."""
    kiosk = root / f"kiosk-{i:03d}"
    kiosk.mkdir(parents=True)
    note = collect(kiosk, edition=7 if i % 10 else 6, started_at=now - timedelta(hours=5),
                   doctor=[{"name": "voices", "status": "FAIL" if i % 50 == 3 else "OK",
                            "message": "no voice for km" if i % 50 == 3 else "ok"}],
                   now=lambda: now - timedelta(hours=72 if i % 40 == 1 else 1))
    note["name"] = f"hall-{i:03d}"
    if i % 25 == 2:
        note["disk"]["free_bytes"] = 200 * 10**6
    write(kiosk / "sync" / "usage-out", note, tiny_png(kiosk / "shot.png"))
    return note


def test_curator_reads_two_hundred_kiosks_and_the_flags_are_right(tmp_path):
    now = datetime.now().astimezone()
    for i in range(200):
        simulated(tmp_path / "fleet", i, now)
    table = rows(find_notes([tmp_path / "fleet"]), now)
    assert len(table) == 200
    by_name = {row["name"]: row for row in table}
    assert by_name["hall-041"]["silent"] and not by_name["hall-042"]["silent"]
    assert sum(row["silent"] for row in table) == 5
    assert by_name["hall-010"]["behind"] and by_name["hall-010"]["newest_edition"] == 7
    assert not by_name["hall-011"]["behind"]
    assert by_name["hall-053"]["doctor_failures"] == ["voices"]
    assert by_name["hall-027"]["disk_low"] and not by_name["hall-028"]["disk_low"]
    page = html_page(table, now)
    assert page.count('src="data:image/png;base64,') == 200, "pictures inside: works offline"
    assert "http://" not in page and "https://" not in page
    out = tmp_path / "fleet.html"
    listed = report(str(tmp_path / "fleet"), "--html", str(out))
    assert len(listed) == 200 and out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_kiosk_counts_its_unclean_stops(tmp_path):
    note_start(tmp_path)
    note_start(tmp_path)  # the first run never said it stopped: the watchdog, or a crash
    note = collect(tmp_path, edition=3, started_at=datetime.now())
    assert note["starts"] == 2 and note["watchdog_trips"] == 1
    assert note["usage"] is None and note["kiosk_id"] == collect(
        tmp_path, edition=3, started_at=datetime.now())["kiosk_id"]


@needs_syncthing
def test_curator_hears_from_two_kiosks_and_sees_the_stopped_one_fall_silent(tmp_path, launch):  # noqa: F811
    c_home, c_data = tmp_path / "curator-st", tmp_path / "curator"
    c_gui, c_port = free_port(), free_port()
    curator = ["--role", "curator", "--home", c_home, "--data", c_data,
               "--gui", f"127.0.0.1:{c_gui}", "--listen", f"tcp://127.0.0.1:{c_port}",
               "--no-local-discovery"]
    curator_id = fleet_setup(*curator)
    kiosks = {}
    for name in ("hall-1", "hall-2"):
        gui, port = free_port(), free_port()
        home, data = tmp_path / f"{name}-st", tmp_path / f"{name}-data"
        kid = fleet_setup("--role", "kiosk", "--home", home, "--data", data, "--name", name,
                          "--gui", f"127.0.0.1:{gui}", "--listen", f"tcp://127.0.0.1:{port}",
                          "--no-local-discovery",
                          "--peer", f"curator={curator_id}@tcp://127.0.0.1:{c_port}")
        kiosks[name] = (home, data, kid, port, Rest(f"127.0.0.1:{gui}", _api_key(home)))
    fleet_setup(*curator, *[a for name, (_h, _d, kid, port, _r) in kiosks.items()
                            for a in ("--peer", f"{name}={kid}@tcp://127.0.0.1:{port}")])
    c_rest = Rest(f"127.0.0.1:{c_gui}", _api_key(c_home))
    logs = [launch(c_home)]
    for home, *_rest in kiosks.values():
        logs.append(launch(home))
    wait_for("the curator's API", c_rest.ping, logs=logs)
    for name, (_home, data, _kid, _port, rest) in kiosks.items():
        wait_for(f"{name}'s API", rest.ping, logs=logs)
        wait_for(f"{name} to connect", lambda r=rest: r.connected().get(curator_id), logs=logs)
        out = data / "sync" / "usage-out"
        tiny_png(data / ".attract-shot.png")
        done = CliRunner().invoke(fleet, ["health", "--data", str(data)])
        assert done.exit_code == 0, done.output
        write(out, json.loads((out / "health.json").read_text()), data / ".attract-shot.png")
        rest.scan(USAGE_FOLDER_PREFIX + name)
    incoming = c_data / "sync" / "usage"
    for name in kiosks:
        wait_for(f"{name}'s health at the curator's",
                 lambda n=name: (incoming / n / "health.json").is_file()
                 and (incoming / n / "attract.png").is_file(), logs=logs)
    listed = report(str(incoming))
    assert len(listed) == 2 and not any(row["silent"] for row in listed)
    shown = CliRunner().invoke(fleet, ["status", "--home", str(c_home), "--json"])
    assert shown.exit_code == 0, shown.output
    assert {p["name"]: p["connected"] for p in json.loads(shown.output)["peers"]} == {
        "hall-1": True, "hall-2": True}
    assert all(row["screenshot"] for row in listed)

    # hall-2 stops (its Syncthing goes, as when the kiosk is unplugged); hall-1 keeps writing.
    _stop_kiosk(kiosks["hall-2"])
    time.sleep(4)  # so that hall-2's note is seconds older than hall-1's next one
    home, data, _kid, _port, rest = kiosks["hall-1"]
    before = (incoming / "hall-1" / "health.json").read_text()
    assert CliRunner().invoke(fleet, ["health", "--data", str(data)]).exit_code == 0
    rest.scan(USAGE_FOLDER_PREFIX + "hall-1")
    wait_for("hall-1's new note", lambda: (incoming / "hall-1" / "health.json").read_text()
             != before, logs=logs)
    ages = {row["name"]: row for row in report(str(incoming))}
    fresh, stale = (_age(incoming / n / "health.json") for n in ("hall-1", "hall-2"))
    assert stale > fresh + 1, (stale, fresh)
    limit_hours = (fresh + stale) / 2 / 3600  # between the two: a short limit, as asked
    silent = {Path(row["folder"]).name: row["silent"]
              for row in report(str(incoming), "--silent-after", f"{limit_hours:.6f}")}
    assert silent == {"hall-1": False, "hall-2": True}, (silent, ages)


def _age(path: Path) -> float:
    written = datetime.fromisoformat(json.loads(path.read_text())["written_at"])
    return (datetime.now().astimezone() - written).total_seconds()


def _stop_kiosk(kiosk) -> None:
    """Shut one kiosk's Syncthing down through its own API (the fixture stops the rest)."""
    rest = kiosk[4]
    try:
        rest.post("/rest/system/shutdown")
    except Exception:  # noqa: BLE001 - it may hang up while answering
        pass
