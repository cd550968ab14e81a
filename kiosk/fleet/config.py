"""Editing Syncthing's config.xml for a curator's machine or a kiosk, idempotently.

Why patch the XML rather than drive Syncthing's REST API: a technician sets a kiosk up before
Syncthing has ever run on it (no API yet), often with no network at all, and the result must
be the same file every time the command is repeated. So `apply` takes the parsed config,
finds folders and devices by their id, updates them in place or adds them once, and switches
off everything that would reach beyond the museum's own machines (global discovery, relays,
NAT traversal, usage and crash reporting, automatic upgrades). New folders and devices are
copied from the config's own `<defaults>`, so every field Syncthing expects is there in the
form this Syncthing version writes it.
"""

from __future__ import annotations

import base64
import copy
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

EDITIONS_FOLDER = "kiosk-editions"
USAGE_FOLDER_PREFIX = "kiosk-usage-"
ROLES = ("curator", "kiosk")
DEFAULT_LISTEN = "tcp://0.0.0.0:22000"
DEFAULT_GUI = "127.0.0.1:8384"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")

# Offline and LAN-only. Global discovery, relays, NAT traversal (UPnP and STUN), usage
# reporting, crash reporting and upgrades all contact servers on the internet; a kiosk has
# none, and a museum should not leak which machines it runs. urAccepted -1 means "declined",
# so the GUI never asks. startBrowser false: Syncthing must never open a browser on the
# visitors' screen.
OFFLINE_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "stunKeepaliveStartS": "0",
    "urAccepted": "-1",
    "autoUpgradeIntervalH": "0",
    "crashReportingEnabled": "false",
    "startBrowser": "false",
}


class FleetError(Exception):
    """A refusal or failure to show as one line to the technician."""


def device_id_from_digest(digest: bytes) -> str:
    """Syncthing's device ID for a certificate's SHA-256: base32 with a check character per
    13 characters (its own Luhn mod 32), grouped by 7 for reading aloud."""
    b32 = base64.b32encode(digest).decode("ascii").rstrip("=")
    chunks = [b32[i:i + 13] for i in range(0, 52, 13)]
    full = "".join(chunk + _luhn32(chunk) for chunk in chunks)
    return "-".join(full[i:i + 7] for i in range(0, 56, 7))


def _luhn32(chunk: str) -> str:
    factor, total = 1, 0
    for char in chunk:
        addend = factor * _B32.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return _B32[(32 - total % 32) % 32]


def normalise_device_id(text: str) -> str:
    """The canonical form of a typed or pasted device ID; refuses typos by the check
    characters, so a wrong ID fails here and not as a peer that silently never connects."""
    raw = re.sub(r"[\s-]", "", text).upper()
    if len(raw) != 56 or any(c not in _B32 for c in raw):
        raise FleetError(f"{text!r} is not a Syncthing device ID (8 groups of 7 letters and "
                         "digits 2-7, as 'syncthing' or 'kiosk fleet setup' prints it)")
    for i in range(4):
        chunk = raw[i * 14:i * 14 + 13]
        if _luhn32(chunk) != raw[i * 14 + 13]:
            raise FleetError(f"device ID {text!r} has a typo (check character {i + 1} "
                             "does not match)")
    return "-".join(raw[i:i + 7] for i in range(0, 56, 7))


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise FleetError(f"name {name!r}: use 1-40 lowercase letters, digits, '-' or '_', "
                         "starting with a letter or digit (it becomes a folder id)")
    return name


def default_kiosk_name(device_id: str) -> str:
    """The name a kiosk gets when none is given. Both sides derive it from the kiosk's device
    ID, so a curator that names no kiosk still agrees with it on the usage folder's id."""
    return f"kiosk-{device_id[:7].lower()}"


@dataclass(frozen=True)
class Peer:
    """Another machine: `[NAME=]DEVICE_ID[@ADDRESS]`. Without an address Syncthing finds it
    by local (LAN) discovery, which must then be on."""

    device_id: str
    address: str = "dynamic"
    name: str | None = None

    @classmethod
    def parse(cls, spec: str) -> Peer:
        name = None
        if "=" in spec:
            name, spec = spec.split("=", 1)
            name = check_name(name.strip())
        device, _, address = spec.partition("@")
        address = address.strip() or "dynamic"
        if address != "dynamic" and not re.fullmatch(r"tcp[46]?://\S+:\d+", address):
            raise FleetError(f"peer address {address!r}: use tcp://HOST:PORT, e.g. "
                             "tcp://192.168.1.20:22000")
        return cls(normalise_device_id(device), address, name)


