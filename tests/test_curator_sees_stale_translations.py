"""A curator edits the English text a French translation was made from; `kiosk check` points
at the French paragraph that is now out of date, and only that one."""

from __future__ import annotations

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.content.translation_sync import body_hashes, paragraph_hash, paragraphs, stale_paragraphs
from tests.conftest import write

SOURCE = """Everyone has rights.

<!-- page: page-1 -->
## Page one
Freedom for all
people.

<!-- easy-read -->
Easy words."""


def test_curator_paragraphs_are_blocks_and_markers_stand_alone():
    assert paragraphs(SOURCE) == ["Everyone has rights.", "<!-- page: page-1 -->",
                                  "## Page one\nFreedom for all\npeople.",
                                  "<!-- easy-read -->", "Easy words."]


def test_curator_rewrapping_is_not_a_change_but_an_edit_is():
    assert paragraph_hash("Freedom  for\nall") == paragraph_hash("Freedom for all")
    assert paragraph_hash("Cafe\u0301") == paragraph_hash("Café")  # NFD and NFC alike
    assert paragraph_hash("Freedom for all") != paragraph_hash("Freedom for some")
    assert len(paragraph_hash("x")) == 12


def test_curator_only_the_edited_paragraph_is_stale():
    recorded = body_hashes(SOURCE)
    target = SOURCE.replace("Everyone", "Chacun")  # same shape, other words
    assert stale_paragraphs(SOURCE, target, recorded) == []
    edited = SOURCE.replace("Freedom for all", "Freedom and dignity for all")
    assert stale_paragraphs(edited, target, recorded) == [2]
    assert stale_paragraphs(SOURCE + "\n\nA new paragraph.", target + "\n\nNouveau.",
                            recorded) == [5]


def _translated_pair(root, english: str) -> None:
    hashes = ", ".join(body_hashes("La Convention protège.\n\nLes enfants ont des droits."))
    write(root / "items/crc/en.md", f"---\ntitle: Convention\n---\n{english}\n")
    write(root / "items/crc/fr.md", "---\ntitle: Convention\n"
          f"translated_from: {{language: en, hashes: [{hashes}]}}\n---\n"
          "La Convention protège.\n\nLes enfants ont des droits.\n")


def test_curator_check_points_at_the_stale_paragraph(small_exhibition):
    # the record was made from a source whose paragraphs hash like these French ones
    _translated_pair(small_exhibition, "La Convention protège.\n\nLes enfants ont des droits.")
    result = CliRunner().invoke(main, ["check", str(small_exhibition)])
    assert result.exit_code == 0, result.output
    assert "source changed" not in result.output
    assert "unknown key 'translated_from'" not in result.output

    _translated_pair(small_exhibition, "La Convention protège.\n\nLes enfants ont des droits!")
    result = CliRunner().invoke(main, ["check", str(small_exhibition)])
    assert result.exit_code == 0, result.output
    assert ("content/items/crc/fr.md:7: warning: source changed since translated"
            in result.output), result.output
    assert "compare paragraph 2 with en.md" in result.output
    assert "fr.md:5: warning: source changed" not in result.output


def test_curator_a_record_naming_a_missing_source_is_reported(small_exhibition):
    write(small_exhibition / "items/crc/fr.md", "---\ntitle: Convention\n"
          "translated_from: {language: de, hashes: []}\n---\nTexte.\n")
    result = CliRunner().invoke(main, ["check", str(small_exhibition)])
    assert "crc/fr.md:3: warning: 'translated_from' names 'de'" in result.output
