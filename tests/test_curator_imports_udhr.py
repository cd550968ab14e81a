"""A curator imports the Universal Declaration from UDHR-in-XML files in any script."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from kiosk.content.checks import check_exhibition
from tests.conftest import UDHR_CORPUS, write

ARABIC = """<?xml version="1.0" encoding="UTF-8"?>
<udhr iso639-3='arb' xml:lang='ar' key='arb' n='Arabic' dir='rtl' iso15924='Arab'
      xmlns="http://efele.net/udhr">
  <title>الإعلان العالمي لحقوق الإنسان</title>
  <article number="1"><title>المادة 1</title>
    <para>يولد جميع الناس أحرارًا [متساوين] في الكرامة والحقوق.</para></article>
  <article number="2"><title>المادة 2</title>
    <orderedlist><listitem><para>أولى *نجمة*</para></listitem>
    <listitem><para>ثانية</para></listitem></orderedlist></article>
</udhr>
"""


def test_an_imported_translation_is_ordinary_checked_content(small_exhibition, tmp_path):
    xml = write(tmp_path / "udhr_arb.xml", ARABIC)
    write(small_exhibition / "items/main/item.yaml",
          "kind: section\norder: 1\nitems: [crc, letter, photo, udhr]\n")
    result = CliRunner().invoke(main, ["import", "udhr", str(xml), "--into", str(small_exhibition)])
    assert result.exit_code == 0, result.output
    text = (small_exhibition / "items/udhr/ar.md").read_text()
    assert "direction: rtl" in text and "<!-- page: article-2 -->" in text
    _, problems = check_exhibition(small_exhibition)
    assert not problems.errors, [p.format() for p in problems.errors]
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)
    document = catalog.document("udhr", "ar")
    assert document.direction == "rtl" and document.script == "Arab"
    assert document.credit.startswith("Translation: OHCHR UDHR Translation Project")
    assert [p.title for p in document.pages] == ["المادة 1", "المادة 2"]
    # Markup-like and Markdown characters in the source survive exactly.
    assert document.pages[0].text[0].kind == "heading"
    assert "[متساوين]" in document.pages[0].text[1].text
    assert document.pages[1].text[1].text == "1. أولى *نجمة*"


def test_a_broken_file_is_skipped_and_the_rest_imported(tmp_path):
    good = write(tmp_path / "good.xml", ARABIC)
    bad = write(tmp_path / "bad.xml", "<udhr><title>unclosed")
    result = CliRunner().invoke(main, ["import", "udhr", str(good), str(bad), "--into", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "imported 1 translation(s)" in result.output and "skipped 1" in result.output
    assert "bad.xml: not a readable XML file" in result.output
    assert (tmp_path / "c/items/udhr/ar.md").is_file()


def test_nothing_readable_imports_nothing(tmp_path):
    bad = write(tmp_path / "bad.xml", "<udhr><title>unclosed")
    result = CliRunner().invoke(main, ["import", "udhr", str(bad), "--into", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert "no file could be imported" in result.output
    assert not (tmp_path / "c" / "items" / "udhr").exists()


@pytest.mark.skipif(not UDHR_CORPUS.is_dir(), reason="shared corpus not present")
def test_all_sixteen_shipped_translations_import_and_build(tmp_path, small_exhibition):
    files = sorted(UDHR_CORPUS.glob("udhr_*.xml"))
    result = CliRunner().invoke(main, ["import", "udhr", *map(str, files), "--into", str(small_exhibition)])
    assert result.exit_code == 0, result.output
    write(small_exhibition / "items/main/item.yaml",
          "kind: section\norder: 1\nitems: [crc, letter, photo, udhr]\n")
    out = tmp_path / "c.db"
    build_catalog(small_exhibition, out)
    info = json.loads(CliRunner().invoke(main, ["info", "-c", str(out), "--json"]).output)
    assert {"ar", "blt", "hnj", "zh-Hans", "de-1996", "en", "fr", "ja", "km", "ko", "lo",
            "ru", "es", "th", "vi", "vi-Hani"} <= set(info["languages"])
    assert Catalog(out).search("dieu 1", "vi")[0].title.endswith("Điều 1:")
