"""What `kiosk check` verifies beyond "the files parse": each kind's rules, and the links
between items. Every rule adds a `Problem` with a line and a hint; none raises."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import importlib
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

from kiosk.content.interface import check_interface_languages
from kiosk.content.loader import ITEM_ID, load_exhibition
from kiosk.content.markdown import split_easy_read, split_pages
from kiosk.content.model import KINDS, Exhibition, Item
from kiosk.content.narration import NARRATION_KEYS, PAGE_KEY, check_narration
from kiosk.content.plain_language import MAX_SENTENCE_WORDS, has_easy_read, long_sentences
from kiosk.content.problems import Problem, ProblemList
from kiosk.content.shown import id_hint, shown_id
from kiosk.content.sync_check import check_translation_sync
from kiosk.content.translation_sync import SYNC_KEY
from kiosk.content.video import VIDEO_FRONT_KEYS, VIDEO_KEYS, check_video
from kiosk.content.yamlfile import LineDict
from kiosk.media.images import ImageProblem, probe_image
from kiosk.media.qr import QrProblem, check_url
from kiosk.text.linebreak import icu

COMMON_KEYS = {"kind", "order", "url", "qr"}
KIND_KEYS = {
    "treaty": {"abbreviation", "adopted", "resolution", "entry_into_force", "articles",
               "monitoring_body", "viet_nam", "sources", "image"},
    "document": {"pages", "credit", "source", "licence"},
    "image": {"file", "credit", "licence"},
    "section": {"items"},
    "video": VIDEO_KEYS,
}
FRONT_KEYS = {
    "treaty": {"title", "monitoring_body"} | NARRATION_KEYS,
    "document": {"title", "direction", PAGE_KEY} | NARRATION_KEYS,
    "image": {"title", "alt", "caption", "content_warning"} | NARRATION_KEYS,
    "section": {"title"},
    "video": VIDEO_FRONT_KEYS,
}
for _keys in FRONT_KEYS.values():
    _keys.add(SYNC_KEY)  # which source a translation was made from: translation_sync.py
VIET_NAM_ACTIONS = ("ratification", "accession", "none")


class CheckMemory(Protocol):
    """Problems found in items on an earlier run, for items whose files have not changed since
    (the build keeps them in the catalog: kiosk/catalog/reuse.py)."""

    def recall(self, item: Item, languages: list[str]) -> list[Problem] | None: ...

    def remember(self, item: Item, languages: list[str], problems: list[Problem]) -> None: ...


# What an item's problems depend on besides its own files and the site's languages: the code
# that reads and judges them, and the libraries that segment text and decode images and sound.
_RULE_MODULES = ("kiosk.content.checks", "kiosk.content.languages", "kiosk.content.loader",
                 "kiosk.content.markdown", "kiosk.content.model", "kiosk.content.narration",
                 "kiosk.content.plain_language", "kiosk.content.problems",
                 "kiosk.content.sync_check", "kiosk.content.translation_sync",
                 "kiosk.content.yamlfile", "kiosk.text.linebreak", "kiosk.media.audio",
                 "kiosk.speech.decode", "kiosk.media.images", "kiosk.media.qr",
                 "kiosk.content.video", "kiosk.content.webvtt", "kiosk.media.video")
_RULE_LIBRARIES = ("pillow", "PyYAML", "markdown-it-py", "segno", "pyicu-wheels",
                   "PyICU", "av", "webvtt-py")


@cache
def rules_version() -> str:
    """A digest of everything besides an item's files and the site's languages that its
    problems depend on, so problems remembered under another version are found afresh."""
    digest = hashlib.sha256(f"ICU {getattr(icu, 'ICU_VERSION', None)}".encode())
    for name in _RULE_LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent".encode())
    for name in _RULE_MODULES:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()


def check_exhibition(root: Path, memory: CheckMemory | None = None
                     ) -> tuple[Exhibition | None, ProblemList]:
    """Load and check a content folder: the exhibition (None if unusable) and all problems.

    With `memory`, an item whose problems it recalls is not checked again: checking every
    sentence and decoding every image and recording of a thousand titles took seconds, on every
    build. Only the rules within one item are recalled; those between items (a section's
    members, items in no section) and the interface's translations are checked every time."""
    exhibition, problems = load_exhibition(root)
    if exhibition is None:
        return None, problems
    languages = exhibition.site.languages
    for item in exhibition.items.values():
        found = memory.recall(item, languages) if memory is not None else None
        if found is None:
            found = item_problems(item, languages)
            if memory is not None:
                memory.remember(item, languages, found)
        problems.add_from(item.folder.parent, found)
    _check_section_members(exhibition, problems)
    _check_sections(exhibition, problems)
    _check_site_address(exhibition, problems)
    check_interface_languages(exhibition.site.languages, problems)
    problems.sort()
    return exhibition, problems


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def item_problems(item: Item, languages: list[str]) -> list[Problem]:
    """The problems within one item (its files, and the site's `languages`), with paths from
    the folder that holds the item's folder: `crc/en.md`."""
    problems = ProblemList(item.folder)
    _check_item(item, languages, problems)
    return list(problems)


