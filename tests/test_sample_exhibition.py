"""The shipped sample exhibition shows what the kiosk can do with real content: a gallery of
Article 1 in sixteen languages and scripts, a poster of the whole Declaration to zoom into, a
bilingual printed edition with page images and transcripts, and one recorded narration.

Every word comes from the UDHR corpus (through the `udhr` item that `kiosk import udhr` made
from it), so these tests check the pictures' words against that item, not against copies.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, features

from kiosk.catalog.read import Catalog
from kiosk.content.checks import check_exhibition
from kiosk.content.loader import load_exhibition
from kiosk.content.markdown import markdown_blocks, plain_text, split_pages
from kiosk.media.audio import probe_audio
from kiosk.media.images import DISPLAY_MAX
from tests.conftest import SAMPLE_CONTENT

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "udhr"
UDHR_LANGUAGES = {"vi", "vi-Hani", "blt", "hnj", "km", "lo", "th", "zh-Hans", "ja", "ko", "en",
                  "fr", "es", "de-1996", "ru", "ar"}


@pytest.fixture(scope="module")
def sample(sample_catalog):
    catalog = Catalog(sample_catalog)
    yield catalog
    catalog.close()


@pytest.fixture(scope="module")
def udhr_item():
    exhibition, _ = load_exhibition(SAMPLE_CONTENT)
    return exhibition.items["udhr"]


def article_1(udhr_item, lang: str) -> tuple[str, str]:
    """(heading, text) of Article 1 in the `udhr` item's language file for `lang`."""
    translation = udhr_item.translations[lang]
    _, pages = split_pages(translation.body, translation.body_line)
    (page,) = [p for p in pages if p.page_id == "article-1"]
    blocks = markdown_blocks(page.text)
    return blocks[0].text, " ".join(b.text for b in blocks[1:])


def test_the_gallery_shows_article_1_in_all_16_languages_of_the_declaration(sample, udhr_item):
    assert set(udhr_item.translations) == UDHR_LANGUAGES
    gallery = next(s for s in sample.sections("en") if s.id == "article-1")
    assert gallery.title == "Article 1 in 16 languages and scripts"
    cards = sample.section_items("article-1", "en")
    assert len(cards) == 16 and {c.kind for c in cards} == {"image"}
    assert all(c.thumbnail and Path(c.thumbnail).is_file() for c in cards)
    shown_languages = set()
    for card in cards:
        for lang in ("vi", "en", "fr"):
            view = sample.image(card.id, lang)
            assert view.lang == lang and view.title and view.caption and view.credit
            assert "OHCHR UDHR Translation Project" in view.credit and view.licence
            assert view.description, f"{card.id} {lang}: no long description"
        tag = next(t for t in UDHR_LANGUAGES if card.id == f"article-1-{t.lower()}")
        shown_languages.add(tag)
        heading, text = article_1(udhr_item, tag)
        for lang in ("vi", "en", "fr"):  # the alt text quotes the card's words exactly
            alt = " ".join(sample.image(card.id, lang).alt.split())
            assert heading in alt and text in alt, f"{card.id} {lang}: {alt[:80]}"
    assert shown_languages == UDHR_LANGUAGES


def test_the_cards_are_card_sized_and_the_arabic_one_reads_from_the_right(sample):
    for card in sample.section_items("article-1", "en"):
        view = sample.image(card.id, "en")
        assert (view.width, view.height) == (1600, 1000) and view.zoom is None
    arabic = sample.image("article-1-ar", "en")
    assert "along its right edge" in arabic.alt
    with Image.open(arabic.image) as image:  # the dark blue bar is on the right, where
        pixels = image.convert("RGB")  # reading starts
        assert pixels.getpixel((1600 - 70, 500)) == pytest.approx((24, 58, 110), abs=12)
        assert pixels.getpixel((70, 500))[0] > 200


