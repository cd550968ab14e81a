"""Is this file a catalog the kiosk can show? One reason in words, or None.

A catalog arrives from a USB stick, a synced folder or a half-finished copy, so the kiosk never
assumes it is whole. Two levels, both read-only:

- `structure_problem` (milliseconds, every open): the file is SQLite, not cut short, has every
  table and column the reader queries, and the site settings the start screen needs, of the
  right types. A catalog missing any of these would fail later, on a visitor's touch.
- `damage` (half a second for 1,000 titles, at install and at kiosk start): the structure,
  then SQLite's `PRAGMA quick_check` and a read of every entry of the search index, whose
  pages quick_check does not read as an index (a damaged one answers every search with
  "database disk image is malformed").
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from pathlib import Path

from kiosk.catalog.schema import SCHEMA_VERSION

HEADER = b"SQLite format 3\x00"

# What kiosk/catalog/read.py and kiosk/search/query.py read (schema.create_tables makes more;
# tests/test_technician_damaged_catalog.py keeps the two in step).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "items": ("id", "kind", "position", "data"),
    "audio": ("id", "file", "mime", "duration_s"),
    "translations": ("item_id", "lang", "title", "fields", "blocks", "audio_id", "transcript"),
    "section_items": ("section_id", "item_id", "position"),
    "media": ("id", "display", "thumbnail", "width", "height", "mime", "dzi", "full_width",
              "full_height", "tile_size", "levels"),
    "pages": ("item_id", "page_index", "page_id", "media_id"),
    "page_texts": ("item_id", "page_index", "lang", "title", "blocks", "audio_id"),
    "search_docs": ("id", "item_id", "kind", "lang", "title", "body", "pages"),
    "search_languages": ("lang", "first_id", "last_id"),
}
FTS_TABLE = "search_index"
# meta key -> the JSON types its value may have (bool is not an int here)
REQUIRED_META: dict[str, tuple[type, ...]] = {
    "schema_version": (int,),
    "site_title": (dict,),
    "languages": (list,),
    "default_language": (str,),
    "idle_timeout_seconds": (int,),
    "edition": (int,),
    "built_at": (str,),
}


def connect_read_only(path: Path) -> sqlite3.Connection:
    """The catalog as the kiosk opens it: read-only and immutable (a new edition is a new
    file), so no journal is created beside it and nothing in it can change."""
    uri = f"file:{urllib.parse.quote(str(Path(path).resolve()))}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def file_problem(path: Path) -> str | None:
    """Not SQLite, or shorter than its own header says (a copy cut short)."""
    try:
        with open(path, "rb") as file:
            head = file.read(100)
            size = file.seek(0, 2)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if not head.startswith(HEADER):
        return "is not a catalog (not an SQLite file)" if head else "is empty"
    if len(head) < 100:
        return "is cut short (no complete SQLite header)"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if page_size < 512 or page_size & (page_size - 1):
        return f"has an impossible page size ({page_size})"
    if size < pages * page_size or size % page_size:
        return (f"is cut short: {size:,} bytes where its header says {pages * page_size:,} "
                "(an interrupted copy?)")
    return None


def structure_problem(conn: sqlite3.Connection) -> str | None:
    """A table or column the kiosk reads is missing, or a site setting is missing or of the
    wrong type; None when the catalog has them all."""
    tables = {name: kind for name, kind in conn.execute(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")}
    for table, columns in REQUIRED_COLUMNS.items():
        if table not in tables:
            return f"has no '{table}' table (not a catalog of this kiosk, or damaged)"
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = [c for c in columns if c not in have]
        if missing:
            return f"has a '{table}' table without {', '.join(missing)} (made by another kiosk?)"
    if FTS_TABLE not in tables:
        return f"has no search index ('{FTS_TABLE}' table)"
    return meta_problem(conn.execute("SELECT key, value FROM meta").fetchall())


def meta_problem(rows: list[tuple]) -> str | None:
    """The site settings (`meta`) the kiosk reads before anything else, with their types."""
    meta = {}
    for key, value in rows:
        try:
            meta[key] = json.loads(value)
        except (TypeError, ValueError):
            return f"has an unreadable setting '{key}' in its meta table"
    for key, types in REQUIRED_META.items():
        if key not in meta:
            return f"has no '{key}' setting in its meta table"
        value = meta[key]
        if isinstance(value, bool) or not isinstance(value, types):
            return f"has a '{key}' setting of the wrong type ({type(value).__name__})"
    if meta["schema_version"] != SCHEMA_VERSION:
        return (f"has schema {meta['schema_version']}, this kiosk reads {SCHEMA_VERSION} "
                "(made by another version of the kiosk)")
    return None


def deep_problem(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick_check of every page, then FTS5's check of the search index."""
    rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    if rows != [("ok",)]:
        found = [line.strip() for row in rows for line in str(row[0]).splitlines()
                 if line.strip() and not line.startswith("***")]
        return f"fails SQLite's quick_check: {'; '.join(found[:2]) or '?'}"
    # FTS5's own 'integrity-check' is a write, refused on a read-only file; a vocabulary
    # table in the connection's private temp schema reads every entry of the index instead.
    try:
        conn.execute("DROP TABLE IF EXISTS temp.kiosk_index_check")
        conn.execute(f"CREATE VIRTUAL TABLE temp.kiosk_index_check USING "
                     f"fts5vocab(main, {FTS_TABLE}, 'instance')")
        conn.execute("SELECT count(*) FROM temp.kiosk_index_check").fetchone()
        conn.execute("DROP TABLE temp.kiosk_index_check")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        return f"has a damaged search index: {error}"
    return None


def damage(path: Path) -> str | None:
    """Why the catalog at `path` cannot be shown, checked thoroughly; None when it can."""
    problem = file_problem(path)
    if problem:
        return problem
    try:
        conn = connect_read_only(path)
        try:
            return structure_problem(conn) or deep_problem(conn)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        return f"is damaged: {error}"
