"""`kiosk fleet setup`: one command per machine that leaves Syncthing ready for its role.

Why a command and not a page of GUI clicks: the settings that keep a site offline (no
discovery servers, relays, NAT traversal, reporting or upgrades), the folder types that make
editions flow one way and usage files the other, and the folder ids both sides must agree on
are easy to get subtly wrong by hand, and a kiosk usually has no keyboard. Running the command
again with more peers updates the same config; it never duplicates a folder or device and
never replaces this machine's key (its device ID is what the other machines trust).
"""

from __future__ import annotations

import os
import secrets
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kiosk.fleet import syncthing
from kiosk.fleet.config import (
    DEFAULT_GUI,
    DEFAULT_LISTEN,
    ROLES,
    FleetError,
    Peer,
    Plan,
    api_key_of,
    apply,
    check_gui,
    check_listen,
    check_name,
    default_kiosk_name,
    load,
)
from kiosk.fleet.usage import MARKER  # Syncthing syncs no folder without it (a missing mount)

SYNC_DIR = "sync"
CURATOR_IGNORES = ("// written by 'kiosk fleet setup': kiosk pack's unfinished files\n"
                   ".*.tmp\n")


def kiosk_paths(data_dir: Path) -> tuple[Path, Path]:
    """(editions, usage-out) under a kiosk's DATA_DIR: the folder Syncthing fills with
    bundles (for BundleWatcher) and the one it sends usage files from."""
    sync = Path(data_dir) / SYNC_DIR
    return sync / "editions", sync / "usage-out"


@dataclass(frozen=True)
class SetupResult:
    role: str
    name: str
    device_id: str
    config: Path
    gui: str
    api_key: str
    generated: bool  # a new identity was made
    folders: list[tuple[str, str, Path, list[str]]]  # id, type, path, peer names


def setup(role: str, home: Path, data_dir: Path, *, name: str | None = None,
          gui: str = DEFAULT_GUI, listen: str = DEFAULT_LISTEN, peers: list[Peer] = (),
          neighbours: list[Peer] = (), editions: Path | None = None, usage: Path | None = None,
          local_discovery: bool = True, program: str | None = None) -> SetupResult:
    """Generate the identity if needed, then write config.xml for `role`."""
    if role not in ROLES:
        raise FleetError(f"role {role!r}: choose curator or kiosk")
    if neighbours and role != "kiosk":
        raise FleetError("neighbours are kiosks that pass editions on: only for --role kiosk")
    check_gui(gui)
    check_listen(listen)
    peers, neighbours = list(peers), list(neighbours)
    if not local_discovery and any(p.address == "dynamic" for p in [*peers, *neighbours]):
        raise FleetError("a peer without @tcp://HOST:PORT can only be found by local "
                         "discovery: give its address or leave local discovery on")
    home, data_dir = Path(home).absolute(), Path(data_dir).absolute()
    generated = syncthing.ensure_identity(home, program)
    own_id = syncthing.device_id(home)
    if any(p.device_id == own_id for p in [*peers, *neighbours]):
        raise FleetError("a peer has this machine's own device ID; give the other side's")
    if role == "kiosk":
        default_editions, default_usage = kiosk_paths(data_dir)
        own_name = check_name(name) if name else default_kiosk_name(own_id)
    else:
        default_editions = data_dir / SYNC_DIR / "editions"
        default_usage = data_dir / SYNC_DIR / "usage"
        own_name = check_name(name) if name else "curator"
    config_path = home / "config.xml"
    tree = load(config_path)
    root = tree.getroot()
    key = api_key_of(root)
    plan = Plan(role, own_id, own_name,
                Path(editions).absolute() if editions else default_editions,
                Path(usage).absolute() if usage else default_usage,
                peers, neighbours, gui, listen, local_discovery,
                key if len(key) >= 32 else secrets.token_urlsafe(24))
    apply(root, plan)
    folders = plan.folders()
    _make_folders(plan, folders)
    _write(tree, config_path)
    return SetupResult(role, own_name, own_id, config_path, gui, plan.api_key, generated,
                       [(fid, kind, path, [plan.peer_name(p) for p in shared])
                        for fid, kind, path, shared in folders])


def _make_folders(plan: Plan, folders) -> None:
    """Create each folder with Syncthing's marker, so the first start syncs instead of
    reporting a missing folder; the curator's editions folder ignores half-packed bundles."""
    for _, _kind, path, _ in folders:
        (path / MARKER).mkdir(parents=True, exist_ok=True)
    if plan.role == "curator":
        ignores = plan.editions / ".stignore"
        if not ignores.exists():
            ignores.write_text(CURATOR_IGNORES, encoding="utf-8")
        plan.usage.mkdir(parents=True, exist_ok=True)


def _write(tree: ET.ElementTree, path: Path) -> None:
    """Temp file and rename: a config cut off half-way would stop Syncthing from starting.
    Mode 0600: the file holds the API key."""
    ET.indent(tree, space="    ")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            tree.write(out, encoding="utf-8", xml_declaration=False)
            out.write(b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
