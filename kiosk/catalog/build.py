"""Compiling a checked exhibition into one SQLite catalog, atomically.

The catalog is written to a temporary file beside the target and renamed into place only when
complete, so a failed or interrupted build never leaves a half catalog and the kiosk keeps the
previous one. Media are content-addressed (named by the hash of their source), which makes
rebuilds incremental and lets the old catalog keep working until the rename.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from kiosk.catalog.film import FilmBuildError, film_data, film_files
from kiosk.catalog.reuse import Fingerprints, PreviousCatalog, RememberedChecks
from kiosk.catalog.schema import SCHEMA_VERSION, create_tables, media_dir_for
from kiosk.catalog.site_look import look_meta
from kiosk.catalog.views import Block
from kiosk.content.checks import check_exhibition
from kiosk.content.markdown import (
    first_heading,
    markdown_blocks,
    plain_text,
    split_easy_read,
    split_pages,
)
from kiosk.content.model import Exhibition, Item
from kiosk.content.narration import (
    NARRATED_KINDS,
    NARRATION_KEYS,
    PAGE_KEY,
    item_recording,
    item_transcript,
    page_recordings,
)
from kiosk.content.problems import Problem
from kiosk.export.pages import page_addresses
from kiosk.media.audio import AudioProblem, probe_audio
from kiosk.media.images import DISPLAY_MAX, THUMB_MAX, ImageProblem, derive_image, probe_image
from kiosk.media.qr import qr_png
from kiosk.media.tiles import make_pyramid
from kiosk.search.index import SearchDoc, search_doc, write_search_index
from kiosk.text.scripts import direction as script_direction
from kiosk.text.scripts import dominant_script

Progress = Callable[[int, int, str], None]


class BuildError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} error(s) in the content")
        self.problems = problems


@dataclass
class BuildResult:
    catalog: Path
    items: int
    languages: list[str]
    media_written: int = 0
    media_reused: int = 0
    items_reused: int = 0
    items_checked: int = 0  # whose problems were found afresh, not recalled (kiosk/catalog/reuse.py)
    search_rows_indexed: int = 0  # afresh, not copied with the previous catalog's index
    warnings: list[Problem] = field(default_factory=list)


def build_catalog(content_dir: Path, out: Path, edition: int | None = None,
                  progress: Progress | None = None) -> BuildResult:
    """Check `content_dir` and compile it to `out`; raise `BuildError` listing any errors.

    What the catalog at `out` already holds for items whose files have not changed (their
    rows, search index and problems) is copied rather than made again (kiosk/catalog/reuse.py)."""
    out = Path(out).resolve()
    previous = PreviousCatalog(out, media_dir_for(out))
    try:
        fingerprints = Fingerprints()
        checks = RememberedChecks(previous, fingerprints)
        exhibition, problems = check_exhibition(Path(content_dir), checks)
        if exhibition is None or problems.errors:
            raise BuildError(problems.errors)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            result = _write(exhibition, tmp, out, edition, progress,
                            _Earlier(previous, fingerprints, checks.kept))
            result.warnings = problems.warnings
            result.items_checked = checks.checked
            previous.close()
            _fsync(tmp)
            os.replace(tmp, out)
            _fsync_dir(out.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        previous.close()
    _prune_media(out)
    return result


@dataclass
class _Earlier:
    """What an incremental build takes from before: the previous catalog, the items'
    fingerprints, and each item's problems (found or recalled by the checks)."""

    catalog: PreviousCatalog
    fingerprints: Fingerprints
    checks: dict[str, tuple[str, str]]


