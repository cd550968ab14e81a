"""A reader takes the exhibition home as an e-book: EPUB 3 checked by epubcheck (Debian).

The sample is built once; a book in each of vi, en, fr, km and ar must pass epubcheck with
0 errors and 0 warnings, carry its language, a navigation document, the fonts of its scripts
and EPUB Accessibility 1.1 metadata.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kiosk.catalog.read import Catalog
from kiosk.export.epub import EpubError, write_epub

REPO = Path(__file__).resolve().parents[1]
EPUBCHECK = "/usr/bin/epubcheck"
needs_epubcheck = pytest.mark.skipif(not (Path(EPUBCHECK).exists() and shutil.which("java")),
                                     reason="epubcheck (tools/system-deps.sh) is not installed")


@pytest.fixture(scope="module")
def catalog(sample_catalog):
    opened = Catalog(sample_catalog)
    yield opened
    opened.close()


def epubcheck(paths: list[Path]) -> dict[Path, str]:
    """epubcheck's summary line for each book ("Messages: 0 fatals / 0 errors / ...")."""
    # One JVM per book (epubcheck checks one publication per run); a short run starts twice
    # as fast with only the quick compiler and the serial collector.
    return {path: subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                                  EPUBCHECK, str(path)], capture_output=True, text=True,
                                 timeout=180).stdout for path in paths}


@needs_epubcheck
def test_reader_gets_a_valid_book_in_each_language(catalog, tmp_path):
    books = [write_epub(catalog, lang, tmp_path / f"{lang}.epub") for lang in ("vi", "en", "fr", "km", "ar")]
    for path, report in epubcheck(books).items():
        assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, f"{path.name}:\n{report}"


def test_a_khmer_book_carries_its_language_fonts_navigation_and_accessibility(catalog, tmp_path):
    path = write_epub(catalog, "km", tmp_path / "km.epub")
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        opf = book.read("EPUB/content.opf").decode()
        nav = book.read("EPUB/nav.xhtml").decode()
        chapter = book.read("EPUB/udhr.xhtml").decode()
        assert book.testzip() is None
    assert "<dc:language>km</dc:language>" in opf
    assert any(re.search(r"fonts/Khmr-.*\.woff", n) for n in names)
    assert 'epub:type="toc"' in nav
    for prop in ("accessMode", "accessModeSufficient", "accessibilityFeature",
                 "accessibilityHazard", "accessibilitySummary"):
        assert f'property="schema:{prop}"' in opf
    assert "conformsTo" not in opf, "no conformance claim without a WCAG audit of the book"
    assert "មនុស្ស" in chapter and 'lang="km"' in chapter


def test_a_scanned_document_book_has_a_page_list_and_alt_text(catalog, tmp_path):
    scanned = [d for d in ("udhr-vi-en", "udhr") if any(p.image for p in catalog.document(d, "vi").pages)]
    if not scanned:
        pytest.skip("the sample has no scanned document")
    path = write_epub(catalog, "vi", tmp_path / "doc.epub", scanned[0])
    with zipfile.ZipFile(path) as book:
        nav = book.read("EPUB/nav.xhtml").decode()
        chapter = book.read(f"EPUB/{scanned[0]}.xhtml").decode()
    assert 'epub:type="page-list"' in nav
    assert re.search(r'<img [^>]*alt="[^"]+"', chapter)


def test_curator_asks_for_a_language_the_edition_does_not_have(catalog, tmp_path):
    with pytest.raises(EpubError, match="nothing .* is written in 'xx'"):
        write_epub(catalog, "xx", tmp_path / "xx.epub")


@needs_epubcheck
def test_reader_watches_the_film_in_the_book_with_captions_and_reads_its_transcript(catalog, tmp_path):
    """The film's own book: the video, one .vtt track per language (EPUB allows no data:
    addresses), the transcript in the book's language, and metadata that says so."""
    path = write_epub(catalog, "fr", tmp_path / "film-fr.epub", "udhr-film")
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        chapter = book.read("EPUB/udhr-film.xhtml").decode()
        opf = book.read("EPUB/content.opf").decode()
        tracks = {n: book.read(n).decode() for n in names if n.endswith(".vtt")}
    assert any(n.endswith(".mp4") for n in names)
    langs = catalog.film("udhr-film", "fr").caption_langs
    for lang in langs:
        assert re.search(rf'<track kind="(captions|subtitles)" srclang="{lang}"', chapter), lang
    assert 'kind="descriptions"' in chapter and '<h2>Transcription</h2>' in chapter
    assert all(text.startswith("WEBVTT") and "-->" in text for text in tracks.values())
    assert "10 décembre 1948" in tracks["EPUB/tracks/udhr-film.fr.subtitles.vtt"]
    for value in ("auditory", "captions", "transcript"):
        assert f">{value}</meta>" in opf, value
    report = epubcheck([path])[path]
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report
