"""What the staff panel shows, and what its buttons do.

Usage figures come from `kiosk.usage.report.build_report`, so the same suppression applies
as in every published report (fewer than 5 sessions behind a figure: "<5").
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Any

from kiosk.ui.i18n import _

log = logging.getLogger("kiosk.staff")
DISK_NEARLY_FULL = 1 << 20  # bytes free below which the disk, not the figures file, is full


def _cell(value: Any) -> str:
    return str(value) if isinstance(value, int) else "<5"


def _usage_lines(services: Any) -> list[str]:
    status = services.recorder.status()
    state = status.get("state", "off")
    lines = [_("Usage recorder: {state}", state=state)
             + (f" ({status.get('reason')})" if status.get("reason") else "")]
    if state == "degraded":
        lines.append(_not_saved(services, status))
    db = services.usage_db
    if db is None or not Path(db).is_file():
        return lines
    try:
        from kiosk.usage.report import build_report

        services.recorder.call("flush")
        report = build_report(db)
        count = report["sessions"]["count"]
        features = report.get("features") or {}
        used = ", ".join(f"{name} {_cell(row['sessions'])}" for name, row in features.items())
        lines.append(_("Sessions: {count}", count=_cell(count)))
        if used:
            lines.append(_("Features: {list}", list=used))
    except Exception as error:  # noqa: BLE001 - the panel shows what it can
        lines.append(_("Usage figures cannot be read: {error}", error=str(error)))
    return lines


def _not_saved(services: Any, status: dict) -> str:
    """Why figures are being lost, in words a technician acts on: a full disk is told apart
    from the figures file reaching its own size limit (SQLite says "database or disk is
    full" for both) by the free space actually left."""
    lost = status.get("dropped", 0)
    if "full" in str(status.get("reason", "")).lower():
        try:
            free = shutil.disk_usage(Path(services.usage_db).parent).free
        except (OSError, TypeError):
            free = 0
        if free < DISK_NEARLY_FULL:
            return _("Usage figures are not being saved: the disk is full. The kiosk keeps "
                     "running; {count} events lost so far. Free some space.", count=lost)
        return _("Usage figures are not being saved: the figures file reached its size limit. "
                 "The kiosk keeps running; {count} events lost so far.", count=lost)
    return _("Usage figures are not being saved. The kiosk keeps running; {count} events lost "
             "so far.", count=lost)


def _content_lines(mode: Any) -> list[str]:
    """Damaged editions the kiosk refused to show, and a kiosk that cannot speak."""
    from kiosk.staff.state import edition_of

    lines = [_("Edition {edition} is damaged on disk and is not shown: {reason}",
               edition=edition_of(path.parent) or "?", reason=why)
             for path, why in mode.services.damaged_content()]
    if not mode.app.narrator.engine.voices.available:
        lines.append(_("Speech: no speech engine is installed (espeak-ng), so the kiosk "
                       "cannot speak."))
    return lines


def _screen_lines(app: Any) -> list[str]:
    """The opening hours at work (ui/sleep.py), for staff woken by a touch after hours."""
    sleep = getattr(app, "sleep", None)
    if sleep is None or (sleep.until is None and not sleep.asleep):
        return []
    until = sleep.until.strftime("%Y-%m-%d %H:%M") if sleep.until else "?"
    if sleep.asleep:
        return [_("Screen: asleep by schedule until {time}", time=until)]
    if sleep.woken_until is not None:
        return [_("Screen: woken by a touch until {time}; opening hours start at {until}",
                  time=sleep.woken_until.strftime("%H:%M"), until=until)]
    return [_("Screen: awake until {time} (opening hours)", time=until)]


def panel_lines(mode: Any) -> list[str]:
    app, services = mode.app, mode.services
    site = app.site
    uptime = int(time.monotonic() - mode.started_at)
    lines = [
        _("Edition: {edition}", edition=site.edition),
        _("Built: {date}", date=site.built_at),
        _("Languages: {list}", list=" ".join(site.languages)),
        _("Uptime: {hours} h {minutes} min", hours=uptime // 3600, minutes=uptime // 60 % 60),
    ]
    where = services.root or (services.catalog_path.parent if services.catalog_path else None)
    if where is not None:
        try:
            free = shutil.disk_usage(where).free / 1e9
            lines.append(_("Free disk space: {gb} GB", gb=f"{free:.1f}"))
        except OSError:
            pass
    if services.root is not None:
        from kiosk.staff.watch import last_update

        last = last_update(services.root)
        if last is None:
            lines.append(_("Last update: none"))
        else:
            text = f"{last.outcome} {last.edition or ''} {Path(last.bundle).name} {last.reason}"
            lines.append(_("Last update: {result}", result=" ".join(text.split())))
    else:
        lines.append(_("No data folder: updates and usage figures are off"))
    lines.extend(_screen_lines(app))
    lines.extend(_content_lines(mode))
    lines.extend(_usage_lines(services))
    return lines


def do_action(mode: Any, action: str) -> str:
    app, services = mode.app, mode.services
    if action == "reload":
        services.scan_now()
        if not mode.switch_catalog():
            return _("No other edition to show")
        app.reset_visitor()  # leaves staff mode: the panel closes on the new edition
        return ""
    if action == "speech":
        _say(app)
        return ""
    if action in ("volume_up", "volume_down"):
        app.change_volume(1 if action == "volume_up" else -1)
        return ""
    if action == "rollback":
        if services.root is None:
            return _("No data folder")
        from kiosk.staff.errors import BundleError
        from kiosk.staff.install import rollback

        try:
            result = rollback(services.root)
        except (BundleError, OSError) as error:
            return _("Roll back refused: {reason}", reason=str(error))
        log.info("rolled back from the staff panel: %s", result)
        mode.switch_catalog()
        return _("Now showing edition {edition}", edition=app.site.edition)
    if action == "exit":
        mode.exit_to_desktop()
        return ""
    return ""


def _say(app: Any) -> None:
    from kiosk.ui.spoken import ui

    app.narrator.say([ui(_("This is a test of the kiosk's speech."))], even_when_silent=True)
