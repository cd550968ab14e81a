"""`kiosk fleet report`: every kiosk's health note in one table, on the curator's machine.

The curator's Syncthing puts each kiosk's folder under `sync/usage/<name>/`; the report looks
for `health.json` anywhere under the folders it is given, keeps the newest note per kiosk id,
and flags what needs a technician: silent for longer than a limit (default 48 h: a kiosk writes
at least daily), behind the newest edition any kiosk has, a failed `kiosk doctor` check, a
disk under 1 GB free. The HTML is one file with the screenshots inside (data: URIs), so it
opens offline and can be mailed as it is.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.fleet.health import HEALTH_FILE, SCREENSHOT_FILE

SILENT_AFTER = timedelta(hours=48)
LOW_DISK_BYTES = 10**9


def find_notes(folders: Iterable[Path]) -> list[tuple[Path, dict]]:
    """(file, note) for every readable health.json under `folders`, newest per kiosk id."""
    newest: dict[str, tuple[Path, dict]] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob(HEALTH_FILE)):
            try:
                note = json.loads(path.read_text(encoding="utf-8"))
                key = str(note.get("kiosk_id") or path.parent)
                written = _when(note)
            except (OSError, ValueError, AttributeError):
                continue
            if key not in newest or written > _when(newest[key][1]):
                newest[key] = (path, note)
    return sorted(newest.values(), key=lambda pn: (str(pn[1].get("name")), str(pn[0])))


def _when(note: dict) -> datetime:
    return datetime.fromisoformat(note["written_at"])


def rows(notes: list[tuple[Path, dict]], now: datetime,
         silent_after: timedelta = SILENT_AFTER) -> list[dict]:
    """One flat dict per kiosk, flags included: what `--json` prints."""
    editions = [n.get("edition") for _p, n in notes if isinstance(n.get("edition"), int)]
    newest = max(editions, default=None)
    out = []
    for path, note in notes:
        heard = _when(note)
        age = now.astimezone() - heard
        failed = [c.get("name") for c in note.get("doctor") or [] if c.get("status") == "FAIL"]
        free = (note.get("disk") or {}).get("free_bytes")
        edition = note.get("edition")
        shot = path.with_name(SCREENSHOT_FILE)
        out.append({
            "kiosk_id": note.get("kiosk_id"), "name": note.get("name"),
            "folder": str(path.parent), "last_heard": note.get("written_at"),
            "hours_since_heard": round(age.total_seconds() / 3600, 1),
            "silent": age > silent_after,
            "edition": edition,
            "behind": newest is not None and isinstance(edition, int) and edition < newest,
            "newest_edition": newest,
            "doctor_failures": failed,
            "disk_free_bytes": free,
            "disk_low": isinstance(free, int) and free < LOW_DISK_BYTES,
            "asleep": bool((note.get("screen") or {}).get("asleep")),
            "last_update": note.get("last_update"),
            "last_touch": note.get("last_touch"),
            "starts": note.get("starts"), "watchdog_trips": note.get("watchdog_trips"),
            "usage": note.get("usage"),
            "screenshot": str(shot) if shot.is_file() else None,
        })
    return out


def needs_attention(row: dict) -> list[str]:
    flags = []
    if row["silent"]:
        flags.append(f"silent {row['hours_since_heard']:g} h")
    if row["behind"]:
        flags.append(f"behind (edition {row['edition']} of {row['newest_edition']})")
    if row["doctor_failures"]:
        flags.append("doctor: " + ", ".join(map(str, row["doctor_failures"])))
    if row["disk_low"]:
        flags.append("disk low")
    update = row.get("last_update") or {}
    if update.get("outcome") == "refused":
        flags.append(f"refused {update.get('bundle')}: {update.get('reason')}")
    return flags


def text(table: list[dict]) -> str:
    lines = [f"{len(table)} kiosk(s), "
             f"{sum(bool(needs_attention(r)) for r in table)} needing attention"]
    for row in table:
        flags = needs_attention(row)
        lines.append(f"{row['name']} ({row['kiosk_id']}): edition {row['edition']}, heard "
                     f"{row['last_heard']}, {_gb(row['disk_free_bytes'])} free"
                     + (f", {'asleep' if row['asleep'] else 'awake'}")
                     + (f" -- {'; '.join(flags)}" if flags else " -- ok"))
    return "\n".join(lines)


def _gb(value: object) -> str:
    return f"{value / 1e9:.1f} GB" if isinstance(value, int) else "? GB"


def html_page(table: list[dict], now: datetime) -> str:
    """One offline page; every screenshot inlined."""
    e = html.escape
    body = []
    for row in table:
        flags = needs_attention(row)
        picture = ""
        if row["screenshot"]:
            data = base64.b64encode(Path(row["screenshot"]).read_bytes()).decode("ascii")
            picture = (f'<img src="data:image/png;base64,{data}" width="240" '
                       f'alt="attract screen of {e(str(row["name"]))}">')
        usage = row.get("usage") or {}
        body.append(
            f'<tr class="{"flag" if flags else "ok"}"><th scope="row">{e(str(row["name"]))}'
            f'<br><small>{e(str(row["kiosk_id"]))}</small></th>'
            f'<td>{e(str(row["last_heard"]))}</td><td>{e(str(row["edition"]))}</td>'
            f'<td>{e(_gb(row["disk_free_bytes"]))}</td>'
            f'<td>{"asleep" if row["asleep"] else "awake"}</td>'
            f'<td>{e(str(usage.get("sessions", "")))}</td>'
            f'<td>{e("; ".join(flags)) or "ok"}</td><td>{picture}</td></tr>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kiosk fleet report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 1.5rem; color: #111; background: #fff; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #888; padding: .4rem .6rem;
vertical-align: top; text-align: left; }} tr.flag td:nth-child(7) {{ color: #8a0000;
font-weight: bold; }} @media (forced-colors: active) {{ tr.flag td {{ border-width: 3px; }} }}
</style></head><body>
<h1>Kiosk fleet report</h1>
<p>{len(table)} kiosk(s), {sum(bool(needs_attention(r)) for r in table)} needing attention.
Made {e(now.astimezone().isoformat(timespec="minutes"))}.</p>
<table><caption>Every kiosk's latest health note</caption>
<thead><tr><th scope="col">Kiosk</th><th scope="col">Last heard</th><th scope="col">Edition</th>
<th scope="col">Disk free</th><th scope="col">Screen</th><th scope="col">Sessions</th>
<th scope="col">Needs attention</th><th scope="col">Attract screen</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""
