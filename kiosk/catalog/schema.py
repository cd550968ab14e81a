"""The catalog's tables (documented in docs/catalog.md).

Created explicitly, not inferred from the first row, so every catalog has the same columns and
types whatever content it holds. Bump SCHEMA_VERSION when they change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app reads SCHEMA_VERSION; only the builder needs sqlite-utils
    import sqlite_utils

SCHEMA_VERSION = 4  # 2: one search row per item and language; 3: media.dzi (deep zoom);
#                    4: recorded narration (audio, translations and page_texts .audio_id)


def media_dir_for(catalog: Path) -> Path:
    """Media live beside the catalog: build/catalog.db -> build/catalog.media/."""
    return catalog.with_name(catalog.stem + ".media")


def create_tables(db: sqlite_utils.Database) -> None:
    from kiosk.search.index import create_search_tables

    db["meta"].create({"key": str, "value": str}, pk="key")
    db["items"].create({"id": str, "kind": str, "position": int, "data": str,
                        "source_path": str, "fingerprint": str}, pk="id")
    db["audio"].create({"id": str, "file": str, "mime": str, "duration_s": float,
                        "source_name": str}, pk="id")
    db["translations"].create({"item_id": str, "lang": str, "title": str, "fields": str,
                               "blocks": str, "audio_id": str, "transcript": str},
                              pk=("item_id", "lang"),
                              foreign_keys=[("item_id", "items", "id"), ("audio_id", "audio", "id")])
    db["section_items"].create({"section_id": str, "item_id": str, "position": int},
                               pk=("section_id", "position"),
                               foreign_keys=[("section_id", "items", "id"),
                                             ("item_id", "items", "id")])
    db["media"].create({"id": str, "display": str, "thumbnail": str, "width": int,
                        "height": int, "mime": str, "source_name": str, "dzi": str,
                        "full_width": int, "full_height": int, "tile_size": int,
                        "levels": int}, pk="id")
    db["pages"].create({"item_id": str, "page_index": int, "page_id": str, "media_id": str},
                       pk=("item_id", "page_index"),
                       foreign_keys=[("item_id", "items", "id"), ("media_id", "media", "id")])
    db["page_texts"].create({"item_id": str, "page_index": int, "lang": str, "title": str,
                             "blocks": str, "audio_id": str}, pk=("item_id", "page_index", "lang"),
                            foreign_keys=[("item_id", "items", "id"), ("audio_id", "audio", "id")])
    # `kiosk check`'s problems within each item, for the next build to recall while the item's
    # files are unchanged (kiosk/catalog/reuse.py); the kiosk itself never reads them, so
    # adding this table left the catalogs of schema 4 readable both ways.
    db["item_checks"].create({"item_id": str, "key": str, "problems": str}, pk="item_id")
    create_search_tables(db)
