"""Incremental builds: what the previous catalog already holds for unchanged items.

An item's fingerprint is the hash of every file in its folder, so an edit, an added
translation or a replaced image all change it, while a fresh checkout (new mtimes) does not.
For an item whose fingerprint has not changed, the build copies its rows (skipping Markdown
parsing, search tokenizing and decoding recordings) and `kiosk check`'s problems within it
(skipping every sentence's word count and every image's and recording's decoding); the search
index itself is copied when the same rows are indexed (kiosk.search.index). Together these
dominated a rebuild of a large exhibition after one edit.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from kiosk.catalog.schema import SCHEMA_VERSION
from kiosk.content.checks import rules_version
from kiosk.content.model import Item
from kiosk.content.problems import Problem
from kiosk.search.index import INDEX_VERSION, SearchDoc, read_pages

# table -> its column naming the item, and the order its rows are copied in
_ITEM_TABLES = {"translations": ("item_id", "lang"), "pages": ("item_id", "page_index"),
                "page_texts": ("item_id", "page_index, lang"),
                "section_items": ("section_id", "position")}


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION} index {INDEX_VERSION}".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Fingerprints(dict):
    """Item folder -> fingerprint, each read once per build (the checks and the rows ask)."""

    def __missing__(self, folder: Path) -> str:
        self[folder] = fingerprint(folder)
        return self[folder]


class PreviousCatalog:
    """Read access to the catalog being replaced; empty when there is none or it is unusable."""

    def __init__(self, path: Path, media_folder: Path):
        self._db: sqlite3.Connection | None = None
        self._fingerprints: dict[str, str] = {}
        self._media_folder = media_folder
        self._rows: dict[str, dict] | None = None  # read at the first copy, all at once
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

    @property
    def connection(self) -> sqlite3.Connection | None:
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def has(self, item_id: str, item_fingerprint: str) -> bool:
        return self._db is not None and self._fingerprints.get(item_id) == item_fingerprint

    def checked(self) -> dict[str, tuple[str, str]]:
        """item id -> (check key, problems as JSON) remembered by the previous build."""
        if self._db is None:
            return {}
        try:
            return {r[0]: (r[1], r[2]) for r in self._db.execute(
                "SELECT item_id, key, problems FROM item_checks")}
        except sqlite3.DatabaseError:  # built before the checks were kept: check everything
            return {}

    def copy_item(self, item_id: str, rows: dict) -> list[SearchDoc] | None:
        """Append the item's rows to `rows`; None if its media files are gone (rebuild it)."""
        previous = self._all_rows()
        item = previous["items"][item_id]
        data = json.loads(item["data"])
        media_ids = {data.get("media_id")} | {r["media_id"] for r in previous["pages"][item_id]}
        media_rows = [previous["media"][m] for m in sorted(media_ids - {None}, key=str)
                      if m in previous["media"]]
        qr = data.get("qr")
        if qr and not (self._media_folder / qr).is_file():
            return None
        for row in media_rows:
            if row.get("dzi") and not (self._media_folder / row["dzi"]).is_file():
                return None
            if not all((self._media_folder / row[k]).is_file() for k in ("display", "thumbnail")):
                return None
        audio_ids = {r["audio_id"] for table in ("translations", "page_texts")
                     for r in previous[table][item_id]}
        audio_rows = [previous["audio"][a] for a in sorted(audio_ids - {None})
                      if a in previous["audio"]]
        if not all((self._media_folder / row["file"]).is_file() for row in audio_rows):
            return None
        rows["items"].append(item)
        rows["media"].extend(media_rows)
        rows["audio"].extend(audio_rows)
        for table in _ITEM_TABLES:
            rows[table].extend(previous[table][item_id])
        # The search rows come with their index tokens: nothing is folded again.
        return [SearchDoc(r["item_id"], r["kind"], r["lang"], r["title"], r["body"],
                          read_pages(r["pages"]), r["terms"])
                for r in previous["search_docs"][item_id]]

    def _all_rows(self) -> dict[str, dict]:
        """Every table's rows, by item (by id for media and audio): a few queries in all, not
        a dozen an item."""
        if self._rows is None:
            db = self._db
            rows: dict[str, dict] = {
                "items": {r["id"]: dict(r) for r in db.execute("SELECT * FROM items")},
                "media": {r["id"]: dict(r) for r in db.execute("SELECT * FROM media")},
                "audio": {r["id"]: dict(r) for r in db.execute("SELECT * FROM audio")}}
            for table, (key, order) in {**_ITEM_TABLES,
                                        "search_docs": ("item_id", "id")}.items():
                by_item = rows[table] = defaultdict(list)
                for r in db.execute(f"SELECT * FROM {table} ORDER BY {key}, {order}"):
                    by_item[r[key]].append(dict(r))
            self._rows = rows
        return self._rows


class RememberedChecks:
    """`kiosk check`'s problems within each item (kiosk.content.checks.CheckMemory), recalled
    from the previous catalog while the item's files, the site's languages and the rules are
    the same; what this build found or recalled is kept in the new catalog (`item_checks`)."""

    def __init__(self, previous: PreviousCatalog, fingerprints: Fingerprints):
        self._earlier = previous.checked()
        self._fingerprints = fingerprints
        self.kept: dict[str, tuple[str, str]] = {}  # item id -> (check key, problems as JSON)
        self.checked = 0  # items whose problems were not recalled

    def _key(self, item: Item, languages: list[str]) -> str:
        return hashlib.sha256(json.dumps([self._fingerprints[item.folder], languages,
                                          rules_version()]).encode()).hexdigest()

    def recall(self, item: Item, languages: list[str]) -> list[Problem] | None:
        key = self._key(item, languages)
        earlier = self._earlier.get(item.id)
        if earlier is None or earlier[0] != key:
            return None
        try:
            found = [Problem(*fields) for fields in json.loads(earlier[1])]
        except (TypeError, ValueError):
            return None
        self.kept[item.id] = earlier
        return found

    def remember(self, item: Item, languages: list[str], problems: list[Problem]) -> None:
        self.checked += 1
        self.kept[item.id] = (self._key(item, languages), json.dumps(
            [[p.path, p.line, p.severity, p.message, p.hint] for p in problems],
            ensure_ascii=False))
