"""Which picture stands for an item, on its tile and in the attract loop.

One lookup for every kind, so a new kind with a picture supplies one by naming a media id in
its item data, without a change here or on any screen: an image is its own picture, a document
its first page with an image, a section the picture of its first item that has one; any other
kind its `poster_media_id`, `thumbnail_media_id` or `media_id`. A film (kind video) is the
exception: the build cuts its poster and thumbnail from the film itself and keeps them as
files in the item's data (kiosk/catalog/film.py), not as media rows.
The tile sizes come from the build (kiosk/media: a thumbnail of each picture, made once).
"""

from __future__ import annotations

import json
from typing import Any

OWN_PICTURE_FIELDS = ("poster_media_id", "thumbnail_media_id", "media_id")


def picture_media(catalog: Any, item_id: str, kind: str | None = None,
                  data: dict | None = None, depth: int = 0) -> str | None:
    """The media id of the picture that stands for `item_id`, or None."""
    if kind is None or data is None:
        kind, data = _kind_and_data(catalog, item_id)
        if kind is None:
            return None
    if kind == "document":
        pages = catalog._rows("SELECT media_id FROM pages WHERE item_id = ? AND media_id IS NOT "
                              "NULL ORDER BY page_index LIMIT 1", item_id)
        return pages[0][0] if pages else None
    if kind == "section":
        return _first_in_section(catalog, item_id, depth, picture_media) if depth < 2 else None
    return next((data[name] for name in OWN_PICTURE_FIELDS if data.get(name)), None)


def picture_files(catalog: Any, item_id: str, kind: str | None = None,
                  data: dict | None = None, depth: int = 0) -> tuple[str, str] | None:
    """The (display, thumbnail) file names, in the media folder, of the picture that stands
    for `item_id`, or None: the attract loop shows the first, tiles the second."""
    if kind is None or data is None:
        kind, data = _kind_and_data(catalog, item_id)
        if kind is None:
            return None
    if kind == "video":
        film = data.get("film") or {}
        return (film["poster"], film["thumbnail"]) if film.get("poster") else None
    if kind == "section":
        return _first_in_section(catalog, item_id, depth, picture_files) if depth < 2 else None
    media_id = picture_media(catalog, item_id, kind, data, depth)
    if media_id is None:
        return None
    rows = catalog._rows("SELECT display, thumbnail FROM media WHERE id = ?", media_id)
    return (rows[0][0], rows[0][1]) if rows else None


def _kind_and_data(catalog: Any, item_id: str) -> tuple[str | None, dict]:
    rows = catalog._rows("SELECT kind, data FROM items WHERE id = ?", item_id)
    return (rows[0][0], json.loads(rows[0][1])) if rows else (None, {})


def _first_in_section(catalog: Any, section_id: str, depth: int, find):
    """What `find` gives for the first member of the section that has a picture (sections
    inside sections are followed two deep, so a loop of sections ends)."""
    for (item_id,) in catalog._rows(
            "SELECT item_id FROM section_items WHERE section_id = ? ORDER BY position",
            section_id):
        found = find(catalog, item_id, depth=depth + 1)
        if found:
            return found
    return None
