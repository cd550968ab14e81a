"""A visitor explores a large scan: pinches, double-taps, drags, uses the buttons and the keypad.

The exhibition is built by the test: a 6,000 x 4,000 "scan" (a numbered grid, so every tile
differs and seams would show) gets a real Deep Zoom pyramid at build time; a second scan to
open after it; a 1,600 x 1,000 photo with no pyramid; a photo behind a content warning.
"""

from __future__ import annotations

import math
from copy import copy
from pathlib import Path

import pytest

pytestmark = pytest.mark.app

SCAN_SIZE = (6000, 4000)
SOURCES: dict[str, Path] = {}  # item id -> the image file the curator gave


def make_scan(path: Path, size: tuple[int, int], hue: int) -> Path:
    """A numbered grid on paper: cells every 250 px, fine lines every 50 px, a diagonal."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = size
    image = Image.new("RGB", size, (246, 240, 226))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=60)
    for x in range(0, width, 250):
        for y in range(0, height, 250):
            shade = ((x // 250 * 37 + y // 250 * 91 + hue) % 120) + 110
            draw.rectangle((x + 20, y + 20, x + 230, y + 230), fill=(shade, 200 - shade // 2, hue))
            draw.text((x + 40, y + 90), f"{x // 250},{y // 250}", fill=(10, 10, 10), font=font)
    for x in range(0, width, 50):
        draw.line((x, 0, x, height), fill=(60, 60, 60), width=1)
    for y in range(0, height, 50):
        draw.line((0, y, width, y), fill=(60, 60, 60), width=1)
    draw.line((0, 0, width, height), fill=(150, 0, 0), width=9)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=88)
    return path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def image_item(root: Path, item_id: str, file_name: str, warning: str = "") -> None:
    write(root / f"items/{item_id}/item.yaml",
          f"kind: image\nfile: {file_name}\ncredit: Test archive\nlicence: CC BY 4.0\n")
    for lang in ("vi", "en", "fr"):
        extra = f"content_warning: {warning}\n" if warning else ""
        write(root / f"items/{item_id}/{lang}.md",
              f"---\ntitle: {item_id} ({lang})\nalt: A numbered grid ({lang})\n"
              f"caption: Squares numbered by column and row.\n{extra}---\n"
              "The grid has numbered squares.\n")


@pytest.fixture(scope="module")
def zoom_catalog(tmp_path_factory) -> Path:
    from PIL import Image

    from kiosk.catalog.build import build_catalog

    root = tmp_path_factory.mktemp("zoom") / "content"
    write(root / "site.yaml", "title: {vi: Thử, en: Test, fr: Essai}\nlanguages: [vi, en, fr]\n"
                              "default_language: en\nidle_timeout_seconds: 600\nedition: 1\n")
    write(root / "items/main/item.yaml",
          "kind: section\norder: 1\nitems: [scan, scan-two, photo, hidden]\n")
    for lang in ("vi", "en", "fr"):
        write(root / f"items/main/{lang}.md", "---\ntitle: Main\n---\n")
    SOURCES["scan"] = make_scan(root / "items/scan/scan.jpg", SCAN_SIZE, hue=40)
    make_scan(root / "items/scan-two/scan.jpg", (5000, 3000), hue=160)
    photo = Image.new("RGB", (1600, 1000), (250, 250, 245))
    photo.paste((20, 60, 120), (200, 200, 1400, 800))
    for item_id in ("photo", "hidden"):
        (root / f"items/{item_id}").mkdir(parents=True)
        photo.save(root / f"items/{item_id}/photo.png")
    image_item(root, "scan", "scan.jpg")
    image_item(root, "scan-two", "scan.jpg")
    image_item(root, "photo", "photo.png")
    image_item(root, "hidden", "photo.png", warning="Shows a painful scene.")
    return build_catalog(root, tmp_path_factory.mktemp("zoom-db") / "c.db").catalog


@pytest.fixture
def shown(kiosk, zoom_catalog):
    with kiosk.showing(zoom_catalog):
        kiosk.app.begin_visit()
        kiosk.app.set_language("en")
        kiosk.frames(2)
        yield kiosk


def open_image(kiosk, item_id: str):
    kiosk.app.open_item(item_id)
    viewer = kiosk.screen.ids.picture
    settle(kiosk, viewer)
    return viewer


def settle(kiosk, viewer) -> None:
    kiosk.frames(2)
    kiosk.wait_until(lambda: viewer.fully_drawn and not viewer.loader.busy, timeout=20,
                     what="every visible tile drawn")


def image_point_at(viewer, window_x: float, window_y: float) -> tuple[float, float]:
    x, y = viewer.to_widget(window_x, window_y)
    return viewer.view.to_image(x - viewer.x, y - viewer.y)


def window_point(viewer, share_x: float, share_y: float) -> tuple[float, float]:
    """The window position of a point of the viewer, as shares of its width and height."""
    return viewer.to_window(viewer.x + viewer.width * share_x, viewer.y + viewer.height * share_y)


def viewport_inside_image(viewer) -> bool:
    x, y, width, height = viewer.view.viewport()
    view = viewer.view
    fits_x = width >= view.image_width or (x >= -0.5 and x + width <= view.image_width + 0.5)
    fits_y = height >= view.image_height or (y >= -0.5 and y + height <= view.image_height + 0.5)
    return fits_x and fits_y


# -- opening ---------------------------------------------------------------------------------

def test_a_large_scan_opens_whole_from_only_its_visible_tiles(shown):
    from kiosk.media.tiles import visible_tiles
    from kiosk.ui.zoom.viewer import whole_image_level

    viewer = open_image(shown, "scan")
    assert viewer.pyramid is not None, "a 6000 px image gets a pyramid at build time"
    assert viewer.scale == 1 and not viewer.zoomed
    info = viewer.info
    assert (info.width, info.height) == SCAN_SIZE
    fit_tiles = visible_tiles(info, viewer.level, viewer.view.viewport())
    expected = {(viewer.level, *t) for t in fit_tiles} | {(whole_image_level(info), 0, 0)}
    decoded = {key[1:] for key in viewer.loader.decoded if key[0] == viewer.pyramid.dzi}
    assert decoded == expected, "only the tiles on screen, plus the one-tile whole image"
    assert viewer.level < info.levels - 1, "the whole image is not drawn from full-size tiles"
    shown.screenshot("image-viewer-fit")


def test_a_new_image_opens_whole_and_leaving_forgets_the_zoom(shown):
    viewer = open_image(shown, "scan")
    shown.tap(shown.screen.ids.zoom_controls.ids.zoom_in_button)
    assert viewer.zoomed
    shown.tap(shown.nav.ids.language_picker.button_for("fr"))
    assert viewer.scale == pytest.approx(2.0), "another language keeps the zoom"
    viewer = open_image(shown, "scan-two")
    assert viewer.scale == 1 and not viewer.zoomed
    assert all(key[0] == viewer.pyramid.dzi for key in viewer.loader._textures), \
        "the last image's textures are gone"
    viewer.zoom_in()
    shown.tap(shown.screen.ids.full_screen_button)
    shown.tap(shown.nav.ids.home_button)
    assert viewer.loader.cached == 0, "away from the screen, its textures are freed"
    viewer = open_image(shown, "scan-two")
    assert viewer.scale == 1 and not shown.screen.full_screen, "a new visit starts whole"
    assert shown.screen.ids.image_scroll.parent is not None


# -- gestures --------------------------------------------------------------------------------

def test_pinching_zooms_about_the_fingers(shown):
    viewer = open_image(shown, "scan")
    centre = window_point(viewer, 0.3, 0.65)
    under_fingers = image_point_at(viewer, *centre)
    shown.pinch(viewer, 2.5, centre=centre)
    assert 2.0 < viewer.scale < 3.0, viewer.scale
    after = image_point_at(viewer, *centre)
    assert math.dist(under_fingers, after) < 3 / viewer.view.scale + 2, (under_fingers, after)
    settle(shown, viewer)
    shown.pinch(viewer, 0.3, centre=centre)
    assert viewer.scale == 1, "pinching in stops at the whole image"


def test_a_double_tap_zooms_in_there_and_at_the_largest_zoom_goes_back(shown):
    viewer = open_image(shown, "scan")
    spot = window_point(viewer, 0.7, 0.4)
    before = image_point_at(viewer, *spot)
    double_tap_at(shown, *spot)
    assert viewer.scale == pytest.approx(2.0)
    assert math.dist(before, image_point_at(viewer, *spot)) < 2
    while viewer.scale < viewer.max_scale:
        viewer.zoom_in()
    double_tap_at(shown, *spot)
    assert viewer.scale == 1


def double_tap_at(kiosk, x: float, y: float) -> None:
    from kivy.tests.common import UnitTestTouch

    for _ in range(2):
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        kiosk.frames(1)
        touch.touch_up()
        kiosk.frames(1)
    kiosk.clock.advance(5)  # the next tap is a new one


def test_a_drag_pans_glides_on_after_release_and_stops_at_the_edge(shown):
    viewer = open_image(shown, "scan")
    viewer.zoom_in()
    shown.frames(2)
    start_x = viewer.view.centre_x
    cx, cy = window_point(viewer, 0.5, 0.5)
    shown.drag((cx + 200, cy), (cx - 200, cy), steps=6)
    released_at = viewer.view.centre_x
    assert released_at > start_x + 150 / viewer.view.scale, "the image followed the finger"
    assert viewer.gliding, "a flick glides on"
    shown.wait_until(lambda: not viewer.gliding, timeout=10, what="the glide to stop")
    assert viewer.view.centre_x > released_at, "it went on after the finger lifted"
    for _ in range(6):  # far beyond the right edge: the image stays on screen
        shown.drag((cx + 300, cy), (cx - 300, cy), steps=3)
    shown.wait_until(lambda: not viewer.gliding, timeout=10, what="the glide to stop")
    x, _y, width, _h = viewer.view.viewport()
    assert x + width == pytest.approx(SCAN_SIZE[0], abs=1), "the right edge stops at the box"
    assert viewport_inside_image(viewer)


def test_reduce_motion_drags_without_gliding(shown):
    viewer = open_image(shown, "scan")
    viewer.zoom_in()
    shown.app.theme.reduce_motion = True
    try:
        cx, cy = window_point(viewer, 0.5, 0.5)
        shown.drag((cx + 200, cy), (cx - 200, cy), steps=6)
        assert not viewer.gliding
    finally:
        shown.app.theme.reduce_motion = False


def test_a_quick_swipe_at_the_whole_image_is_reported_for_page_turning(shown):
    viewer = open_image(shown, "photo")
    swipes = []
    viewer.bind(on_swipe=lambda _viewer, direction: swipes.append(direction))
    shown.swipe(viewer, "left")
    shown.swipe(viewer, "right")
    assert swipes == ["left", "right"]
    viewer.zoom_in()
    shown.swipe(viewer, "left")
    assert swipes == ["left", "right"], "zoomed, a drag pans instead"


# -- buttons and keys ------------------------------------------------------------------------

def test_the_buttons_zoom_in_out_to_the_whole_image_and_pan(shown):
    viewer = open_image(shown, "scan")
    controls = shown.screen.ids.zoom_controls.ids
    pans = [controls.pan_left_button, controls.pan_up_button, controls.pan_down_button,
            controls.pan_right_button]
    assert not any(button.available for button in pans), "nothing to pan at the whole image"
    whole = viewer.view.centre_x, viewer.view.centre_y
    shown.tap(controls.pan_right_button)
    assert viewer.scale == 1 and (viewer.view.centre_x, viewer.view.centre_y) == whole
    shown.tap(controls.zoom_in_button)
    shown.tap(controls.zoom_in_button)
    assert viewer.scale == pytest.approx(4.0)
    assert all(button.available for button in pans)
    x, y = viewer.view.centre_x, viewer.view.centre_y
    shown.tap(controls.pan_right_button)
    assert viewer.view.centre_x > x and viewer.view.centre_y == pytest.approx(y)
    shown.tap(controls.pan_down_button)
    assert viewer.view.centre_y > y, "down shows what is further down the image"
    shown.tap(controls.zoom_out_button)
    assert viewer.scale == pytest.approx(2.0)
    shown.tap(controls.fit_button)
    assert viewer.scale == 1 and not any(button.available for button in pans)
    for button in (controls.zoom_in_button, controls.fit_button, *pans):
        assert button.height >= shown.app.theme.target and button.width >= shown.app.theme.target
        assert button.spoken_name()


def test_the_keypad_zooms_with_the_buttons_and_pans_with_the_arrows(shown):
    viewer = open_image(shown, "scan")
    app = shown.app
    app.start_audio_mode(welcome=False)
    try:
        zoom_in = shown.screen.ids.zoom_controls.ids.zoom_in_button.__self__
        for _ in range(40):
            if app.focus.current is zoom_in:
                break
            shown.key("down")
        assert app.focus.current is zoom_in, "the zoom buttons are in the keypad's order"
        shown.key("enter")
        assert viewer.scale == pytest.approx(2.0)
        assert "Zoom 200 %" in shown.speech.last_text
        app.focus.set(viewer.__self__)
        x = viewer.view.centre_x
        shown.key("right")
        assert viewer.view.centre_x > x and app.focus.current is viewer.__self__, "arrows pan"
        shown.key("back")
        assert viewer.scale == 1 and shown.screen_name == "image", "Back shows it whole"
        assert "Whole image" in shown.speech.last_text
        shown.key("down")
        assert app.focus.current is not viewer.__self__, "whole again, the arrows move the focus"
    finally:
        app.stop_audio_mode()


def test_the_arrows_keep_their_place_in_the_keypad_order_and_say_when_they_cannot_move(shown):
    """Zooming in must not move the buttons under a keypad user: the same Down presses reach
    the same button whether or not the image is zoomed; unzoomed, an arrow says so."""
    from kiosk.ui.i18n import _

    viewer = open_image(shown, "scan")
    app = shown.app
    app.start_audio_mode(welcome=False)
    try:
        pan_left = shown.screen.ids.zoom_controls.ids.pan_left_button.__self__
        whole = app.focus.stops()
        assert pan_left in whole, "an arrow is a keypad stop at the whole image too"
        shown.focus_down_to(pan_left)
        assert _("not available") in shown.speech.last_text
        shown.key("enter")
        assert viewer.scale == 1, "an unavailable arrow does nothing"
        viewer.zoom_in()
        shown.frames(2)
        assert app.focus.stops() == whole, "the same stops in the same order, zoomed"
        app.focus.set(whole[whole.index(pan_left) - 1])  # Down on the zoomed picture pans
        shown.key("down")
        assert app.focus.current is pan_left
        assert _("not available") not in shown.speech.last_text
        shown.screenshot("zoom-arrows-available")
        viewer.reset()
        shown.frames(2)
        shown.screenshot("zoom-arrows-unavailable")
    finally:
        app.stop_audio_mode()


# -- memory and bad tiles --------------------------------------------------------------------

def test_a_long_pan_keeps_the_texture_cache_within_its_cap(shown):
    viewer = open_image(shown, "scan")
    viewer.loader.cap = 48
    while viewer.scale < viewer.max_scale:
        viewer.zoom_in()
    viewer.reset()
    viewer.zoom_by(viewer.max_scale)
    largest = 0
    steps = [("right", 6), ("down", 4), ("left", 6), ("up", 2)]
    for direction, count in steps:
        for _ in range(count):
            viewer.pan_step(direction)
            settle(shown, viewer)
            largest = max(largest, viewer.loader.cached)
    assert largest <= 48
    assert len(viewer.loader.decoded) > 60, "more tiles were seen than the cache holds"
    assert viewport_inside_image(viewer)


def test_a_plain_image_without_tiles_zooms_too(shown):
    viewer = open_image(shown, "photo")
    assert viewer.pyramid is None
    assert viewer.view.image_width == 1600
    viewer.zoom_in()
    settle(shown, viewer)
    assert viewer.scale == 2 and viewer.fully_drawn
    while viewer.scale < viewer.max_scale:
        viewer.zoom_in()
    fit = viewer.view.fit_scale
    assert viewer.view.scale == pytest.approx(max(2.0, 2 * fit)), "two screen px a pixel"


# -- the screen around it --------------------------------------------------------------------

def test_zoomed_in_full_screen_and_back_to_the_text(shown):
    viewer = open_image(shown, "scan")
    screen = shown.screen
    narrow = viewer.width
    spot = window_point(viewer, 0.45, 0.55)
    viewer.zoom_by(6, spot)
    settle(shown, viewer)
    shown.screenshot("image-viewer-zoomed")
    shown.tap(screen.ids.full_screen_button)
    settle(shown, viewer)
    assert screen.ids.image_scroll.parent is None and viewer.width > narrow * 1.4
    assert viewer.zoomed, "full screen keeps the zoom"
    shown.screenshot("image-viewer-fullscreen")
    assert screen.ids.full_screen_button.plain_text == "Show the text"
    shown.tap(screen.ids.full_screen_button)
    assert screen.ids.image_scroll.parent is not None
    assert screen.ids.narration_player.height == 0 and screen.ids.take_away.height == 0


def test_tiles_meet_without_seams_or_gaps(shown):
    """At one screen pixel an image pixel, the viewer shows the scan itself: every column
    and row of the window matches the source, so no tile edge is doubled, missing or off."""
    from PIL import Image, ImageChops

    from kiosk.a11y.pixels import Snapshot

    viewer = open_image(shown, "scan")
    viewer.zoom_by(1 / viewer.view.scale, window_point(viewer, 0.4, 0.6))
    settle(shown, viewer)
    assert viewer.level == viewer.info.levels - 1, "full-size tiles"
    shot = Snapshot.of_window()
    window = Image.frombytes("RGBA", (shot.width, shot.height), shot.data)
    window = window.transpose(Image.Transpose.FLIP_TOP_BOTTOM).convert("RGB")
    left, bottom = (round(v) for v in viewer.to_window(viewer.x, viewer.y))
    width, height = int(viewer.width) - 2, int(viewer.height) - 2
    top = shot.height - bottom - height - 1
    drawn = window.crop((left + 1, top, left + 1 + width, top + height))
    x0, y0, _w, _h = viewer.view.viewport()  # the top left corner, in image pixels
    source = Image.open(SOURCES["scan"]).convert("RGB")
    worst = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            x, y = round(x0) + 1 + dx, round(y0) + 1 + dy
            difference = ImageChops.difference(drawn, source.crop((x, y, x + width,
                                                                   y + height))).convert("L")
            columns = difference.resize((width, 1), Image.Resampling.BOX).getdata()
            rows = difference.resize((1, height), Image.Resampling.BOX).getdata()
            worst.append(max(max(columns), max(rows)))
    assert min(worst) < 20, f"a column or row differs from the scan by {min(worst)} on average"


def test_a_content_warning_comes_before_the_image_and_its_buttons(shown):
    shown.app.open_item("hidden")
    screen = shown.screen
    shown.frames(3)
    assert screen.ids.picture.parent is None and screen.ids.controls_row.parent is None
    assert screen.ids.warning_text.plain_text == "Shows a painful scene."
    shown.tap(screen.ids.reveal_button)
    settle(shown, screen.ids.picture)
    assert screen.ids.picture.parent is not None and screen.ids.controls_row.parent is not None
    assert screen.ids.picture.source


@pytest.mark.parametrize("text_scale, palette", [(2.0, "standard"), (1.0, "high_contrast"),
                                                 (2.0, "high_contrast")])
def test_the_viewer_at_large_text_and_high_contrast(shown, text_scale, palette):
    shown.app.set_preferences(text_scale=text_scale, palette=palette)
    viewer = open_image(shown, "scan")
    viewer.zoom_in()
    settle(shown, viewer)
    screen = shown.screen
    pan_left = screen.ids.zoom_controls.ids.pan_left_button
    assert viewer.zoomed and pan_left.available, (viewer.zoomed, pan_left.available,
                                                   screen.ids.zoom_controls.viewer, viewer)
    for button in screen.ids.controls_row.walk(restrict=True):
        if hasattr(button, "texture_size") and getattr(button, "plain_text", ""):
            assert button.texture_size[0] <= button.width + 1, button.plain_text
    assert viewer.height > shown.app.theme.target * 2, "the picture keeps room to be seen"
    name = f"image-viewer-{round(text_scale * 100)}-{palette.replace('_', '-')}"
    shown.screenshot(name)


def test_a_damaged_or_missing_tile_is_drawn_around_not_crashed_on(shown):
    from kiosk.media.tiles import tile_path, visible_tiles

    viewer = open_image(shown, "scan")
    info = viewer.info
    largest = copy(viewer.view)
    largest.zoom_by(largest.max_zoom)
    tiles = visible_tiles(info, info.levels - 1, largest.viewport())
    broken, missing = tiles[0], tiles[-1]
    tile_path(info, info.levels - 1, *broken).write_bytes(b"\xff\xd8 not really a jpeg")
    tile_path(info, info.levels - 1, *missing).unlink()
    viewer.loader.clear()
    viewer.zoom_by(viewer.max_scale)
    settle(shown, viewer)
    assert shown.screen_name == "image"
    for tile in (broken, missing):
        assert viewer.loader.failed(viewer._key(info.levels - 1, tile))
    viewer.pan_step("left")
    settle(shown, viewer)
    assert shown.screen_name == "image"
