"""A kiosk's health note for the curator: what `kiosk fleet report` reads, over Syncthing.

Why a file and not a server: kiosks are mostly offline and there is no cloud. Each kiosk
writes `health.json` (and `attract.png`, a small picture of its attract screen) into its
send-only usage folder, beside the closed usage files; Syncthing carries them to the curator
whenever the two machines meet. Both are written to a temporary name and renamed, so Syncthing
only ever sends whole files.

What is in it is about the machine, never a visitor: edition, the last install or refusal and
its reason, uptime, starts and unclean stops, `kiosk doctor`'s results, free disk, whether the
screen sleeps, the minute of the last touch, and the usage totals as suppressed as the reports
(`kiosk.usage.report`). `written_at` says when; the curator's report calls a kiosk silent when
its newest note is older than a limit.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HEALTH_FILE = "health.json"
SCREENSHOT_FILE = "attract.png"
ID_FILE = "kiosk-id"
RUNS_FILE = "runs.json"
FORMAT = 1


def kiosk_id(root: Path) -> str:
    """A random id kept in the data folder: stable across restarts, says nothing of the
    machine (not its serial or MAC address)."""
    path = Path(root) / ID_FILE
    try:
        found = path.read_text(encoding="utf-8").strip()
        if found:
            return found
    except OSError:
        pass
    made = uuid.uuid4().hex[:12]
    path.write_text(made + "\n", encoding="utf-8")
    return made


def note_start(root: Path) -> dict:
    """Count this start; a previous run that never said `note_clean_stop` ended unclean
    (the systemd watchdog killed it, or it crashed, or the power went)."""
    path = Path(root) / RUNS_FILE
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        runs = {"starts": 0, "unclean_stops": 0, "running": False}
    if runs.get("running"):
        runs["unclean_stops"] = runs.get("unclean_stops", 0) + 1
    runs["starts"] = runs.get("starts", 0) + 1
    runs["running"] = True
    _write_atomic(path, json.dumps(runs).encode())
    return runs


def note_clean_stop(root: Path) -> None:
    path = Path(root) / RUNS_FILE
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))
        runs["running"] = False
        _write_atomic(path, json.dumps(runs).encode())
    except (OSError, ValueError):
        pass


def collect(root: Path, *, edition: Any, started_at: datetime, doctor: list[dict] | None = None,
            screen: dict | None = None, last_touch: datetime | None = None,
            now: Callable[[], datetime] = datetime.now) -> dict:
    """Everything but the picture, as one JSON-ready dict."""
    from kiosk.staff.watch import last_update

    root = Path(root)
    moment = now().astimezone()
    runs = _read_json(root / RUNS_FILE) or {}
    update = last_update(root)
    try:
        disk = shutil.disk_usage(root)
        disk_info = {"free_bytes": disk.free, "total_bytes": disk.total}
    except OSError:
        disk_info = {"free_bytes": None, "total_bytes": None}
    return {
        "format": FORMAT,
        "kiosk_id": kiosk_id(root),
        "name": socket.gethostname(),
        "written_at": moment.isoformat(timespec="seconds"),
        "edition": edition,
        "last_update": ({"outcome": update.outcome, "edition": update.edition,
                         "bundle": Path(update.bundle).name, "reason": update.reason,
                         "at": datetime.fromtimestamp(update.at, UTC)
                         .isoformat(timespec="seconds")} if update else None),
        "uptime_seconds": int((moment - started_at.astimezone()).total_seconds()),
        "starts": runs.get("starts", 0),
        "watchdog_trips": runs.get("unclean_stops", 0),  # runs that did not end cleanly
        "doctor": doctor,
        "disk": disk_info,
        "screen": screen or {"asleep": False},
        "last_touch": (last_touch.astimezone().replace(second=0, microsecond=0)
                       .isoformat(timespec="minutes") if last_touch else None),
        "usage": usage_totals(root / "usage.db"),
    }


def usage_totals(db: Path) -> dict | None:
    """Sessions and features as the suppressed report shows them (under 5 is "<5")."""
    if not Path(db).is_file():
        return None
    try:
        from kiosk.usage.report import build_report

        report = build_report(db)
    except Exception as error:  # noqa: BLE001 - a health note is written whatever happens
        return {"error": str(error)}

    def cell(value: Any) -> Any:
        return value if isinstance(value, int) else "<5"

    return {"sessions": cell(report["sessions"]["count"]),
            "features": {name: cell(row["sessions"])
                         for name, row in (report.get("features") or {}).items()}}


def write(out_dir: Path, health: dict, screenshot: Path | None = None) -> Path:
    """`health.json` (and `attract.png` from `screenshot`) into `out_dir`, each renamed
    into place whole."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if screenshot is not None and Path(screenshot).is_file():
        _write_atomic(out_dir / SCREENSHOT_FILE, Path(screenshot).read_bytes(), outside=True)
        Path(screenshot).unlink()
    target = out_dir / HEALTH_FILE
    _write_atomic(target, json.dumps(health, indent=1, ensure_ascii=False).encode("utf-8"),
                  outside=True)
    return target


def _write_atomic(path: Path, data: bytes, outside: bool = False) -> None:
    """Written beside, then renamed; `outside`: the temporary file goes in the parent folder,
    so Syncthing never sees it (as `kiosk.fleet.usage` does)."""
    where = path.parent.parent if outside else path.parent
    tmp = where / f".{path.parent.name}-{path.name}.tmp"
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
