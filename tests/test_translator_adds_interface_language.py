"""A translator adds an interface language with translation files only, and staff can see
every interface string that is still in English."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from kiosk.content.interface import LOCALE_DIR, check_interface_languages
from kiosk.content.problems import ProblemList

REPO = Path(__file__).resolve().parent.parent


def template_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_the_template_lists_every_string_in_the_code(tmp_path):
    """`make i18n` keeps kiosk/locale/kiosk.pot in step with _(), N_() and translate() calls."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_", "-k", "N_", "-k", "translate", "--no-location",
                    "-o", str(fresh), "."], cwd=REPO, check=True, capture_output=True)
    assert template_ids(fresh) == template_ids(LOCALE_DIR / "kiosk.pot"), "run `make i18n`"


def test_vietnamese_english_and_french_are_complete(tmp_path):
    problems = ProblemList(tmp_path)
    check_interface_languages(["vi", "en", "fr"], problems)
    assert [p.format() for p in problems] == []


def test_a_fourth_interface_language_needs_only_a_translated_po_file(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    problems = ProblemList(tmp_path)
    check_interface_languages(["vi", "km"], problems, locale)
    assert len(problems) == 1 and "no translation into 'km'" in problems[0].message
    assert "pybabel init" in problems[0].hint

    # The translator runs the documented command, which makes an empty catalog ...
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "init", "-D", "kiosk",
                    "-i", str(locale / "kiosk.pot"), "-d", str(locale), "-l", "km"], check=True)
    problems = ProblemList(tmp_path)
    check_interface_languages(["km"], problems, locale)
    assert len(problems) == len(template_ids(locale / "kiosk.pot"))
    assert all("is not translated into 'km'" in p.message for p in problems)

    # ... and fills it in. Nothing else changes, and the kiosk shows the new strings.
    po_path = locale / "km" / "LC_MESSAGES" / "kiosk.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id:
            message.string = f"ខ្មែរ {message.id}"
    with po_path.open("wb") as handle:
        write_po(handle, catalog)
    problems = ProblemList(tmp_path)
    check_interface_languages(["vi", "km"], problems, locale)
    assert [p.format() for p in problems] == []

    from kiosk.ui import i18n

    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n._messages.cache_clear()
    try:
        assert i18n.translate("Back", "km") == "ខ្មែរ Back"
        assert "km" in i18n.available_interface_languages()
    finally:
        i18n._messages.cache_clear()
