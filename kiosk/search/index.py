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
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from kiosk.search.fold import index_text

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


def write_search_index(db: sqlite_utils.Database, docs: Iterable[SearchDoc]) -> int:
    """Write `docs` (in one transaction with the caller's) and index them; returns the rows."""
    ordered = sorted(docs, key=lambda d: (d.lang, d.item_id))
    rows, columns, ranges = [], [], {}
    for number, doc in enumerate(ordered, start=1):
        if doc.terms is None:
            text = _index_columns(doc)
            terms = zlib.compress(text.encode(), 3)
        else:  # copied from the previous catalog
            text, terms = zlib.decompress(doc.terms).decode(), doc.terms
        pages = (json.dumps([[p.page_index, p.offset, p.heading] for p in doc.pages],
                            ensure_ascii=False) if doc.pages else None)
        rows.append((number, doc.item_id, doc.kind, doc.lang, doc.title, doc.body, pages, terms))
        columns.append((number, *text.split("\n")))
        first, _ = ranges.get(doc.lang, (number, number))
        ranges[doc.lang] = (first, number)
    conn = db.conn
    conn.executemany(f"INSERT INTO {DOCS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany(f"INSERT INTO {LANGUAGES_TABLE} VALUES (?, ?, ?)",
                     [(lang, first, last) for lang, (first, last) in ranges.items()])
    conn.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?)", columns)
    conn.execute(f"CREATE INDEX idx_{DOCS_TABLE}_item_id ON {DOCS_TABLE} (item_id)")
    return len(rows)


def read_pages(raw: str | None) -> tuple[PageStart, ...]:
    return tuple(PageStart(*page) for page in json.loads(raw)) if raw else ()
