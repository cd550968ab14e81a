"""A visitor who sees poorly makes the text bigger, the colours stronger, the letters wider;
the next visitor gets the defaults back. Screenshots at 100 % and 200 %, both palettes, in
Vietnamese and English go to test-artifacts/screenshots/a11y-*.png for people to look at."""

from __future__ import annotations

import pytest

from kiosk.ui.theme import HIGH_CONTRAST, STANDARD, contrast_ratio

pytestmark = pytest.mark.app


def open_treaty(kiosk, item_id="icerd"):
    kiosk.app.open_screen("section", item_id="treaties")
    kiosk.app.open_item(item_id)
    kiosk.frames(3)


def set_options(kiosk, **prefs):
    kiosk.app.set_preferences(**prefs)
    kiosk.frames(4)


@pytest.mark.parametrize("palette", [STANDARD, HIGH_CONTRAST], ids=lambda p: p.name)
def test_every_palette_keeps_text_at_7_to_1_and_controls_at_3_to_1(palette):
    for name, (foreground, background) in palette.text_pairs().items():
        assert contrast_ratio(foreground, background) >= 7.0, name
    for name, (foreground, background) in palette.control_pairs().items():
        assert contrast_ratio(foreground, background) >= 3.0, name


def test_options_are_one_touch_away_and_change_the_screen_at_once(kiosk):
    kiosk.tap(kiosk.screen)
    open_treaty(kiosk)
    kiosk.tap(kiosk.nav.ids.options_button)
    from kiosk.ui.dialogs import open_dialogs

    (options,) = open_dialogs()
    body = kiosk.app.theme.body
    kiosk.tap(options.option_button("text_scale", 2.0))
    assert kiosk.app.theme.body == 2 * body
    assert not kiosk.app.theme.wide, "200 % text: one column"
    kiosk.tap(options.option_button("palette", "high_contrast"))
    assert tuple(kiosk.app.theme.paper) == HIGH_CONTRAST.paper
    assert options.option_button("palette", "high_contrast").selected
    kiosk.screenshot("a11y-options-200-high-contrast-vi")
    kiosk.tap(options.ids.close_button)
    assert kiosk.screen_name == "treaty"

    kiosk.reset()  # the next visitor
    prefs = kiosk.app.prefs
    assert (prefs.text_scale, prefs.palette, prefs.dyslexic) == (1.0, "standard", False)
    assert kiosk.app.theme.body == body and tuple(kiosk.app.theme.paper) == STANDARD.paper


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("text_scale", [1.0, 2.0], ids=["100", "200"])
@pytest.mark.parametrize("palette", ["standard", "high_contrast"])
def test_screenshots_at_each_size_and_palette(kiosk, lang, text_scale, palette):
    kiosk.tap(kiosk.screen)
    kiosk.app.set_language(lang)
    set_options(kiosk, text_scale=text_scale, palette=palette)
    name = f"{palette}-{round(text_scale * 100)}-{lang}"
    kiosk.screenshot(f"a11y-home-{name}")
    open_treaty(kiosk)
    kiosk.press("down")  # the keypad: speech on, focus on the title
    kiosk.press("down")
    kiosk.screenshot(f"a11y-treaty-{name}")
    kiosk.app.open_item("udhr")
    kiosk.screenshot(f"a11y-document-{name}")


def test_the_dyslexia_friendly_style_keeps_lines_short_and_spaced(kiosk):
    kiosk.tap(kiosk.screen)
    kiosk.app.set_language("en")
    set_options(kiosk, dyslexic=True)
    open_treaty(kiosk, "cedaw")
    kiosk.screenshot("a11y-treaty-dyslexia-en")
    summary = [w for w in kiosk.screen.ids.summary.walk(restrict=True)
               if hasattr(w, "plain_text") and w.plain_text]
    assert summary
    for label in summary:
        assert label.line_height >= 1.5
        assert label.halign == "left"
        assert "DejaVuSans" in label.font_name
        for line in label._label._cached_lines:
            shown = "".join(word.text for word in line.words).replace("\u200a", "")
            assert len(shown) <= 70, shown
