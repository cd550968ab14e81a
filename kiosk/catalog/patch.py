"""Rebuilding one item inside an existing catalog: what the studio does after a save.

An incremental build (kiosk/catalog/build.py) still reads, checks and fingerprints every item
of the exhibition, which at a thousand titles took over two seconds of the studio's
save-to-preview time. After a curator saves one item, only that item's files changed, so this
module checks that one item with `kiosk check`'s rules, makes its rows the way a build makes
them, and swaps them into a copy of the catalog, renamed into place like a build's, so the kiosk
reading the old file never sees half an edit.

It refuses (NotPatchable), and the caller runs a whole build instead, whenever one item's rows
are not enough: no catalog yet or one of another schema, the item is new or changed kind, the
site's settings differ from the catalog's, or the item gained or lost a language (the search
rows are numbered language by language). Problems between items are checked as far as one item
can break them: a section's members must exist in the catalog and not be sections.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

from kiosk.catalog.build import (
    BuildError,
    BuildResult,
    _fsync,
    _fsync_dir,
    _insert,
    _item_rows,
    _MediaWriter,
    _Rows,
    _with_site_address,
)
from kiosk.catalog.reuse import Fingerprints, PreviousCatalog, RememberedChecks
from kiosk.catalog.schema import media_dir_for
from kiosk.catalog.site_look import look_meta
from kiosk.content.checks import item_problems
from kiosk.content.loader import ITEMS_DIR, SITE_FILE, _load_item, _load_site
from kiosk.content.model import Exhibition
from kiosk.content.problems import Problem, ProblemList
from kiosk.search.index import _DELETE, _INSERT, DOCS_TABLE, _index_columns

# Tables holding an item's rows, and the column naming the item.
_ROWS_OF = {"items": "id", "translations": "item_id", "pages": "item_id",
            "page_texts": "item_id", "section_items": "section_id", "item_checks": "item_id"}
# Site settings the catalog keeps in `meta`, as the build writes them.
_SITE_META = {"site_title": "title", "languages": "languages",
              "default_language": "default_language",
              "idle_timeout_seconds": "idle_timeout_seconds", "edition": "edition",
              "language_names": "language_names", "public_address": "public_address",
              "attract": "attract"}


class NotPatchable(Exception):
    """One item's rows are not enough here; build the whole exhibition (the reason says why)."""


def rebuild_item(content_dir: Path, catalog: Path, item_id: str) -> BuildResult:
    """Check `item_id` and replace its rows in `catalog`; raise `BuildError` for its errors
    (the catalog untouched) or `NotPatchable` when a whole build is needed."""
    root = Path(content_dir)
    catalog = Path(catalog).resolve()
    if not catalog.is_file():
        raise NotPatchable("no catalog yet")
    found = ProblemList(root)
    site = _load_site(root / SITE_FILE, found)
    folder = root / ITEMS_DIR / item_id
    item = _load_item(folder, found) if folder.is_dir() else None
    if site is None or item is None or found.errors:
        raise BuildError(found.errors or [Problem(str(folder), 1, "error", "no such item",
                                                  "save the item first")])
    previous = PreviousCatalog(catalog, media_dir_for(catalog))
    try:
        db = previous.connection
        if db is None:
            raise NotPatchable("the catalog is of another schema")
        _refuse_other_changes(db, item, site)
        media = _MediaWriter(media_dir_for(catalog), _Rows())
        checks = RememberedChecks(previous, Fingerprints())
        problems = checks.recall(item, site.languages)
        if problems is None:
            problems = item_problems(item, site.languages)
            checks.remember(item, site.languages, problems)
        shown = ProblemList(root)  # paths as `kiosk check` gives them: content/items/...
        shown.add_from(item.folder.parent, problems + _member_problems(db, item))
        problems = list(shown)
        errors = [p for p in problems if p.is_error]
        if errors:
            raise BuildError(errors)
        if look_meta(site, media) != json.loads(_meta(db)["look"]):
            raise NotPatchable("the museum's look changed")
        old_docs = {row[0]: (row[1], row[2]) for row in db.execute(
            f"SELECT lang, id, terms FROM {DOCS_TABLE} WHERE item_id = ?", (item.id,))}
        exhibition = Exhibition(root, site, {item.id: item})
        fingerprint = _with_site_address(checks._fingerprints[item.folder], exhibition)
        docs = _item_rows(media.rows, item, exhibition, media, fingerprint)
        media.rows["item_checks"] = [{"item_id": item.id, "key": checks.kept[item.id][0],
                                      "problems": checks.kept[item.id][1]}]
        if {doc.lang for doc in docs} != set(old_docs):
            raise NotPatchable("the item gained or lost a language")
    finally:
        previous.close()
    _swap_in(catalog, item.id, media.rows, docs, old_docs)
    return BuildResult(catalog, 1, sorted(item.translations), media.written, media.reused,
                       items_checked=checks.checked, search_rows_indexed=len(docs),
                       warnings=[p for p in problems if not p.is_error])


