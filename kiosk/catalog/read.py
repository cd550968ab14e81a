"""The one way the kiosk's UI reads the catalog.

Screens call these methods and get immutable views (`kiosk.catalog.views`); no SQL, table
names or media paths leak past this module. The catalog is opened read-only and immutable:
a new edition is a new file, switched to at an idle reset (see docs/catalog.md).
"""

from __future__ import annotations

import json
import sqlite3
from functools import cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError

from kiosk.catalog import integrity
from kiosk.catalog.schema import SCHEMA_VERSION, media_dir_for
from kiosk.catalog.views import (
    Block,
    DocumentView,
    Highlight,
    ImageView,
    ItemSummary,
    KeyDate,
    Narration,
    PageView,
    SearchHit,
    SectionView,
    SiteInfo,
    SiteLook,
    Source,
    TreatyView,
    ZoomView,
)
from kiosk.search import query as search_query


class CatalogError(Exception):
    """The catalog file is missing, not a catalog, or damaged."""


class Catalog:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise CatalogError(f"no catalog at {self.path}; build one with 'kiosk build'")
        problem = integrity.file_problem(self.path)
        if problem:
            raise CatalogError(f"{self.path} {problem}; install or build it again")
        try:
            self._db = integrity.connect_read_only(self.path)
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
            version = dict(rows).get("schema_version")
            if version != str(SCHEMA_VERSION):
                self._db.close()
                raise CatalogError(f"{self.path} has schema {version}, "
                                   f"this kiosk reads {SCHEMA_VERSION}: rebuild it")
            problem = integrity.structure_problem(self._db)
            if problem:
                self._db.close()
                raise CatalogError(f"{self.path} {problem}; install or build it again")
            self._meta = {k: json.loads(v) for k, v in rows}
        except sqlite3.DatabaseError as exc:
            raise CatalogError(f"{self.path} is not a readable catalog: {exc}") from None
        self._media = media_dir_for(self.path)

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, *params) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise CatalogError(f"{self.path} is damaged: {exc}") from None

    # The site --------------------------------------------------------------------------
    @cached_property
    def site(self) -> SiteInfo:
        m = self._meta
        return SiteInfo(m["site_title"], tuple(m["languages"]), m["default_language"],
                        int(m["idle_timeout_seconds"]), int(m["edition"]), m["built_at"])

    def site_title(self, lang: str) -> str:
        titles = self.site.title
        return titles.get(lang) or titles.get(self.site.default_language) or next(iter(titles.values()), "")

    def language_name(self, tag: str) -> str:
        """The language's own name in its own script ("Tiếng Việt", "ខ្មែរ")."""
        override = self._meta.get("language_names", {}).get(tag)
        if override:
            return override
        try:
            locale = Locale.parse(tag.replace("-", "_"))
            name = locale.get_display_name(locale)
        except (ValueError, UnknownLocaleError):
            return tag
        return (name[:1].upper() + name[1:]) if name else tag

    def content_languages(self) -> list[str]:
        return list(self._meta.get("content_languages", []))

    def stats(self) -> dict:
        """Counts for `kiosk info` and the staff panel."""
        kinds = dict(self._rows("SELECT kind, count(*) FROM items GROUP BY kind"))
        return {
            "items": kinds,
            "languages": self.content_languages(),
            "pages": self._rows("SELECT count(*) FROM pages")[0][0],
            "images": self._rows("SELECT count(*) FROM media")[0][0],
            "recordings": self._rows("SELECT count(*) FROM audio")[0][0],
            "edition": self.site.edition,
            "built_at": self.site.built_at,
        }

    # Items ----------------------------------------------------------------------------
    def _translation(self, item_id: str, lang: str) -> tuple[str, str, dict, tuple[Block, ...]]:
        """(lang shown, title, fields, blocks), falling back when `lang` is missing."""
        rows = {r[0]: r[1:] for r in self._rows(
            "SELECT lang, title, fields, blocks FROM translations WHERE item_id = ?", item_id)}
        if not rows:
            raise CatalogError(f"no item '{item_id}' in the catalog")
        shown = self._pick_language(list(rows), lang)
        title, fields, blocks = rows[shown]
        return shown, title, json.loads(fields), _blocks(blocks)

    def _pick_language(self, available: list[str], wanted: str) -> str:
        base = wanted.split("-")[0]
        for candidate in (wanted, *[a for a in available if a.split("-")[0] == base],
                          self.site.default_language, "en"):
            if candidate in available:
                return candidate
        return sorted(available)[0]

    def available_languages(self, item_id: str) -> tuple[str, ...]:
        return tuple(r[0] for r in self._rows(
            "SELECT lang FROM translations WHERE item_id = ? ORDER BY lang", item_id))

    def _item_row(self, item_id: str) -> tuple[str, dict]:
        rows = self._rows("SELECT kind, data FROM items WHERE id = ?", item_id)
        if not rows:
            raise CatalogError(f"no item '{item_id}' in the catalog")
        return rows[0][0], json.loads(rows[0][1])

    def item_kind(self, item_id: str) -> str:
        return self._item_row(item_id)[0]

    def _summary(self, item_id: str, lang: str) -> ItemSummary:
        kind, data = self._item_row(item_id)
        shown, title, _, _ = self._translation(item_id, lang)
        subtitle = ""
        if kind == "treaty":
            subtitle = f"{data.get('abbreviation', '')} · {str(data.get('adopted', ''))[:4]}"
        return ItemSummary(item_id, kind, title, shown, lang, subtitle, self._thumbnail(item_id, kind, data))

    def _thumbnail(self, item_id: str, kind: str, data: dict) -> str | None:
        from kiosk.catalog.pictures import picture_files

        files = picture_files(self, item_id, kind, data)
        return str(self._media / files[1]) if files else None

    def thumbnail(self, item_id: str) -> str | None:
        """The small picture that stands for an item (its tile's), or None."""
        kind, data = self._item_row(item_id)
        return self._thumbnail(item_id, kind, data)

    def _media_path(self, media_id: str, size: str) -> str | None:
        rows = self._rows(f"SELECT {'thumbnail' if size == 'thumbnail' else 'display'} "
                          "FROM media WHERE id = ?", media_id)
        return str(self._media / rows[0][0]) if rows else None

    def _zoom(self, media_id: str | None) -> ZoomView | None:
        if not media_id:
            return None
        rows = self._rows("SELECT dzi, full_width, full_height, tile_size, levels FROM media "
                          "WHERE id = ? AND dzi IS NOT NULL", media_id)
        if not rows:
            return None
        dzi, width, height, tile_size, levels = rows[0]
        return ZoomView(str(self._media / dzi), width, height, tile_size, levels)

    def _narration(self, audio_id: str | None, lang: str,
                   transcript: tuple[Block, ...]) -> Narration | None:
        if not audio_id:
            return None
        rows = self._rows("SELECT file, duration_s, mime FROM audio WHERE id = ?", audio_id)
        if not rows:
            return None
        file, duration, mime = rows[0]
        return Narration(str(self._media / file), float(duration), lang, transcript, mime)

    def _item_narration(self, item_id: str, lang: str) -> Narration | None:
        """The recording of the item's translation in `lang` (the language shown), if any."""
        rows = self._rows("SELECT audio_id, transcript FROM translations "
                          "WHERE item_id = ? AND lang = ? AND audio_id IS NOT NULL", item_id, lang)
        if not rows:
            return None
        return self._narration(rows[0][0], lang, _blocks(rows[0][1] or "[]"))

    def _qr(self, data: dict, lang: str = "") -> str | None:
        page = self._page_qr(data, lang)
        if page:
            return str(self._media / page[1])
        return str(self._media / data["qr"]) if data.get("qr") else None

    def _url(self, data: dict, lang: str = "") -> str:
        """The item's page on the exported site in the visitor's language, else its `url`."""
        page = self._page_qr(data, lang)
        return page[0] if page else data.get("url", "")

    @staticmethod
    def _page_qr(data: dict, lang: str) -> list | None:
        pages = data.get("page_qr") or {}
        return pages.get(lang) or pages.get(lang.split("-")[0]) if pages else None

    def sections(self, lang: str) -> list[ItemSummary]:
        """Sections for the home screen, in curator order."""
        ids = [r[0] for r in self._rows(
            "SELECT id FROM items WHERE kind = 'section' ORDER BY coalesce(position, 1e9), id")]
        return [self._summary(i, lang) for i in ids]

    def section(self, section_id: str, lang: str) -> SectionView:
        shown, title, _, blocks = self._translation(section_id, lang)
        return SectionView(section_id, title, shown, lang, blocks)

    def section_items(self, section_id: str, lang: str) -> list[ItemSummary]:
        ids = [r[0] for r in self._rows(
            "SELECT item_id FROM section_items WHERE section_id = ? ORDER BY position", section_id)]
        return [self._summary(i, lang) for i in ids]

    def treaty(self, item_id: str, lang: str) -> TreatyView:
        kind, data = self._item_row(item_id)
        shown, title, fields, blocks = self._translation(item_id, lang)
        vn = data.get("viet_nam") or {}
        action = vn.get("action", "none")
        dates = [KeyDate("adopted", data.get("adopted")),
                 KeyDate("entry_into_force", data.get("entry_into_force")),
                 KeyDate("vn_signed", vn.get("signed")),
                 KeyDate(f"vn_{action}", vn.get("date")),
                 KeyDate("vn_in_force", vn.get("in_force"))]
        return TreatyView(
            id=item_id, title=title, lang=shown, requested_lang=lang,
            abbreviation=data.get("abbreviation", ""), summary=blocks,
            key_dates=tuple(d for d in dates if d.date),
            resolution=str(data.get("resolution", "")), articles=data.get("articles"),
            monitoring_body=fields.get("monitoring_body") or data.get("monitoring_body", ""),
            viet_nam_action=action,
            sources=tuple(Source(s.get("title", ""), s.get("url", "")) for s in data.get("sources", [])),
            available_languages=self.available_languages(item_id), url=self._url(data, lang),
            easy_read=tuple(Block(**b) for b in fields.get("easy_read", [])), qr=self._qr(data, lang),
            narration=self._item_narration(item_id, shown))

    def treaties(self, lang: str) -> list[TreatyView]:
        """Every treaty in the catalog, oldest adoption first (for the timeline)."""
        ids = [r[0] for r in self._rows("SELECT id FROM items WHERE kind = 'treaty' ORDER BY id")]
        views = [self.treaty(i, lang) for i in ids]
        return sorted(views, key=lambda v: (_date_of(v, "adopted"), v.id))

    def document(self, item_id: str, lang: str) -> DocumentView:
        kind, data = self._item_row(item_id)
        shown, title, fields, intro = self._translation(item_id, lang)
        texts = {r[0]: (r[1], _blocks(r[2]), r[3]) for r in self._rows(
            "SELECT page_index, title, blocks, audio_id FROM page_texts "
            "WHERE item_id = ? AND lang = ?", item_id, shown)}
        pages = []
        for index, page_id, media_id in self._rows(
                "SELECT page_index, page_id, media_id FROM pages WHERE item_id = ? ORDER BY page_index",
                item_id):
            page_title, blocks, audio_id = texts.get(index, ("", (), None))
            pages.append(PageView(index, page_id, page_title, blocks,
                                  self._media_path(media_id, "display") if media_id else None,
                                  self._media_path(media_id, "thumbnail") if media_id else None,
                                  self._zoom(media_id), self._narration(audio_id, shown, blocks)))
        source = data.get("source")
        return DocumentView(
            id=item_id, title=title, lang=shown, requested_lang=lang,
            direction=fields.get("direction", "ltr"), script=fields.get("script", "Latn"),
            introduction=intro, pages=tuple(pages), credit=data.get("credit", ""),
            source=Source(source.get("title", ""), source.get("url", "")) if source else None,
            available_languages=self.available_languages(item_id), url=self._url(data, lang),
            qr=self._qr(data, lang), narration=self._item_narration(item_id, shown))

    def image(self, item_id: str, lang: str) -> ImageView:
        kind, data = self._item_row(item_id)
        shown, title, fields, blocks = self._translation(item_id, lang)
        media = self._rows("SELECT display, width, height FROM media WHERE id = ?", data.get("media_id"))
        if not media:
            raise CatalogError(f"image item '{item_id}' has no media")
        display, width, height = media[0]
        return ImageView(
            id=item_id, title=title, lang=shown, requested_lang=lang,
            image=str(self._media / display), alt=fields.get("alt", ""),
            caption=fields.get("caption", ""), credit=data.get("credit", ""),
            licence=data.get("licence", ""), description=blocks,
            available_languages=self.available_languages(item_id), width=width, height=height,
            content_warning=fields.get("content_warning", ""),
            zoom=self._zoom(data.get("media_id")), url=self._url(data, lang), qr=self._qr(data, lang),
            narration=self._item_narration(item_id, shown))

    def film(self, item_id: str, lang: str):
        """A film with its captions, descriptions, transcript and sign tracks (read_film.py)."""
        from kiosk.catalog.read_film import film_view

        return film_view(self, item_id, lang)

    def film_access(self) -> list[dict]:
        from kiosk.catalog.read_film import access_table

        return access_table(self)

    @cached_property
    def look(self) -> SiteLook:
        """The museum's logo and colours (site.yaml `look:`); empty for the kiosk's own."""
        look = self._meta.get("look") or {}
        logo = look.get("logo_media_id")
        return SiteLook(self._media_path(logo, "display") if logo else None,
                        dict(look.get("logo_alt") or {}), dict(look.get("accent") or {}),
                        dict(look.get("accent_2") or {}))

    def highlights(self, lang: str) -> list[Highlight]:
        """What the attract loop shows, in order (site.yaml `attract:`, else chosen here)."""
        from kiosk.catalog import highlights

        found = (highlights.highlight(self, i, lang) for i in highlights.highlight_ids(self))
        return [h for h in found if h is not None]

    def search(self, query: str, lang: str, limit: int = 20) -> list[SearchHit]:
        """Ranked hits across languages, the visitor's language first among equals."""
        try:
            return search_query.search(self._db, query, lang, limit)
        except sqlite3.DatabaseError as exc:
            raise CatalogError(f"{self.path}: search failed, the catalog is damaged ({exc}); "
                               "install or build it again") from None


def _blocks(raw: str) -> tuple[Block, ...]:
    return tuple(Block(**b) for b in json.loads(raw))


def _date_of(view: TreatyView, label_key: str) -> str:
    return next((d.date for d in view.key_dates if d.label_key == label_key), "9999")
