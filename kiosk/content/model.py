"""The exhibition as read from its files, before checking and building."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.yamlfile import LineDict

KINDS = ("treaty", "document", "image", "section", "video")


@dataclass
class Translation:
    lang: str
    path: Path
    front: LineDict  # front matter: title, alt, caption, ...
    body: str
    body_line: int

    @property
    def title(self) -> str:
        value = self.front.get("title")
        return value.strip() if isinstance(value, str) else ""

    def text(self, key: str) -> str:
        value = self.front.get(key)
        return value.strip() if isinstance(value, str) else ""


@dataclass
class Item:
    id: str
    folder: Path
    meta: LineDict  # item.yaml
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", ""))

    @property
    def meta_path(self) -> Path:
        return self.folder / "item.yaml"


@dataclass
class Site:
    path: Path
    title: dict[str, str]
    languages: list[str]
    default_language: str
    idle_timeout_seconds: int
    edition: int
    language_names: dict[str, str]
    public_address: str = ""  # where the exported site is published (docs/export.md)
    attract: list[str] = field(default_factory=list)  # highlights of the attract loop
    look: dict = field(default_factory=dict)  # logo and colours (kiosk.content.look)


@dataclass
class Exhibition:
    root: Path
    site: Site
    items: dict[str, Item]

    def sections(self) -> list[Item]:
        sections = [item for item in self.items.values() if item.kind == "section"]
        return sorted(sections, key=lambda s: (_as_int(s.meta.get("order")), s.id))


def _as_int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 1_000_000
