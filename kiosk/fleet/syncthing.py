"""The installed Syncthing: its binary, this machine's identity, and its local REST API.

Why compute the device ID here instead of asking the binary: the ID is the SHA-256 of the
certificate in SYNC_HOME, so reading it needs no running Syncthing and no knowledge of which
command-line flag this version uses to print it (they changed between 1.x releases). The
REST client is the small part of the API a technician needs to see whether the fleet works:
ping, connections, folder state and completion, and asking for a rescan.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kiosk.fleet.config import FleetError, device_id_from_digest

BINARY_ENV = "KIOSK_SYNCTHING"  # another binary than the `syncthing` on PATH


def binary() -> str:
    found = os.environ.get(BINARY_ENV) or shutil.which("syncthing")
    if not found:
        raise FleetError("syncthing is not installed: apt-get install syncthing "
                         "(or run tools/system-deps.sh)")
    return found


def version(program: str | None = None) -> str:
    """`v1.19.2-ds1` or similar: the word after "syncthing" in `syncthing --version`."""
    try:
        out = subprocess.run([program or binary(), "--version"], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise FleetError(f"syncthing --version failed: {exc}") from None
    words = out.split()
    return words[1] if len(words) > 1 else out.strip()


def ensure_identity(home: Path, program: str | None = None) -> bool:
    """Give SYNC_HOME a key, a certificate and a config.xml unless it has them already.
    Returns True when it generated them. An existing key is never replaced: the device ID is
    what every peer trusts."""
    home = Path(home)
    if (home / "cert.pem").is_file() and (home / "key.pem").is_file() \
            and (home / "config.xml").is_file():
        return False
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    program = program or binary()
    attempts = [
        [program, "generate", f"--home={home}", "--no-default-folder", "--skip-port-probing"],
        [program, "generate", f"--home={home}"],  # versions without those two flags
        [program, f"-generate={home}"],  # before the subcommands (1.17 and older)
    ]
    errors = []
    for command in attempts:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                  env={**os.environ, "STNODEFAULTFOLDER": "1"})
        except (OSError, subprocess.SubprocessError) as exc:
            raise FleetError(f"cannot run {program}: {exc}") from None
        if done.returncode == 0 and (home / "config.xml").is_file():
            return True
        errors.append((done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"])
    raise FleetError(f"syncthing could not generate an identity in {home}: {errors[0][0]}")


def device_id(home: Path) -> str:
    """This machine's device ID, from SYNC_HOME/cert.pem."""
    path = Path(home) / "cert.pem"
    try:
        pem = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise FleetError(f"{path}: cannot read the certificate ({exc})") from None
    lines = pem.splitlines()
    try:
        start = lines.index("-----BEGIN CERTIFICATE-----")
        end = lines.index("-----END CERTIFICATE-----", start)
        der = base64.b64decode("".join(lines[start + 1:end]), validate=True)
    except ValueError:
        raise FleetError(f"{path}: not a PEM certificate") from None
    return device_id_from_digest(hashlib.sha256(der).digest())


class Rest:
    """Syncthing's REST API on this machine (`gui` is HOST:PORT, loopback by setup)."""

    def __init__(self, gui: str, api_key: str, timeout: float = 10):
        self.base = f"http://{gui}"
        self.api_key = api_key
        self.timeout = timeout

    def _call(self, method: str, path: str, params: dict | None = None):
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None,
                                         headers={"X-API-Key": self.api_key})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise FleetError(f"Syncthing API {path}: HTTP {exc.code} "
                             f"{exc.read()[:200].decode('utf-8', 'replace').strip()}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise FleetError(f"Syncthing is not answering on {self.base} ({exc}); "
                             "is it running?") from None
        return json.loads(body) if body.strip() else None

    def get(self, path: str, **params):
        return self._call("GET", path, params)

    def post(self, path: str, **params):
        return self._call("POST", path, params)

    def ping(self) -> bool:
        try:
            return (self.get("/rest/system/ping") or {}).get("ping") == "pong"
        except FleetError:
            return False

    def my_id(self) -> str:
        return self.get("/rest/system/status")["myID"]

    def connected(self) -> dict[str, bool]:
        """Device ID -> whether it is connected now."""
        return {device: bool(info.get("connected"))
                for device, info in self.get("/rest/system/connections")["connections"].items()}

    def scan(self, folder: str) -> None:
        """Look for changes now instead of at the next file-watcher event or rescan."""
        self.post("/rest/db/scan", folder=folder)

    def folder_status(self, folder: str) -> dict:
        return self.get("/rest/db/status", folder=folder)

    def completion(self, folder: str, device: str) -> float:
        """Percent of `folder` that `device` has (as this machine knows it)."""
        return float(self.get("/rest/db/completion", folder=folder, device=device)["completion"])
