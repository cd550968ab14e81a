"""A visitor searches without typing tones, đ, capitals, or spaces between Khmer words."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from kiosk.search.fold import (
    BREAK,
    INITIAL,
    JOIN,
    TF,
    UNIT,
    Term,
    fold,
    index_text,
    index_tokens,
    query_terms,
    search_terms,
)
from kiosk.search.query import make_snippet
from tests.conftest import write


@pytest.fixture
def catalog(small_exhibition, tmp_path):
    return Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)


@pytest.mark.parametrize(("typed", "written"), [
    ("dieu", "Điều"), ("quyen", "quyền"), ("dan toc", "dân tộc"), ("duong", "Đường"),
    ("QUYEN", "Quyền"), ("tre em", "trẻ em"), ("protege", "protège"),
])
def test_folding_meets_in_the_middle(typed, written):
    assert fold(typed) == fold(written)


def test_khmer_and_han_are_indexed_as_substrings_of_up_to_four_characters():
    tokens = set(index_tokens("មនុស្ស 自由"))
    assert {UNIT + "ម", "មនុ", "នុស្", "ស្ស", UNIT + "自", "自由"} <= tokens
    assert "មនុស" in tokens and "មនុស្" not in tokens  # five characters: not one token
    assert search_terms("នុស្ស") == [Term("នុស្ស", unspaced=True)]
    assert search_terms("自由") == [Term("自由", unspaced=True)]
    # The usage figures keep terms as phrases of single characters, which the index answers.
    assert query_terms("នុស្ស") == ["ន ុ ស ្ ស"] and query_terms("自由") == ["自 由"]
    assert index_text("មនុស្ស").endswith(f"{BREAK} ម ន ុ ស ្ ស")


def test_words_are_indexed_with_their_initial_and_the_pair_they_form():
    assert index_tokens("Điều 1: Mọi") == {
        "dieu": 1, "1": 1, "moi": 1, INITIAL + "d": 1, INITIAL + "1": 1, INITIAL + "m": 1,
        f"{JOIN}dieu{JOIN}1": 1, f"{JOIN}1{JOIN}moi": 1}
    assert search_terms("dieu 1") == [Term("dieu", joined=True), Term("1")]
    assert query_terms("Điều 1") == ["dieu", "1"]


def test_a_recurring_word_is_indexed_once_with_how_often_it_recurs():
    tokens = index_text("quyền " * 100).split()
    assert tokens.count("quyen") == 1
    assert [t for t in tokens if t.startswith(TF)] == [f"{TF}1quyen", f"{TF}2quyen"]  # 8, 64
    assert not any(t.startswith(TF) for t in index_text("quyền " * 7).split())


def test_vietnamese_without_tones_finds_the_page(catalog):
    hits = catalog.search("dan toc", "vi")
    assert hits[0].item_id == "letter" and hits[0].page_index == 0
    assert [hits[0].snippet[slice(*span)] for span in hits[0].highlights] == ["Dân", "tộc"]
    assert catalog.search("duong", "vi")[0].page_index == 1


def test_a_khmer_substring_finds_the_khmer_document(catalog):
    hits = catalog.search("សេរីភា", "vi")
    assert [(h.item_id, h.lang) for h in hits] == [("letter", "km")]


def test_the_visitors_language_ranks_first(catalog):
    hits = catalog.search("convention", "fr")
    assert hits[0].lang == "fr"
    assert [h.item_id for h in hits] == ["crc"]  # its en and vi rows are the same card


@pytest.mark.parametrize("nasty", ['"', "*", "AND", "NEAR(", "(", "^", "' OR 1=1 --", "[b]", "  "])
def test_query_syntax_never_errors(catalog, nasty):
    catalog.search(nasty, "vi")  # no exception


def test_snippets_cut_the_original_text_and_mark_matches():
    snippet, spans = make_snippet("Mọi người đều có Quyền sống, tự do.", search_terms("quyen"))
    assert snippet[slice(*spans[0])] == "Quyền"


def test_search_command_prints_json(small_exhibition, tmp_path):
    out = tmp_path / "c.db"
    build_catalog(small_exhibition, out)
    result = CliRunner().invoke(main, ["search", "--catalog", str(out), "--json", "quyen"])
    hits = json.loads(result.output)
    assert hits and set(hits[0]) >= {"id", "kind", "lang", "title", "snippet"}
    assert hits[0]["lang"] == "vi"


def test_one_letter_finds_titles_it_starts_and_one_letter_words(catalog):
    """A letter alone is not yet a word: "p" is not every text with a word in p."""
    hits = catalog.search("p", "en")
    assert ("photo", "en") in {(h.item_id, h.lang) for h in hits}  # "Photo en": a title
    assert "crc" not in {h.item_id for h in hits}  # "protects", "phê chuẩn": only in texts
    assert {h.lang for h in hits} == {"en"}  # and only in the visitor's language
    hits = catalog.search("l", "fr")  # "l'enfant": a word of one letter, in the text too
    crc = next(h for h in hits if (h.item_id, h.lang) == ("crc", "fr"))
    assert [crc.snippet[slice(*span)] for span in crc.highlights] == ["l"]


def add_document(root, item_id: str, pages: list[str], lang: str = "vi") -> None:
    write(root / f"items/{item_id}/item.yaml", "kind: document\ncredit: Test\npages:\n"
          + "".join(f"  - id: p{n}\n" for n in range(len(pages))))
    body = "".join(f"\n<!-- page: p{n} -->\n## Trang {n + 1}\n{text}\n"
                   for n, text in enumerate(pages))
    write(root / f"items/{item_id}/{lang}.md", f"---\ntitle: Tài liệu {item_id}\n---\n{body}")


@pytest.fixture
def long_document(small_exhibition, tmp_path):
    pages = [f"Nhà nước và nhân dân, trang số {n}." for n in range(30)]
    pages[3] += " Alpha ở đây, beta ở kia. Delta và epsilon."
    pages[9] += " Zeta, delta, epsilon."
    pages[20] += " Hai chữ Alpha beta đứng cạnh nhau."
    pages[27] += " Xa xôi là đảo Zanzibar."
    add_document(small_exhibition, "long", pages)
    return Catalog(build_catalog(small_exhibition, tmp_path / "long.db").catalog)


def test_a_match_on_a_late_page_opens_that_page(long_document):
    hit = long_document.search("zanzibar", "vi")[0]
    assert (hit.item_id, hit.page_index, hit.title) == ("long", 27, "Tài liệu long — Trang 28")
    assert [hit.snippet[slice(*span)] for span in hit.highlights] == ["Zanzibar"]
    assert hit.snippet.startswith("… ") and "Zanzibar" in hit.snippet


def test_the_page_is_where_the_words_are_together(long_document):
    assert long_document.search("alpha", "vi")[0].page_index == 3  # its first match
    assert long_document.search("alpha beta", "vi")[0].page_index == 20  # written side by side
    assert long_document.search("delta epsilon zeta", "vi")[0].page_index == 9  # all three


def test_more_than_four_unspaced_characters_must_be_found_together(small_exhibition, tmp_path):
    add_document(small_exhibition, "apart", ["甲乙丙丁。丙丁戊己"])
    add_document(small_exhibition, "together", ["甲乙丙丁戊己"])
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "han.db").catalog)
    assert [h.item_id for h in catalog.search("甲乙丙丁戊己", "vi")] == ["together"]
    assert {h.item_id for h in catalog.search("丙丁戊己", "vi")} == {"apart", "together"}
    hit = catalog.search("乙丙丁戊己", "vi")[0]
    assert hit.item_id == "together" and hit.snippet[slice(*hit.highlights[0])] == "乙丙丁戊己"


def test_visitor_sees_each_item_once_in_her_language(catalog):
    """A word in the vi, en and fr texts of one item is one card, in the visitor's language."""
    every = catalog.search("convention", "fr", limit=50)
    ids = [h.item_id for h in every]
    assert ids and len(ids) == len(set(ids))
    assert every[0].lang == "fr"
