"""site.yaml `attract:`: the highlights the attract loop shows, chosen by the curator.

A museum judges its kiosk first by what it shows to passers-by, so the curator names the items
whose pictures draw people in (`attract: [udhr-poster, article-1-km, udhr]`). The list is
optional: without it the kiosk chooses items with pictures itself (kiosk.catalog.read). Each
name must be an item that has a picture (an image, or a document with page images); anything
else is a `path:line` error, so a typo is found by `kiosk check`, not by a visitor.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.content.problems import ProblemList
from kiosk.content.shown import id_hint, shown_id

ATTRACT_KEY = "attract"
PICTURE_KINDS = ("image", "document", "video")  # kinds with a picture (a film: its poster)
MAX_HIGHLIGHTS = 12  # a loop of a few minutes at most: the same few pictures, well chosen
HINT = "attract:\n      - udhr-poster\n      - article-1-km"


def read_attract(data, path: Path, problems: ProblemList) -> list[str]:
    """The item ids listed under `attract:` (unchecked against the items yet)."""
    raw = data.get(ATTRACT_KEY)
    if raw is None:
        return []
    line = data.line_of(ATTRACT_KEY)
    if not isinstance(raw, list) or not all(isinstance(entry, str) for entry in raw):
        problems.error(path, line, "'attract' must be a list of item ids", HINT)
        return []
    if len(raw) > MAX_HIGHLIGHTS:
        problems.warning(path, line, f"'attract' names {len(raw)} items; the loop shows the "
                         f"first {MAX_HIGHLIGHTS}", "choose the pictures that draw people in")
    return list(dict.fromkeys(raw))[:MAX_HIGHLIGHTS]


def check_attract(site, items: dict, problems: ProblemList) -> None:
    """Every highlight names an item with a picture; the bad ones are dropped and reported."""
    kept = []
    for item_id in site.attract:
        item = items.get(item_id)
        if item is None:
            problems.error(site.path, _line(site.path, item_id),
                           f"'attract' names {shown_id(item_id)}, which is not an item",
                           id_hint(item_id, "use the name of a folder in content/items/"))
        elif item.kind not in PICTURE_KINDS:
            problems.error(site.path, _line(site.path, item_id),
                           f"'attract' names {shown_id(item_id)}, a {item.kind} without a picture",
                           "name an image, a document with page images or a film")
        else:
            kept.append(item_id)
    site.attract = kept


def _line(path: Path, item_id: str) -> int:
    """The line of `item_id` in site.yaml (list entries carry no line in the YAML reader)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    for number, text in enumerate(lines, start=1):
        stripped = text.strip().lstrip("-[").strip()
        if stripped.startswith(item_id) or f" {item_id}" in text or f"[{item_id}" in text:
            return number
    return 1
