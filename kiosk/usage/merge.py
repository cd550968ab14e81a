"""`kiosk stats merge`: combining the usage files of several kiosks into one.

Every usage file gets a random site-file id when it is created (not derived from the device or
anyone), every row carries the id of the file it was recorded in, and `sources` lists which
ids a file holds together with a generation number that the recording kiosk raises at every
write. Merging copies, for each source id in an input, all of that source's rows, replacing
what the output held for it, unless the output already has that source at the same or a later
generation. So merging the same file twice changes nothing, merging a newer copy of a kiosk's
file replaces the older one instead of adding to it, and merged files can be merged again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.usage import schema


@dataclass(frozen=True)
class MergeOutcome:
    path: Path
    source: str
    action: str  # "added", "updated" or "already merged"
    generation: int


def merge(inputs: list[Path], out: Path) -> list[MergeOutcome]:
    """Merge `inputs` into `out` (created if missing). Raises schema.UsageDbError with one
    line, before writing anything, if an input is missing, unreadable, or is `out` itself."""
    inputs = [Path(p) for p in inputs]
    for path in inputs:
        if out.exists() and path.resolve() == Path(out).resolve():
            raise schema.UsageDbError(f"{path}: is the output file itself")
        schema.read_only_uri(path)  # every input readable before anything is written
    conn, _ = schema.connect(out, create_missing=True)
    outcomes = []
    try:
        for path in inputs:
            outcomes += _merge_one(conn, path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return outcomes


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
