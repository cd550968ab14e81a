"""Writing the full-text index into a catalog being built.

One searchable row per item and language (`search_docs`): its title, and a body that for a
document is the introduction followed by every page, with `pages` telling where each page
starts, so a hit still opens at the page of its first match. Rows are numbered language by
language, so each language is one range of rowids (`search_languages`) and the visitor's
language can be ranked first inside the one FTS query.

The FTS5 table is contentless and indexes, per row and column, the index text of
`fold.index_text`: each distinct token once (words, word initials, word pairs, 1-4 character
substrings of the scripts written without spaces), frequency tokens, and the unspaced runs
character by character. That text is also kept, compressed, in `search_docs.terms`, so an
incremental build copies it for unchanged items instead of folding their text again.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.search.fold import index_text

if TYPE_CHECKING:  # the kiosk's search reads this module's names; only a build writes tables
    import sqlite_utils

INDEX_VERSION = 1  # bump when index_text changes: cached `terms` of older builds are not reused
DOCS_TABLE = "search_docs"
FTS_TABLE = "search_index"
LANGUAGES_TABLE = "search_languages"
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
COLUMNS = ("title", "headings", "body")
# bm25 weight of each column. bm25 saturates (a phrase adds at most 2.2 x its idf), so weights
# above 1 barely tell columns apart; a title match is worth about 3 matches in the body.
WEIGHTS = (1.0, 0.5, 0.1)
RANK = f"bm25({', '.join(str(w) for w in WEIGHTS)})"


@dataclass(frozen=True)
class PageStart:
    page_index: int
    offset: int  # where the page starts in the row's body
    heading: str = ""  # the page's first heading


@dataclass(frozen=True)
class SearchDoc:
    item_id: str
    kind: str
    lang: str
    title: str
    body: str
    pages: tuple[PageStart, ...] = ()
    terms: bytes | None = None  # compressed index text, when copied from a previous catalog


def search_doc(item_id: str, kind: str, lang: str, title: str, intro: str,
               pages: Iterable[tuple[int, str, str]] = ()) -> SearchDoc:
    """One row: `intro` then each page ((page_index, heading, text)), all in NFC."""
    parts, starts, offset = [], [], 0
    intro = unicodedata.normalize("NFC", intro)
    if intro:
        parts.append(intro)
        offset = len(intro) + 1
    for page_index, heading, text in pages:
        text = unicodedata.normalize("NFC", text)
        starts.append(PageStart(page_index, offset, unicodedata.normalize("NFC", heading)))
        parts.append(text)
        offset += len(text) + 1
    return SearchDoc(item_id, kind, lang, unicodedata.normalize("NFC", title), "\n".join(parts),
                     tuple(starts))


def _index_columns(doc: SearchDoc) -> str:
    """The index text of the row's three columns, one line each."""
    headings = "\n".join(page.heading for page in doc.pages)
    return "\n".join(index_text(column) for column in (doc.title, headings, doc.body))


def create_search_tables(db: sqlite_utils.Database) -> None:
    db[DOCS_TABLE].create({"id": int, "item_id": str, "kind": str, "lang": str, "title": str,
                           "body": str, "pages": str, "terms": bytes}, pk="id")
    db[LANGUAGES_TABLE].create({"lang": str, "first_id": int, "last_id": int}, pk="lang")
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(COLUMNS)}, content='', "
        f"columnsize=0, tokenize=\"{TOKENIZE}\")"
    )
    db.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', '{RANK}')")


