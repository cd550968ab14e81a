"""`kiosk doctor`: is this machine ready to be a kiosk, and if not, what to do about it.

A technician sets kiosks up on site, often without the developer at hand, and the failures
that matter are silent ones: software OpenGL (slow, hot), a missing font (empty boxes), no
speech voice for a language, no sound card, a full disk, a damaged catalog, a clock in 1970
(opening hours and logs both depend on it). Each check says OK, WARN or FAIL, what it found,
and the fix; any FAIL makes the command exit 1, so it can gate an installation script.

Checks are plain functions returning `Check` values; the slow ones (a Kivy window in a child
process, reading the whole catalog) live in `kiosk.ops.display` and `kiosk.ops.languages`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kiosk.config.model import KioskConfig
from kiosk.content.problems import Problem
from kiosk.ops.checks import FAIL, OK, WARN, Check

MIN_FREE_BYTES, LOW_FREE_BYTES = 100 * 10**6, 10**9
CHECK_NAMES = ("config", "clock", "disk", "catalog", "fonts", "voices", "audio", "opengl",
               "display")


def check_config(source: Path | None, problems: list[Problem]) -> Check:
    where = str(source) if source else "kiosk.toml"
    if source is None or not source.exists():
        return Check("config", OK, f"no {where}: every setting has its default")
    errors = [p for p in problems if p.is_error]
    details = {"problems": [p.format() for p in problems]}
    if problems:
        first = (errors or problems)[0]
        status = FAIL if errors else WARN
        return Check("config", status, f"{len(errors)} error(s), {len(problems) - len(errors)} "
                     f"warning(s); first: {first.path}:{first.line}: {first.message}",
                     f"run 'kiosk config check {where}' and correct each line", details)
    return Check("config", OK, f"{where}: no problems")


def check_clock(now: Callable[[], datetime] = datetime.now) -> Check:
    current = now().astimezone()
    shown = current.strftime("%Y-%m-%d %H:%M %Z")
    if current.year < 2024:
        return Check("clock", WARN, f"the clock says {shown}: it has lost the time",
                     "set it (sudo timedatectl set-time 'YYYY-MM-DD HH:MM:SS'), then keep it: "
                     "enable NTP where there is a network (sudo timedatectl set-ntp true) or "
                     "fit a real-time clock battery; opening hours and logs depend on it")
    return Check("clock", OK, shown)


def check_disk(data_dir: Path) -> Check:
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    note = "" if existing == data_dir else f" ({data_dir} does not exist yet)"
    details = {"path": str(data_dir), "free_bytes": free}
    message = f"{free / 1e9:.1f} GB free for {data_dir}{note}"
    fix = ("remove old editions and logs, or use a larger card: an update needs room for the "
           "new edition beside the current one")
    if free < MIN_FREE_BYTES:
        return Check("disk", FAIL, message, fix, details)
    if free < LOW_FREE_BYTES:
        return Check("disk", WARN, message, fix, details)
    return Check("disk", OK, message, "", details)


def find_catalog(catalog: Path | None, data_dir: Path) -> Path | None:
    if catalog is not None:
        return catalog
    from kiosk.staff.state import current_catalog

    return current_catalog(data_dir)


def check_catalog(catalog: Path | None) -> Check:
    fix = ("install the edition again (kiosk install BUNDLE), or go back to the previous one "
           "(kiosk rollback)")
    if catalog is None:
        return Check("catalog", FAIL, "no catalog given and none installed",
                     "install a bundle (kiosk install BUNDLE) or pass --catalog")
    if not catalog.is_file():
        return Check("catalog", FAIL, f"no catalog at {catalog}", fix)
    try:
        db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
        try:
            result = [row[0] for row in db.execute("PRAGMA quick_check")]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return Check("catalog", FAIL, f"{catalog} is damaged: {exc}", fix)
    if result != ["ok"]:
        return Check("catalog", FAIL, f"{catalog} is damaged: " + "; ".join(result[:3]), fix,
                     {"quick_check": result[:20]})
    from kiosk.catalog.read import Catalog, CatalogError

    try:
        opened = Catalog(catalog)
        stats = opened.stats()
        opened.close()
    except CatalogError as exc:
        return Check("catalog", FAIL, str(exc), fix)
    items = sum(stats["items"].values())
    return Check("catalog", OK, f"{catalog}: edition {stats['edition']}, {items} items in "
                 f"{len(stats['languages'])} languages, quick_check ok", "",
                 {"path": str(catalog), **stats})


def sound_cards() -> list[str]:
    """Sound cards from `aplay -l`, else /proc/asound/cards."""
    if shutil.which("aplay"):
        import subprocess

        try:
            out = subprocess.run(["aplay", "-l"], capture_output=True, text=True,
                                 timeout=10).stdout
            return [line for line in out.splitlines() if line.startswith("card ")]
        except (OSError, subprocess.TimeoutExpired):
            pass
    try:
        text = Path("/proc/asound/cards").read_text()
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line[:3].strip().isdigit()]


def check_audio() -> Check:
    cards = sound_cards()
    if not cards:
        return Check("audio", WARN, "no sound card found: speech will not be heard",
                     "connect a USB sound card or headphone amplifier; on Raspberry Pi enable "
                     "HDMI or jack audio (dtparam=audio=on); then check with 'aplay -l'")
    return Check("audio", OK, f"{len(cards)} sound card(s): {cards[0]}", "", {"cards": cards})


def run_doctor(config: KioskConfig, problems: list[Problem], catalog: Path | None = None,
               skip: tuple[str, ...] = ()) -> list[Check]:
    """Every check not in `skip`, in an order that reads top-down: setup, data, output."""
    from kiosk.ops import display, languages

    found = find_catalog(catalog, config.paths.data_dir)
    checks: list[tuple[str, Callable[[], Check]]] = [
        ("config", lambda: check_config(config.source, problems)),
        ("clock", check_clock),
        ("disk", lambda: check_disk(config.paths.data_dir)),
        ("catalog", lambda: check_catalog(found)),
        ("fonts", lambda: languages.check_fonts(found)),
        ("voices", lambda: languages.check_voices(_languages(found))),
        ("audio", check_audio),
        ("opengl", display.check_opengl),
        ("display", lambda: display.check_display(config)),
    ]
    results = []
    catalog_ok = found is not None
    for name, run in checks:
        if name in skip:
            continue
        if name in ("fonts", "voices") and not catalog_ok:
            results.append(Check(name, WARN, "not checked: the catalog cannot be read",
                                 "fix the catalog first"))
            continue
        result = _guarded(name, run)
        catalog_ok = catalog_ok and not (name == "catalog" and result.status == FAIL)
        results.append(result)
    return results


def _guarded(name: str, run: Callable[[], Check]) -> Check:
    """A check that breaks is reported as a failure of that check, never a traceback."""
    try:
        return run()
    except Exception as exc:  # the doctor must finish and report the others
        return Check(name, FAIL, f"the check itself failed: {type(exc).__name__}: {exc}",
                     "report this with the output of 'kiosk doctor --json'")


def _languages(catalog: Path) -> list[str]:
    from kiosk.catalog.read import Catalog

    opened = Catalog(catalog)
    try:
        return opened.content_languages()
    finally:
        opened.close()


def format_text(checks: list[Check]) -> str:
    lines = []
    for check in checks:
        lines.append(f"{check.status:<5} {check.name:<8} {check.message}")
        if check.fix and check.status != OK:
            lines.append(f"{'':14} fix: {check.fix}")
    counts = {s: sum(c.status == s for c in checks) for s in (FAIL, WARN, OK)}
    lines.append(f"{counts[FAIL]} failed, {counts[WARN]} warning(s), {counts[OK]} ok")
    return "\n".join(lines)


def format_json(checks: list[Check]) -> str:
    return json.dumps({"checks": [c.as_dict() for c in checks],
                       "failed": sum(c.status == FAIL for c in checks),
                       "warnings": sum(c.status == WARN for c in checks)},
                      ensure_ascii=False, indent=2, default=str)
