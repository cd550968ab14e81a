"""A technician links a curator's machine and a kiosk through Syncthing: an edition travels
out and is installed through the verified path, a usage file travels back and is merged.

The end-to-end test runs two real Syncthing processes, each with its own home and ports, on
127.0.0.1 only (no discovery, relays or NAT: the setup switches them off, and local discovery
too). The other tests check the written configuration and the usage snapshots without
Syncthing running.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.fleet.cli import fleet
from kiosk.fleet.config import (
    EDITIONS_FOLDER,
    USAGE_FOLDER_PREFIX,
    FleetError,
    Peer,
    Plan,
    apply,
    device_id_from_digest,
    normalise_device_id,
)
from kiosk.fleet.syncthing import Rest
from kiosk.fleet.usage import in_synced_folder, snapshot_usage
from kiosk.staff import current_catalog
from kiosk.staff.bundle import pack
from kiosk.staff.keys import keygen
from kiosk.staff.state import edition_of
from kiosk.staff.watch import BundleWatcher
from kiosk.usage import UsageRecorder
from kiosk.usage.cli import stats

SYNCTHING = shutil.which("syncthing")
needs_syncthing = pytest.mark.skipif(
    SYNCTHING is None,
    reason="the syncthing binary is not installed (apt-get install syncthing, or run "
           "tools/system-deps.sh)")
DEVICE_ID = re.compile(r"\b[A-Z2-7]{7}(?:-[A-Z2-7]{7}){7}\b")
WAIT_S = 60  # each wait; the whole test normally takes well under 30 s


def free_port() -> int:
    """A port nobody listens on now (the kernel picks it for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, check, timeout: float = WAIT_S, logs=()):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {log}\n{Path(log).read_text(errors='replace')[-3000:]}"
                              for log in logs if Path(log).exists())
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")
        time.sleep(0.25)


def fleet_setup(*args: str) -> str:
    result = CliRunner().invoke(fleet, ["setup", *map(str, args)])
    assert result.exit_code == 0, result.output
    return DEVICE_ID.search(result.output).group(0)


