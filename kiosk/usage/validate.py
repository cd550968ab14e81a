"""Every row of a usage file checked before `kiosk stats merge` copies any of it.

A usage file comes from another kiosk over a USB stick or a synced folder: it may be cut
short, made by something else, or have rows no kiosk writes — a count of -5 or of ten
billion, hour 31, a day that does not exist, a count stored as text — which would merge
without a word and then break `kiosk stats` or skew every figure. The recorder only writes
values from a fixed vocabulary and range (kiosk.usage.recorder); a row outside them is
refused here, with the table, the column and the value, and nothing is merged.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from kiosk.usage import schema
from kiosk.usage.recorder import ITEM_ID, LANG, MAX_TERM, NAME

MAX_COUNT = 10_000_000  # views, uses or searches of one figure on one day at one kiosk
MAX_SESSIONS = 86_400  # visitors' sessions of one figure on one day: one a second, all day
MAX_PAGE = 100_000
DAY = re.compile(r"[12][0-9]{3}-[01][0-9]-[0-3][0-9]")

_LABELS = {
    "length": [label for _, label in schema.LENGTH_BUCKETS],
    "dwell": [label for _, label in schema.DWELL_BUCKETS],
}


def _matches(pattern: re.Pattern):
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _is_day(value) -> bool:
    if not (isinstance(value, str) and DAY.fullmatch(value)):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


_CHECKS = {
    "day": _is_day,
    "name": _matches(NAME),
    "lang": _matches(LANG),
    "item": _matches(ITEM_ID),
    "term": lambda v: isinstance(v, str) and 0 < len(v) <= MAX_TERM and v.isprintable(),
}

# column -> (SQL true for a good value of `c`, what a good value is)
RULES: dict[str, tuple[str, str]] = {
    "source": ("typeof(c) = 'text' AND length(c) BETWEEN 1 AND 64", "a site-file id"),
    "generation": ("typeof(c) = 'integer' AND c >= 0", "a whole number from 0"),
    "session": ("typeof(c) = 'integer'", "a whole number"),
    "day": ("kiosk_ok('day', c)", "a real day, YYYY-MM-DD"),  # SQLite's date() takes 02-30
    "hour": ("typeof(c) = 'integer' AND c BETWEEN 0 AND 23", "an hour from 0 to 23"),
    "length": (f"c IN ({', '.join(repr(x) for x in _LABELS['length'])})",
               "one of " + ", ".join(_LABELS["length"])),
    "dwell": (f"c IN ({', '.join(repr(x) for x in _LABELS['dwell'])})",
              "one of " + ", ".join(_LABELS["dwell"])),
    "end_reason": ("kiosk_ok('name', c)", "a word of the kiosk's own (idle, home, …)"),
    "feature": ("kiosk_ok('name', c)", "a word of the kiosk's own (audio, large_text, …)"),
    "lang": ("kiosk_ok('lang', c)", "a language tag"),
    "item_id": ("kiosk_ok('item', c)", "an item id"),
    "term": ("kiosk_ok('term', c)", f"a search word of 1 to {MAX_TERM} characters"),
    "page_index": (f"typeof(c) = 'integer' AND c BETWEEN 0 AND {MAX_PAGE}",
                   f"a page number from 0 to {MAX_PAGE:,}"),
    "found": ("typeof(c) = 'integer' AND c IN (0, 1)", "0 or 1"),
    "sessions": (f"typeof(c) = 'integer' AND c BETWEEN 0 AND {MAX_SESSIONS}",
                 f"a count from 0 to {MAX_SESSIONS:,} (one session a second, all day)"),
    **{count: (f"typeof(c) = 'integer' AND c BETWEEN 0 AND {MAX_COUNT}",
               f"a count from 0 to {MAX_COUNT:,}") for count in ("views", "uses", "searches")},
}


def _kiosk_ok(kind: str, value) -> bool:
    return _CHECKS[kind](value)


def expected_columns() -> dict[str, list[str]]:
    """Each table's columns, as schema.create lays them out."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        schema.create(conn)
        return {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
                for table in ("sources", *schema.DATA_TABLES)}
    finally:
        conn.close()


def check_usage_file(path: Path) -> None:
    """UsageDbError (one line naming `path`) unless every table and row of it is one a kiosk
    could have written. Opens the file read-only."""
    conn = schema.open_read_only(path)  # a usage file at all (one-line errors)
    try:
        conn.create_function("kiosk_ok", 2, _kiosk_ok, deterministic=True)
        problem = _problem(conn)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        problem = f"cannot be read to the end ({exc})"
    finally:
        conn.close()
    if problem:
        raise schema.UsageDbError(f"{path}: {problem}; nothing was merged")


def _problem(conn: sqlite3.Connection) -> str | None:
    rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    if rows != [("ok",)]:
        return f"is damaged ({' '.join(str(rows[0][0]).split())[:160]})"
    for table, columns in expected_columns().items():
        have = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if have != columns:
            return (f"has no '{table}' table" if not have else
                    f"its '{table}' table has other columns than a kiosk makes")
        for column in columns:
            good, what = RULES[column]
            bad = conn.execute(f"SELECT {column} FROM {table} "
                               f"WHERE NOT coalesce({_on(good, column)}, 0) LIMIT 1").fetchone()
            if bad is not None:
                return (f"a row of '{table}' has {column} = {_shown(bad[0])}, which no kiosk "
                        f"records ({column} is {what})")
    return None


def _on(condition: str, column: str) -> str:
    """The rule's condition on `column` (its placeholder is the lone word `c`)."""
    return re.sub(r"\bc\b", column, condition)


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"