def _check_item(item: Item, languages: list[str], problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    if item.kind not in KINDS:
        problems.error(path, meta.line_of("kind"), f"unknown kind '{item.kind}'",
                       f"use one of: {', '.join(KINDS)}")
        return
    _warn_unknown_keys(meta, COMMON_KEYS | KIND_KEYS[item.kind], path, problems)
    order = meta.get("order")
    if order is not None and (not _is_whole(order) or not 0 <= order <= 1_000_000):
        problems.error(path, meta.line_of("order"), "'order' must be a whole number from 0 to "
                       "1,000,000", "sections are shown by order: 1, 2, 3 …")
    url = meta.get("url")
    if url is not None:
        try:
            check_url(url if isinstance(url, str) else "")
        except QrProblem as exc:
            problems.error(path, meta.line_of("url"), f"'url' cannot become a QR code: {exc}",
                           "give a public web address starting with https://")
    if not item.translations:
        problems.error(path, 1, "the item has no language file", "add e.g. vi.md with a title")
    for translation in item.translations.values():
        _warn_unknown_keys(translation.front, FRONT_KEYS[item.kind], translation.path, problems)
        if not translation.title:
            problems.error(translation.path, translation.front.line_of("title"),
                           "'title' is missing", "add 'title: ...' to the front matter")
    for lang in languages:
        if lang not in item.translations:
            problems.warning(path, 1, f"no translation in '{lang}'",
                             f"add {lang}.md; visitors choosing {lang} see another language")
    {"treaty": _check_treaty, "document": _check_document,
     "image": _check_image, "section": _check_section,
     "video": check_video}[item.kind](item, problems)
    check_narration(item, _page_ids(item), problems)
    check_translation_sync(item, problems)


def _warn_unknown_keys(mapping: LineDict, known: set[str], path: Path, problems) -> None:
    for key in mapping:
        if key not in known:
            close = difflib.get_close_matches(str(key), sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
            problems.warning(path, mapping.line_of(key), f"unknown key '{key}'", hint)


def _require_text(meta: LineDict, key: str, path: Path, problems, hint: str) -> None:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.error(path, meta.line_of(key), f"'{key}' is missing or empty", hint)


def _check_date(meta: LineDict, key: str, path: Path, problems, required: bool) -> None:
    if key not in meta:
        if required:
            problems.error(path, meta.line, f"'{key}' is missing", f"add '{key}: YYYY-MM-DD'")
        return
    if as_date(meta[key]) is None:
        problems.error(path, meta.line_of(key), f"'{key}' is not a date: {meta[key]!r}",
                       "write dates as YYYY-MM-DD, e.g. 1948-12-10")


def _check_treaty(item: Item, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    _require_text(meta, "abbreviation", path, problems, "e.g. abbreviation: CRC")
    _require_text(meta, "monitoring_body", path, problems, "the committee that monitors it")
    _check_date(meta, "adopted", path, problems, required=True)
    _check_date(meta, "entry_into_force", path, problems, required=False)
    articles = meta.get("articles")
    if articles is not None and (not _is_whole(articles) or not 1 <= articles <= 10_000):
        problems.error(path, meta.line_of("articles"),
                       "'articles' must be a whole number from 1 to 10,000",
                       "the number of articles, e.g. articles: 54")
    _check_viet_nam(meta, path, problems)
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        problems.error(path, meta.line_of("sources"), "a treaty needs at least one source",
                       "sources:\n      - title: United Nations Treaty Collection\n        url: https://treaties.un.org")
    else:
        for source in sources:
            if not isinstance(source, LineDict) or not str(source.get("title", "")).strip():
                line = source.line if isinstance(source, LineDict) else meta.line_of("sources")
                problems.error(path, line, "each source needs a 'title'", "title: ..., url: ...")
    for translation in item.translations.values():
        if not split_easy_read(translation.body)[0]:
            problems.error(translation.path, translation.body_line, "the summary is empty",
                           "write the treaty's summary below the front matter")
        _check_plain_language(translation, problems)


def _check_plain_language(translation, problems: ProblemList) -> None:
    if not has_easy_read(translation.body):
        problems.warning(translation.path, translation.body_line, "no Easy Read version",
                         "add a line <!-- easy-read --> after the summary, then short sentences, "
                         "one idea each, hard words explained (docs/content-format.md)")
    for line, count, start in long_sentences(translation.body, translation.body_line,
                                             translation.lang):
        problems.warning(translation.path, line,
                         f"a sentence of {count} words (over {MAX_SENTENCE_WORDS}): {start!r}…",
                         "split it: visitors read standing, and many read in a second language")


def _check_viet_nam(meta: LineDict, path: Path, problems: ProblemList) -> None:
    viet_nam = meta.get("viet_nam")
    if viet_nam is None:
        return
    if not isinstance(viet_nam, LineDict):
        problems.error(path, meta.line_of("viet_nam"), "'viet_nam' must be a mapping",
                       "viet_nam: {action: ratification, date: YYYY-MM-DD}")
        return
    action = viet_nam.get("action")
    if action not in VIET_NAM_ACTIONS:
        problems.error(path, viet_nam.line_of("action"), f"unknown action {action!r}",
                       f"use one of: {', '.join(VIET_NAM_ACTIONS)}")
    for key in ("signed", "date", "in_force"):
        _check_date(viet_nam, key, path, problems, required=(key == "date" and action != "none"))


def _check_document(item: Item, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    _require_text(meta, "credit", path, problems, "who made or translated it, and from where")
    pages = meta.get("pages")
    page_ids: list[str] = []
    if not isinstance(pages, list) or not pages:
        problems.error(path, meta.line_of("pages"), "a document needs a list of pages",
                       "pages:\n      - id: page-1")
        return
    for page in pages:
        if not isinstance(page, LineDict) or not ITEM_ID.match(str(page.get("id", ""))):
            line = page.line if isinstance(page, LineDict) else meta.line_of("pages")
            bad = page.get("id", "") if isinstance(page, LineDict) else ""
            problems.error(path, line, "each page needs an 'id' (letters, digits, '-')"
                           + (f", not {shown_id(bad)}" if bad else ""),
                           id_hint(bad, "- id: article-1"))
            continue
        if page["id"] in page_ids:
            problems.error(path, page.line_of("id"), f"page id '{page['id']}' is used twice",
                           "give every page its own id")
        page_ids.append(page["id"])
        if "image" in page:
            _check_media_file(item, page.get("image"), path, page.line_of("image"), problems)
    texts_seen = _check_page_markers(item, page_ids, problems)
    for page in pages:
        if isinstance(page, LineDict) and "image" not in page and page.get("id") not in texts_seen:
            problems.error(path, page.line, f"page '{page.get('id')}' has neither image nor text",
                           "give it an image, or a transcript in a language file")


def _check_page_markers(item: Item, page_ids: list[str], problems: ProblemList) -> set[str]:
    """Check each translation's page markers; return the ids of pages that have text."""
    texts_seen: set[str] = set()
    for translation in item.translations.values():
        _, page_texts = split_pages(translation.body, translation.body_line)
        seen: set[str] = set()
        for page_text in page_texts:
            if page_text.page_id not in page_ids:
                close = difflib.get_close_matches(page_text.page_id, page_ids, n=1)
                problems.error(translation.path, page_text.line,
                               f"page marker names unknown page {shown_id(page_text.page_id)}",
                               id_hint(page_text.page_id, f"did you mean '{close[0]}'?"
                                       if close else "add it to pages in item.yaml"))
            elif page_text.page_id in seen:
                problems.error(translation.path, page_text.line,
                               f"page '{page_text.page_id}' appears twice", "merge the two")
            seen.add(page_text.page_id)
        missing = [p for p in page_ids if p not in seen]
        if missing and len(missing) < len(page_ids):
            problems.warning(translation.path, 1, f"no transcript for page(s): {', '.join(missing[:5])}"
                             + (" ..." if len(missing) > 5 else ""), "add <!-- page: ID --> blocks")
        texts_seen |= seen
    return texts_seen


def _page_ids(item: Item) -> list[str]:
    pages = item.meta.get("pages") if item.kind == "document" else None
    return [str(p["id"]) for p in pages if isinstance(p, LineDict) and "id" in p] \
        if isinstance(pages, list) else []


def _check_media_file(item: Item, name, path: Path, line: int, problems: ProblemList) -> None:
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
        problems.error(path, line, f"media file name {name!r} is not a plain file name",
                       "put the file in the item's folder and give its name, e.g. photo.jpg")
        return
    try:
        info = probe_image(item.folder / name, allow_large=True)  # large scans: deep zoom
    except ImageProblem as exc:
        problems.error(path, line, str(exc), "replace the file with a readable PNG or JPEG")
        return
    for note in info.notes:
        problems.warning(path, line, f"{name}: {note}", "export it again as PNG or JPEG if needed")


def _check_image(item: Item, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    if "file" not in meta:
        problems.error(path, meta.line, "'file' is missing", "file: photo.jpg")
    else:
        _check_media_file(item, meta.get("file"), path, meta.line_of("file"), problems)
    _require_text(meta, "credit", path, problems, "who made it, e.g. 'Photo: UN Photo/…'")
    _require_text(meta, "licence", path, problems, "e.g. CC BY 4.0, or 'used with permission'")
    for translation in item.translations.values():
        if not translation.text("alt"):
            problems.error(translation.path, translation.front.line_of("alt"),
                           "alt text is missing",
                           "add 'alt: ...' describing what the image shows, for blind visitors")


def _check_section(item: Item, problems: ProblemList) -> None:
    meta = item.meta
    members = meta.get("items")
    if not isinstance(members, list) or not members:
        problems.error(item.meta_path, meta.line_of("items"), "a section needs a list of items",
                       "items: [icerd, iccpr]")


def _check_section_members(exhibition: Exhibition, problems: ProblemList) -> None:
    """Each section's members exist and are not sections: a rule between items, so it is
    checked on every run, whichever item changed."""
    for item in exhibition.sections():
        meta, path = item.meta, item.meta_path
        members = meta.get("items")
        for member in members if isinstance(members, list) else []:
            target = exhibition.items.get(str(member))
            if target is None:
                close = difflib.get_close_matches(str(member), list(exhibition.items), n=1)
                problems.error(path, meta.line_of("items"),
                               f"section names unknown item {shown_id(member)}",
                               id_hint(member, f"did you mean '{close[0]}'?" if close
                                       else "create items/<id>/ first"))
            elif target.kind == "section":
                problems.error(path, meta.line_of("items"), f"'{member}' is a section",
                               "sections cannot contain sections")


def _check_site_address(exhibition: Exhibition, problems: ProblemList) -> None:
    """`qr: page` offers a QR code of the item's exported page: it needs the site's address."""
    for item in exhibition.items.values():
        value = item.meta.get("qr")
        if value is None:
            continue
        if value != "page":
            problems.error(item.meta_path, item.meta.line_of("qr"), f"'qr' is {value!r}",
                           "write qr: page (a QR code of the item's exported page) or leave it out")
        elif not exhibition.site.public_address:
            problems.warning(item.meta_path, item.meta.line_of("qr"),
                             "the item offers a QR code of its page but site.yaml has no "
                             "'public_address', so the kiosk shows no code",
                             "add public_address: https://... (where 'kiosk export site' is "
                             "published) to site.yaml; see docs/export.md")


def _check_sections(exhibition: Exhibition, problems: ProblemList) -> None:
    shown = {str(m) for s in exhibition.sections() for m in (s.meta.get("items") or [])
             if isinstance(s.meta.get("items"), list)}
    if not exhibition.sections():
        problems.error(exhibition.site.path, 1, "no section: the home screen would be empty",
                       "add an item with kind: section")
    for item in exhibition.items.values():
        if item.kind in KIND_KEYS and item.kind != "section" and item.id not in shown:
            problems.warning(item.meta_path, 1, "the item is in no section, so visitors cannot reach it",
                             "list its id in a section's items")
