"""The usage-figures database: its tables, how it is opened, and how raw rows are rolled up.

One small SQLite file per kiosk, apart from the catalog because it is the only thing the kiosk
writes while visitors use it (WAL mode, `synchronous=NORMAL`: a commit is a write to the page
cache, not an fsync). Every row carries `source`, the random id the file got when it was
created, so files from several kiosks can be merged without counting anything twice.

Raw tables hold one row per session and per (session, thing counted); none has a timestamp
finer than the hour the session started, and none keeps the order of events: tables are
WITHOUT ROWID, keyed by the session's random number, so rows sit in key order, not in the
order visitors came. Daily tables hold what raw rows become after roll-up: per day, how many
sessions (and views, uses, searches) each figure had. A session belongs to the day it started,
so distinct-session counts of different days add up. The `all_*` views put both together in
the same shape, which is all that reports read.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import date
from pathlib import Path

SCHEMA_VERSION = 1
APPLICATION = "kiosk-usage"

DWELL_BUCKETS = ((10, "<10s"), (30, "10-30s"), (60, "30-60s"), (180, "1-3min"), (None, ">3min"))
LENGTH_BUCKETS = ((30, "<30s"), (60, "30-60s"), (180, "1-3min"), (600, "3-10min"),
                  (None, ">10min"))


def bucket(seconds: float, buckets=DWELL_BUCKETS) -> str:
    """The label of the bucket `seconds` falls in; exact times are never stored."""
    for upper, label in buckets:
        if upper is None or seconds < upper:
            return label
    raise AssertionError("the last bucket is open-ended")


class UsageDbError(Exception):
    """A file that cannot be read as a usage-figures database (missing, corrupt, other)."""


# Raw tables: (name, key columns, counted columns). Every one is keyed by (source, session).
RAW_TABLES = {
    "session_languages": (("lang",), ()),
    "item_views": (("item_id", "dwell"), ("views",)),
    "page_views": (("item_id", "page_index"), ("views",)),
    "features": (("feature",), ("uses",)),
    "searches": (("found",), ("searches",)),
}

# Figures: daily table -> (raw table, key columns, SQL of the counted columns over raw rows).
FIGURES = {
    "daily_sessions": ("sessions", ("hour", "length", "end_reason"), {"sessions": "COUNT(*)"}),
    "daily_languages": ("session_languages", ("lang",),
                        {"sessions": "COUNT(DISTINCT r.session)"}),
    "daily_items": ("item_views", ("item_id",),
                    {"sessions": "COUNT(DISTINCT r.session)", "views": "SUM(r.views)"}),
    "daily_dwell": ("item_views", ("item_id", "dwell"),
                    {"sessions": "COUNT(DISTINCT r.session)", "views": "SUM(r.views)"}),
    "daily_pages": ("page_views", ("item_id", "page_index"),
                    {"sessions": "COUNT(DISTINCT r.session)", "views": "SUM(r.views)"}),
    "daily_features": ("features", ("feature",),
                       {"sessions": "COUNT(DISTINCT r.session)", "uses": "SUM(r.uses)"}),
    "daily_searches": ("searches", ("found",),
                       {"sessions": "COUNT(DISTINCT r.session)", "searches": "SUM(r.searches)"}),
    # Search terms are never linked to a session, not even in raw rows: a session's set of
    # words could spell a name. The recorder adds them straight to daily totals.
    "daily_terms": (None, ("term",), {"sessions": "", "searches": ""}),
}

DATA_TABLES = ("sessions", *RAW_TABLES, *FIGURES)
INTEGER_KEYS = {"hour", "page_index", "found"}  # every other key column is TEXT


def _keys_ddl(keys) -> list[str]:
    return [f"{k} {'INTEGER' if k in INTEGER_KEYS else 'TEXT'} NOT NULL" for k in keys]


def _ddl() -> list[str]:
    statements = [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE sources (source TEXT PRIMARY KEY, generation INTEGER NOT NULL)",
        "CREATE TABLE sessions (source TEXT NOT NULL, session INTEGER NOT NULL, "
        "day TEXT NOT NULL, hour INTEGER NOT NULL, length TEXT NOT NULL, "
        "end_reason TEXT NOT NULL, PRIMARY KEY (source, session)) WITHOUT ROWID",
        "CREATE INDEX sessions_day ON sessions (day)",
    ]
    for table, (keys, counts) in RAW_TABLES.items():
        columns = ", ".join([*_keys_ddl(keys), *(f"{c} INTEGER NOT NULL" for c in counts)])
        statements.append(
            f"CREATE TABLE {table} (source TEXT NOT NULL, session INTEGER NOT NULL, {columns}, "
            f"PRIMARY KEY (source, session, {', '.join(keys)})) WITHOUT ROWID")
    for daily, (raw, keys, counts) in FIGURES.items():
        key_list = ", ".join(keys)
        columns = ", ".join([*_keys_ddl(keys), *(f"{c} INTEGER NOT NULL" for c in counts)])
        statements.append(
            f"CREATE TABLE {daily} (source TEXT NOT NULL, day TEXT NOT NULL, {columns}, "
            f"PRIMARY KEY (source, day, {key_list})) WITHOUT ROWID")
        columns_out = ", ".join(["source", "day", *keys, *counts])
        view = f"CREATE VIEW all_{daily.removeprefix('daily_')} AS SELECT {columns_out} FROM"
        if raw is None:
            statements.append(f"{view} {daily}")
            continue
        join = "" if raw == "sessions" else " JOIN sessions s USING (source, session)"
        day = "r.day" if raw == "sessions" else "s.day"
        raw_keys = ", ".join(f"r.{k}" for k in keys)
        sums = ", ".join(f"{sql} AS {name}" for name, sql in counts.items())
        statements.append(
            f"CREATE VIEW raw_{daily} AS SELECT r.source AS source, {day} AS day, {raw_keys}, "
            f"{sums} FROM {raw} r{join} GROUP BY r.source, {day}, {raw_keys}")
        statements.append(f"{view} raw_{daily} UNION ALL SELECT {columns_out} FROM {daily}")
    return statements


def create(conn: sqlite3.Connection) -> str:
    """Lay out an empty usage database; returns its new random site-file id."""
    site_file_id = secrets.token_hex(8)
    conn.execute("BEGIN")
    for statement in _ddl():
        conn.execute(statement)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("application", APPLICATION), ("site_file_id", site_file_id)])
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")
    return site_file_id


def site_file_id(conn: sqlite3.Connection, schema: str = "main") -> str:
    """The file's own id, after checking that it is a usage database this code can read."""
    try:
        version = conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0]
        rows = dict(conn.execute(f"SELECT key, value FROM {schema}.meta"))
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise UsageDbError(f"not a usage-figures database ({exc})") from None
    if rows.get("application") != APPLICATION or "site_file_id" not in rows:
        raise UsageDbError("not a usage-figures database")
    if version > SCHEMA_VERSION:
        raise UsageDbError(f"written by a newer kiosk (schema {version}, this reads {SCHEMA_VERSION})")
    return rows["site_file_id"]


