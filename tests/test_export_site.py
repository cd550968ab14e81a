"""A visitor reads the exhibition at home: the exported site in a real Chromium, with axe-core.

The sample exhibition is built and exported once for this module. Chromium (Debian's
/usr/bin/chromium, driven by Playwright) opens the pages from the folder (file://), as from a
USB stick. Every page of three languages (vi, km, ar) and one page of each other language is
audited with axe-core here; `make export-crawl` audits every page of every language (a
minute and more, too slow for the suite: see docs/export.md).
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import uharfbuzz as hb

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.export.render_cache import CACHE
from kiosk.export.site import MANIFEST, export_site

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FULL_LANGUAGES = ("vi", "km", "ar")
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def exported(sample_catalog, tmp_path_factory) -> tuple[Catalog, Path]:
    root = tmp_path_factory.mktemp("export")
    catalog = Catalog(sample_catalog)
    export_site(catalog, root / "site")
    yield catalog, root / "site"
    catalog.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def pages_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def audited_pages(site: Path) -> list[str]:
    every = pages_of(site)
    chosen = [p for p in every if "/" not in p or p.split("/")[0] in FULL_LANGUAGES]
    for lang in sorted({p.split("/")[0] for p in every if "/" in p} - set(FULL_LANGUAGES)):
        chosen.append(next(p for p in every if p.startswith(f"{lang}/") and "udhr" in p)
                      if any(p.startswith(f"{lang}/udhr") for p in every)
                      else next(p for p in every if p.startswith(f"{lang}/")))
    return chosen


def test_visitor_finds_every_item_in_every_language_it_has(exported):
    catalog, site = exported
    pages = set(pages_of(site))
    for lang in catalog.site.languages:
        for name in ("index", "timeline", "search", "udhr", "cat", "article-1-km", "treaties"):
            assert f"{lang}/{name}.html" in pages
    for lang in catalog.available_languages("udhr"):
        assert f"{lang}/udhr.html" in pages
    km = (site / "km/udhr.html").read_text(encoding="utf-8")
    assert '<html lang="km" dir="ltr">' in km and '<span lang="en" dir="ltr">Home</span>' in km
    ar = (site / "ar/udhr.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in ar
    assert "<script" not in (site / "vi/udhr.html").read_text(encoding="utf-8")
    fonts = {p.name.split("-")[0] for p in (site / "fonts").glob("*.woff")}
    assert {"Khmr", "Laoo", "Arab", "Hani", "HanNom", "Latn"} <= fonts


def test_visitor_reads_every_audited_page_without_an_axe_violation_or_a_request_outside(
        exported, browser):
    from axe_playwright_python.sync_playwright import Axe

    _, site = exported
    axe = Axe()
    context = browser.new_context()
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(site.as_uri() + "/"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    failures = {}
    for rel in audited_pages(site):
        page.goto((site / rel).as_uri())
        violations = axe.run(page).response["violations"]
        if violations:
            failures[rel] = [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations]
    context.close()
    assert not failures, failures
    assert not outside, outside[:10]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in ("src", "href") if tag != "a" else ():
            if values.get(name):
                self.loads.append(values[name])
        if values.get("srcset"):
            self.loads.extend(part.split()[0] for part in values["srcset"].split(","))


def test_visitor_follows_links_that_all_resolve_and_load_nothing_from_elsewhere(exported):
    """Every page, parsed: each link and each file a page loads is in the folder."""
    _, site = exported
    missing, external = [], []
    for rel in pages_of(site):
        parser = _Links()
        parser.feed((site / rel).read_text(encoding="utf-8"))
        for href in parser.links + parser.loads:
            if href.startswith(("http://", "https://")):
                if href in parser.loads:
                    external.append((rel, href))
                continue  # the treaties' sources: links out, never loaded by the page
            if href.startswith("data:text/vtt;"):
                continue  # a film's track, inside the page itself (kiosk/export/film.py)
            parts = urlsplit(href)
            target = ((site / rel).parent / unquote(parts.path)).resolve() if parts.path \
                else (site / rel).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                missing.append((rel, href))
            elif parts.fragment and f'id="{parts.fragment}"' not in target.read_text(encoding="utf-8"):
                missing.append((rel, href))  # a link to a place the page does not have
    css = (site / "fonts.css").read_text(encoding="utf-8")
    for url in re.findall(r'url\("([^"]+)"\)', css):
        if not (site / url).is_file():
            missing.append(("fonts.css", url))
    assert not missing, missing[:10]
    assert not external, external[:10]


def test_visitor_reaches_every_link_with_the_keyboard_alone(exported, browser):
    _, site = exported
    page = browser.new_page()
    for rel in ("vi/index.html", "km/udhr.html", "ar/udhr.html", "en/cat.html"):
        page.goto((site / rel).as_uri())
        links = page.eval_on_selector_all("a[href]", "as => as.length")
        reached = set()
        for _ in range(links + 5):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("document.activeElement.tagName === 'A' ? "
                                      "[...document.querySelectorAll('a[href]')].indexOf(document.activeElement) : -1"))
        reached.discard(-1)
        assert len(reached) == links, f"{rel}: the keyboard reached {len(reached)} of {links} links"
    page.close()


def test_visitor_searches_dieu_1_offline_and_finds_article_1(exported, browser):
    _, site = exported
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto((site / "vi/search.html").as_uri())
    page.fill("#q", "dieu 1")
    page.press("#q", "Enter")
    first = page.locator("#results li a").first
    assert "Điều 1" in first.inner_text()
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(("article-1.html", "#article-1")), page.url
    for query, expected in (("ĐIỀU 1", "Điều 1"), ("មនុស្ស", "udhr.html")):
        page.goto((site / "vi/search.html").as_uri() + "?q=" + query)
        hits = page.eval_on_selector_all("#results li a", "as => as.map(a => a.textContent + a.href)")
        assert any(expected in h for h in hits), (query, hits[:5])
    context.close()


def test_the_browser_folds_a_query_exactly_as_the_kiosk_folds_it(exported, browser):
    from kiosk.export.search_index import folded_tokens, folded_words
    from kiosk.search.fold import fold

    _, site = exported
    page = browser.new_page()
    page.goto((site / "vi/search.html").as_uri())
    for text in ("Điều 1: Mọi người", "ĐƯỜNG", "Ça été", "សិទ្ធិមនុស្ស", "ສິດທິມະນຸດ",
                 "สิทธิมนุษยชน", "ꪀꪱꪉ", "世界人權宣言", "Øre łódź æon"):
        assert page.evaluate("t => window.kioskFold(t)", text) == fold(text), text
    # The index ships unspaced runs whole; the browser cuts them as the kiosk's index does.
    for text in ("Điều 1: Mọi người sinh ra", "មនុស្សទាំងអស់ កើតមកមានសេរីភាព", "สิทธิมนุษยชน ข้อ 1",
                 "ສິດທິມະນຸດ", "世界人權宣言 第一條", "𠊛𡨸喃 Chữ Nôm", "ꪀꪱꪉ ꪒꪾ"):
        words, _ = folded_words(text)
        terms = page.evaluate("t => window.kioskIndexTerms(t, 'x')", " ".join(words))
        assert terms == folded_tokens(text)[0], text
    page.close()


def test_visitor_sees_khmer_shaped_as_harfbuzz_shapes_it(exported, browser):
    """Chromium's width of a Khmer line in the exported font equals HarfBuzz's advances."""
    _, site = exported
    font = next((site / "fonts").glob("Khmr-*.woff"))
    text = "មនុស្សទាំងអស់ កើតមកមានសេរីភាព"
    page = browser.new_page()
    page.goto((site / "km/udhr.html").as_uri())
    page.evaluate("() => document.fonts.ready")
    width = page.evaluate("""t => { const s = document.createElement('span');
        s.lang = 'km'; s.style.cssText = 'font: 100px "Kiosk Khmr"; white-space: pre; font-kerning: normal';
        s.textContent = t; document.body.appendChild(s); return s.getBoundingClientRect().width; }""", text)
    page.close()
    from fontTools.ttLib import TTFont

    ttf = TTFont(str(font))
    ttf.flavor = None
    plain = font.with_suffix(".ttf")
    ttf.save(str(plain))
    face = hb.Face(hb.Blob.from_file_path(str(plain)))
    hb_font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb_font, buf)
    expected = sum(p.x_advance for p in buf.glyph_positions) * 100 / face.upem
    assert [i.codepoint for i in buf.glyph_infos].count(0) == 0, "a character has no glyph"
    unshaped = hb.Buffer()
    unshaped.add_str(text)
    unshaped.direction, unshaped.script, unshaped.language = "ltr", "Latn", "en"
    hb.shape(hb_font, unshaped, {"liga": False, "ccmp": False})
    wrong = sum(p.x_advance for p in unshaped.glyph_positions) * 100 / face.upem
    assert width == pytest.approx(expected, abs=1.0)
    assert abs(wrong - expected) > 5, "the check must tell shaped from unshaped Khmer"
    plain.unlink()


def test_curator_changes_one_item_and_only_its_pages_are_rendered_and_rewritten(exported, tmp_path):
    _, site = exported
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    fr = content / "items" / "cat" / "fr.md"
    fr.write_text(re.sub(r"(\n\n)", r"\1Une phrase ajoutée pour l'essai.\n\n", fr.read_text(encoding="utf-8"), count=1),
                  encoding="utf-8")
    build_catalog(content, tmp_path / "catalog.db")
    catalog = Catalog(tmp_path / "catalog.db")
    result = export_site(catalog, copy)
    catalog.close()
    # Only the pages that show the French text are rendered again (the item's page, and the
    # timeline, which holds the treaty's view); everything else comes from the render cache.
    assert sorted(result.rendered) == ["fr/cat.html", "fr/timeline.html"], result.rendered
    assert result.pages == len(pages_of(copy)) > 100
    assert "fr/cat.html" in result.written and "search/index.js" in result.written
    assert not [p for p in result.written if p.startswith(("vi/", "en/", "km/", "media/"))]
    assert len(result.written) <= 5, result.written
    assert (copy / MANIFEST).is_file() and "ajoutée" in (copy / "fr/cat.html").read_text(encoding="utf-8")

    # A page deleted from the folder is rendered again; a lost cache costs only time.
    (copy / "vi/udhr.html").unlink()
    catalog = Catalog(tmp_path / "catalog.db")
    again = export_site(catalog, copy)
    assert again.rendered == ["vi/udhr.html"] and again.written == ["vi/udhr.html"]
    (copy / CACHE).unlink()
    lost = export_site(catalog, copy)
    catalog.close()
    assert len(lost.rendered) == lost.pages and lost.written == []


def test_visitor_watches_the_film_with_captions_in_each_language_from_a_usb_stick(exported, browser):
    """From file:// (a USB stick): the film plays, every caption and description track loads
    with the catalog's cues, the page's language is the default, the transcript is on the
    page, and the film's pages in every language pass axe."""
    from axe_playwright_python.sync_playwright import Axe

    catalog, site = exported
    view = catalog.film("udhr-film", "vi")
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Unsafe attempt" in m.text else None)
    page.goto((site / "vi/udhr-film.html").as_uri())
    page.wait_for_function("document.querySelector('video').readyState >= 1", timeout=20000)
    assert page.evaluate("document.querySelector('video').duration") == pytest.approx(view.duration_s, abs=0.2)
    page.evaluate("() => { for (const t of document.querySelector('video').textTracks) "
                  "if (t.mode === 'disabled') t.mode = 'hidden'; }")
    page.wait_for_function("[...document.querySelector('video').textTracks].every(t => t.cues && t.cues.length)",
                           timeout=20000)
    tracks = page.evaluate("[...document.querySelector('video').textTracks].map(t => "
                           "[t.kind, t.language, t.mode, t.cues.length, t.cues[0].text])")
    expected = {(k, lang) for k, lang in [("descriptions", x) for x in ("vi", "en", "fr")]}
    assert expected <= {(k, lang) for k, lang, *_ in tracks}
    for kind, lang, mode, count, first in tracks:
        film = catalog.film("udhr-film", lang)
        cues = film.descriptions if kind == "descriptions" else film.captions
        assert (count, first) == (len(cues), cues[0].text), (kind, lang)
        assert (mode == "showing") == (kind != "descriptions" and lang == "vi"), (kind, lang, mode)
    assert not refused, refused
    transcript = page.inner_text("section.transcript")
    assert view.captions[0].text in transcript and view.descriptions[0].text in transcript
    poster = page.evaluate("""() => new Promise(r => { const i = new Image(); i.onload = () => r(i.naturalWidth);
        i.onerror = () => r(0); i.src = document.querySelector('video').poster; })""")
    assert poster > 0
    axe = Axe()
    for lang in catalog.available_languages("udhr-film"):
        page.goto((site / f"{lang}/udhr-film.html").as_uri())
        found = axe.run(page).response["violations"]
        assert found == [], (lang, [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in found])
    page.close()


