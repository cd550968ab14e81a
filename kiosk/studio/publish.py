"""Publish: check, build and pack a signed bundle into a chosen folder. The signing key is
read here and never sent anywhere; one is made on first use if none was given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.content.checks import check_exhibition

# (step, done, total, what): the step's name, and how far through its items it is
Progress = Callable[[str, int, int, str], None]


def publish_bundle(root: Path, key_path: Path, folder: Path,
                   progress: Progress | None = None) -> dict:
    from kiosk.staff.bundle import pack
    from kiosk.staff.keys import keygen

    tell = progress or (lambda *_: None)
    tell("check", 0, 1, "")
    exhibition, problems = check_exhibition(root)
    if exhibition is None or problems.errors:
        return {"problems": [p.format() for p in problems.errors],
                "error": "publishing is refused while errors remain"}
    if not key_path.exists():
        keygen(key_path.parent)
    edition = exhibition.site.edition
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"edition-{edition}.kiosk"

    def built(number: int, total: int, item: str) -> None:
        tell("build", number, total, item)
        if number == total:
            tell("pack", 0, 1, out.name)

    result = pack(root, key_path, edition, out, built)
    tell("done", 1, 1, out.name)
    return {"path": str(result.path), "edition": result.edition, "files": result.files,
            "key_id": result.key_id}
