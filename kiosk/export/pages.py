"""What the exported site holds: every page, as a template name and the views it shows.

Each interface language of the edition (site.yaml `languages`) is a folder with the whole
exhibition: home, sections, items, the timeline and search; an item written in more languages
than the interface speaks (the UDHR in Khmer, Arabic...) also gets a page in a folder of each
of those languages, so every text the catalog holds is a page. Only views from
`kiosk.catalog.read` are used: the site shows what the kiosk shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.catalog.read import Catalog

PAGE_KINDS = ("treaty", "document", "image", "video", "section")


@dataclass(frozen=True)
class Page:
    path: str  # relative to the export folder, always with "/" ("vi/udhr.html")
    template: str
    lang: str  # the folder's language: the page's own
    context: dict = field(default_factory=dict, hash=False, compare=False)


def item_path(lang: str, item_id: str) -> str:
    return f"{lang}/{item_id}.html"


def item_ids(catalog: Catalog) -> list[tuple[str, str]]:
    """(id, kind) of every item, sections first in curator order, then the rest by id."""
    sections = [(s.id, "section") for s in catalog.sections(catalog.site.default_language)]
    rows = catalog._rows("SELECT id, kind FROM items WHERE kind != 'section' ORDER BY id")  # noqa: SLF001
    return sections + [(r[0], r[1]) for r in rows if r[1] in PAGE_KINDS]


def view_of(catalog: Catalog, item_id: str, kind: str, lang: str):
    if kind == "section":
        return catalog.section(item_id, lang)
    if kind == "video":
        return catalog.film(item_id, lang)
    return getattr(catalog, kind)(item_id, lang)


def site_languages(catalog: Catalog) -> tuple[list[str], list[str]]:
    """(interface languages: whole-site folders, other content languages: item pages only)."""
    interface = list(catalog.site.languages)
    others = [lang for lang in catalog.content_languages() if lang not in interface]
    return interface, others


def collect(catalog: Catalog) -> list[Page]:
    interface, others = site_languages(catalog)
    items = item_ids(catalog)
    pages = [Page("index.html", "root.html", catalog.site.default_language,
                  {"languages": interface + others})]
    for lang in interface:
        pages.append(Page(f"{lang}/index.html", "home.html", lang,
                          {"sections": [(s, catalog.section_items(s.id, lang))
                                        for s in (catalog.section(x.id, lang)
                                                  for x in catalog.sections(lang))]}))
        pages.append(Page(f"{lang}/timeline.html", "timeline.html", lang,
                          {"treaties": catalog.treaties(lang)}))
        pages.append(Page(f"{lang}/search.html", "search.html", lang, {}))
        for item_id, kind in items:
            pages.append(_item_page(catalog, item_id, kind, lang))
    for lang in others:
        mine = [(i, k) for i, k in items if lang in catalog.available_languages(i)]
        if not mine:
            continue
        shown = [_item_page(catalog, i, k, lang) for i, k in mine]
        pages.append(Page(f"{lang}/index.html", "home_other.html", lang,
                          {"items": [p.context["view"] for p in shown]}))
        pages.extend(shown)
    return pages


def _item_page(catalog: Catalog, item_id: str, kind: str, lang: str) -> Page:
    view = view_of(catalog, item_id, kind, lang)
    context = {"view": view, "kind": kind,
               "members": catalog.section_items(item_id, lang) if kind == "section" else []}
    if kind == "video":
        from kiosk.export.film import film_tracks

        context["tracks"] = film_tracks(catalog, view)
    return Page(item_path(lang, item_id), f"{kind}.html", lang, context)


def page_addresses(public_address: str, item_id: str, interface: list[str] | tuple[str, ...],
                   item_languages) -> dict[str, str]:
    """language -> the web address of the item's exported page, as `collect` lays them out:
    one in every interface language, and one in each other language the item is written in.
    The catalog's build draws QR codes of these, so the kiosk's code leads to that page."""
    base = public_address.rstrip("/") + "/"
    langs = list(interface) + [lang for lang in sorted(item_languages) if lang not in interface]
    return {lang: base + item_path(lang, item_id) for lang in langs}