def write_search_index(catalog: Path, docs: Iterable[SearchDoc],
                       previous: sqlite3.Connection | None = None) -> int:
    """Write `docs` into the catalog file being built and index them, in one transaction, on a
    connection of its own; returns how many rows were indexed (not copied).

    `previous` is the catalog being replaced (read-only). When its rows are the same items and
    languages, numbered the same, and its index is made the same way, its index is copied and
    only the rows whose index text changed are indexed again: after one edit, that is one
    item's rows, not a thousand titles'. The copy is taken on a fresh connection, before
    SQLite's FTS5 has read (and cached) the new table's own, empty index."""
    ordered = sorted(docs, key=lambda d: (d.lang, d.item_id))
    rows, texts, ranges = [], {}, {}
    for number, doc in enumerate(ordered, start=1):
        if doc.terms is None:
            texts[number] = _index_columns(doc)
            terms = zlib.compress(texts[number].encode(), 3)
        else:  # copied from the previous catalog
            terms = doc.terms
        pages = (json.dumps([[p.page_index, p.offset, p.heading] for p in doc.pages],
                            ensure_ascii=False) if doc.pages else None)
        rows.append((number, doc.item_id, doc.kind, doc.lang, doc.title, doc.body, pages, terms))
        first, _ = ranges.get(doc.lang, (number, number))
        ranges[doc.lang] = (first, number)

    def text_of(row: tuple) -> list[str]:
        text = texts.get(row[0])
        return (text if text is not None else zlib.decompress(row[7]).decode()).split("\n")

    conn = sqlite3.connect(catalog)
    try:
        with conn:
            conn.executemany(f"INSERT INTO {DOCS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.executemany(f"INSERT INTO {LANGUAGES_TABLE} VALUES (?, ?, ?)",
                             [(lang, first, last) for lang, (first, last) in ranges.items()])
            earlier = _earlier_index(conn, previous, rows)
            indexed = _copy_index(conn, previous, earlier, rows, text_of) if earlier else None
            copied = indexed is not None
            if not copied:
                conn.executemany(_INSERT, ((row[0], *text_of(row)) for row in rows))
                indexed = len(rows)
            conn.execute(f"CREATE INDEX idx_{DOCS_TABLE}_item_id ON {DOCS_TABLE} (item_id)")
        if not copied:  # a copied index was optimized once; the rows indexed again since
            with conn:  # are merged in by FTS5 itself (automerge), not by rewriting it all
                conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    finally:
        conn.close()
    return indexed


_INSERT = f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?)"
_DELETE = (f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {', '.join(COLUMNS)}) "
           f"VALUES ('delete', ?, ?, ?, ?)")
_SHADOW_TABLES = {f"{FTS_TABLE}_data": ("id", "block"), f"{FTS_TABLE}_idx": ("segid", "term", "pgno")}


def _definition(conn: sqlite3.Connection) -> tuple:
    """How an index is made: its table's SQL and its configuration (rank, FTS5 version)."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchall()
    config = conn.execute(f"SELECT k, v FROM {FTS_TABLE}_config ORDER BY k").fetchall()
    return [tuple(r) for r in sql], [tuple(r) for r in config]


def _earlier_index(conn: sqlite3.Connection, previous: sqlite3.Connection | None,
                   rows: list[tuple]) -> dict[int, bytes] | None:
    """rowid -> index text (compressed) of the previous catalog's rows, when its index can be
    copied for `rows`: None when there is none, it numbers other rows or is made otherwise."""
    if previous is None:
        return None
    try:
        if _definition(previous) != _definition(conn):
            return None
        earlier = {number: (item_id, lang, terms) for number, item_id, lang, terms
                   in previous.execute(f"SELECT id, item_id, lang, terms FROM {DOCS_TABLE}")}
    except sqlite3.DatabaseError:  # damaged, or made by a kiosk without these tables
        return None
    if len(earlier) != len(rows) or any(earlier.get(row[0], ())[:2] != (row[1], row[3])
                                        for row in rows):
        return None
    return {number: terms for number, (_, _, terms) in earlier.items()}


def _copy_index(conn: sqlite3.Connection, previous: sqlite3.Connection,
                earlier: dict[int, bytes], rows: list[tuple], text_of) -> int | None:
    """Copy the previous index's shadow tables, then index again the rows that changed (a
    contentless index forgets a row when told the text it was given for it); how many did.
    None, with nothing copied, when the previous catalog cannot be read to the end."""
    conn.execute("SAVEPOINT copy_index")
    try:
        for table, columns in _SHADOW_TABLES.items():
            conn.execute(f"DELETE FROM {table}")
            conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})",
                             (tuple(r) for r in previous.execute(
                                 f"SELECT {', '.join(columns)} FROM {table}")))
    except sqlite3.DatabaseError:  # damaged on disk: index every row instead
        conn.execute("ROLLBACK TO copy_index")
        conn.execute("RELEASE copy_index")
        return None
    conn.execute("RELEASE copy_index")
    changed = [row for row in rows if earlier[row[0]] != row[7]]
    for row in changed:
        conn.execute(_DELETE, (row[0], *zlib.decompress(earlier[row[0]]).decode().split("\n")))
        conn.execute(_INSERT, (row[0], *text_of(row)))
    return len(changed)


def read_pages(raw: str | None) -> tuple[PageStart, ...]:
    return tuple(PageStart(*page) for page in json.loads(raw)) if raw else ()