@pytest.fixture
def launch():
    """Starts `syncthing serve` on a home; every process is stopped at the end, even on
    failure. Syncthing runs a monitor and a child process even with --no-restart, so each is
    started in its own process group and the whole group is stopped."""
    running = []

    def start(home: Path) -> Path:
        log = home / "syncthing.log"
        out = open(log, "wb")
        env = {**os.environ, "HOME": str(home), "STNORESTART": "1", "STNOUPGRADE": "1",
               "STNODEFAULTFOLDER": "1"}
        proc = subprocess.Popen([SYNCTHING, "serve", f"--home={home}", "--no-browser",
                                 "--no-restart", "--logflags=0"],
                                stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        running.append((proc, out))
        return log

    yield start
    for proc, _ in running:
        _signal_group(proc, signal.SIGTERM)
    for proc, out in running:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        _signal_group(proc, signal.SIGKILL)  # a child that outlived its monitor
        out.close()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # the group this test created for that process
    except ProcessLookupError:
        pass


@needs_syncthing
def test_an_edition_travels_to_a_kiosk_and_usage_figures_travel_back(
        tmp_path, small_exhibition, launch):
    curator_home, kiosk_home = tmp_path / "curator-st", tmp_path / "kiosk-st"
    curator_data, kiosk_root = tmp_path / "curator", tmp_path / "kiosk-data"
    c_gui, c_port, k_gui, k_port = (free_port() for _ in range(4))
    key, pub = keygen(tmp_path / "keys")
    (kiosk_root / "trusted").mkdir(parents=True)
    shutil.copy(pub, kiosk_root / "trusted" / "museum.pub")

    # The technician's order: the curator's machine first (prints its ID), then the kiosk
    # with that ID, then the curator again with the kiosk's ID.
    curator = ["--role", "curator", "--home", curator_home, "--data", curator_data,
               "--gui", f"127.0.0.1:{c_gui}", "--listen", f"tcp://127.0.0.1:{c_port}",
               "--no-local-discovery"]
    curator_id = fleet_setup(*curator)
    kiosk_id = fleet_setup(
        "--role", "kiosk", "--home", kiosk_home, "--data", kiosk_root, "--name", "hall-1",
        "--gui", f"127.0.0.1:{k_gui}", "--listen", f"tcp://127.0.0.1:{k_port}",
        "--no-local-discovery", "--peer", f"curator={curator_id}@tcp://127.0.0.1:{c_port}")
    assert fleet_setup(*curator, "--peer", f"hall-1={kiosk_id}@tcp://127.0.0.1:{k_port}") \
        == curator_id
    written = (curator_home / "config.xml").read_bytes()
    fleet_setup(*curator, "--peer", f"hall-1={kiosk_id}@tcp://127.0.0.1:{k_port}")
    assert (curator_home / "config.xml").read_bytes() == written, "setup is idempotent"

    c_rest = Rest(f"127.0.0.1:{c_gui}", _api_key(curator_home))
    k_rest = Rest(f"127.0.0.1:{k_gui}", _api_key(kiosk_home))
    logs = [launch(curator_home)]
    wait_for("the curator's Syncthing API", c_rest.ping, logs=logs)
    logs.append(launch(kiosk_home))
    wait_for("the kiosk's Syncthing API", k_rest.ping, logs=logs)
    assert k_rest.my_id() == kiosk_id and c_rest.my_id() == curator_id
    wait_for("the two machines to connect", lambda: k_rest.connected().get(curator_id),
             logs=logs)
    options = k_rest.get("/rest/config/options")  # as Syncthing itself read the config
    assert not (options["globalAnnounceEnabled"] or options["relaysEnabled"]
                or options["natEnabled"] or options["crashReportingEnabled"])
    assert options["urAccepted"] == -1 and options["autoUpgradeIntervalH"] == 0
    assert options["listenAddresses"] == [f"tcp://127.0.0.1:{k_port}"]

    # Out: the curator packs an edition into the send-only folder; the kiosk receives it.
    curator_editions = curator_data / "sync" / "editions"
    kiosk_editions = kiosk_root / "sync" / "editions"
    pack(small_exhibition, key, 5, curator_editions / "edition-5.zip")
    c_rest.scan(EDITIONS_FOLDER)
    wait_for("the bundle on the kiosk", (kiosk_editions / "edition-5.zip").is_file, logs=logs)
    assert not list(kiosk_editions.glob(".*.tmp")), "pack's temporary file was not sent"
    assert in_synced_folder(kiosk_editions) and not in_synced_folder(kiosk_root)
    outcomes = BundleWatcher([kiosk_editions], kiosk_root).scan()
    assert [(o.outcome, o.edition) for o in outcomes] == [("installed", 5)]
    assert edition_of(current_catalog(kiosk_root).parent) == 5

    # Back: a closed usage file in the kiosk's send-only folder reaches the curator.
    recorder = UsageRecorder(kiosk_root / "usage.db")
    session = recorder.start_session("vi")
    recorder.view(session, "crc")
    recorder.end_session(session, "staff")
    recorder.close()
    done = CliRunner().invoke(fleet, ["snapshot", "--data", str(kiosk_root)])
    assert done.exit_code == 0, done.output
    usage_folder = USAGE_FOLDER_PREFIX + "hall-1"
    k_rest.scan(usage_folder)
    incoming = curator_data / "sync" / "usage" / "hall-1"
    arrived = wait_for("the usage file at the curator's",
                       lambda: list(incoming.glob("usage-*.db")), logs=logs)
    merged = tmp_path / "all.db"
    done = CliRunner().invoke(stats, ["merge", *map(str, arrived), "--out", str(merged)])
    assert done.exit_code == 0, done.output
    assert "added" in done.output
    with sqlite3.connect(merged) as conn:
        assert conn.execute("SELECT count(*) FROM all_sessions").fetchone()[0] == 1

    # Merging straight from the receive-only folder left nothing there for Syncthing to flag.
    c_rest.scan(usage_folder)
    assert c_rest.folder_status(usage_folder).get("receiveOnlyTotalItems", 0) == 0
    assert k_rest.folder_status(EDITIONS_FOLDER).get("receiveOnlyTotalItems", 0) == 0
    shown = CliRunner().invoke(fleet, ["status", "--home", str(curator_home)])
    assert shown.exit_code == 0, shown.output
    assert "peer hall-1: connected" in shown.output


def _api_key(home: Path) -> str:
    return ET.parse(home / "config.xml").getroot().findtext("gui/apikey")


# --- the configuration, without Syncthing running -------------------------------------------

def _some_id(seed: int) -> str:
    return device_id_from_digest(bytes([seed]) * 32)


def _config(own: str) -> ET.Element:
    return ET.fromstring(f'<configuration version="36"><device id="{own}" name="x">'
                         "<address>dynamic</address></device><options>"
                         "<globalAnnounceEnabled>true</globalAnnounceEnabled>"
                         "<relaysEnabled>true</relaysEnabled><listenAddress>default"
                         "</listenAddress></options></configuration>")


def test_the_config_is_offline_and_folders_flow_one_way(tmp_path):
    me, curator = _some_id(1), _some_id(2)
    root = _config(me)
    plan = Plan("kiosk", me, "hall-2", tmp_path / "ed", tmp_path / "out",
                peers=[Peer(curator, "tcp://10.0.0.5:22000", "curator")],
                neighbours=[Peer(_some_id(3))], api_key="k" * 32, local_discovery=False)
    apply(root, plan)
    before = ET.tostring(root)
    apply(root, plan)
    assert ET.tostring(root) == before, "applying twice changes nothing"

    options = {child.tag: child.text for child in root.find("options")}
    assert options["globalAnnounceEnabled"] == "false"
    assert options["relaysEnabled"] == options["natEnabled"] == "false"
    assert options["crashReportingEnabled"] == options["startBrowser"] == "false"
    assert options["urAccepted"] == "-1" and options["autoUpgradeIntervalH"] == "0"
    assert options["localAnnounceEnabled"] == "false"
    assert [e.text for e in root.findall("options/listenAddress")] == ["tcp://0.0.0.0:22000"]
    assert root.findtext("gui/address") == "127.0.0.1:8384"
    folders = {f.get("id"): f for f in root.findall("folder")}
    assert folders[EDITIONS_FOLDER].get("type") == "receiveonly"
    assert folders["kiosk-usage-hall-2"].get("type") == "sendonly"
    shared = {d.get("id") for d in folders["kiosk-usage-hall-2"].findall("device")}
    assert shared == {me, curator}, "usage goes to the curator, not to neighbour kiosks"
    assert len(folders[EDITIONS_FOLDER].findall("device")) == 3
    devices = {d.get("id"): d for d in root.findall("device")}
    assert len(devices) == 3 and len(root.findall("device")) == 3
    assert devices[curator].findtext("address") == "tcp://10.0.0.5:22000"
    assert devices[curator].get("introducer") == "false"
    assert devices[curator].findtext("autoAcceptFolders") == "false"


def test_a_curator_and_its_kiosks_agree_on_folder_ids_without_names(tmp_path):
    kiosk = _some_id(4)
    plan = Plan("curator", _some_id(5), "curator", tmp_path / "ed", tmp_path / "usage",
                peers=[Peer(kiosk)])
    folders = {fid: (kind, path) for fid, kind, path, _ in plan.folders()}
    name = f"kiosk-{kiosk[:7].lower()}"  # what the kiosk calls itself without --name
    assert folders[USAGE_FOLDER_PREFIX + name] == ("receiveonly", tmp_path / "usage" / name)
    assert folders[EDITIONS_FOLDER][0] == "sendonly"


def test_typos_and_a_gui_open_to_the_network_are_refused(tmp_path):
    good = _some_id(6)
    assert normalise_device_id(good.replace("-", "").lower()) == good
    typo = good[:3] + ("A" if good[3] != "A" else "B") + good[4:]
    with pytest.raises(FleetError, match="typo"):
        normalise_device_id(typo)
    result = CliRunner().invoke(fleet, ["setup", "--role", "kiosk", "--home", str(tmp_path),
                                        "--data", str(tmp_path), "--gui", "0.0.0.0:8384"])
    assert result.exit_code == 1 and "failed: --gui" in result.output
    result = CliRunner().invoke(fleet, ["setup", "--role", "kiosk", "--home", str(tmp_path),
                                        "--data", str(tmp_path), "--peer", "nonsense"])
    assert result.exit_code == 2 and "not a Syncthing device ID" in result.output


# --- usage snapshots -----------------------------------------------------------------------

def test_a_snapshot_is_a_closed_whole_file_replaced_the_same_day(tmp_path):
    db = tmp_path / "usage.db"
    recorder = UsageRecorder(db)
    recorder.end_session(recorder.start_session("en"), "staff")
    recorder.flush()  # the recorder stays open: the app is running while the snapshot is made
    out = tmp_path / "sync" / "usage-out"
    day = [datetime(2025, 6, 1, 18)]
    first = snapshot_usage(db, out, now=lambda: day[0], keep=2)
    assert re.fullmatch(r"usage-[0-9a-f]{16}-2025-06-01\.db", first.name)
    again = snapshot_usage(db, out, now=lambda: day[0], keep=2)
    assert again == first and len(list(out.iterdir())) == 1
    for d in (2, 3):
        day[0] = datetime(2025, 6, d, 18)
        snapshot_usage(db, out, now=lambda: day[0], keep=2)
    recorder.close()
    names = sorted(p.name[-13:] for p in out.iterdir())
    assert names == ["2025-06-02.db", "2025-06-03.db"], "older days pruned, nothing else left"
    assert not list(out.parent.glob(".usage-snapshot-*")), "no temporary file left behind"
    with sqlite3.connect(f"file:{first.with_name(first.name[:-13] + '2025-06-03.db')}?mode=ro",
                         uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM all_sessions").fetchone()[0] == 1


def test_a_snapshot_of_a_missing_usage_file_fails_in_one_line(tmp_path):
    result = CliRunner().invoke(fleet, ["snapshot", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("failed: ") and len(result.output.splitlines()) == 1
