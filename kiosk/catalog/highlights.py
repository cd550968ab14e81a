"""The attract loop's highlights, read from the catalog.

The curator's `attract:` list (site.yaml) comes first; without one the kiosk chooses items
with pictures itself, in the order the sections list them (images, documents whose first page
has a picture, films by their poster), so a new exhibition's loop shows its own collection from
the first build.
"""

from __future__ import annotations

from typing import Any

from kiosk.catalog.pictures import picture_files
from kiosk.catalog.views import Highlight
from kiosk.content.attract import PICTURE_KINDS

AUTOMATIC_HIGHLIGHTS = 8


def highlight_ids(catalog: Any) -> list[str]:
    chosen = [i for i in catalog._meta.get("attract", []) if _picture_media(catalog, i)]
    if chosen:
        return chosen
    by_section: dict[str, list[str]] = {}
    seen: set[str] = set()
    for section_id, item_id in catalog._rows(
            "SELECT si.section_id, si.item_id FROM section_items si "
            "JOIN items s ON s.id = si.section_id JOIN items i ON i.id = si.item_id "
            "WHERE i.kind IN ('image', 'document', 'video') "
            "ORDER BY coalesce(s.position, 1e9), s.id, si.position"):
        if item_id not in seen and _picture_media(catalog, item_id):
            seen.add(item_id)
            by_section.setdefault(section_id, []).append(item_id)
    return _take_turns(list(by_section.values()))[:AUTOMATIC_HIGHLIGHTS]


def _take_turns(groups: list[list[str]]) -> list[str]:
    """One from each section in turn: a section of sixteen cards of one text does not fill
    the loop with the same card in sixteen languages, and every section is seen."""
    spread = [group[::2] + group[1::2] for group in groups]
    turns: list[str] = []
    for round_ in range(max((len(g) for g in spread), default=0)):
        turns.extend(group[round_] for group in spread if round_ < len(group))
    return turns


def _picture_media(catalog: Any, item_id: str) -> tuple[str, str] | None:
    if catalog.item_kind(item_id) not in PICTURE_KINDS:
        return None
    return picture_files(catalog, item_id)


def highlight(catalog: Any, item_id: str, lang: str) -> Highlight | None:
    files = _picture_media(catalog, item_id)
    if files is None:
        return None
    picture = str(catalog._media / files[0])
    kind, data = catalog._item_row(item_id)
    shown, title, fields, _ = catalog._translation(item_id, lang)
    return Highlight(item_id, kind, title, shown, lang, picture, data.get("credit", ""),
                     fields.get("alt", ""))
