"""Closed usage files: what a kiosk puts in its send-only folder for the curator.

Why a snapshot and not the live usage.db: Syncthing copies files, not databases. The live file
changes at every visitor session and has a -wal beside it, so a copy taken mid-write, or one
without its WAL, would reach the curator incomplete or damaged. A snapshot is taken with
SQLite's backup API (one consistent read, safe while the app writes), switched to a plain
rollback journal (so reading it in the curator's receive-only folder creates no -wal or -shm
there, which Syncthing would report as local changes), checked, and renamed into the folder
whole. Syncthing therefore only ever sees finished files.

Names are `usage-<site file id>-<YYYY-MM-DD>.db`: the usage file's own random id (not the
machine's), so files from different kiosks never collide, and the kiosk's local date, so a
later snapshot on the same day replaces the earlier one. Every snapshot holds the whole usage
file (and `kiosk stats merge` keeps the latest generation of each source), so older days are
pruned after `keep` snapshots without losing anything the newest one does not hold.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kiosk.fleet.config import FleetError
from kiosk.usage import schema

PREFIX = "usage-"
SUFFIX = ".db"
KEEP = 7
MARKER = ".stfolder"


def snapshot_name(site_file_id: str, day: str) -> str:
    return f"{PREFIX}{site_file_id}-{day}{SUFFIX}"


def snapshot_usage(usage_db: Path, out_dir: Path, *, now: Callable[[], datetime] = datetime.now,
                   keep: int = KEEP) -> Path:
    """Write a consistent copy of `usage_db` into `out_dir` and return its path.

    The copy is made beside `out_dir` (in its parent, outside the synced folder, on the same
    file system) and renamed in, replacing today's previous snapshot of the same file.
    """
    usage_db, out_dir = Path(usage_db), Path(out_dir)
    try:
        source = schema.open_read_only(usage_db)
    except schema.UsageDbError as exc:
        raise FleetError(str(exc)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_dir.parent, prefix=".usage-snapshot-", suffix=".tmp")
    os.close(fd)
    try:
        try:
            site = schema.site_file_id(source)
            copy = sqlite3.connect(tmp, isolation_level=None)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise FleetError(f"{usage_db}: the snapshot fails SQLite's quick_check")
            finally:
                copy.close()
        finally:
            source.close()
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)
        target = out_dir / snapshot_name(site, now().strftime("%Y-%m-%d"))
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        raise FleetError(f"usage snapshot into {out_dir} failed: {exc}") from None
    except schema.UsageDbError as exc:
        raise FleetError(str(exc)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    _fsync_dir(out_dir)
    _prune(out_dir, site, keep)
    return target


def in_synced_folder(path: Path) -> bool:
    """Whether `path` lies in a Syncthing folder (it or a parent holds the `.stfolder`
    marker). Whoever writes next to a bundle, as BundleWatcher does with usage files on a USB
    stick, must not do so there: a kiosk's editions folder is receive-only, and a file added
    to it is never sent anywhere and shows up in Syncthing as a local change."""
    path = Path(path).absolute()
    return any((folder / MARKER).is_dir() for folder in (path, *path.parents))


def _prune(out_dir: Path, site: str, keep: int) -> None:
    """Keep the newest `keep` days of this file's snapshots; others' files are left alone."""
    mine = sorted(out_dir.glob(f"{PREFIX}{site}-????-??-??{SUFFIX}"))
    for old in mine[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
