"""A technician readies a machine: `kiosk doctor`, the systemd units, the watchdog, the log.

The doctor runs on real catalogs (the shipped sample, a damaged copy, one with a script no
font shows), with the real espeak-ng and fonts; the watchdog talks to a real unix datagram
socket; the log really rotates on disk.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from datetime import datetime

import click
import pytest
from click.testing import CliRunner

from kiosk.ops.cli import COMMANDS
from kiosk.ops.doctor import check_clock
from kiosk.ops.logs import PERSONAL, remove_logging, setup_logging
from kiosk.ops.watchdog import Watchdog, notify

FAST = ("--skip", "opengl", "--skip", "display")  # the window probe has its own test


def run_cli(*args: str):
    group = click.Group("kiosk")
    for command in COMMANDS:
        group.add_command(command)
    return CliRunner().invoke(group, list(args))


@pytest.fixture
def no_site_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "no-kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))


def checks_of(result) -> dict[str, dict]:
    assert result.stdout.lstrip().startswith("{"), result.output
    return {c["name"]: c for c in json.loads(result.stdout)["checks"]}


# -- kiosk doctor -------------------------------------------------------------------------------
@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng")
def test_doctor_on_the_sample_reports_fonts_and_voices(sample_catalog, no_site_config):
    result = run_cli("doctor", "--catalog", str(sample_catalog), "--json", *FAST)
    checks = checks_of(result)
    assert list(checks) == ["config", "clock", "disk", "catalog", "fonts", "voices", "audio"]
    assert checks["catalog"]["status"] == "OK"
    assert "quick_check ok" in checks["catalog"]["message"]
    fonts = checks["fonts"]["details"]
    assert {"Latn", "Khmr", "Thai", "Laoo", "Hani", "Arab"} <= set(fonts)
    assert "km" in fonts["Khmr"]["languages"] and fonts["Khmr"]["font"].endswith((".ttf", ".otf"))
    voices = checks["voices"]["details"]["voices"]
    assert voices["vi"] == "vi" and voices["fr"] and voices["en"]
    assert voices["km"] is None  # espeak-ng has no Khmer
    assert voices["vi-Hani"] is None  # never the Latin-script voice for Han characters
    assert checks["voices"]["status"] == "WARN" and "km" in checks["voices"]["message"]
    text = run_cli("doctor", "--catalog", str(sample_catalog), *FAST)
    assert "voices   no speech voice for" in text.output
    assert text.output.rstrip().splitlines()[-1].endswith("ok")


def test_doctor_fails_a_damaged_catalog(sample_catalog, tmp_path, no_site_config):
    damaged = tmp_path / "damaged.db"
    data = bytearray(sample_catalog.read_bytes())
    data[8192:12288] = b"\xab" * 4096  # a page of the b-tree overwritten
    damaged.write_bytes(bytes(data))
    result = run_cli("doctor", "--catalog", str(damaged), *FAST)
    assert result.exit_code == 1
    assert f"FAIL  catalog  {damaged} is damaged: database disk image is malformed" \
        in result.output
    assert "fix: install the edition again" in result.output
    assert "WARN  fonts    not checked: the catalog cannot be read" in result.output
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    checks = checks_of(run_cli("doctor", "--catalog", str(garbage), "--json", *FAST))
    assert checks["catalog"]["status"] == "FAIL"
    assert "file is not a database" in checks["catalog"]["message"]


def test_doctor_fails_text_that_no_font_can_show(sample_copy, tmp_path, no_site_config):
    from kiosk.catalog.build import build_catalog

    (sample_copy / "items/crc/sat.md").write_text(textwrap.dedent("""\
        ---
        title: ᱜᱤᱫᱨᱤ ᱠᱚᱣᱟᱜ ᱦᱚᱠ
        ---
        ᱡᱚᱛᱚ ᱜᱤᱫᱨᱤ ᱠᱚᱣᱟᱜ ᱦᱚᱠ ᱢᱮᱱᱟᱜ-ᱟ.
        """), encoding="utf-8")  # Santali in Ol Chiki
    catalog = build_catalog(sample_copy, tmp_path / "c.db").catalog
    result = run_cli("doctor", "--catalog", str(catalog), "--json", *FAST)
    assert result.exit_code == 1
    fonts = checks_of(result)["fonts"]
    assert fonts["status"] == "FAIL"
    assert "in sat have no glyph" in fonts["message"]
    assert fonts["details"]["Olck"]["missing_in"] == ["sat"]


def test_doctor_fails_a_config_with_errors(sample_catalog, tmp_path, no_site_config):
    config = tmp_path / "kiosk.toml"
    config.write_text("[session]\nidle_timeout_seconds = 5\n", encoding="utf-8")
    result = run_cli("doctor", "--config", str(config), "--catalog", str(sample_catalog),
                     "--skip", "fonts", "--skip", "voices", *FAST)
    assert result.exit_code == 1
    assert (f"FAIL  config   1 error(s), 0 warning(s); first: {config}:2: "
            "session.idle_timeout_seconds is 5") in result.output
    missing = run_cli("doctor", "--config", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_doctor_warns_when_the_clock_has_lost_the_time():
    assert check_clock(lambda: datetime(1970, 1, 1, 0, 5)).status == "WARN"
    assert "timedatectl" in check_clock(lambda: datetime(1970, 1, 1)).fix
    assert check_clock(lambda: datetime(2025, 3, 1, 9, 0)).status == "OK"


@pytest.mark.skipif(not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")),
                    reason="needs a display (make test runs under Xvfb)")
def test_doctor_opens_a_window_to_find_the_renderer_and_display_size(no_site_config):
    from kiosk.config import default_config
    from kiosk.ops.display import check_display, check_opengl

    gl = check_opengl()
    assert gl.status in ("OK", "WARN"), gl
    assert gl.details["renderer"]
    if "llvmpipe" in gl.details["renderer"]:
        assert gl.status == "WARN" and "render" in gl.fix
    display = check_display(default_config())
    assert display.status in ("OK", "WARN"), display
    width, height = display.details["size"]
    assert width >= 320 and height >= 200


# -- kiosk service install ------------------------------------------------------------------------
def test_service_dry_run_prints_a_unit_that_restarts_and_watches_the_kiosk(tmp_path,
                                                                           no_site_config):
    catalog = tmp_path / "my kiosk" / "catalog.db"
    result = run_cli("service", "install", "--dry-run", "--catalog", str(catalog),
                     "--kiosk-bin", "/opt/kiosk/.venv/bin/kiosk")
    assert result.exit_code == 0, result.output
    unit, rollback = result.output.split("# --- kiosk-rollback.service ---")
    for directive in ("Type=notify", "WatchdogSec=30", "Restart=always", "RestartSec=2",
                      "StartLimitBurst=5", "StartLimitIntervalSec=300",
                      "OnFailure=kiosk-rollback.service", "NotifyAccess=all",
                      "Environment=KIVY_NO_ARGS=1", "Environment=KIVY_NO_FILELOG=1",
                      f"Environment=KIOSK_DATA_DIR={tmp_path / 'data'}",
                      "User=kiosk", "PAMName=login", "TTYPath=/dev/tty7",
                      "WantedBy=graphical.target"):
        assert f"\n{directive}\n" in unit, directive
    assert (f'\nExecStart=/usr/bin/cage -d -- /opt/kiosk/.venv/bin/kiosk run --catalog '
            f'"{catalog}"\n') in unit
    assert "\nExecStart=/opt/kiosk/.venv/bin/kiosk rollback --root " in rollback
    assert "\nExecStartPost=+/bin/systemctl --no-block start kiosk.service\n" in rollback
    assert "\nStartLimitBurst=1\n" in rollback
    assert not (tmp_path / "units").exists()


@pytest.mark.parametrize("session, expected", [
    ("x11", "Environment=DISPLAY=:0"),
    ("kmsdrm", "Environment=SDL_VIDEODRIVER=kmsdrm"),
])
def test_service_install_writes_units_that_systemd_accepts(tmp_path, no_site_config, session,
                                                           expected):
    units = tmp_path / "units"
    result = run_cli("service", "install", "--session", session, "--unit-dir", str(units),
                     "--kiosk-bin", sys.executable)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in units.iterdir()) == ["kiosk-rollback.service",
                                                       "kiosk.service"]
    text = (units / "kiosk.service").read_text()
    assert expected in text and "NotifyAccess=main" in text
    assert "sudo systemctl enable --now kiosk.service" in result.output
    if shutil.which("systemd-analyze"):
        verify = subprocess.run(["systemd-analyze", "verify", "--man=no",
                                 *map(str, sorted(units.iterdir()))],
                                capture_output=True, text=True, timeout=60)
        # systemd before 254 does not know RestartMode= and says so; nothing else may fail
        complaints = [line for line in verify.stderr.splitlines() if "RestartMode" not in line]
        assert verify.returncode == 0 and complaints == [], verify.stderr


def test_a_user_unit_runs_in_the_desktop_session(tmp_path, no_site_config, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = run_cli("service", "install", "--user")
    assert result.exit_code == 0, result.output
    unit = (tmp_path / "config/systemd/user/kiosk.service").read_text()
    assert "WantedBy=default.target" in unit and "User=" not in unit
    assert "ExecStartPre=/bin/sh -c 'until [ -S /tmp/.X11-unix/X0 ]" in unit
    rollback = (tmp_path / "config/systemd/user/kiosk-rollback.service").read_text()
    assert "ExecStartPost=/bin/systemctl --user reset-failed kiosk.service" in rollback


# -- the watchdog -------------------------------------------------------------------------------
@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    yield path, sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    """Every datagram waiting on the socket, without blocking."""
    sock.setblocking(False)
    messages = []
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except BlockingIOError:
        pass
    sock.settimeout(5)
    return messages


def test_the_watchdog_says_ready_once_then_beats_at_half_the_interval(notify_socket):
    path, sock = notify_socket
    clock = [100.0]
    dog = Watchdog({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000"},
                   now=lambda: clock[0])
    assert dog.ready("edition 3") and not dog.ready()
    assert sock.recv(4096).decode() == "READY=1\nSTATUS=edition 3"
    assert dog.tick()  # the first beat goes at once
    for _ in range(14):  # called every second for 14 s: nothing more
        clock[0] += 1
        dog.tick()
    clock[0] += 1  # 15 s: half of WatchdogSec=30
    assert dog.tick()
    assert received(sock) == ["WATCHDOG=1", "WATCHDOG=1"]


def test_the_watchdog_is_silent_outside_systemd(notify_socket):
    _, sock = notify_socket
    assert not notify("READY=1", {})
    dog = Watchdog({})
    assert not dog.enabled and not dog.ready() and not dog.tick()
    no_watchdog = Watchdog({"NOTIFY_SOCKET": "/nonexistent/notify.sock"})
    assert not no_watchdog.tick()  # no WATCHDOG_USEC: no beats
    assert received(sock) == []


def test_a_kiosk_process_notifies_through_the_abstract_namespace(tmp_path):
    name = f"kiosk-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(10)
    try:
        child = subprocess.run(
            [sys.executable, "-c", "from kiosk.ops.watchdog import Watchdog\n"
             "dog = Watchdog()\nassert dog.ready()\nassert dog.tick()"],
            env={**os.environ, "NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "30000000"},
            capture_output=True, text=True, timeout=60)
        assert child.returncode == 0, child.stderr
        assert [sock.recv(4096).decode() for _ in range(2)] == ["READY=1", "WATCHDOG=1"]
    finally:
        sock.close()


# -- the log ------------------------------------------------------------------------------------
@pytest.fixture
def kiosk_log(tmp_path):
    yield tmp_path / "data"
    remove_logging()


def test_the_log_is_json_lines_that_rotate_at_the_size_limit(kiosk_log):
    path = setup_logging(kiosk_log, max_bytes=4000, backup_count=2)
    log = logging.getLogger("kiosk.test")
    log.info("edition installed", extra={"edition": 7, "event": "install"})
    logging.getLogger("kivy").warning("GL: software renderer llvmpipe")  # Kivy's own logger
    first = [json.loads(line) for line in path.read_text().splitlines()]
    assert first[0]["message"] == "edition installed" and first[0]["edition"] == 7
    assert set(first[0]) >= {"time", "level", "logger", "message", "event"}
    assert first[1]["logger"] == "kivy" and "llvmpipe" in first[1]["message"]
    for i in range(400):
        log.warning("frame took too long", extra={"frame": i, "ms": 40})
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all((path.parent / name).stat().st_size <= 4000 for name in files)
    last = json.loads(path.read_text().splitlines()[-1])
    assert last["frame"] == 399


def test_the_log_never_holds_what_a_visitor_searched_for(kiosk_log):
    path = setup_logging(kiosk_log)
    log = logging.getLogger("kiosk.ui.search")
    log.info("visitor searched for %s", "quyền trẻ em", extra=PERSONAL)
    log.info("search", extra={"query": "công ước chống tra tấn", "results": 3})
    log.info("search finished", extra={"results": 3})
    text = path.read_text(encoding="utf-8")
    assert "quyền trẻ em" not in text and "tra tấn" not in text
    entries = [json.loads(line) for line in text.splitlines()]
    assert [e["message"] for e in entries] == ["search", "search finished"]
    assert entries[0]["query"] == "[withheld]" and entries[0]["results"] == 3