def connect(path: Path | str, *, create_missing: bool) -> tuple[sqlite3.Connection, str]:
    """Open (or create) a usage database for writing; returns it and its site-file id."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create_missing:
        raise UsageDbError(f"{path}: no such usage database")
    conn = sqlite3.connect(path.absolute().as_uri(), uri=True, isolation_level=None,
                           check_same_thread=False)  # uri: merge ATTACHes read-only URIs
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        if not exists:  # must precede the first table and WAL: lets roll-up shrink the file
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA secure_delete = ON")  # rolled-up raw rows leave no trace in free pages
        own_id = site_file_id(conn) if exists else create(conn)
    except (sqlite3.Error, UsageDbError):
        conn.close()
        raise
    return conn, own_id


def read_only_uri(path: Path | str) -> str:
    """A URI that opens `path` read-only, checked to work, with one-line errors for people."""
    path = Path(path)
    if not path.is_file():
        raise UsageDbError(f"{path}: no such usage database")
    uri = f"{path.absolute().as_uri()}?mode=ro"
    try:
        try:
            _check(uri)
        except sqlite3.OperationalError:
            # A WAL file on read-only media cannot get its -shm; without a -wal there is
            # nothing uncheckpointed to miss, so reading it as immutable is exact.
            if Path(f"{path}-wal").exists():
                raise
            uri += "&immutable=1"
            _check(uri)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise UsageDbError(f"{path}: cannot read it ({exc})") from None
    except UsageDbError as exc:
        raise UsageDbError(f"{path}: {exc}") from None
    return uri


def _check(uri: str) -> None:
    conn = sqlite3.connect(uri, uri=True)
    try:
        site_file_id(conn)
    finally:
        conn.close()


def open_read_only(path: Path | str) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)


def roll_up(conn: sqlite3.Connection, before: date) -> int:
    """Fold raw rows of sessions that started before `before` into daily totals; delete them.

    Runs inside the caller's transaction. Returns how many sessions were rolled up.
    """
    cutoff = before.isoformat()
    for daily, (raw, keys, counts) in FIGURES.items():
        if raw is None:
            continue
        key_list = ", ".join(keys)
        names = ", ".join(["source", "day", *keys, *counts])
        updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in counts)
        conn.execute(
            f"INSERT INTO {daily} ({names}) SELECT {names} FROM raw_{daily} WHERE day < ? "
            f"ON CONFLICT (source, day, {key_list}) DO UPDATE SET {updates}", (cutoff,))
    old = "SELECT source, session FROM sessions WHERE day < ?"
    for table in RAW_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE (source, session) IN ({old})", (cutoff,))
    return conn.execute("DELETE FROM sessions WHERE day < ?", (cutoff,)).rowcount


def used_bytes(conn: sqlite3.Connection) -> int:
    """Bytes the data takes, not counting free pages (which roll-up leaves for reuse)."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return (pages - free) * conn.execute("PRAGMA page_size").fetchone()[0]


def add_counts_sql(table: str) -> str:
    """INSERT for one raw (or raw-less daily) table that adds to the counts already there."""
    if table in FIGURES:
        _, keys, counts = FIGURES[table]
        columns, unique = ["source", "day", *keys, *counts], ["source", "day", *keys]
    else:
        keys, counts = RAW_TABLES[table]
        columns, unique = ["source", "session", *keys, *counts], ["source", "session", *keys]
    marks = ", ".join("?" * len(columns))
    if not counts:
        return f"INSERT OR IGNORE INTO {table} VALUES ({marks})"
    updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in counts)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(unique)}) DO UPDATE SET {updates}")
