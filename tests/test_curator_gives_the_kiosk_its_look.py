"""A curator gives the kiosk the museum's look in site.yaml, and `kiosk check` holds each colour
to the backgrounds it is drawn on, in both palettes, printing the ratio of one that fails."""

from __future__ import annotations

from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from tests.look_fixture import content_with_look


def test_curator_sees_a_pale_accent_refused_with_its_ratio(tmp_path):
    content = content_with_look(tmp_path, accent='"#2E6B4F"')  # dark green: lost on black
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 1, result.output
    assert ("site.yaml:19: error: accent #2E6B4F has contrast 2.87:1 against the "
            "high_contrast palette's panel (#161616); a mark (tile band, rule) needs at least "
            "3:1") in result.output, result.output
    assert "one per palette" in result.output


def test_curator_gives_an_accent_per_palette_and_a_logo(tmp_path):
    content = content_with_look(
        tmp_path, accent='{standard: "#2E6B4F", high_contrast: "#7FD6A8"}')
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 0, result.output
    build_catalog(content, tmp_path / "catalog.db")
    look = Catalog(tmp_path / "catalog.db").look
    assert look.accent == {"standard": "#2E6B4F", "high_contrast": "#7FD6A8"}
    assert look.logo and look.logo.endswith(".png") and look.logo_alt["en"] == "The museum's logo"


def test_curator_forgets_the_logo_alt_text_and_is_told(tmp_path):
    content = content_with_look(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").split("  logo_alt:")[0] +
                    '  accent: "#777777"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 1
    assert "the logo has no 'logo_alt'" in result.output, result.output


def test_curator_names_a_highlight_that_is_not_an_item(tmp_path):
    content = content_with_look(tmp_path)
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("attract: [udhr-poster, no-such-item, cedaw]\n")
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 1
    assert "'attract' names 'no-such-item', which is not an item" in result.output
    assert "'attract' names 'cedaw', a treaty without a picture" in result.output
