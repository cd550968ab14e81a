"""A curator edits one item of a large exhibition and rebuilds: the build copies what has not
changed (rows, search index, problems found before) and the catalog is the one a build from
scratch makes, problems included."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import BuildError, build_catalog
from kiosk.catalog.read import Catalog
from kiosk.catalog.schema import media_dir_for
from kiosk.cli import main
from kiosk.content.checks import check_exhibition
from tests.conftest import SAMPLE_CONTENT, write

TABLES = ("items", "translations", "section_items", "media", "pages", "page_texts", "audio",
          "search_docs", "search_languages", "item_checks")
QUERIES = [("quyen", "vi"), ("dieu 1", "vi"), ("nhân phẩm", "vi"), ("rights of the child", "en"),
           ("freedom", "en"), ("droits", "fr"), ("សិទ្ធិ", "km"), ("สิทธิ", "th"), ("人權", "zh-Hans"),
           ("xyloquartz", "vi"), ("xylo", "en"), ("c", "en")]
EDITS = {
    # a treaty's summary (before its Easy Read version): new words to find, and a sentence too
    # long for plain language
    "treaty summary": ("crc/vi.md", lambda text: text.replace(
        "\n---\n", "\n---\nXyloquartz " + "rất dài " * 20 + "là một câu quá dài.\n\n", 1)),
    # a document's last page: the page's text, its search row and the row's page starts
    "document page": ("udhr/en.md", lambda text: text + "\nXyloquartz freedom, added.\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The sample exhibition and its catalog, built once for the module."""
    root = tmp_path_factory.mktemp("built")
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    build_catalog(content, root / "catalog" / "catalog.db")
    return content, root / "catalog" / "catalog.db"


def copy_of(built: tuple[Path, Path], into: Path) -> tuple[Path, Path]:
    """A private copy of the content and of its catalog (media too), safe to edit."""
    content, catalog = built
    shutil.copytree(content, into / "content")
    shutil.copytree(catalog.parent, into / "catalog")
    return into / "content", into / "catalog" / catalog.name


def contents(catalog: Path) -> dict:
    """Everything a catalog holds, in an order that does not depend on how it was written."""
    db = sqlite3.connect(catalog)
    found = {table: sorted(map(repr, db.execute(f"SELECT * FROM {table}"))) for table in TABLES}
    found["meta"] = {k: v for k, v in db.execute("SELECT key, value FROM meta") if k != "built_at"}
    # the index itself: every row's bm25 for tokens of every kind (words, unspaced grams)
    found["bm25"] = [db.execute("SELECT rowid, bm25(search_index) FROM search_index "
                                "WHERE search_index MATCH ? ORDER BY rowid", (f'"{token}"',)).fetchall()
                     for token in ("quyen", "freedom", "xyloquartz", "សិទ", "\ue001d")]
    db.close()
    return found


def searches(catalog: Path) -> list:
    reader = Catalog(catalog)
    return [reader.search(query, lang) for query, lang in QUERIES]


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_after_one_edit_equals_a_build_from_scratch(built, tmp_path, edit):
    content, catalog = copy_of(built, tmp_path)
    name, change = EDITS[edit]
    target = content / "items" / name
    for _ in range(2):  # edited and rebuilt twice: the index copied from a copied index
        target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
        again = build_catalog(content, catalog)
    scratch = build_catalog(content, tmp_path / "scratch" / "catalog.db")

    items = len(list((content / "items").iterdir()))
    assert (again.items_reused, again.items_checked) == (items - 1, 1)
    assert again.search_rows_indexed == 1  # the edited language's row; the index copied
    assert scratch.search_rows_indexed > 100
    assert contents(catalog) == contents(scratch.catalog)
    assert searches(catalog) == searches(scratch.catalog)
    assert any(hit.item_id == name.split("/")[0] for hit in Catalog(catalog).search("xyloquartz", "en"))
    assert again.warnings == scratch.warnings
    db = sqlite3.connect(catalog)
    db.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_rebuild_with_nothing_changed_copies_everything(built, tmp_path):
    content, catalog = copy_of(built, tmp_path)
    before = contents(catalog)
    again = build_catalog(content, catalog)
    assert (again.items_checked, again.search_rows_indexed) == (0, 0)
    assert contents(catalog) == before


