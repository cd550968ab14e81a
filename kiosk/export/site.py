"""`kiosk export site`: the edition as a static website, written incrementally.

A page is rendered only when its inputs changed since the last export into the folder
(render_cache.py: the views it shows, the edition's settings, the code), and a file is written
only when its bytes differ from the file already there (`.export-manifest.json` records each
file's SHA-256): after a one-item change only that item's pages and the pages that list it are
rendered, and only those whose bytes changed are rewritten, with the search index, so a sync to
a web host or USB stick copies little. Files the new edition no longer has are removed. Links are relative, so the folder works from a USB stick (file://) and from
any static host; nothing is fetched from elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from html import unescape
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from PIL import Image

from kiosk.catalog.read import Catalog
from kiosk.export import pages as site_pages
from kiosk.export.film import data_address
from kiosk.export.render_cache import RenderCache, Rendered, edition_key, page_key
from kiosk.export.search_index import index_script, search_document
from kiosk.export.webfonts import bold_characters, build_fonts, family_stack, font_face_css
from kiosk.export.words import KEY_DATES, Words, interface_language, text_direction
from kiosk.ui.i18n import N_

MANIFEST = ".export-manifest.json"
STATIC = ("style.css", "search.js", "minisearch.js", "minisearch.LICENSE.txt")
PACKAGE = files("kiosk.export")


@dataclass
class ExportResult:
    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    pages: int = 0
    rendered: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.written) + self.unchanged


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(PACKAGE / "templates")),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["textdir"] = text_direction
    env.globals["date_label"] = lambda key: KEY_DATES.get(key, key)
    return env


class _Writer:
    """Writes a file only when its bytes changed; remembers every file of this export."""

    def __init__(self, out: Path):
        self.out = out
        self.result = ExportResult(out)
        try:
            self.old = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, str] = {}

    def write(self, rel: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        self.new[rel] = digest
        target = self.out / rel
        if self.old.get(rel) == digest and target.is_file():
            self.result.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.partial")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        self.result.written.append(rel)

    def keep(self, rel: str) -> bool:
        """An unrendered page keeps its file, if the file is still there as exported."""
        digest = self.old.get(rel)
        if digest is None or not (self.out / rel).is_file():
            return False
        self.new[rel] = digest
        self.result.unchanged += 1
        return True

    def copy(self, rel: str, source: Path) -> None:
        """Media are named by their content hash: same name, same bytes, nothing to do."""
        target = self.out / rel
        if rel in self.new:
            return
        self.new[rel] = "media"
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            self.result.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.result.written.append(rel)

    def finish(self) -> ExportResult:
        for rel in sorted(set(self.old) - set(self.new)):
            (self.out / rel).unlink(missing_ok=True)
            self.result.removed.append(rel)
        (self.out / MANIFEST).write_text(json.dumps(self.new, indent=0, sort_keys=True), encoding="utf-8")
        return self.result


class _Media:
    """Catalog media -> files under media/, with the sizes responsive images need."""

    def __init__(self, writer: _Writer):
        self.writer = writer
        self._sizes: dict[str, tuple[int, int]] = {}
        self.used: set[str] = set()  # by the page being rendered

    def add(self, path: str | None) -> str | None:
        if not path:
            return None
        source = Path(path)
        rel = f"media/{source.name}"
        self.writer.copy(rel, source)
        self.used.add(rel)
        return rel

    def keep(self, rels) -> None:
        """The media of a page not rendered again: still linked, so still in the folder."""
        for rel in rels:
            if rel not in self.writer.new:
                self.writer.new[rel] = "media"
                self.writer.result.unchanged += 1

    def size(self, path: str) -> tuple[int, int]:
        if path not in self._sizes:
            with Image.open(path) as image:
                self._sizes[path] = image.size
        return self._sizes[path]

    def picture(self, display: str | None, thumbnail: str | None, root: str) -> dict | None:
        if not display:
            return None
        width, height = self.size(display)
        src = root + self.add(display)
        srcset = ""
        if thumbnail and thumbnail != display:
            small = self.size(thumbnail)[0]
            if small < width:
                srcset = f"{root}{self.add(thumbnail)} {small}w, {src} {width}w"
        return {"src": src, "srcset": srcset, "width": width, "height": height}


def export_site(catalog: Catalog, out: Path) -> ExportResult:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out)
    media = _Media(writer)
    env = environment()
    cache = RenderCache(out)
    edition = edition_key(catalog._meta)  # noqa: SLF001 - the settings pages show
    media_dir = str(catalog._media) + os.sep  # noqa: SLF001
    chars: set[str] = set()
    bold: set[str] = set()
    docs: list[str] = []
    for page in site_pages.collect(catalog):
        key = page_key(edition, page.path, page.template, page.context, media_dir)
        done = cache.get(page.path, key)
        if done is not None and writer.keep(page.path):
            media.keep(done.media)
        else:
            media.used = set()
            html = _render(env, catalog, page, media)
            writer.write(page.path, html.encode("utf-8"))
            writer.result.rendered.append(page.path)
            found = json.dumps(_search_documents(page), ensure_ascii=False, separators=(",", ":"))
            done = Rendered(key, "".join(sorted(set(unescape(html)))), bold_characters(html), found[1:-1],
                            tuple(sorted(media.used)))
            cache.put(page.path, done)
        chars.update(done.chars)
        bold.update(done.bold)
        if done.docs:
            docs.append(done.docs)
        writer.result.pages += 1
    fonts = build_fonts("".join(sorted(chars)), out, bold="".join(sorted(bold)))
    for font in fonts:  # named by their characters (webfonts.py): a new name is a new file
        writer.new[font.file] = "font"
        if font.file not in writer.old:
            writer.result.written.append(font.file)
        else:
            writer.result.unchanged += 1
    writer.write("fonts.css", (font_face_css(fonts) + f"\n:root {{ --fonts: {family_stack(fonts)}; }}\n").encode())
    writer.write("search/index.js", index_script(docs).encode("utf-8"))
    for name in STATIC:
        writer.write(name, (PACKAGE / "static" / name).read_bytes())
    result = writer.finish()
    cache.save()
    return result


def _search_documents(page: site_pages.Page) -> list[dict]:
    view = page.context.get("view")
    if view is None:
        return []
    url = "../" + page.path
    lang = getattr(view, "lang", page.lang)
    if page.template == "document.html":
        docs = [search_document(url, lang, view.title, _text(view.introduction))]
        for p in view.pages:
            docs.append(search_document(f"{url}#{p.page_id}", lang,
                                        f"{view.title}: {p.title}" if p.title else view.title,
                                        _text(p.text)))
        return docs
    body = [_text(getattr(view, name, ())) for name in ("summary", "easy_read", "description",
                                                        "introduction", "transcript")]
    extra = [getattr(view, name, "") for name in ("abbreviation", "caption", "alt")]
    return [search_document(url, lang, view.title, " ".join(extra + body))]


def _text(blocks) -> str:
    return " ".join(b.text for b in blocks)


def _render(env: Environment, catalog: Catalog, page: site_pages.Page, media: _Media) -> str:
    depth = page.path.count("/")
    root = "../" * depth
    lang = page.lang
    interface, others = site_pages.site_languages(catalog)
    has_site = lang in interface
    ui = lang if has_site else interface_language(lang)
    if ui not in interface:
        ui = catalog.site.default_language
    words = Words(lang)
    view = page.context.get("view")
    title_lang = lang if lang in catalog.site.title else catalog.site.default_language
    context = {
        "lang": lang, "dir": text_direction(catalog.language_name(lang)) if lang not in interface
        else "ltr", "_": words, "gettext": words.plain, "ui_lang": words.shown_lang, "root": root, "ui": ui, "has_site": has_site,
        "home": f"{root}{lang}/index.html" if depth else "index.html",
        "site_title": catalog.site_title(title_lang), "site_title_lang": title_lang,
        "edition": catalog.site.edition,
        "link": lambda item_id: f"{root}{lang}/{item_id}.html",
        "other": lambda v: _other(v, lang), "mark": lambda v: _mark(v, lang),
        "switch": _switch(catalog, page, root), "choose": [], "narr": None, "img": None,
        "pages": [], "film": None, "lang_name": catalog.language_name(lang), "lang_name_lang": lang,
        **page.context,
    }
    if page.template == "root.html":
        context["choose"] = [_lang_link(catalog, lg, f"{lg}/index.html") for lg in page.context["languages"]]
        context["switch"] = []
    if view is not None:
        context["page_title"] = view.title
        _media_context(context, view, media, root, words)
    else:
        context["page_title"] = {"timeline.html": words.plain(N_("Timeline")),
                                 "search.html": words.plain(N_("Search"))}.get(page.template,
                                                                           context["site_title"])
    return env.get_template(page.template).render(context)


def _media_context(context: dict, view, media: _Media, root: str, words: Words) -> None:
    narration = getattr(view, "narration", None)
    if narration:
        context["narr"] = {"src": root + media.add(narration.audio), "transcript": narration.transcript}
    if hasattr(view, "image") and isinstance(view.image, str):
        context["img"] = media.picture(view.image, None, root)
    if hasattr(view, "film"):
        context["film"] = {
            "src": root + media.add(view.film), "poster": root + media.add(view.poster),
            "described": root + media.add(view.described) if view.described else None,
            "sign": [(tag, root + media.add(path)) for tag, path in view.sign],
            "tracks": [{**t, "src": data_address(t["cues"])} for t in context["tracks"]]}
    if hasattr(view, "pages"):
        context["pages"] = [{
            "page": p, "img": media.picture(p.image, p.thumbnail, root),
            "alt": words.plain(N_("Page {number}"), number=p.index + 1) + (f": {p.title}" if p.title else ""),
            "narr": {"src": root + media.add(p.narration.audio)} if p.narration else None,
        } for p in view.pages]


def _other(view, page_lang: str) -> Markup:
    """lang/dir attributes for a view's text when it is not in the page's language."""
    if view.lang == page_lang:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(view.lang, text_direction(view.title))


def _mark(view, page_lang: str) -> tuple[str, str]:
    if view.lang == page_lang:
        return ("", "")
    return (view.lang, getattr(view, "direction", "") or text_direction(view.title))


def _lang_link(catalog: Catalog, lang: str, href: str, current: bool = False) -> dict:
    name = catalog.language_name(lang)
    return {"lang": lang, "href": href, "name": name, "dir": text_direction(name), "current": current}


def _switch(catalog: Catalog, page: site_pages.Page, root: str) -> list[dict]:
    """The same page in each language the site has it in."""
    view = page.context.get("view")
    interface, others = site_pages.site_languages(catalog)
    if view is None:
        langs = interface if page.lang in interface else [page.lang, *interface]
        name = page.path.split("/", 1)[1] if "/" in page.path else "index.html"
        return [_lang_link(catalog, lg, f"{root}{lg}/{name if lg in interface else 'index.html'}",
                           lg == page.lang) for lg in langs]
    item_id = view.id
    langs = list(interface) + [lg for lg in catalog.available_languages(item_id) if lg in others]
    return [_lang_link(catalog, lg, f"{root}{lg}/{item_id}.html", lg == page.lang) for lg in langs]