def _meta(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM meta").fetchall())


def _refuse_other_changes(db: sqlite3.Connection, item, site) -> None:
    row = db.execute("SELECT kind FROM items WHERE id = ?", (item.id,)).fetchone()
    if row is None:
        raise NotPatchable("a new item")
    if row[0] != item.kind:
        raise NotPatchable("the item changed kind")
    meta = _meta(db)
    for key, attribute in _SITE_META.items():
        if json.loads(meta.get(key, "null")) != getattr(site, attribute):
            raise NotPatchable(f"the site's {attribute} changed")
    langs = {r[0] for r in db.execute("SELECT lang FROM translations WHERE item_id = ?",
                                      (item.id,))}
    if langs != set(item.translations):
        raise NotPatchable("the item gained or lost a language")


def _member_problems(db: sqlite3.Connection, item) -> list[Problem]:
    """A section's members exist and are not sections (kiosk.content.checks), looked up in
    the catalog: the other items are as they were built."""
    if item.kind != "section":
        return []
    kinds = dict(db.execute("SELECT id, kind FROM items").fetchall())
    found = ProblemList(item.folder)
    line = item.meta.line_of("items")
    for member in item.meta.get("items") or []:
        kind = kinds.get(str(member))
        if kind is None:
            found.error(item.meta_path, line, f"section names unknown item '{member}'",
                        "create items/<id>/ first")
        elif kind == "section":
            found.error(item.meta_path, line, f"'{member}' is a section",
                        "sections cannot contain sections")
    return list(found)


def _swap_in(catalog: Path, item_id: str, rows: _Rows, docs, old_docs: dict) -> None:
    """The item's new rows in a copy of the catalog, renamed over it when complete."""
    fd, name = tempfile.mkstemp(dir=catalog.parent, prefix=f".{catalog.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        shutil.copyfile(catalog, tmp)
        db = sqlite_utils.Database(sqlite3.connect(tmp))
        with db.conn:
            for table, column in _ROWS_OF.items():
                db.execute(f"DELETE FROM [{table}] WHERE [{column}] = ?", [item_id])
            for table in (*_ROWS_OF, "media", "audio"):
                _insert(db, table, rows[table], first_wins=table in ("media", "audio"))
            for doc in docs:
                number, old_terms = old_docs[doc.lang]
                _reindex(db.conn, number, doc, old_terms)
            built = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
            db.execute("UPDATE meta SET value = ? WHERE key = 'built_at'", [json.dumps(built)])
        db.close()
        _fsync(tmp)
        os.replace(tmp, catalog)
        _fsync_dir(catalog.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _reindex(conn: sqlite3.Connection, number: int, doc, old_terms: bytes) -> None:
    """One search row given its new text, under its old number (kiosk.search.index): the
    contentless index forgets the old text when told it, then learns the new."""
    import zlib

    text = _index_columns(doc)
    pages = (json.dumps([[p.page_index, p.offset, p.heading] for p in doc.pages],
                        ensure_ascii=False) if doc.pages else None)
    conn.execute(f"UPDATE {DOCS_TABLE} SET kind = ?, title = ?, body = ?, pages = ?, terms = ? "
                 "WHERE id = ?", (doc.kind, doc.title, doc.body, pages,
                                  zlib.compress(text.encode(), 3), number))
    conn.execute(_DELETE,
                 (number, *zlib.decompress(old_terms).decode().split("\n")))
    conn.execute(_INSERT, (number, *text.split("\n")))
