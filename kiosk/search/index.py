"""Writing the full-text index into a catalog being built.

The index holds only folded text (see `fold.py`) in a contentless FTS5 table; the original
text for snippets lives in `search_docs`, one row per searchable unit (an item's translation,
or one page of a document in one language).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import sqlite_utils

from kiosk.search.fold import fold

DOCS_TABLE = "search_docs"
FTS_TABLE = "search_index"
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"


@dataclass(frozen=True)
class SearchDoc:
    item_id: str
    kind: str
    lang: str
    title: str
    body: str
    page_index: int | None = None


def write_search_index(db: sqlite_utils.Database, docs: Iterable[SearchDoc]) -> int:
    rows = [{"id": n, **asdict(doc)} for n, doc in enumerate(docs, start=1)]
    db[DOCS_TABLE].insert_all(
        rows,
        pk="id",
        columns={"id": int, "item_id": str, "kind": str, "lang": str, "title": str,
                 "body": str, "page_index": int},
        batch_size=1000,
    )
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        f"title, body, content='', tokenize=\"{TOKENIZE}\")"
    )
    db.conn.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (?, ?, ?)",
        ((row["id"], fold(row["title"]), fold(row["body"])) for row in rows),
    )
    db[DOCS_TABLE].create_index(["item_id", "lang"])
    return len(rows)
