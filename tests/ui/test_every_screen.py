"""Every screen at 1920x1080: screenshots for people to look at, and checks on what they show.

Screenshots go to test-artifacts/screenshots/; a reviewer looks at each one for clipped,
overlapping or unreadable text and for boxes instead of letters.
"""

from __future__ import annotations

import pytest

from kiosk.text.fonts import font_charmap

pytestmark = pytest.mark.app

MIN_TARGET_HEIGHT = 90  # px on a 1080-pixel-high screen; scaled for smaller test windows


def touch_targets(root):
    from kivy.uix.behaviors import ButtonBehavior

    return [
        w
        for w in root.walk(restrict=True)
        if isinstance(w, ButtonBehavior) and w.opacity > 0 and not w.disabled
    ]


def assert_large_targets(kiosk):
    from kivy.core.window import Window

    from kiosk.ui.dialogs import open_dialogs

    minimum = MIN_TARGET_HEIGHT * min(1.0, Window.height / 1080)
    for root in (kiosk.screen, kiosk.nav, *open_dialogs()):
        for target in touch_targets(root):
            assert target.height >= minimum, f"{target} is {target.height} px high"


def assert_no_tofu(root):
    """Every character of every label is in the font that draws it."""
    from kiosk.text.fonts import font_runs
    from kiosk.ui.widgets import ScriptLabel

    for label in root.walk(restrict=True):
        if not isinstance(label, ScriptLabel) or not label.plain_text:
            continue
        if label.markup:
            runs = [
                (run.text, run.font.path_for(label.strong)) for run in font_runs(label.plain_text)
            ]
        else:
            runs = [(label.plain_text, label.font_name)]
        for text, font_path in runs:
            charmap = font_charmap(font_path)
            missing = {c for c in text if c not in "\n\t" and ord(c) not in charmap}
            assert not missing, f"{missing} missing from {font_path} in {label.plain_text!r}"


def visit(kiosk, name):
    kiosk.frames(3)
    assert_large_targets(kiosk)
    assert_no_tofu(kiosk.app.root)
    return kiosk.screenshot(name)


def test_screenshots_of_every_screen(kiosk, catalog):
    visit(kiosk, "01-attract")
    kiosk.tap(kiosk.screen)
    visit(kiosk, "02-home")

    kiosk.tap(kiosk.screen.tile_for("treaties"))
    visit(kiosk, "03-section")

    kiosk.tap(kiosk.screen.row_for("icerd"))
    visit(kiosk, "04-treaty")

    kiosk.tap(kiosk.nav.ids.back_button)
    kiosk.tap(kiosk.screen.row_for("timeline-un"))
    assert kiosk.screen_name == "image"
    visit(kiosk, "05-image")
    kiosk.tap(kiosk.screen.ids.description_button)
    visit(kiosk, "06-image-description")
    from kiosk.ui.dialogs import open_dialogs

    kiosk.tap(open_dialogs()[0].ids.close_button)

    kiosk.tap(kiosk.nav.ids.home_button)
    kiosk.tap(kiosk.screen.tile_for("udhr-section"))
    kiosk.tap(kiosk.screen.row_for("udhr"))
    document = kiosk.screen
    visit(kiosk, "07-document-vi")
    kiosk.tap(document.ids.next_button)
    visit(kiosk, "08-document-vi-page-2")

    kiosk.tap(document.ids.language_button)
    visit(kiosk, "09-document-language-chooser")
    for lang in ("km", "ar", "th", "lo", "zh-Hans", "vi-Hani", "ja", "ko", "ru", "hnj", "blt"):
        if lang not in document.view.available_languages:
            continue
        kiosk.app.show_in_place(lang=lang)
        assert document.doc_lang == lang
        visit(kiosk, f"10-document-{lang}")

    kiosk.tap(kiosk.nav.ids.search_button)
    for action in ("d", "i", "e", "u", "space", "1"):
        kiosk.tap(kiosk.screen.ids.keyboard.key_for(action))
    assert kiosk.screen.hits
    visit(kiosk, "11-search-results")

    kiosk.tap(kiosk.nav.ids.language_picker.button_for("fr"))
    visit(kiosk, "12-search-fr")
    kiosk.tap(kiosk.nav.ids.home_button)
    kiosk.tap(kiosk.screen.tile_for("treaties"))
    kiosk.tap(kiosk.screen.row_for("cedaw"))
    visit(kiosk, "13-treaty-fr")
    kiosk.tap(kiosk.nav.ids.language_picker.button_for("en"))
    visit(kiosk, "14-treaty-en")


def test_arabic_is_right_to_left_and_shaped(kiosk, catalog):
    if "ar" not in catalog.document("udhr", "vi").available_languages:
        pytest.skip("no Arabic UDHR in the sample content")
    kiosk.tap(kiosk.screen)
    kiosk.app.open_item("udhr", lang="ar", page_index=1)
    document = kiosk.screen
    arabic = [
        w
        for w in document.ids.transcript.walk(restrict=True)
        if getattr(w, "script", "") == "Arab" and w.plain_text
    ]
    assert arabic
    for label in arabic:
        assert label.font_script_name == "Arab"
        assert label.font_direction == "rtl"
        assert label.halign == "right"