def test_visitor_reads_the_site_words_in_french_and_khmer_marked_as_english(exported):
    """The site's own words come from the kiosk's translations; a Khmer page, which the
    interface has no translation for, shows them in English and says so with lang."""
    _, site = exported
    fr = (site / "fr/udhr-film.html").read_text(encoding="utf-8")
    for word in ("Aller au contenu", "Accueil", "Chronologie", "Rechercher", 'aria-label="Langues"',
                 "Télécharger le film", "Transcription", "Édition"):
        assert word in fr, word
    vi = (site / "vi/search.html").read_text(encoding="utf-8")
    assert "Bỏ qua, đến nội dung chính" in vi and 'data-none="Không tìm thấy kết quả nào"' in vi
    km = (site / "km/udhr.html").read_text(encoding="utf-8")
    assert '<a class="skip" href="#main"><span lang="en" dir="ltr">Skip to the content</span></a>' in km
    assert '<nav aria-label="Site" lang="en">' in km and 'class="languages" lang="en">' in km


def test_visitor_sees_the_touched_pages_at_390_px_200_percent_and_in_forced_colours(exported, browser):
    """Screenshots for a person to look at (EXPORT_SHOTS=folder keeps them); the checks here
    are what a screenshot shows wrongly: no sideways scrolling at 390 px and at 200 %."""
    import os

    _, site = exported
    shots = Path(os.environ.get("EXPORT_SHOTS", site.parent / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    for rel in ("vi/udhr-film.html", "km/udhr.html", "fr/index.html", "ar/udhr.html"):
        name = rel.replace("/", "-").removesuffix(".html")
        for label, options, media in (("390", {"viewport": {"width": 390, "height": 844}}, {}),
                                      ("200", {"viewport": {"width": 640, "height": 900},
                                               "device_scale_factor": 2}, {}),
                                      ("forced", {"viewport": {"width": 640, "height": 900}},
                                       {"forced_colors": "active"})):
            page = browser.new_page(**options)
            if media:
                page.emulate_media(**media)
            page.goto((site / rel).as_uri())
            page.evaluate("() => document.fonts.ready")
            wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert wide <= 0, f"{rel} at {label}: scrolls {wide} px sideways"
            page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=label != "200")
            page.close()


def _fonts_by_weight(page) -> list[tuple[int, str, dict]]:
    """(computed weight, element's start tag, font) for every font Chromium drew each element's
    own text with (DevTools' CSS.getPlatformFontsForNode: the real font, not the CSS)."""
    weights = page.evaluate("""() => { const found = [];
        for (const e of document.querySelectorAll('body *'))
            if ([...e.childNodes].some(c => c.nodeType === 3 && c.textContent.trim())) {
                e.dataset.weight = ''; found.push([parseInt(getComputedStyle(e).fontWeight),
                                                   e.outerHTML.slice(0, 80)]); }
        return found; }""")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-weight]"})["nodeIds"]
    assert len(nodes) == len(weights)  # both in document order
    used = [(weight, tag, font) for node, (weight, tag) in zip(nodes, weights, strict=True)
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    cdp.detach()
    return used


def test_visitor_reads_every_glyph_in_the_sites_own_fonts_bold_where_bold(exported, browser):
    """No text is drawn with a font of the reading device (a phone without Khmer or Lao
    would show boxes there), and bold text is drawn with the bold face where the script has
    one (Tai Viet and HanaMin have none: the browser thickens those), never a thickened
    regular; regular text never in bold."""
    catalog, site = exported
    rels = ["vi/index.html", "vi/timeline.html", "fr/udhr-film.html"]
    rels += [f"{lang}/udhr.html" for lang in catalog.available_languages("udhr")]
    page = browser.new_page()
    system, thickened, heavy = [], [], []
    for rel in rels:
        page.goto((site / rel).as_uri())
        page.evaluate("() => document.fonts.ready")
        for weight, tag, font in _fonts_by_weight(page):
            name = font["postScriptName"]
            if not font["isCustomFont"]:
                system.append((rel, tag, name))
            elif weight >= 600 and "Bold" not in name and not name.startswith(("NotoSansTaiViet", "HanaMin")):
                thickened.append((rel, tag, name))
            elif weight < 600 and "Bold" in name:
                heavy.append((rel, tag, name))
    page.close()
    assert not system, system[:5]
    assert not thickened, thickened[:5]
    assert not heavy, heavy[:5]


def test_visitor_finds_the_described_version_and_the_sign_language_film(browser, tmp_path):
    """A film with a described version and a sign-language recording (the sample has
    neither): both get their own player on the page, and the page still passes axe."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.films import film_item, make_film

    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "items" / "timeline-vn", content / "items" / "timeline-vn")
    (content / "site.yaml").write_text("title: {en: Test, fr: Essai}\nlanguages: [en, fr]\n"
                                       "default_language: en\nidle_timeout_seconds: 60\nedition: 1\n",
                                       encoding="utf-8")
    (content / "items" / "films").mkdir()
    (content / "items" / "films" / "item.yaml").write_text("kind: section\nitems: [timeline-vn]\n",
                                                           encoding="utf-8")
    (content / "items" / "films" / "en.md").write_text("---\ntitle: Films\n---\n", encoding="utf-8")
    cues = [("00:00:00.500", "00:00:01.800", "Hello from the film.")]
    folder = film_item(content, "talk", {"en": "A talk", "fr": "Un entretien"}, section="films",
                       captions={"en": cues, "fr": [("00:00:00.500", "00:00:01.800", "Bonjour.")]},
                       sign=True)
    make_film(folder / "film-described.mp4", 4.0, shade=(60, 160, 60))
    with (folder / "item.yaml").open("a", encoding="utf-8") as meta:
        meta.write("described: film-described.mp4\n")
    build_catalog(content, tmp_path / "catalog.db")
    catalog = Catalog(tmp_path / "catalog.db")
    export_site(catalog, tmp_path / "site")
    catalog.close()
    page = browser.new_page()
    page.goto((tmp_path / "site/fr/talk.html").as_uri())
    assert page.locator("#described-h").inner_text() == "Avec audiodescription"
    assert page.locator("#sign-ase-h").inner_text() == "Langue des signes (ase)"
    page.evaluate("() => document.querySelectorAll('video').forEach(v => { v.preload = 'metadata'; v.load(); })")
    page.wait_for_function("[...document.querySelectorAll('video')].every(v => v.readyState >= 1)",
                           timeout=20000)  # all three play (the extra two wait for a tap)
    assert page.evaluate("document.querySelectorAll('video').length") == 3
    assert "Bonjour." in page.inner_text("section.transcript")
    found = Axe().run(page).response["violations"]
    assert found == [], [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in found]
    page.close()
