"""A visitor who reads only one of the sixteen UDHR languages types a word from Article 1
and finds the Declaration in that language."""

from __future__ import annotations

import pytest

from kiosk.catalog.read import Catalog
from kiosk.search.fold import is_unspaced

UDHR_LANGUAGES = ["ar", "blt", "de-1996", "en", "es", "fr", "hnj", "ja", "km", "ko", "lo",
                  "ru", "th", "vi", "vi-Hani", "zh-Hans"]


@pytest.fixture(scope="module")
def catalog(sample_catalog):
    return Catalog(sample_catalog)


def words_from_the_middle_of_article_1(catalog: Catalog, lang: str) -> list[str]:
    """Three queries per language: a word (or, without spaces, 2-4 characters) mid-text."""
    page = next(p for p in catalog.document("udhr", lang).pages if p.page_id == "article-1")
    text = " ".join(block.text for block in page.text if block.kind != "heading")
    middle = len(text) // 2
    queries = []
    for shift in (-7, 0, 9):
        start = middle + shift
        if is_unspaced(text[start]):
            queries.append(text[start : start + 2 + (shift % 3)].strip())
        else:
            words = [w.strip(".,;:،") for w in text.split()]
            queries.append(words[len(words) // 2 + shift // 4])
    return [q for q in queries if q]


@pytest.mark.parametrize("lang", UDHR_LANGUAGES)
def test_a_word_from_article_1_finds_the_udhr_in_that_language(catalog, lang):
    for query in words_from_the_middle_of_article_1(catalog, lang):
        top3 = [(h.item_id, h.lang) for h in catalog.search(query, lang, limit=3)]
        assert ("udhr", lang) in top3, f"{query!r} -> {top3}"


@pytest.mark.parametrize(("typed", "expected"), [
    ("dieu 1", "Điều 1"), ("quyen", "quyền"), ("dan toc", "dân tộc"), ("DIEU 1", "Điều 1"),
])
def test_vietnamese_typed_without_tones(catalog, typed, expected):
    hits = catalog.search(typed, "vi")
    assert hits, typed
    found = " ".join(f"{h.title} {h.snippet}" for h in hits[:3]).lower()
    assert expected.lower() in found


def test_dieu_1_opens_article_1(catalog):
    best = catalog.search("dieu 1", "vi")[0]
    assert (best.item_id, best.lang, best.page_index) == ("udhr", "vi", 1)
