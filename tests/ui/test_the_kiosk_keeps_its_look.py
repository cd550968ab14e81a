"""The museum's kiosk keeps its look: the attract loop, home and a section, as a visitor sees
them at 100 % and 200 % text, in both palettes, in landscape and portrait.

Each screenshot goes to test-artifacts/screenshots/ for a person to look at, and is compared
with a small reference picture kept in tests/ui/reference/ (192 px wide): a later change that
breaks the look (a missing picture, text over the image, a blank screen) differs from it by far
more than rendering noise does. `KIOSK_UPDATE_REFERENCES=1` writes the references again, after
a person has looked at the new screenshots.
"""

from __future__ import annotations

import pytest

from tests.ui.look_reference import keep_the_look

pytestmark = pytest.mark.app

PORTRAIT = (608, 1080)  # a panel on its side, within the test display's 1080 rows


def at_moment(kiosk, index: int) -> None:
    """The attract loop showing highlight `index`, the invitation in the default language."""
    attract = kiosk.screen
    attract._cycle.cancel()  # no timer moves the loop while it is photographed
    attract._hold.cancel()
    attract.highlight_index = index - 1
    attract.show_next_highlight(animate=False)
    kiosk.wait_until(lambda: attract.ids.picture_a.texture is not None or
                     attract.ids.picture_b.texture is not None, what="the picture")


@pytest.mark.parametrize("palette", ["standard", "high_contrast"])
@pytest.mark.parametrize("text_scale", [1.0, 2.0])
def test_visitor_sees_the_exhibition_on_every_screen(kiosk, palette, text_scale):
    kiosk.app.set_preferences(palette=palette, text_scale=text_scale)
    look = f"{palette}-{int(text_scale * 100)}"
    try:
        for moment in (0, 1, 3):
            at_moment(kiosk, moment)
            keep_the_look(kiosk, f"attract-{moment}-{look}")
        kiosk.tap(kiosk.screen.ids.attract_invitation)
        assert kiosk.screen_name == "home"
        keep_the_look(kiosk, f"home-{look}")
        kiosk.tap(kiosk.screen.tile_for("udhr-section"))
        assert kiosk.screen_name == "section"
        keep_the_look(kiosk, f"section-{look}")
    finally:
        kiosk.app.set_preferences(palette="standard", text_scale=1.0)


def test_visitor_sees_the_exhibition_on_a_portrait_panel(kiosk):
    from kivy.core.window import Window

    landscape = tuple(Window.size)
    Window.size = PORTRAIT
    try:
        kiosk.frames(5)
        for text_scale in (1.0, 2.0):
            kiosk.app.set_preferences(text_scale=text_scale)
            at_moment(kiosk, 0)
            keep_the_look(kiosk, f"portrait-attract-{int(text_scale * 100)}")
        kiosk.tap(kiosk.screen.ids.attract_invitation)
        assert kiosk.screen_name == "home"
        keep_the_look(kiosk, "portrait-home-200")
        kiosk.tap(kiosk.screen.tile_for("udhr-section"))
        assert kiosk.screen_name == "section"
        keep_the_look(kiosk, "portrait-section-200")
        kiosk.app.set_preferences(text_scale=1.0, palette="high_contrast")
        keep_the_look(kiosk, "portrait-section-high_contrast-100")
        kiosk.tap(kiosk.nav.ids.home_button)
        keep_the_look(kiosk, "portrait-home-high_contrast-100")
    finally:
        kiosk.app.set_preferences(text_scale=1.0, palette="standard")
        Window.size = landscape
        kiosk.frames(5)
