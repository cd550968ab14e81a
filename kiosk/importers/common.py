"""What the importers share: the error they raise, ids, Markdown escaping, atomic item folders.

An import either creates a whole, ordinary item folder or changes nothing: files are written
into a staging folder at the top of the content folder (not under items/, where a leftover
would be read as a badly named item) and renamed into `items/<id>` when complete.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from kiosk.content.languages import normalize_tag
from kiosk.content.loader import ITEM_ID
from kiosk.importers.udhr import escape_markdown

__all__ = ["ImportProblem", "escape_markdown", "check_item_id", "check_lang", "slugify",
           "staged_item", "front_matter", "yaml_text"]

_STAGING_PREFIX = ".kiosk-import-"


class ImportProblem(Exception):
    """Why an import was refused, in one line for a curator; nothing was written."""


def check_item_id(item_id: str) -> str:
    if not ITEM_ID.match(item_id or ""):
        raise ImportProblem(f"{item_id!r} is not a valid id: use lower-case letters, digits and "
                            "'-', starting with a letter (e.g. letter-1948)")
    return item_id


def check_lang(lang: str) -> str:
    tag = normalize_tag(lang or "")
    if tag is None:
        raise ImportProblem(f"{lang!r} is not a language tag (e.g. vi, en, km, zh-Hans)")
    return tag


def slugify(name: str, fallback: str = "image") -> str:
    """An item id from a file name: `Ảnh Hà Nội (1).JPG` -> `anh-ha-noi-1`."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug:
        return fallback
    return slug if slug[0].isalpha() else f"{fallback}-{slug}"


def yaml_text(data: dict, comment: str = "") -> str:
    header = f"# {comment}\n" if comment else ""
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def front_matter(fields: dict, body: str = "") -> str:
    """A language file: YAML front matter between `---` lines, then the Markdown body."""
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100).strip()
    text = f"---\n{front}\n---\n"
    return text + (body.rstrip() + "\n" if body.strip() else "")


@contextmanager
def staged_item(content_dir: Path, item_id: str, replace: bool = False) -> Iterator[Path]:
    """Yield an empty staging folder; on success it becomes `content_dir/items/<item_id>`.

    Refuses an existing item unless `replace`; on any error the staging folder is removed and
    the content folder is exactly as it was.
    """
    content_dir = Path(content_dir)
    target = content_dir / "items" / item_id
    if target.exists() and not replace:
        raise ImportProblem(f"{target} already exists; choose another --id, or use --replace")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=content_dir, prefix=f"{_STAGING_PREFIX}{item_id}-"))
    try:
        yield staging
        _fsync_tree(staging)
        old = None
        if target.exists():
            old = content_dir / f"{_STAGING_PREFIX}{item_id}-old-{os.getpid()}"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fsync_tree(folder: Path) -> None:
    """Flush the files before the rename, so a power cut cannot leave an empty item."""
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