def test_the_poster_of_the_whole_declaration_gets_a_deep_zoom_pyramid(sample):
    poster = sample.image("udhr-poster", "vi")
    assert poster.zoom is not None
    assert (poster.zoom.width, poster.zoom.height) == (6000, 8500)
    assert max(poster.width, poster.height) <= DISPLAY_MAX  # shown whole, text unreadably small
    dzi = Path(poster.zoom.dzi)
    assert dzi.is_file() and 'Width="6000"' in dzi.read_text() and 'Height="8500"' in dzi.read_text()
    tiles = dzi.parent / f"{dzi.stem}_files" / str(poster.zoom.levels - 1)
    assert len(list(tiles.iterdir())) == 24 * 34  # 256 px tiles at full size
    assert poster.qr and Path(poster.qr).is_file()
    for lang in ("vi", "en", "fr"):
        view = sample.image("udhr-poster", lang)
        assert "30" in view.alt and view.description


def test_the_bilingual_edition_has_6_printed_pages_with_transcripts(sample, udhr_item):
    pages_by_lang = {lang: sample.document("udhr-vi-en", lang).pages for lang in ("vi", "en", "fr")}
    assert [len(p) for p in pages_by_lang.values()] == [6, 6, 6]
    for page in pages_by_lang["vi"]:
        assert page.image and Path(page.image).is_file() and page.thumbnail
        with Image.open(page.image) as image:
            assert image.size == (1241, 1754)  # A4 at 150 dpi, as `kiosk import pdf` renders
    assert pages_by_lang["vi"][0].title == "Lời nói đầu"
    assert pages_by_lang["en"][0].title == "Preamble"
    assert pages_by_lang["fr"][0].title == "Préambule"
    assert pages_by_lang["en"][-1].text[-1].text.startswith("Nothing in this Declaration")
    for lang in ("vi", "en", "fr"):  # every article once, in order, across the six pages
        headings = [b.text for p in pages_by_lang[lang] for b in p.text if b.kind == "heading"]
        source = udhr_item.translations[lang]
        _, udhr_pages = split_pages(source.body, source.body_line)
        assert headings == [markdown_blocks(p.text)[0].text for p in udhr_pages]
        printed = " ".join(plain_text(p.text) for p in pages_by_lang[lang])
        assert plain_text(markdown_blocks(udhr_pages[-1].text)) in printed
    document = sample.document("udhr-vi-en", "en")
    assert document.url == "https://efele.net/udhr/" and document.qr
    assert "OHCHR" in document.credit


def test_the_vietnamese_card_carries_a_recorded_narration_with_its_transcript(sample, udhr_item):
    narration = sample.image("article-1-vi", "vi").narration
    assert narration is not None and narration.lang == "vi" and narration.mime == "audio/ogg"
    info = probe_audio(Path(narration.audio))
    assert info.format == "ogg" and 5 < info.duration_s < 30
    heading, text = article_1(udhr_item, "vi")
    assert " ".join(b.text for b in narration.transcript) == f"{heading} {text}"
    assert "synthetic voice (eSpeak NG)" in sample.image("article-1-vi", "vi").credit


def test_the_sample_checks_clean():
    exhibition, problems = check_exhibition(SAMPLE_CONTENT)
    assert exhibition is not None
    # the sample film honestly has no sign-language track, and the check says so
    assert [(p.path, p.severity, p.message) for p in problems] == [
        ("content/items/udhr-film/item.yaml", "warning", "the film has no sign-language track")]


@pytest.mark.skipif(not CORPUS.is_dir() or not features.check("raqm"),
                    reason="needs the UDHR corpus beside this checkout, and Pillow with raqm")
def test_the_cards_words_are_what_the_tool_makes_from_the_corpus(tmp_path):
    """The shipped card texts are in step with tools/make_sample_cards.py and the corpus."""
    (tmp_path / "items").mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample_cards.py"),
                           "--content", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.suffix in (".md", ".yaml"))
    assert len(made) == 17 * 4
    for path in made:
        shipped = (SAMPLE_CONTENT / path).read_text(encoding="utf-8")
        assert (tmp_path / path).read_text(encoding="utf-8") == shipped, path


def test_kiosk_info_counts_the_new_items(sample_catalog):
    stats = json.loads(subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "info", "--catalog", str(sample_catalog), "--json"],
        capture_output=True, text=True, check=True).stdout)
    # 15 items before: 9 treaties, the UDHR, 2 timeline charts and 3 sections; now also 16
    # cards and their section, the poster, the bilingual edition, and the film
    assert stats["items"] == {"treaty": 9, "document": 2, "image": 2 + 16 + 1, "section": 4,
                              "video": 1}