def _write(exhibition: Exhibition, tmp: Path, out: Path, edition, progress,
           earlier: _Earlier) -> BuildResult:
    tmp.unlink()
    db = sqlite_utils.Database(tmp)
    db.execute("PRAGMA page_size = 8192")
    db.execute("PRAGMA journal_mode = DELETE")
    create_tables(db)
    site = exhibition.site
    rows = _Rows()
    media = _MediaWriter(media_dir_for(out), rows)
    previous = earlier.catalog
    docs: list[SearchDoc] = []
    reused = 0
    items = sorted(exhibition.items.values(), key=lambda i: i.id)
    for number, item in enumerate(items, start=1):
        if progress:
            progress(number, len(items), item.id)
        item_fingerprint = _with_site_address(earlier.fingerprints[item.folder], exhibition)
        copied = previous.copy_item(item.id, rows) if previous.has(item.id, item_fingerprint) else None
        if copied is not None:
            docs.extend(copied)
            reused += 1
            continue
        docs.extend(_item_rows(rows, item, exhibition, media, item_fingerprint))
    rows["item_checks"] = [{"item_id": item.id, "key": earlier.checks[item.id][0],
                            "problems": earlier.checks[item.id][1]}
                           for item in items if item.id in earlier.checks]
    look = look_meta(site, media)  # its logo is media: before the media rows are written
    with db.conn:  # one transaction: per-row commits made a 1,000-title build take minutes
        for table in ("items", "audio", "translations", "section_items", "media", "pages",
                      "page_texts", "item_checks"):
            _insert(db, table, rows[table], first_wins=(table in ("media", "audio")))
    languages = sorted({lang for item in items for lang in item.translations})
    meta = {
        "schema_version": SCHEMA_VERSION,
        "edition": edition if edition is not None else site.edition,
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "site_title": site.title,
        "languages": site.languages,
        "default_language": site.default_language,
        "idle_timeout_seconds": site.idle_timeout_seconds,
        "language_names": site.language_names,
        "public_address": site.public_address,
        "attract": site.attract,
        "look": look,
        "content_languages": languages,
        "media_dir": media.folder.name,
    }
    db["meta"].insert_all(({"key": k, "value": json.dumps(v, ensure_ascii=False)}
                           for k, v in meta.items()), pk="key")
    db.conn.commit()
    db.close()
    indexed = write_search_index(tmp, docs, previous.connection)
    return BuildResult(out, len(items), languages, media.written, media.reused, reused,
                       search_rows_indexed=indexed)


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict], first_wins: bool) -> None:
    """Plain executemany: the rows are ready (JSON already encoded), and sqlite-utils' per-row
    conversions took a second of a 1,000-title rebuild. Media and recordings are named by
    their bytes, so two items may bring the same one: the first item's row is kept, whichever
    of them was copied from the previous catalog, as a build from scratch keeps it."""
    columns = list(db[table].columns_dict)
    verb = "INSERT OR IGNORE" if first_wins else "INSERT"
    db.conn.executemany(
        f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})",
        ([row.get(c) for c in columns] for row in rows))


def _add_qr_codes(data: dict, item: Item, exhibition: Exhibition, media: _MediaWriter) -> None:
    """The item's `url` as a QR code and, with a site address, one code per language leading
    to the item's exported page in that language (kiosk/export/pages.py lays them out)."""
    if isinstance(item.meta.get("url"), str):
        data["qr"] = media.add_qr(item.meta["url"])
    if exhibition.site.public_address:
        data["page_qr"] = {lang: [url, media.add_qr(url)] for lang, url in page_addresses(
            exhibition.site.public_address, item.id, exhibition.site.languages,
            item.translations).items()}


def _with_site_address(fingerprint: str, exhibition: Exhibition) -> str:
    """An item's QR codes lead to its exported page: a new site address rebuilds them."""
    site = exhibition.site
    if not site.public_address:
        return fingerprint
    key = f"{fingerprint}|{site.public_address}|{','.join(site.languages)}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class _Rows(dict):
    """Rows per table, collected while reading items and inserted in one transaction."""

    def __missing__(self, table: str) -> list:
        self[table] = []
        return self[table]


