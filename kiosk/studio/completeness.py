"""How far each item is translated into each language: the table a translation coordinator
works from, every cell leading to the side-by-side page.

Read with the checker's own loader and the same paragraph hashes as `kiosk check`'s
"source changed since translated" warning (translation_sync.py), so the table and the check
never disagree about what is outdated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.routing import Route

from kiosk.content import loader
from kiosk.content.languages import normalize_tag
from kiosk.content.model import Item, Translation
from kiosk.content.problems import ProblemList
from kiosk.content.translation_sync import (
    is_marker,
    paragraphs,
    recorded_fields,
    recorded_sync,
    stale_fields,
    stale_paragraphs,
)
from kiosk.studio.names import language_label, site_language_names

SOURCE, MISSING, OUTDATED, INCOMPLETE, CURRENT, UNTRACKED = (
    "source", "missing", "outdated", "incomplete", "up to date", "translated")
STATES = (SOURCE, CURRENT, UNTRACKED, INCOMPLETE, OUTDATED, MISSING)
EASY_READ = "<!-- easy-read -->"
# Parts a language file has that a translation should have too, where the source has them.
PARTS = (("title", "title"), ("alt", "alt text"), ("caption", "caption"),
         ("audio", "narration"))


@dataclass
class Cell:
    state: str
    source: str  # the language it is (or would be) translated from
    details: list[str] = field(default_factory=list)


@dataclass
class Row:
    id: str
    kind: str
    title: str
    cells: dict[str, Cell]


def _reference(item: Item, default: str) -> str | None:
    """The language an untracked file is compared with: the site's default language, else
    English, else the item's first file."""
    for tag in (default, "en"):
        if tag in item.translations:
            return tag
    return next(iter(sorted(item.translations)), None)


def _paragraph_count(text: Translation) -> int:
    return sum(not is_marker(p) for p in paragraphs(text.body))


def cell(item: Item, lang: str, default: str) -> Cell:
    mine = item.translations.get(lang)
    record = recorded_sync(mine.front) if mine else None
    source = record[0] if record and record[0] in item.translations else _reference(item,
                                                                                 default)
    if mine is None:
        return Cell(MISSING, source or default)
    if source is None or source == lang:
        return Cell(SOURCE, lang)
    theirs = item.translations[source]
    details = []
    if record:
        stale = stale_paragraphs(theirs.body, mine.body, record[1])
        stale_words = stale_fields(theirs.front, recorded_fields(mine.front))
        if stale:
            details.append(f"{len(stale)} paragraph(s) changed in the source")
        if stale_words:
            details.append("changed in the source: " + ", ".join(stale_words))
    outdated = bool(details)
    have, want = _paragraph_count(mine), _paragraph_count(theirs)
    if have < want:
        details.append(f"{want - have} of {want} paragraphs not translated")
    if EASY_READ in theirs.body and EASY_READ not in mine.body:
        details.append("no Easy Read version")
    details += [f"no {name}" for key, name in PARTS
                if theirs.front.get(key) and not mine.front.get(key)]
    if outdated:
        return Cell(OUTDATED, source, details)
    if details:
        return Cell(INCOMPLETE, source, details)
    return Cell(CURRENT if record else UNTRACKED, source)


def table(root, languages: list[str], default: str) -> list[Row]:
    rows = []
    folder = root / loader.ITEMS_DIR
    for path in sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()):
        if not loader.ITEM_ID.match(path.name):
            continue
        item = loader._load_item(path, ProblemList(folder))  # problems: the problems page
        if item is None:
            continue
        ref = item.translations.get(_reference(item, default) or "")
        rows.append(Row(item.id, item.kind, ref.title if ref else "",
                        {lang: cell(item, lang, default) for lang in languages}))
    return rows


def totals(rows: list[Row], languages: list[str]) -> dict[str, dict[str, int]]:
    return {lang: {state: sum(r.cells[lang].state == state for r in rows) for state in STATES}
            for lang in languages}


async def translations_page(request: Request):
    from kiosk.studio.pages import _page

    store = request.app.state.studio.store
    site = store.site()
    offered = store.languages()
    default = normalize_tag(str(site.get("default_language") or "")) or offered[0]
    everything = sorted({lang for item in store.list_items() for lang in item["languages"]})
    extra = [t for t in (normalize_tag(v) for v in request.query_params.getlist("lang"))
             if t and t not in offered]
    languages = [*offered, *extra]
    rows = table(store.root, languages, default)
    names = site_language_names(site)
    return _page(request, "translations.html", rows=rows, languages=languages,
                 totals=totals(rows, languages), states=STATES, others=[
                     t for t in everything if t not in languages],
                 label=lambda tag: language_label(tag, names), extra=extra,
                 title="Translations of every item")


async def translations_api(request: Request):
    """GET /api/translations?lang=km: the same table for scripts."""
    from starlette.responses import JSONResponse

    store = request.app.state.studio.store
    offered = store.languages()
    default = normalize_tag(str(store.site().get("default_language") or "")) or offered[0]
    extra = [t for t in (normalize_tag(v) for v in request.query_params.getlist("lang"))
             if t and t not in offered]
    rows = table(store.root, [*offered, *extra], default)
    return JSONResponse([{"id": r.id, "kind": r.kind, "languages": {
        lang: {"state": c.state, "source": c.source, "details": c.details}
        for lang, c in r.cells.items()}} for r in rows])


ROUTES = [Route("/translations", translations_page),
          Route("/api/translations", translations_api)]
