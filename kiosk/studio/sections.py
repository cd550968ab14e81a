"""The exhibition's sections as the studio's Sections pages arrange them.

A section is an item of kind `section` (docs/content-format.md): its `order` places its tile
on the home screen, its `items` list what it shows, in order, and its language files give its
title and introduction. Every change here is a save through the Store (kiosk/studio/store.py):
checked by `kiosk check`'s rules first, written as a hand edit would be (one `order:` line, or
the `items:` line in the style it was written), and a commit when the folder is in git.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.comments import CommentedSeq

from kiosk.content.yamlfile import YamlError, load_yaml
from kiosk.studio import files
from kiosk.studio.paths import item_folder
from kiosk.studio.store import Invalid, Store


@dataclass(frozen=True)
class Section:
    id: str
    order: int | None
    titles: dict[str, str]  # lang -> title
    members: list[str]


def _meta(store: Store, item_id: str) -> dict:
    path = item_folder(store.root, item_id) / "item.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlError):
        return {}
    return data if isinstance(data, dict) else {}


def sections(store: Store) -> list[Section]:
    """Every section, in the order the home screen shows them (kiosk.content.model)."""
    found = []
    for summary in store.list_items():
        if summary["kind"] != "section":
            continue
        meta = _meta(store, summary["id"])
        order = meta.get("order")
        members = meta.get("items")
        found.append(Section(summary["id"], order if isinstance(order, int) else None,
                             _titles(store, summary["id"]),
                             [str(m) for m in members] if isinstance(members, list) else []))
    return sorted(found, key=lambda s: (s.order if s.order is not None else 1_000_000, s.id))


def _titles(store: Store, item_id: str) -> dict[str, str]:
    titles = {}
    for path in sorted(item_folder(store.root, item_id).glob("*.md")):
        front = files.LanguageFile(path.read_text(encoding="utf-8")).front
        titles[path.stem] = str(front.get("title") or "")
    return titles


def title_of(store: Store, item_id: str, languages: list[str]) -> tuple[str, str]:
    """(title, its language): the first of `languages` the item has a title in."""
    titles = _titles(store, item_id)
    for lang in [*languages, *titles]:
        if titles.get(lang):
            return titles[lang], lang
    return "", ""


def move_section(store: Store, section_id: str, step: int, author: str = "", git=None) -> None:
    """Move a section one place up (-1) or down (+1) on the home screen: the sections are
    numbered 1, 2, 3 … in their new order, and only the files whose number changes are
    written."""
    ordered = [s.id for s in sections(store)]
    if section_id not in ordered:
        raise KeyError(section_id)
    at = ordered.index(section_id)
    to = max(0, min(len(ordered) - 1, at + step))
    ordered.insert(to, ordered.pop(at))
    current = {s.id: s.order for s in sections(store)}
    for number, item_id in enumerate(ordered, start=1):
        if current[item_id] != number:
            store.save(item_id, store.version(item_id), {"order": number}, None, author, git)


def set_members(store: Store, section_id: str, version: str | None, members: list[str],
                author: str = "", git=None):
    """Write the section's `items:` list, in the style (one line or one per line) the file
    already uses."""
    seq = CommentedSeq(members)
    raw = files.load_mapping((item_folder(store.root, section_id) / "item.yaml")
                             .read_text(encoding="utf-8")).get("items")
    if not isinstance(raw, CommentedSeq) or raw.fa.flow_style():
        seq.fa.set_flow_style()
    return store.save(section_id, version, {"items": seq}, None, author, git)


def change_members(store: Store, section_id: str, version: str | None, action: str,
                   member: str, author: str = "", git=None):
    """One change to what the section shows: add an item at the end, remove one, or move one
    up or down."""
    members = list(_meta(store, section_id).get("items") or [])
    members = [str(m) for m in members]
    if action == "add":
        if member in members:
            raise Invalid([_problem(f"'{member}' is already in this section")])
        _must_be_showable(store, member)
        members.append(member)
    elif member not in members:
        raise Invalid([_problem(f"'{member}' is not in this section")])
    elif action == "remove":
        members.remove(member)
    elif action in ("up", "down"):
        at = members.index(member)
        to = max(0, min(len(members) - 1, at + (-1 if action == "up" else 1)))
        members.insert(to, members.pop(at))
    else:
        raise Invalid([_problem(f"unknown change {action!r}")])
    return set_members(store, section_id, version, members, author, git)


def create_section(store: Store, section_id: str, titles: dict[str, str], first_item: str,
                   author: str = "", git=None):
    """A new section showing `first_item`, placed last on the home screen."""
    _must_be_showable(store, first_item)
    last = max((s.order or 0 for s in sections(store)), default=0)
    saved = store.create(section_id, "section", titles, author, git)
    return store.save(section_id, saved.version, {"order": last + 1,
                                                  "items": _flow([first_item])}, None,
                      author, git)


def _must_be_showable(store: Store, item_id: str) -> None:
    """What a section may list: an item that exists and is not a section (kiosk check's
    rule between items)."""
    kinds = {i["id"]: i["kind"] for i in store.list_items()}
    if item_id not in kinds:
        raise Invalid([_problem(f"there is no item '{item_id}'", "choose one from the list")])
    if kinds[item_id] == "section":
        raise Invalid([_problem(f"'{item_id}' is a section",
                                "sections cannot contain sections")])


def _flow(members: list[str]) -> CommentedSeq:
    seq = CommentedSeq(members)
    seq.fa.set_flow_style()
    return seq


def _problem(message: str, hint: str = "") -> dict:
    return {"field": "fields.items", "severity": "error", "message": message, "hint": hint}