def _item_rows(rows: _Rows, item: Item, exhibition: Exhibition, media: _MediaWriter,
               item_fingerprint: str) -> list[SearchDoc]:
    meta = item.meta
    data = {k: _jsonable(v) for k, v in meta.items() if k not in ("kind", "order", "items", "pages", "qr")}
    position = meta.get("order") if isinstance(meta.get("order"), int) else None
    data = _with_media(item, data, media)
    if isinstance(meta.get("url"), str) or meta.get("qr") == "page":
        _add_qr_codes(data, item, exhibition, media)
    rows["items"].append({"id": item.id, "kind": item.kind, "position": position,
                          "data": json.dumps(data, ensure_ascii=False),
                          "source_path": str(item.folder.relative_to(exhibition.root)),
                          "fingerprint": item_fingerprint})
    if item.kind == "section":
        rows["section_items"].extend(
            {"section_id": item.id, "item_id": str(member), "position": n}
            for n, member in enumerate(meta["items"]))
    page_ids: list[str] = []
    if item.kind == "document":
        for index, page in enumerate(meta["pages"]):
            page_ids.append(page["id"])
            media_id = media.add(item.folder / page["image"]) if page.get("image") else None
            rows["pages"].append({"item_id": item.id, "page_index": index,
                                  "page_id": page["id"], "media_id": media_id})
    docs = []
    narrated = item.kind in NARRATED_KINDS
    for lang, translation in sorted(item.translations.items()):
        fields = {k: _jsonable(v) for k, v in translation.front.items()
                  if k != "title" and not (narrated and k in NARRATION_KEYS | {PAGE_KEY})}
        body = translation.body
        searchable_pages: list[tuple[int, str, str]] = []
        if item.kind == "document":
            intro, page_texts = split_pages(body, translation.body_line)
            body = intro
            recordings = page_recordings(translation)
            page_blocks = [markdown_blocks(page_text.text) for page_text in page_texts]
            for page_text, blocks in zip(page_texts, page_blocks, strict=True):
                index = page_ids.index(page_text.page_id)
                recording = recordings.get(page_text.page_id)
                rows["page_texts"].append({
                    "item_id": item.id, "page_index": index, "lang": lang,
                    "title": first_heading(blocks),
                    "blocks": json.dumps(_dicts(blocks), ensure_ascii=False),
                    "audio_id": media.add_audio(recording.path) if recording else None})
                searchable_pages.append((index, first_heading(blocks), plain_text(blocks)))
            all_text = " ".join(plain_text(blocks) for blocks in page_blocks[:3])
            script = dominant_script(translation.title + " " + all_text)
            fields.setdefault("direction", script_direction(script))
            fields["script"] = script
        body, easy_read = split_easy_read(body)
        if easy_read:
            fields["easy_read"] = _dicts(markdown_blocks(easy_read))
        blocks = markdown_blocks(body)
        recording = item_recording(translation) if narrated else None
        transcript = markdown_blocks(item_transcript(item, translation)) if recording else None
        rows["translations"].append({
            "item_id": item.id, "lang": lang, "title": translation.title,
            "fields": json.dumps(fields, ensure_ascii=False),
            "blocks": json.dumps(_dicts(blocks), ensure_ascii=False),
            "audio_id": media.add_audio(recording.path) if recording else None,
            "transcript": json.dumps(_dicts(transcript), ensure_ascii=False)
            if transcript is not None else None})
        if item.kind != "section":
            extra = " ".join(str(v) for k, v in fields.items() if k in ("alt", "caption"))
            title = translation.title
            if meta.get("abbreviation"):
                title = f"{meta['abbreviation']} — {title}"
            intro = "\n".join(filter(None, [plain_text(blocks), extra]))
            docs.append(search_doc(item.id, item.kind, lang, title, intro,
                                   sorted(searchable_pages)))
    return docs


def _with_media(item: Item, data: dict, media: _MediaWriter) -> dict:
    """The item's data with its picture's media id, or a film's media and tracks."""
    if item.kind == "image":
        return {**data, "media_id": media.add(item.folder / item.meta["file"])}
    if item.kind != "video":
        return data
    try:
        return {"film": film_data(item, media.folder), "credit": item.meta.get("credit", ""),
                "licence": item.meta.get("licence", "")}
    except FilmBuildError as exc:
        raise BuildError([exc.problem]) from None


