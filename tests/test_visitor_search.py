"""A visitor searches without typing tones, đ, capitals, or spaces between Khmer words."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from kiosk.search.fold import fold, query_terms
from kiosk.search.query import make_snippet


@pytest.fixture
def catalog(small_exhibition, tmp_path):
    return Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)


@pytest.mark.parametrize(("typed", "written"), [
    ("dieu", "Điều"), ("quyen", "quyền"), ("dan toc", "dân tộc"), ("duong", "Đường"),
    ("QUYEN", "Quyền"), ("tre em", "trẻ em"), ("protege", "protège"),
])
def test_folding_meets_in_the_middle(typed, written):
    assert fold(typed) == fold(written)


def test_khmer_and_han_are_indexed_per_character():
    assert query_terms("នុស្ស") == ["ន ុ ស ្ ស"]
    assert query_terms("自由") == ["自 由"]


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
    assert {h.lang for h in hits} >= {"en", "fr"}


@pytest.mark.parametrize("nasty", ['"', "*", "AND", "NEAR(", "(", "^", "' OR 1=1 --", "[b]", "  "])
def test_query_syntax_never_errors(catalog, nasty):
    catalog.search(nasty, "vi")  # no exception


def test_snippets_cut_the_original_text_and_mark_matches():
    snippet, spans = make_snippet("Mọi người đều có Quyền sống, tự do.", ["quyen"])
    assert snippet[slice(*spans[0])] == "Quyền"


def test_search_command_prints_json(small_exhibition, tmp_path):
    out = tmp_path / "c.db"
    build_catalog(small_exhibition, out)
    result = CliRunner().invoke(main, ["search", "--catalog", str(out), "--json", "quyen"])
    hits = json.loads(result.output)
    assert hits and set(hits[0]) >= {"id", "kind", "lang", "title", "snippet"}
    assert hits[0]["lang"] == "vi"
