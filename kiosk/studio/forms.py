"""The fields a form offers, taken from the checker's own lists (kiosk/content/checks.py), so
the studio and `kiosk check` cannot disagree about what an item may hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.content.checks import COMMON_KEYS, FRONT_KEYS, KIND_KEYS
from kiosk.content.model import KINDS
from kiosk.content.translation_sync import SYNC_KEY

# How a field is best typed in; anything not named is one line of text.
LONG = {"sources", "viet_nam", "pages", "items", "narration", "narration_pages"}
FIRST = ("kind", "abbreviation", "title", "file", "alt", "caption", "adopted", "resolution",
         "entry_into_force", "articles", "monitoring_body", "order", "url")
LABELS = {"alt": "Alt text (what the image shows, for blind visitors)",
          "url": "Web address (shown as a QR code)", "viet_nam": "Viet Nam (YAML)",
          "sources": "Sources (YAML list)", "pages": "Pages (YAML list)",
          "items": "Items in this section (YAML list)", "content_warning": "Content warning"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    long: bool  # a YAML block (lists, mappings), typed in a text area


def _ordered(names: set[str]) -> list[str]:
    return sorted(names, key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n))


def _field(name: str) -> Field:
    return Field(name, LABELS.get(name, name.replace("_", " ").capitalize()), name in LONG)


def item_fields(kind: str) -> list[Field]:
    """item.yaml's fields for `kind` (the kind itself is chosen when the item is made)."""
    if kind not in KINDS:
        return []
    return [_field(n) for n in _ordered((COMMON_KEYS | KIND_KEYS[kind]) - {"kind"})]


def text_fields(kind: str) -> list[Field]:
    """A language file's front-matter fields for `kind` (the body is its own field). What a
    translation was made from is recorded by the side-by-side page, never typed (translate.py)."""
    if kind not in KINDS:
        return []
    return [_field(n) for n in _ordered(FRONT_KEYS[kind] - {SYNC_KEY})]


def shown(value) -> str:
    """A stored value as the form shows it: scalars as typed, lists and mappings as YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int | float | str):
        return str(value)
    from kiosk.studio.files import dump_mapping

    return dump_mapping({"v": value}).split(":", 1)[1].lstrip(" ").rstrip("\n").lstrip("\n")


def as_json(value):
    """A stored value for the API: dates as ISO text, ruamel's types as plain ones."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)