@dataclass
class Plan:
    """What one machine's config must say. `usage`: the kiosk's outgoing folder, or the
    curator's parent folder of one incoming folder per kiosk."""

    role: str
    device_id: str
    name: str
    editions: Path
    usage: Path
    peers: list[Peer] = field(default_factory=list)
    neighbours: list[Peer] = field(default_factory=list)  # kiosks that pass editions on
    gui: str = DEFAULT_GUI
    listen: str = DEFAULT_LISTEN
    local_discovery: bool = True
    api_key: str = ""

    def folders(self) -> list[tuple[str, str, Path, list[Peer]]]:
        """(folder id, Syncthing type, path, peers shared with) for this role."""
        if self.role == "curator":
            out = [(EDITIONS_FOLDER, "sendonly", self.editions, self.peers)]
            for peer in self.peers:
                kiosk = self.peer_name(peer)
                out.append((USAGE_FOLDER_PREFIX + kiosk, "receiveonly", self.usage / kiosk,
                            [peer]))
            return out
        return [(EDITIONS_FOLDER, "receiveonly", self.editions, self.peers + self.neighbours),
                (USAGE_FOLDER_PREFIX + self.name, "sendonly", self.usage, self.peers)]

    def peer_name(self, peer: Peer) -> str:
        if peer.name:
            return peer.name
        return default_kiosk_name(peer.device_id) if self.role == "curator" else "curator"


def check_gui(address: str) -> str:
    """The GUI and REST API listen on loopback only: they need no password there, and no one
    on the museum's network can reach a kiosk's Syncthing controls."""
    host, sep, port = address.rpartition(":")
    if not sep or host not in LOOPBACK_HOSTS or not port.isdigit():
        raise FleetError(f"--gui {address!r}: the GUI must stay on this machine, "
                         "e.g. 127.0.0.1:8384 (use an SSH tunnel to reach it)")
    return address


def check_listen(address: str) -> str:
    if not re.fullmatch(r"tcp[46]?://\S*:\d+", address):
        raise FleetError(f"--listen {address!r}: use tcp://ADDRESS:PORT, e.g. "
                         "tcp://0.0.0.0:22000")
    return address


def load(path: Path) -> ET.ElementTree:
    try:
        return ET.parse(path)
    except (OSError, ET.ParseError) as exc:
        raise FleetError(f"{path}: cannot read Syncthing's config ({exc})") from None


def apply(root: ET.Element, plan: Plan) -> None:
    """Make the config at `root` say what `plan` says, changing nothing else."""
    _device(root, plan.device_id, "dynamic", plan.name)
    for peer in [*plan.peers, *plan.neighbours]:
        _device(root, peer.device_id, peer.address, plan.peer_name(peer))
    for folder_id, kind, path, peers in plan.folders():
        _folder(root, folder_id, kind, path, [plan.device_id, *(p.device_id for p in peers)])
    options = _child(root, "options")
    for name, value in OFFLINE_OPTIONS.items():
        _child(options, name).text = value
    _child(options, "localAnnounceEnabled").text = str(plan.local_discovery).lower()
    for old in options.findall("listenAddress"):
        options.remove(old)
    _insert(options, ET.Element("listenAddress"), 0).text = plan.listen
    gui = _child(root, "gui")
    gui.set("enabled", "true")
    gui.set("tls", "false")
    _child(gui, "address").text = plan.gui
    _child(gui, "apikey").text = plan.api_key


def api_key_of(root: ET.Element) -> str:
    node = root.find("gui/apikey")
    return (node.text or "").strip() if node is not None else ""


def _child(parent: ET.Element, tag: str) -> ET.Element:
    node = parent.find(tag)
    if node is None:
        node = ET.SubElement(parent, tag)
    return node


def _insert(parent: ET.Element, node: ET.Element, index: int) -> ET.Element:
    parent.insert(index, node)
    return node


def _top_index(root: ET.Element) -> int:
    """Where a new folder or device goes: after the existing ones, before <gui>."""
    tags = [child.tag for child in root]
    return max((i + 1 for i, tag in enumerate(tags) if tag in ("folder", "device")), default=0)


def _device(root: ET.Element, device_id: str, address: str, name: str) -> None:
    node = root.find(f"device[@id='{device_id}']")
    if node is None:
        template = root.find("defaults/device")
        node = copy.deepcopy(template) if template is not None else ET.Element("device")
        _insert(root, node, _top_index(root))
    node.set("id", device_id)
    node.set("name", name)
    node.set("introducer", "false")  # a kiosk accepts no devices it was not told about
    node.set("compression", node.get("compression", "metadata"))
    for old in node.findall("address"):
        node.remove(old)
    _insert(node, ET.Element("address"), 0).text = address
    _child(node, "autoAcceptFolders").text = "false"
    _child(node, "paused").text = "false"


def _folder(root: ET.Element, folder_id: str, kind: str, path: Path,
            device_ids: list[str]) -> None:
    node = root.find(f"folder[@id='{folder_id}']")
    if node is None:
        template = root.find("defaults/folder")
        node = copy.deepcopy(template) if template is not None else ET.Element("folder")
        for old in node.findall("device"):
            node.remove(old)
        _insert(root, node, _top_index(root))
    node.set("id", folder_id)
    node.set("label", folder_id)
    node.set("path", str(path))
    node.set("type", kind)
    node.set("rescanIntervalS", node.get("rescanIntervalS", "3600"))
    node.set("fsWatcherEnabled", "true")
    if node.find("filesystemType") is None:
        ET.SubElement(node, "filesystemType").text = "basic"
    have = {d.get("id") for d in node.findall("device")}
    for device_id in device_ids:  # shares accumulate: a repeated setup never unshares
        if device_id not in have:
            have.add(device_id)
            device = _insert(node, ET.Element("device"), len(node.findall("device")))
            device.set("id", device_id)
            device.set("introducedBy", "")
            ET.SubElement(device, "encryptionPassword")
