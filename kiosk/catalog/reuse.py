"""Incremental builds: rows of unchanged items are copied from the previous catalog.

An item's fingerprint is the hash of every file in its folder, so an edit, an added
translation or a replaced image all change it, while a fresh checkout (new mtimes) does not.
Copying rows skips Markdown parsing, search tokenizing and decoding recordings, which dominate
a rebuild of a large exhibition.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from kiosk.catalog.schema import SCHEMA_VERSION
from kiosk.search.index import INDEX_VERSION, SearchDoc, read_pages

_ITEM_TABLES = {"translations": "item_id", "pages": "item_id", "page_texts": "item_id",
                "section_items": "section_id"}


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION} index {INDEX_VERSION}".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class PreviousCatalog:
    """Read access to the catalog being replaced; empty when there is none or it is unusable."""

    def __init__(self, path: Path, media_folder: Path):
        self._db: sqlite3.Connection | None = None
        self._fingerprints: dict[str, str] = {}
        self._media_folder = media_folder
        if not path.is_file():
            return
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            db.row_factory = sqlite3.Row
            version = json.loads(db.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
            if version == SCHEMA_VERSION:
                self._fingerprints = dict(db.execute("SELECT id, fingerprint FROM items"))
                self._db = db
        except (sqlite3.DatabaseError, TypeError, json.JSONDecodeError):
            self._fingerprints = {}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def has(self, item_id: str, item_fingerprint: str) -> bool:
        return self._db is not None and self._fingerprints.get(item_id) == item_fingerprint

    def copy_item(self, item_id: str, rows: dict) -> list[SearchDoc] | None:
        """Append the item's rows to `rows`; None if its media files are gone (rebuild it)."""
        db = self._db
        item = dict(db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
        media_ids = {json.loads(item["data"]).get("media_id")}
        media_ids |= {r[0] for r in db.execute(
            "SELECT media_id FROM pages WHERE item_id = ?", (item_id,))}
        media_rows = [dict(r) for m in media_ids - {None}
                      for r in db.execute("SELECT * FROM media WHERE id = ?", (m,))]
        qr = json.loads(item["data"]).get("qr")
        if qr and not (self._media_folder / qr).is_file():
            return None
        for row in media_rows:
            if row.get("dzi") and not (self._media_folder / row["dzi"]).is_file():
                return None
            if not all((self._media_folder / row[k]).is_file() for k in ("display", "thumbnail")):
                return None
        audio_rows = [dict(r) for r in db.execute(
            "SELECT * FROM audio WHERE id IN (SELECT audio_id FROM translations WHERE item_id = ?"
            " UNION SELECT audio_id FROM page_texts WHERE item_id = ?)", (item_id, item_id))]
        if not all((self._media_folder / row["file"]).is_file() for row in audio_rows):
            return None
        rows["items"].append(item)
        rows["media"].extend(media_rows)
        rows["audio"].extend(audio_rows)
        for table, key in _ITEM_TABLES.items():
            rows[table].extend(dict(r) for r in db.execute(
                f"SELECT * FROM {table} WHERE {key} = ?", (item_id,)))
        # The search rows come with their index tokens: nothing is folded again.
        return [SearchDoc(r["item_id"], r["kind"], r["lang"], r["title"], r["body"],
                          read_pages(r["pages"]), r["terms"])
                for r in db.execute("SELECT * FROM search_docs WHERE item_id = ? ORDER BY id",
                                    (item_id,))]
