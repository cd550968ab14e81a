"""A curator writes content, runs `kiosk check`, and is told exactly what to fix."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from kiosk.cli import main
from tests.conftest import SAMPLE_CONTENT, write


def run_check(content):
    return CliRunner().invoke(main, ["check", str(content)])


def test_the_shipped_sample_exhibition_is_clean():
    result = run_check(SAMPLE_CONTENT)
    assert result.exit_code == 0, result.output
    assert ": error:" not in result.output


def test_a_valid_exhibition_passes(small_exhibition):
    result = run_check(small_exhibition)
    assert result.exit_code == 0, result.output


def test_a_yaml_syntax_error_names_the_file_and_line(small_exhibition):
    item = small_exhibition / "items/crc/item.yaml"
    lines = item.read_text().splitlines()
    lines.insert(3, "articles: [54")  # line 4: an unclosed list
    item.write_text("\n".join(lines) + "\n")
    result = run_check(small_exhibition)
    assert result.exit_code == 1
    assert "content/items/crc/item.yaml:" in result.output
    line = int(result.output.split("content/items/crc/item.yaml:")[1].split(":")[0])
    assert line in (4, 5), result.output  # where the list opens or where YAML notices
    assert "YAML syntax error" in result.output
    assert "hint:" in result.output
    assert "Traceback" not in result.output


def test_a_syntax_error_in_front_matter_is_reported_at_its_line(small_exhibition):
    write(small_exhibition / "items/crc/fr.md", "---\ntitle: Convention\nalt: : :\n---\nTexte.\n")
    result = run_check(small_exhibition)
    assert result.exit_code == 1
    assert "content/items/crc/fr.md:3: error: YAML syntax error" in result.output


def test_missing_alt_text_is_an_error_at_the_language_file(small_exhibition):
    write(small_exhibition / "items/photo/fr.md", "---\ntitle: Photo\ncaption: Rouge\n---\n")
    result = run_check(small_exhibition)
    assert result.exit_code == 1
    assert "content/items/photo/fr.md:2: error: alt text is missing" in result.output
    assert "blind visitors" in result.output


def test_a_missing_translation_is_only_a_warning(small_exhibition):
    (small_exhibition / "items/crc/fr.md").unlink()
    result = run_check(small_exhibition)
    assert result.exit_code == 0
    assert "content/items/crc/item.yaml:1: warning: no translation in 'fr'" in result.output


def test_broken_links_and_values_are_each_reported(small_exhibition):
    write(small_exhibition / "items/main/item.yaml",
          "kind: section\norder: 1\nitems: [crc, letter, photo, cdr]\n")
    write(small_exhibition / "items/crc/item.yaml", """
        kind: treaty
        abbreviation: CRC
        adopted: 20 November 1989
        monitoring_body: Committee
        sources: []
        colour: blue
    """)
    write(small_exhibition / "items/letter/en.md", "---\ntitle: Letter\n---\n<!-- page: page-3 -->\nx\n")
    output = run_check(small_exhibition).output
    assert "items/main/item.yaml:3: error: section names unknown item 'cdr'" in output
    assert "did you mean 'crc'?" in output
    assert "items/crc/item.yaml:3: error: 'adopted' is not a date" in output
    assert "YYYY-MM-DD" in output
    assert "items/crc/item.yaml:5: error: a treaty needs at least one source" in output
    assert "items/crc/item.yaml:6: warning: unknown key 'colour'" in output
    assert "items/letter/en.md:4: error: page marker names unknown page 'page-3'" in output


def test_a_corrupt_image_is_reported_not_crashed_on(small_exhibition):
    (small_exhibition / "items/photo/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    result = run_check(small_exhibition)
    assert result.exit_code == 1
    assert "items/photo/item.yaml:2: error:" in result.output
    assert "photo.png" in result.output


def test_non_utf8_and_missing_front_matter(small_exhibition):
    (small_exhibition / "items/crc/fr.md").write_bytes("---\ntitle: Conv\xe9\n---\n".encode("latin-1"))
    write(small_exhibition / "items/crc/en.md", "title: no fences\n")
    output = run_check(small_exhibition).output
    assert "items/crc/fr.md:2: error: the file is not UTF-8 text" in output
    assert "items/crc/en.md:1: error: the file does not start with '---' front matter" in output


def test_check_runs_as_a_real_command(small_exhibition):
    (small_exhibition / "site.yaml").write_text("title: [\n")
    proc = subprocess.run([sys.executable, "-m", "kiosk.cli", "check", str(small_exhibition)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "content/site.yaml:" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_plain_language_warnings_count_words_in_every_script(small_exhibition):
    long_vi = " ".join(["quyền"] * 30) + "."
    long_th = "มนุษย์ทั้งหลายเกิดมามีอิสระ" * 6  # about 30 words, no spaces
    write(small_exhibition / "items/crc/vi.md", f"---\ntitle: Công ước\n---\n{long_vi}\n")
    write(small_exhibition / "items/crc/th.md", f"---\ntitle: อนุสัญญา\n---\n{long_th}\n")
    output = run_check(small_exhibition).output
    assert "items/crc/vi.md:4: warning: a sentence of 30 words (over 25)" in output
    assert "items/crc/th.md:4: warning: a sentence of" in output
    assert "items/crc/en.md:4: warning: no Easy Read version" in output


def test_an_easy_read_version_satisfies_the_check(small_exhibition):
    write(small_exhibition / "items/crc/en.md", """
        ---
        title: Convention on the Rights of the Child
        ---
        The Convention protects the rights of children.

        <!-- easy-read -->
        This agreement protects children.
    """)
    output = run_check(small_exhibition).output
    assert "items/crc/en.md" not in output
