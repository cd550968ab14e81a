"""Publish: check, build and pack a signed bundle into a chosen folder. The signing key is
read here and never sent anywhere; one is made on first use if none was given."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.checks import check_exhibition


def publish_bundle(root: Path, key_path: Path, folder: Path) -> dict:
    from kiosk.staff.bundle import pack
    from kiosk.staff.keys import keygen

    exhibition, problems = check_exhibition(root)
    if exhibition is None or problems.errors:
        return {"problems": [p.format() for p in problems.errors],
                "error": "publishing is refused while errors remain"}
    if not key_path.exists():
        keygen(key_path.parent)
    edition = exhibition.site.edition
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"edition-{edition}.kiosk"
    result = pack(root, key_path, edition, out)
    return {"path": str(result.path), "edition": result.edition, "files": result.files,
            "key_id": result.key_id}
