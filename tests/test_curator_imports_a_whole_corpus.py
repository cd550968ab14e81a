"""A curator imports a whole UDHR-in-XML corpus in one command: two translations of one
language, one of undetermined language and a broken file among the shared sixteen."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from kiosk.content.checks import check_exhibition
from tests.conftest import UDHR_CORPUS, write

pytestmark = pytest.mark.skipif(not UDHR_CORPUS.is_dir(), reason="shared corpus not present")


def _corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in UDHR_CORPUS.glob("udhr_*.xml"):
        (folder / path.name).write_bytes(path.read_bytes())
    spanish = (UDHR_CORPUS / "udhr_spa.xml").read_text(encoding="utf-8")
    write(folder / "udhr_spa_2.xml", spanish.replace("key='spa'", "key='spa_2'").replace(
        "n='Spanish'", "n='Spanish (second copy)'", 1))
    english = (UDHR_CORPUS / "udhr_eng.xml").read_text(encoding="utf-8")
    undetermined = english.replace("xml:lang='en'", "xml:lang='und'").replace(
        "key='eng'", "key='und_test'")
    write(folder / "udhr_und_test.xml", undetermined)
    write(folder / "udhr_broken.xml", "<udhr xmlns='http://efele.net/udhr'><title>unclosed")
    return sorted(folder.glob("*.xml"))


def test_curator_imports_every_translation_with_a_summary(small_exhibition, tmp_path):
    files = _corpus(tmp_path)
    assert "xml:lang='en'" in (UDHR_CORPUS / "udhr_eng.xml").read_text(encoding="utf-8")
    assert "key='spa'" in (UDHR_CORPUS / "udhr_spa.xml").read_text(encoding="utf-8")
    command = ["import", "udhr", *map(str, files), "--into", str(small_exhibition)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "imported 18 translation(s) (18 written, 0 unchanged), skipped 1" in result.output
    assert "udhr_broken.xml: not a readable XML file" in result.output
    folder = small_exhibition / "items/udhr"
    assert (folder / "es.md").is_file() and (folder / "es-x-spa-2.md").is_file()
    assert (folder / "und-x-und-test.md").is_file()
    assert "(Spanish (second copy))" in (folder / "es-x-spa-2.md").read_text(encoding="utf-8")

    again = CliRunner().invoke(main, command)
    assert "(0 written, 18 unchanged)" in again.output, again.output

    write(small_exhibition / "items/main/item.yaml",
          "kind: section\norder: 1\nitems: [crc, letter, photo, udhr]\n")
    _, problems = check_exhibition(small_exhibition)
    assert not problems.errors, [p.format() for p in problems.errors]
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)
    document = catalog.document("udhr", "und-x-und-test")
    assert document.lang == "und-x-und-test"
    assert "Article 1" in [p.title for p in document.pages]
    assert catalog.document("udhr", "es-x-spa-2").title.endswith("(Spanish (second copy))")
