"""`kiosk export epub`: the edition in one language as an EPUB 3 book, written with ebooklib.

The book holds every item that has a text in the language (or one chosen section or
document), one XHTML chapter each, rendered with the site's templates' words; a navigation
document; a page list pointing at each scanned page of a document; images with their alt text;
`xml:lang` on the book and on every run in another language; the subset fonts of the scripts
the book uses; and EPUB Accessibility 1.1 metadata. It makes no conformance claim
(dcterms:conformsTo): no test audits the chapters against WCAG yet (see `_accessibility`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ebooklib import epub
from markupsafe import escape

from kiosk.catalog.read import Catalog, CatalogError
from kiosk.export import pages as site_pages
from kiosk.export.webfonts import bold_characters, build_fonts, family_stack
from kiosk.export.words import KEY_DATES, Words, text_direction
from kiosk.ui.i18n import N_


class EpubError(Exception):
    """A book that cannot be made: an unknown language or item."""


def book_languages(catalog: Catalog, item_id: str | None = None) -> list[str]:
    if item_id:
        return list(catalog.available_languages(item_id))
    return list(dict.fromkeys([*catalog.site.languages, *catalog.content_languages()]))


def _items(catalog: Catalog, lang: str, item_id: str | None) -> list[tuple[str, str]]:
    everything = site_pages.item_ids(catalog)
    if item_id:
        chosen = [(i, k) for i, k in everything if i == item_id]
        if not chosen:
            raise EpubError(f"no item '{item_id}' in {catalog.path}")
        if chosen[0][1] == "section":
            members = [m.id for m in catalog.section_items(item_id, lang)]
            chosen += [(i, k) for i, k in everything if i in members]
        return chosen
    if lang in catalog.site.languages:
        return everything
    return [(i, k) for i, k in everything if lang in catalog.available_languages(i)]


def _attrs(view_lang: str, lang: str, text: str) -> str:
    if view_lang == lang:
        return ""
    return f' lang="{view_lang}" xml:lang="{view_lang}" dir="{text_direction(text)}"'


def _blocks(blocks, attrs: str = "") -> str:
    out = []
    for b in blocks:
        tag = f"h{min(b.level + 2, 6)}" if b.kind == "heading" else "p"
        prefix = "• " if b.kind == "list_item" else ""
        out.append(f"<{tag}{attrs}>{prefix}{escape(b.text)}</{tag}>")
    return "\n".join(out)


class _Book:
    def __init__(self, catalog: Catalog, lang: str):
        self.catalog, self.lang = catalog, lang
        self.words = Words(lang)
        self.book = epub.EpubBook()
        self.media: dict[str, str] = {}
        self.text: list[str] = []
        self.page_list: list[tuple[str, str]] = []
        self.alt_missing = False
        self.films = False
        self.captions_missing = False

    def image(self, path: str | None) -> str | None:
        if not path:
            return None
        if path not in self.media:
            name = f"images/{Path(path).name}"
            media_type = "image/png" if name.endswith(".png") else "image/jpeg"
            self.book.add_item(epub.EpubItem(uid=f"img{len(self.media)}", file_name=name,
                                             media_type=media_type, content=Path(path).read_bytes()))
            self.media[path] = name
        return self.media[path]

    def chapter(self, item_id: str, kind: str) -> epub.EpubHtml:
        view = site_pages.view_of(self.catalog, item_id, kind, self.lang)
        attrs = _attrs(view.lang, self.lang, view.title)
        body = [f"<h1{attrs}>{escape(view.title)}</h1>"]
        file_name = f"{item_id}.xhtml"
        if kind == "section":
            body.append(_blocks(view.introduction, attrs))
        elif kind == "treaty":
            body.append(_blocks(view.summary, attrs))
            if view.easy_read:
                body += [f"<h2>{self.words(N_('Easy Read'))}</h2>", _blocks(view.easy_read, attrs)]
            body.append("<ul>" + "".join(f"<li>{self.words.plain(KEY_DATES.get(d.label_key, d.label_key))}: {d.date}</li>"
                                         for d in view.key_dates) + "</ul>" if view.key_dates else "")
        elif kind == "image":
            src = self.image(view.image)
            if not view.alt:
                self.alt_missing = True
            body.append(f'<figure><img src="{src}" alt="{escape(view.alt)}"/>'
                        + (f"<figcaption{attrs}>{escape(view.caption)}</figcaption>" if view.caption else "")
                        + "</figure>")
            body.append(_blocks(view.description, attrs))
        elif kind == "document":
            body.append(self._document(view, file_name))
        elif kind == "video":
            body.append(self._film(view, attrs))
        self.text.append(view.title + " ".join(body))
        chapter = epub.EpubHtml(title=view.title, file_name=file_name, lang=self.lang)
        chapter.content = "\n".join(part for part in body if part)
        return chapter

    def _file(self, path: str, folder: str, media_type: str, data: bytes | None = None) -> str:
        """A film, poster or track in the book, once, by its name."""
        key = f"{folder}/{Path(path).name}"
        if key not in self.media:
            self.book.add_item(epub.EpubItem(uid=f"m{len(self.media)}", file_name=key,
                                             media_type=media_type,
                                             content=data if data is not None else Path(path).read_bytes()))
            self.media[key] = key
        return key

    def _film(self, view, attrs: str) -> str:
        """The film with a track file per language (EPUB allows no data: addresses), its
        poster, and its transcript for reading systems that play no video."""
        from kiosk.export.film import film_tracks, vtt_text

        self.films = True
        poster = self.image(view.poster)
        src = self._file(view.film, "video", "video/mp4")
        tracks = []
        for t in film_tracks(self.catalog, view):
            name = f"{view.id}.{t['lang']}.{t['kind']}.vtt"
            track_src = self._file(name, "tracks", "text/vtt", vtt_text(t["cues"]).encode("utf-8"))
            label = t["name"] + (f" ({self.words.plain(N_('descriptions'))})"
                                 if t["kind"] == "descriptions" else "")
            tracks.append(f'<track kind="{t["kind"]}" srclang="{t["lang"]}" label="{escape(label)}" '
                          f'src="{track_src}"{" default=" + chr(34) + "default" + chr(34) if t["default"] else ""}/>')
        if view.has_speech and not any(t.startswith('<track kind="captions"') or
                                       t.startswith('<track kind="subtitles"') for t in tracks):
            self.captions_missing = True
        out = [_blocks(view.introduction, attrs),
               f'<video controls="controls" poster="{poster}" src="{src}" width="{view.width}" '
               f'height="{view.height}">' + "".join(tracks) + "</video>"]
        if view.transcript:
            t_attrs = _attrs(view.transcript_lang, self.lang, view.transcript[0].text)
            out += [f"<h2>{self.words(N_('Transcript'))}</h2>", _blocks(view.transcript, t_attrs)]
        return "\n".join(out)

    def _document(self, view, file_name: str) -> str:
        attrs = _attrs(view.lang, self.lang, view.title)
        wrap = f'<div lang="{view.lang}" xml:lang="{view.lang}" dir="{view.direction}">' if attrs else "<div>"
        out = [wrap, _blocks(view.introduction)]
        for p in view.pages:
            number = p.index + 1
            anchor = f"page-{number}"
            if p.image:  # a scanned page: its number goes in the page list
                out.append(f'<span epub:type="pagebreak" role="doc-pagebreak" id="{anchor}" '
                           f'aria-label="{number}"></span>')
                self.page_list.append((f"{file_name}#{anchor}", str(number)))
            out.append(f"<h2>{escape(p.title or str(number))}</h2>")
            src = self.image(p.image)
            if src:
                alt = self.words.plain(N_("Page {number}"), number=number) + (f": {p.title}" if p.title else "")
                out.append(f'<figure><img src="{src}" alt="{escape(alt)}"/></figure>')
            out.append(_blocks(p.text))
        out.append("</div>")
        return "\n".join(out)


def write_epub(catalog: Catalog, lang: str, out: Path, item_id: str | None = None) -> Path:
    items = _items(catalog, lang, item_id)
    if not items:
        raise EpubError(f"nothing in {catalog.path} is written in '{lang}'; "
                        f"languages: {', '.join(book_languages(catalog))}")
    b = _Book(catalog, lang)
    book = b.book
    title_lang = lang if lang in catalog.site.title else catalog.site.default_language
    title = catalog.site_title(title_lang)
    try:
        chapters = [b.chapter(i, k) for i, k in items]
    except CatalogError as error:
        raise EpubError(str(error)) from None
    if item_id:
        title = f"{chapters[0].title} · {title}"
    book.set_identifier(f"urn:kiosk:{catalog.site.edition}:{item_id or 'exhibition'}:{lang}")
    book.set_title(title)
    book.set_language(lang)
    book.add_metadata("DC", "publisher", catalog.site_title(title_lang))
    with tempfile.TemporaryDirectory() as tmp:
        bold = "".join(bold_characters(c.content) for c in chapters) + title
        fonts = build_fonts(" ".join(b.text) + title, Path(tmp), bold=bold)
        faces = []
        for n, f in enumerate(fonts):
            name = f.file.replace("fonts/", "fonts/")
            book.add_item(epub.EpubItem(uid=f"font{n}", file_name=name, media_type="font/woff",
                                        content=(Path(tmp) / f.file).read_bytes()))
            faces.append(f'@font-face {{ font-family: "{f.family}"; src: url("{name}"); '
                         f'font-weight: {f.weight}; }}')
    css = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                        content=("\n".join(faces) + f"\nbody {{ font-family: {family_stack(fonts)}; "
                                 "line-height: 1.5; }\nimg { max-width: 100%; }\n").encode())
    book.add_item(css)
    for chapter in chapters:
        chapter.add_item(css)
        book.add_item(chapter)
    book.toc = [epub.Link(c.file_name, c.title, c.file_name.removesuffix(".xhtml")) for c in chapters]
    nav = epub.EpubNav()
    nav.add_item(css)
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.spine = ["nav", *chapters]
    _accessibility(book, b)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    options = {"epub3_pages": True, "pages_title": b.words.plain(N_("Pages"))}  # page-list from the pagebreaks
    epub.write_epub(str(out), book, options)
    return out


def _accessibility(book: epub.EpubBook, b: _Book) -> None:
    """EPUB Accessibility 1.1: what the book holds, and how it can be read."""
    meta = [("schema:accessMode", "textual")]
    if b.media:
        meta.append(("schema:accessMode", "visual"))
    if b.films:
        meta.append(("schema:accessMode", "auditory"))
    meta.append(("schema:accessModeSufficient", "textual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if b.films:  # every film has a transcript (given, or made from its tracks)
        features += ["transcript"] + ([] if b.captions_missing else ["captions"])
    if b.media and not b.alt_missing:
        features.append("alternativeText")
    if b.page_list:
        features += ["pageNavigation", "printPageNumbers"]
    meta += [("schema:accessibilityFeature", f) for f in features]
    meta.append(("schema:accessibilityHazard", "none"))
    summary = "Text of the exhibition with headings and a table of contents."
    if b.media:
        summary += (" Every image has a text alternative." if not b.alt_missing
                    else " Some images have no text alternative.")
    if b.films:
        summary += (" Films have captions and a transcript." if not b.captions_missing
                    else " Films have a transcript; some have no captions.")
    if b.page_list:
        summary += " Scanned pages are given with their transcripts and page numbers."
    meta.append(("schema:accessibilitySummary", summary))
    for name, value in meta:
        book.add_metadata(None, "meta", value, {"property": name})
    # No dcterms:conformsTo: nothing audits these chapters against WCAG yet (epubcheck checks
    # the container, not WCAG), and the claim is made only where it is true.