def test_recalled_problems_read_as_those_found_afresh(small_exhibition, tmp_path):
    write(small_exhibition / "items/crc/fr.md", "---\ntitle: CRC\nsubtitle: oops\n---\n"
          + "Une phrase " + "très " * 30 + "longue.\n")
    catalog = tmp_path / "c.db"
    first = build_catalog(small_exhibition, catalog)
    again = build_catalog(small_exhibition, catalog)
    assert again.items_checked == 0 and again.warnings == first.warnings
    assert again.warnings == check_exhibition(small_exhibition)[1].warnings
    messages = [p.message for p in again.warnings]
    assert "unknown key 'subtitle'" in messages and any(m.startswith("a sentence of 33 words") for m in messages)
    # the site's languages are part of every item's problems: a new one is noticed everywhere
    site = small_exhibition / "site.yaml"
    site.write_text(site.read_text().replace("languages: [vi, en, fr]", "languages: [vi, en, fr, km]"))
    widened = build_catalog(small_exhibition, catalog)
    assert widened.items_checked == 4
    assert {p.path for p in widened.warnings if p.message == "no translation in 'km'"} == {
        f"content/items/{item}/item.yaml" for item in ("main", "crc", "photo")}
    assert widened.warnings == check_exhibition(small_exhibition)[1].warnings


def test_an_edit_that_breaks_an_unchanged_section_is_still_an_error(small_exhibition, tmp_path):
    catalog = tmp_path / "c.db"
    build_catalog(small_exhibition, catalog)
    before = catalog.read_bytes()
    # The section "main" is not edited, but what it lists changes under it.
    write(small_exhibition / "items/letter/item.yaml", "kind: section\nitems: [photo]\n")
    with pytest.raises(BuildError) as failure:
        build_catalog(small_exhibition, catalog)
    assert [(p.path, p.message) for p in failure.value.problems] == [
        ("content/items/main/item.yaml", "'letter' is a section")]
    shutil.rmtree(small_exhibition / "items/letter")
    with pytest.raises(BuildError) as failure:
        build_catalog(small_exhibition, catalog)
    assert [(p.path, p.message) for p in failure.value.problems] == [
        ("content/items/main/item.yaml", "section names unknown item 'letter'")]
    assert catalog.read_bytes() == before
    # Taken out of its section, an unchanged item is reported as unreachable.
    write(small_exhibition / "items/main/item.yaml", "kind: section\norder: 1\nitems: [crc]\n")
    result = build_catalog(small_exhibition, catalog)
    assert ("content/items/photo/item.yaml", "the item is in no section, so visitors cannot reach it") in [
        (p.path, p.message) for p in result.warnings]
    assert result.warnings == check_exhibition(small_exhibition)[1].warnings


def test_kiosk_check_says_the_same_after_builds(small_exhibition, tmp_path):
    write(small_exhibition / "items/crc/en.md", "---\ntitle: CRC\n---\n" + "word " * 40 + ".\n")
    checked = CliRunner().invoke(main, ["check", str(small_exhibition)])
    build_catalog(small_exhibition, tmp_path / "c.db")
    build_catalog(small_exhibition, tmp_path / "c.db")
    assert CliRunner().invoke(main, ["check", str(small_exhibition)]).output == checked.output
    assert "a sentence of 40 words" in checked.output


def test_a_copied_index_survives_media_gone_missing(built, tmp_path):
    """Derived media deleted by hand: the items that need them are built again, the rest and
    the search index still copied, and the result is the catalog a scratch build makes."""
    content, catalog = copy_of(built, tmp_path)
    for thumb in media_dir_for(catalog).glob("*-thumb.jpg"):
        thumb.unlink()
    again = build_catalog(content, catalog)
    assert 0 < again.items_reused < len(list((content / "items").iterdir()))
    assert again.media_written > 0 and again.search_rows_indexed == 0
    scratch = build_catalog(content, tmp_path / "scratch" / "catalog.db")
    assert contents(catalog) == contents(scratch.catalog)
