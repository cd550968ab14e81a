"""Every interface string is translated into Vietnamese and French, placeholders intact."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.ui.i18n import LOCALE_DIR, translate

UI_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "ui"
MSGID_CALL = re.compile(r'(?<![\w])(?:_|N_|translate)\(\s*"((?:[^"\\]|\\.)*)"')
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def msgids_in_python(source: str) -> set[str]:
    """First arguments of _(), N_() and translate() calls, implicit concatenation included."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "translate") and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def msgids_in_source() -> set[str]:
    found = set()
    for path in UI_DIR.rglob("*"):
        if path.suffix == ".py":
            found.update(msgids_in_python(path.read_text(encoding="utf-8")))
        elif path.suffix == ".kv":
            found.update(MSGID_CALL.findall(path.read_text(encoding="utf-8")))
    return found


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "kiosk.po").open("rb") as po_file:
        return {m.id: m.string for m in read_po(po_file) if m.id}


@pytest.mark.parametrize("lang", ["vi", "fr"])
def test_every_interface_string_is_translated(lang):
    translations = catalog(lang)
    used = msgids_in_source()
    assert used, "the source scan found the strings"
    missing = sorted(m for m in used if not translations.get(m))
    assert not missing, f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", ["vi", "fr", "en"])
def test_translations_keep_their_placeholders(lang):
    for msgid, msgstr in catalog(lang).items():
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(msgstr)), msgid


def test_vietnamese_is_written_with_its_diacritics():
    assert translate("Touch the screen to begin", "vi") == "Chạm vào màn hình để bắt đầu"
    assert translate("Search", "vi") == "Tìm kiếm"


def test_an_untranslated_string_falls_back_to_english():
    assert translate("A string nobody translated", "vi") == "A string nobody translated"
    assert translate("Page {number} of {total}", "km", number=3, total=31) == "Page 3 of 31"
