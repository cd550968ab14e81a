"""No path outside the content folder: ids are checked, and every path is resolved and refused
when it leaves the folder or passes through a symbolic link."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.loader import ITEM_ID


class OutsideContent(ValueError):
    """A request named a file that is not inside the content folder."""


def item_folder(root: Path, item_id: str) -> Path:
    if not ITEM_ID.match(item_id or ""):
        raise OutsideContent(f"{item_id!r} is not an item id")
    return inside(root, Path("items") / item_id)


def inside(root: Path, relative: Path | str) -> Path:
    """`root/relative`, refused if absolute, if it climbs out with '..', or crosses a link."""
    relative = Path(relative)
    if relative.is_absolute() or ".." in relative.parts or "\x00" in str(relative):
        raise OutsideContent(f"{relative} is outside the content folder")
    base = Path(root).resolve()
    path = base
    for part in relative.parts:
        path = path / part
        if path.is_symlink():
            raise OutsideContent(f"{relative} passes through a symbolic link")
    if not path.resolve().is_relative_to(base):
        raise OutsideContent(f"{relative} is outside the content folder")
    return path
