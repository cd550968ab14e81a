"""`kiosk stats merge`: combining the usage files of several kiosks into one.

Every usage file gets a random site-file id when it is created (not derived from the device or
anyone), every row carries the id of the file it was recorded in, and `sources` lists which
ids a file holds together with a generation number that the recording kiosk raises at every
write. Merging copies, for each source id in an input, all of that source's rows, replacing
what the output held for it, unless the output already has that source at the same or a later
generation. So merging the same file twice changes nothing, merging a newer copy of a kiosk's
file replaces the older one instead of adding to it, and merged files can be merged again.

Nothing is trusted and nothing is half done: every input, and the output if it exists, is
checked whole first (kiosk.usage.validate: tables, every row's values and ranges); the output
must not be an input (by path or by file identity) nor anything but a usage file; the merge is
made in a new file beside the output, which replaces it in one rename only when complete. A
refusal or a crash leaves the output as it was.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.usage import schema
from kiosk.usage.validate import check_usage_file


@dataclass(frozen=True)
class MergeOutcome:
    path: Path
    source: str
    action: str  # "added", "updated" or "already merged"
    generation: int


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_merge(inputs: list[Path], out: Path) -> None:
    """Refuse (UsageDbError, one line) before anything is written: an input that is the output,
    an input or an existing output that is not a sound usage file."""
    if not inputs:
        raise schema.UsageDbError("no usage files to merge")
    for path in inputs:
        if _same_file(path, out):
            raise schema.UsageDbError(f"{path}: is the output file itself; choose another --out")
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_file():
            raise schema.UsageDbError(f"{out}: --out must be a plain usage file or a new name")
        if out.stat().st_size:
            try:
                check_usage_file(out)
            except schema.UsageDbError as exc:
                raise schema.UsageDbError(f"--out {exc} (it is left as it was; "
                                          "give a new name or an earlier merge's file)") from None
    if not out.parent.is_dir():
        raise schema.UsageDbError(f"{out.parent}: no such folder for --out")
    for path in inputs:
        check_usage_file(path)


def merge(inputs: list[Path], out: Path) -> list[MergeOutcome]:
    """Merge `inputs` into `out` (created if missing), all or nothing."""
    inputs, out = [Path(p) for p in inputs], Path(out)
    check_merge(inputs, out)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".merging", dir=out.parent)
    os.close(fd)
    work = Path(name)
    try:
        if out.exists() and out.stat().st_size:
            _copy(out, work)
        else:
            work.unlink()  # schema.connect lays out a new file where none is
        conn, _ = schema.connect(work, create_missing=True)
        outcomes = []
        try:
            for path in inputs:
                outcomes += _merge_one(conn, path)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # one file, complete, to rename
        finally:
            conn.close()
        os.chmod(work, out.stat().st_mode & 0o777 if out.exists() else 0o644)
        with open(work, "rb") as done:
            os.fsync(done.fileno())
        os.replace(work, out)
        for stale in (Path(f"{out}-wal"), Path(f"{out}-shm")):  # the old file's, not this one's
            stale.unlink(missing_ok=True)
        _fsync_dir(out.parent)
    finally:
        for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm"),
                         Path(f"{work}-journal")):
            leftover.unlink(missing_ok=True)
    return outcomes


def _copy(source: Path, target: Path) -> None:
    """The existing output, with anything still in its WAL, via SQLite's backup (read-only)."""
    src = schema.open_read_only(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _merge_one(conn, path: Path) -> list[MergeOutcome]:
    conn.execute("ATTACH DATABASE ? AS src", (schema.read_only_uri(path),))
    try:
        schema.site_file_id(conn, "src")
        have = dict(conn.execute("SELECT source, generation FROM main.sources"))
        outcomes = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for source, generation in conn.execute(
                    "SELECT source, generation FROM src.sources ORDER BY source").fetchall():
                if source in have and have[source] >= generation:
                    outcomes.append(MergeOutcome(path, source, "already merged", generation))
                    continue
                for table in schema.DATA_TABLES:
                    conn.execute(f"DELETE FROM main.{table} WHERE source = ?", (source,))
                    conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table} "
                                 f"WHERE source = ?", (source,))
                conn.execute("INSERT INTO main.sources VALUES (?, ?) ON CONFLICT (source) "
                             "DO UPDATE SET generation = excluded.generation",
                             (source, generation))
                action = "updated" if source in have else "added"
                outcomes.append(MergeOutcome(path, source, action, generation))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return outcomes
    finally:
        conn.execute("DETACH DATABASE src")
