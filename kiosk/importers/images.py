"""Import a folder of photos and scans as image items, one item per file.

A curator receives a folder of pictures from an archive. Typing an item.yaml and a language
file for each is slow and error-prone, while most of the facts are already in the files:
photographers and agencies write the credit and caption into EXIF and IPTC. This importer
copies each readable JPEG or PNG into its own item, carries those facts over, and leaves
exactly what only a person can write to the curator: the licence (`TODO: licence`) and the
alt text, which is deliberately left out so that `kiosk check` lists every image still
needing one, with its file and line.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from PIL import Image, IptcImagePlugin

from kiosk.importers.common import (
    ImportProblem,
    check_lang,
    front_matter,
    slugify,
    staged_item,
    yaml_text,
)
from kiosk.media.images import ImageProblem, probe_image

EXTENSIONS = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png"}
TODO_CREDIT = "TODO: credit"
TODO_LICENCE = "TODO: licence"
_EXIF_DESCRIPTION, _EXIF_ARTIST, _EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298
_CAMERA_TEXT = {"OLYMPUS DIGITAL CAMERA", "SONY DSC", "DIGITAL CAMERA", "DCIM", "DEFAULT"}
_IPTC = {"object_name": (2, 5), "byline": (2, 80), "headline": (2, 105), "credit": (2, 110),
         "copyright": (2, 116), "caption": (2, 120)}


@dataclass
class ImagesImport:
    imported: list[tuple[str, str]] = field(default_factory=list)  # (item id, source file)
    skipped: list[str] = field(default_factory=list)  # one line each: file and reason
    notes: list[str] = field(default_factory=list)  # imported, but worth a look
    lang: str = ""


@dataclass(frozen=True)
class Facts:
    """What the file says about itself."""

    title: str = ""
    caption: str = ""
    credit: str = ""


def import_images(source_dir: Path, content_dir: Path, lang: str | None = None) -> ImagesImport:
    """One image item per JPEG/PNG in `source_dir` (not its subfolders), each written whole.

    Other files and unreadable images are skipped with a reason; a file already imported
    (same id, same bytes) is skipped too, so running the import again is harmless.
    """
    source_dir, content_dir = Path(source_dir), Path(content_dir)
    if not source_dir.is_dir():
        raise ImportProblem(f"{source_dir}: no such folder")
    result = ImagesImport(lang=check_lang(lang) if lang else _default_language(content_dir))
    items_dir = content_dir / "items"
    taken = {p.name for p in items_dir.iterdir()} if items_dir.is_dir() else set()
    for path in sorted(source_dir.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        ext = EXTENSIONS.get(path.suffix.lower())
        if ext is None:
            result.skipped.append(f"{path.name}: not a JPEG or PNG file")
            continue
        try:
            info = probe_image(path)
        except ImageProblem as exc:
            result.skipped.append(f"{path.name}: {exc}")
            continue
        result.notes.extend(info.notes)
        base = slugify(path.stem)
        previous = _already_imported(items_dir, base, path, ext)
        if previous:
            result.skipped.append(f"{path.name}: already imported as items/{previous}")
            continue
        item_id = _unique(base, taken)
        facts = read_facts(path)
        with staged_item(content_dir, item_id) as folder:
            shutil.copyfile(path, folder / f"{item_id}{ext}")
            item = {"kind": "image", "file": f"{item_id}{ext}",
                    "credit": facts.credit or TODO_CREDIT, "licence": TODO_LICENCE}
            (folder / "item.yaml").write_text(
                yaml_text(item, f"Imported by `kiosk import images` from {path.name}"),
                encoding="utf-8")
            fields = {"title": facts.title or path.stem}
            if facts.caption and facts.caption != fields["title"]:
                fields["caption"] = facts.caption
            (folder / f"{result.lang}.md").write_text(front_matter(fields), encoding="utf-8")
        taken.add(item_id)
        result.imported.append((item_id, path.name))
    return result


def read_facts(path: Path) -> Facts:
    """Title, caption and credit from IPTC (preferred: written by people) and EXIF.

    Damaged metadata never stops an import: whatever cannot be read is simply absent.
    """
    exif: dict = {}
    iptc: dict = {}
    try:
        with Image.open(path) as image:
            exif = dict(image.getexif())
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # noqa: BLE001 - metadata is optional; the image itself was probed
        pass

    def iptc_text(key: str) -> str:
        return _text(iptc.get(_IPTC[key]))

    description = _text(exif.get(_EXIF_DESCRIPTION))
    if description.upper() in _CAMERA_TEXT:  # what some cameras write there by themselves
        description = ""
    creator = iptc_text("byline") or _text(exif.get(_EXIF_ARTIST))
    parts = [creator, iptc_text("credit"),
             iptc_text("copyright") or _text(exif.get(_EXIF_COPYRIGHT))]
    credit = "; ".join(dict.fromkeys(p for p in parts if p))  # in order, without repeats
    return Facts(title=iptc_text("headline") or iptc_text("object_name") or description,
                 caption=iptc_text("caption") or description, credit=credit)


def _text(value) -> str:
    """EXIF and IPTC values as one clean line: UTF-8 where it is (else Latin-1), lists joined."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(filter(None, (_text(v) for v in value)))
    if isinstance(value, str):  # Pillow reads EXIF ASCII as Latin-1; tools write UTF-8 there
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError:
            pass
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    return " ".join(str(value).replace("\x00", " ").split())


def _default_language(content_dir: Path) -> str:
    try:
        site = yaml.safe_load((content_dir / "site.yaml").read_text(encoding="utf-8")) or {}
        return check_lang(str(site["default_language"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ImportProblem):
        raise ImportProblem(f"give --lang: {content_dir}/site.yaml has no default_language") from None


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _already_imported(items_dir: Path, base: str, path: Path, ext: str) -> str | None:
    """The id under which this very file was imported before (base, base-2, ...), if any."""
    data = None
    for n in range(1, 1000):
        item_id = base if n == 1 else f"{base}-{n}"
        existing = items_dir / item_id / f"{item_id}{ext}"
        if not (items_dir / item_id).is_dir():
            return None
        try:
            if existing.stat().st_size == path.stat().st_size:
                data = path.read_bytes() if data is None else data
                if existing.read_bytes() == data:
                    return item_id
        except OSError:
            continue
    return None
