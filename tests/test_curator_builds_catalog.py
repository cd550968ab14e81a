"""A curator builds the exhibition into a catalog; a broken build never costs the old one."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import BuildError, build_catalog
from kiosk.catalog.read import Catalog, CatalogError
from kiosk.catalog.schema import media_dir_for
from kiosk.cli import main
from tests.conftest import make_png, write


def test_build_then_info_describes_the_exhibition(small_exhibition, tmp_path):
    catalog = tmp_path / "out" / "catalog.db"
    result = CliRunner().invoke(main, ["build", str(small_exhibition), "--out", str(catalog)])
    assert result.exit_code == 0, result.output
    info = json.loads(CliRunner().invoke(main, ["info", "--catalog", str(catalog), "--json"]).output)
    assert info["items"] == {"section": 1, "treaty": 1, "document": 1, "image": 1}
    assert info["languages"] == ["en", "fr", "km", "vi"]
    assert info["pages"] == 2 and info["images"] == 1
    assert info["edition"] == 3
    assert info["built_at"].endswith("+00:00")


def test_the_catalog_is_real_sqlite_with_the_documented_tables(small_exhibition, tmp_path):
    catalog = build_catalog(small_exhibition, tmp_path / "c.db").catalog
    tables = {r[0] for r in sqlite3.connect(catalog).execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert {"meta", "items", "translations", "section_items", "pages", "page_texts",
            "media", "search_docs", "search_languages", "search_index"} <= tables
    assert sqlite3.connect(catalog).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_media_are_derived_beside_the_catalog(small_exhibition, tmp_path):
    catalog = tmp_path / "c.db"
    build_catalog(small_exhibition, catalog)
    files = sorted(p.name for p in media_dir_for(catalog).iterdir())
    assert len(files) == 2 and any("-thumb" in f for f in files)
    image = Catalog(catalog).image("photo", "en")
    assert image.alt == "A red square (en)" and image.width == 64 and image.height == 48
    # Rebuilding reuses the unchanged item and its derived media rather than re-encoding them.
    second = build_catalog(small_exhibition, catalog)
    assert second.media_written == 0 and second.items_reused == 4
    assert sorted(p.name for p in media_dir_for(catalog).iterdir()) == files


def test_a_failed_build_leaves_the_previous_catalog_intact(small_exhibition, tmp_path):
    catalog = tmp_path / "c.db"
    build_catalog(small_exhibition, catalog)
    before = catalog.read_bytes()
    write(small_exhibition / "items/crc/item.yaml", "kind: treaty\nadopted: [\n")
    with pytest.raises(BuildError) as failure:
        build_catalog(small_exhibition, catalog)
    assert any("crc/item.yaml" in p.path for p in failure.value.problems)
    assert catalog.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert Catalog(catalog).treaty("crc", "en").abbreviation == "CRC"


def test_build_cli_reports_errors_and_exits_1(small_exhibition, tmp_path):
    (small_exhibition / "items/photo/vi.md").write_text("---\ntitle: Ảnh\n---\n")
    result = CliRunner().invoke(main, ["build", str(small_exhibition), "--out", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert "items/photo/vi.md:2: error: alt text is missing" in result.output
    assert not (tmp_path / "c.db").exists()


def test_reader_falls_back_and_says_which_language_it_shows(small_exhibition, tmp_path):
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)
    treaty = catalog.treaty("crc", "km")  # no Khmer summary: the site's default is shown
    assert (treaty.lang, treaty.requested_lang) == ("vi", "km")
    assert [d.label_key for d in treaty.key_dates] == [
        "adopted", "entry_into_force", "vn_signed", "vn_ratification"]
    english = catalog.treaty("crc", "en")
    assert "[b]not markup[/b]" in english.summary[0].text  # kept as text, for escaping in UI
    document = catalog.document("letter", "km")
    assert document.lang == "km" and document.script == "Khmr"
    assert document.pages[0].text[0].text.startswith("មនុស្ស") and document.pages[1].text == ()
    assert catalog.language_name("km") == "ខ្មែរ"
    assert catalog.language_name("vi") == "Tiếng Việt"
    assert [s.id for s in catalog.sections("fr")] == ["main"]
    assert [i.id for i in catalog.section_items("main", "fr")] == ["crc", "letter", "photo"]


def test_a_damaged_catalog_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CatalogError, match="is not a catalog"):
        Catalog(bad)
    with pytest.raises(CatalogError, match="no catalog"):
        Catalog(tmp_path / "missing.db")


def test_document_pages_can_carry_images(small_exhibition, tmp_path):
    make_png(small_exhibition / "items/letter/scan.png", (300, 200))
    write(small_exhibition / "items/letter/item.yaml", """
        kind: document
        credit: Test archive
        pages:
          - id: page-1
            image: scan.png
          - id: page-2
    """)
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)
    page = catalog.document("letter", "vi").pages[0]
    assert page.image and page.image.endswith(".png") and page.thumbnail.endswith(".jpg")


def test_a_rebuild_after_one_edit_reparses_only_that_item(small_exhibition, tmp_path):
    catalog = tmp_path / "c.db"
    build_catalog(small_exhibition, catalog)
    write(small_exhibition / "items/crc/en.md", "---\ntitle: CRC, edited\n---\nNew summary text.\n")
    result = build_catalog(small_exhibition, catalog)
    assert result.items_reused == 3  # main, letter, photo
    reader = Catalog(catalog)
    assert reader.treaty("crc", "en").title == "CRC, edited"
    assert reader.image("photo", "vi").alt == "A red square (vi)"  # copied rows still whole
    assert reader.search("summary", "en")[0].item_id == "crc"
    assert reader.search("dan toc", "vi")[0].item_id == "letter"  # copied search docs
    assert reader.search("duong", "vi")[0].page_index == 1  # with their page starts


def test_a_rebuild_after_a_damaged_previous_catalog_starts_over(small_exhibition, tmp_path):
    catalog = tmp_path / "c.db"
    build_catalog(small_exhibition, catalog)
    catalog.write_bytes(b"garbage" * 1000)
    result = build_catalog(small_exhibition, catalog)
    assert result.items_reused == 0
    assert Catalog(catalog).treaty("crc", "vi").abbreviation == "CRC"


def test_easy_read_and_content_warnings_reach_the_reader(small_exhibition, tmp_path):
    write(small_exhibition / "items/crc/en.md", """
        ---
        title: Convention on the Rights of the Child
        ---
        The Convention protects the rights of children.

        <!-- easy-read -->
        This agreement protects children.

        A child is anyone under 18.
    """)
    write(small_exhibition / "items/photo/en.md",
          "---\ntitle: Photo\nalt: A red square\ncontent_warning: Shows a wound.\n---\n")
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)
    treaty = catalog.treaty("crc", "en")
    assert [b.text for b in treaty.summary] == ["The Convention protects the rights of children."]
    assert [b.text for b in treaty.easy_read] == ["This agreement protects children.",
                                                  "A child is anyone under 18."]
    assert catalog.treaty("crc", "vi").easy_read == ()
    assert catalog.image("photo", "en").content_warning == "Shows a wound."


def test_large_scans_get_zoom_tiles_and_urls_get_qr_codes(small_exhibition, tmp_path):
    make_png(small_exhibition / "items/letter/scan.png", (5000, 3000))
    write(small_exhibition / "items/letter/item.yaml", """
        kind: document
        credit: Test archive
        url: https://www.ohchr.org/en/universal-declaration-of-human-rights
        pages:
          - id: page-1
            image: scan.png
          - id: page-2
    """)
    catalog_path = tmp_path / "c.db"
    build_catalog(small_exhibition, catalog_path)
    document = Catalog(catalog_path).document("letter", "vi")
    zoom = document.pages[0].zoom
    assert zoom and (zoom.width, zoom.height, zoom.tile_size) == (5000, 3000, 256)
    assert zoom.levels == 14  # 1x1 up to 5000 px: ceil(log2(5000)) + 1
    tiles = Path(zoom.dzi).with_name("image_files")
    assert (tiles / "13" / "0_0.jpg").is_file() and (tiles / "0" / "0_0.jpg").is_file()
    assert document.pages[1].zoom is None
    assert document.qr and Path(document.qr).is_file()
    assert Catalog(catalog_path).image("photo", "vi").zoom is None  # small: no tiles

    # Without the scan, its tiles leave the media folder at the next build.
    write(small_exhibition / "items/letter/item.yaml",
          "kind: document\ncredit: Test archive\npages:\n  - id: page-1\n  - id: page-2\n")
    build_catalog(small_exhibition, catalog_path)
    assert not Path(zoom.dzi).parent.exists()
    assert Catalog(catalog_path).document("letter", "vi").qr is None


def test_a_url_that_cannot_be_a_qr_code_is_reported(small_exhibition):
    from kiosk.content.checks import check_exhibition

    write(small_exhibition / "items/crc/item.yaml",
          "kind: treaty\nabbreviation: CRC\nadopted: 1989-11-20\nmonitoring_body: C\n"
          "url: javascript:alert(1)\nsources:\n  - title: UNTC\n")
    _, problems = check_exhibition(small_exhibition)
    assert any(p.line == 5 and "QR code" in p.message for p in problems.errors)