def _dicts(blocks: list[Block]) -> list[dict]:
    """`dataclasses.asdict` for a flat dataclass, without its deep copies: a tenth of the
    time, on tens of thousands of blocks."""
    return [dict(vars(block)) for block in blocks]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _MediaWriter:
    """Derives display-size and thumbnail images and copies recordings, each named by the
    hash of its source."""

    def __init__(self, folder: Path, rows: _Rows):
        self.folder = folder
        self.rows = rows
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written = self.reused = 0
        self._done: set[str] = set()
        self._audio_done: set[str] = set()

    def add_qr(self, url: str) -> str:
        """A QR code of the item's public address, for visitors to take it with them."""
        name = f"qr-{hashlib.sha256(url.encode()).hexdigest()[:24]}.png"
        target = self.folder / name
        if not target.exists():
            partial = target.with_name(f".{name}.partial.png")
            qr_png(url, partial)
            os.replace(partial, target)
            self.written += 1
        return name

    def add_audio(self, source: Path) -> str:
        """Copy a recording in, named by the hash of its bytes; its id (the hash)."""
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:24]
        if digest in self._audio_done:
            return digest
        try:
            info = probe_audio(source)
        except AudioProblem as exc:  # the file changed since it was checked
            raise BuildError([Problem(str(source), 1, "error", str(exc),
                                      "run kiosk check again")]) from None
        name = f"{digest}-audio.{info.format}"
        target = self.folder / name
        if target.exists():
            self.reused += 1
        else:
            partial = target.with_name(f".{name}.partial")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
            self.written += 1
        self.rows["audio"].append({"id": digest, "file": name, "mime": info.mime,
                                   "duration_s": info.duration_s, "source_name": source.name})
        self._audio_done.add(digest)
        return digest

    def add(self, source: Path) -> str:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:24]
        if digest in self._done:
            return digest
        try:
            return self._derive(source, digest)
        except ImageProblem as exc:  # the file changed since it was checked
            raise BuildError([Problem(str(source), 1, "error", str(exc),
                                      "run kiosk check again")]) from None

    def _derive(self, source: Path, digest: str) -> str:
        info = probe_image(source, allow_large=True)
        ext = ".jpg" if info.mime == "image/jpeg" else ".png"
        display, thumb = f"{digest}-display{ext}", f"{digest}-thumb.jpg"
        sizes = {}
        for name, limit in ((display, DISPLAY_MAX), (thumb, THUMB_MAX)):
            target = self.folder / name
            if target.exists():
                self.reused += 1
            else:
                partial = target.with_name(f".{name}.partial")
                derive_image(source, partial, limit, allow_large=True)
                os.replace(partial, target)
                self.written += 1
            sizes[name] = target
        zoom = {}
        if max(info.width, info.height) > DISPLAY_MAX:  # a scan worth zooming into
            pyramid = make_pyramid(source, self.folder / f"{digest}-dzi", name="image")
            zoom = {"dzi": str(pyramid.path_of_dzi.relative_to(self.folder)),
                    "full_width": pyramid.width, "full_height": pyramid.height,
                    "tile_size": pyramid.tile_size, "levels": pyramid.levels}
        from PIL import Image  # measured after writing: EXIF rotation may swap sides

        with Image.open(sizes[display]) as image:
            width, height = image.size
        self.rows["media"].append({"id": digest, "display": display, "thumbnail": thumb,
                                   "width": width, "height": height, "mime": info.mime,
                                   "source_name": source.name, **zoom})
        self._done.add(digest)
        return digest


def _prune_media(catalog: Path) -> None:
    """Remove media files no longer referenced by the catalog just installed."""
    folder = media_dir_for(catalog)
    db = sqlite_utils.Database(catalog)
    try:
        keep = {name for row in db["media"].rows for name in (row["display"], row["thumbnail"])}
        keep |= {row["dzi"].split("/")[0] for row in db["media"].rows if row["dzi"]}
        for row in db["items"].rows:
            data = json.loads(row["data"])
            keep |= {data.get("qr"), *(png for _url, png in (data.get("page_qr") or {}).values())}
        keep |= {name for row in db["items"].rows for name in film_files(json.loads(row["data"]))}
        keep |= {row["file"] for row in db["audio"].rows}
    finally:
        db.close()
    for path in folder.iterdir():
        if path.name in keep:
            continue
        if path.is_dir() and path.name.endswith("-dzi"):
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file():
            path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
