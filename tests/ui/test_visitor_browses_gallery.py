"""A visitor browses an archive of 2,000 photographs: the section opens at once with only the
tiles on screen made, pictures arrive as they are decoded, a fling reaches the end, a tap
opens a photograph and Back returns to it; the keypad walks past the screen's edge and
reaches the last picture; at 200 % text the grid becomes one column. The sample exhibition's
own sections still open and lead to their items.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.app

PICTURES = 2000


@pytest.fixture(scope="module")
def photo_archive(tmp_path_factory):
    """The bench's generated exhibition: section `gallery` of 2,000 pictures, `small` of 10."""
    from bench.gallery import write_gallery_exhibition
    from kiosk.catalog.build import build_catalog

    root = tmp_path_factory.mktemp("photo-archive")
    write_gallery_exhibition(root / "content", PICTURES)
    return build_catalog(root / "content", root / "catalog.db").catalog


def open_gallery(kiosk) -> None:
    kiosk.tap(kiosk.screen)  # the attract screen: any touch begins the visit
    kiosk.tap(kiosk.screen.tile_for("gallery"))
    assert kiosk.screen_name == "section"
    kiosk.frames(3)


def gallery_tiles_in_window(kiosk) -> list:
    from kiosk.ui.screens.section import GalleryTile

    return [w for w in kiosk.app.root.walk(restrict=True) if isinstance(w, GalleryTile)]


def on_screen(kiosk, widget) -> bool:
    rows = kiosk.screen.ids.section_scroll
    bottom = rows.to_window(rows.x, rows.y)[1]
    top = bottom + rows.height
    y = widget.to_window(widget.x, widget.y)[1]
    return y >= bottom - 1 and y + widget.height <= top + 1


def test_two_thousand_pictures_open_with_only_the_tiles_on_screen_made(kiosk, photo_archive):
    with kiosk.showing(photo_archive):
        open_gallery(kiosk)
        screen = kiosk.screen
        assert screen.gallery and len(screen.items) == PICTURES
        assert screen.columns == 5
        made = gallery_tiles_in_window(kiosk)
        assert 10 <= len(made) <= 100, f"{len(made)} tiles made for {PICTURES} pictures"
        first = screen.tiles()[0]
        assert first.item_id == "photo-00000" and first.title == "Photograph 1"

        shown = [t for t in screen.tiles() if on_screen(kiosk, t)]
        kiosk.wait_until(lambda: all(t.ids.picture.loaded for t in shown), timeout=10,
                         what="the first screenful of thumbnails")
        picture = shown[0].ids.picture
        assert picture.texture.size == (160, 120)  # the generated picture, not a placeholder
        kiosk.screenshot("gallery")

        rows = screen.ids.section_scroll
        for position in (0.5, 0.0):  # a fling to the middle, then to the end
            rows.scroll_y = position
            kiosk.frames(4)
        last = screen.tiles()[-1]
        assert last.item_id == "photo-01999" and on_screen(kiosk, last)
        assert len(gallery_tiles_in_window(kiosk)) <= 100, "recycled, not accumulated"
        kiosk.wait_until(lambda: last.ids.picture.loaded, timeout=10, what="the last thumbnail")

        kiosk.tap(last)
        assert kiosk.screen_name == "image"
        assert kiosk.app.session.current.params["item_id"] == "photo-01999"
        kiosk.tap(kiosk.nav.ids.back_button)
        assert kiosk.screen_name == "section"
        kiosk.frames(3)
        back_to = screen.row_for("photo-01999")
        assert back_to is not None and on_screen(kiosk, back_to), "Back returns to the picture"


def test_the_keypad_walks_past_the_screen_edge_and_reaches_the_last_picture(kiosk, photo_archive):
    from kiosk.ui.screens.section import GalleryTile

    with kiosk.showing(photo_archive):
        kiosk.key("down")  # a keypad key begins the visit, in audio mode
        app = kiosk.app
        while app.focus.current is not kiosk.screen.tile_for("gallery"):
            kiosk.key("down")
        kiosk.key("enter")
        assert kiosk.screen_name == "section"
        screen = kiosk.screen
        assert app.focus.current.plain_text == "2000 photographs"  # the title first

        steps = 60  # well past the first screenful (5 × 3 or 4) and the rows made around it
        kiosk.key("down")  # the introduction
        for _ in range(steps):
            kiosk.key("down")
        focused = app.focus.current
        assert isinstance(focused, GalleryTile) and focused.item_id == f"photo-{steps - 1:05d}"
        kiosk.frames(3)
        assert on_screen(kiosk, focused), "the focused picture is scrolled into view"
        assert "Photograph 60" in kiosk.speech.last_text and "Image" in kiosk.speech.last_text

        for _ in range(steps - 1):
            kiosk.key("up")
        assert app.focus.current.item_id == "photo-00000"
        kiosk.key("up")
        assert app.focus.current.plain_text.startswith("Generated pictures")  # the introduction

        while not isinstance(app.focus.current, GalleryTile) or (
                app.focus.current.item_id == "photo-00000"):
            kiosk.key("up")  # up past the title, round through the navigation bar
        last = app.focus.current
        assert last.item_id == "photo-01999", "Up from the top wraps round to the last picture"
        kiosk.frames(3)
        assert on_screen(kiosk, last)
        kiosk.key("enter")
        assert kiosk.screen_name == "image"
        assert app.session.current.params["item_id"] == "photo-01999"
        assert screen.tiles()  # the grid is still there behind the image


def test_at_200_percent_the_gallery_is_one_picture_a_row(kiosk, photo_archive):
    with kiosk.showing(photo_archive):
        open_gallery(kiosk)
        screen = kiosk.screen
        kiosk.app.set_preferences(text_scale=2.0)
        kiosk.frames(4)
        assert screen.columns == 1
        screen.ids.section_scroll.scroll_to(screen.row_for("photo-00003"))
        kiosk.frames(3)
        tiles = [t for t in screen.tiles() if on_screen(kiosk, t)]
        assert len(tiles) >= 2
        assert len({round(t.x) for t in tiles}) == 1, "one column"
        for tile in tiles:
            caption = tile.ids.caption
            assert not tile.stacked and caption.texture_size[0] <= caption.width + 1
            assert caption.texture_size[1] <= caption.height + 1, "title not cut"
        kiosk.wait_until(lambda: all(t.ids.picture.loaded for t in tiles), timeout=10,
                         what="thumbnails at 200 %")
        kiosk.screenshot("gallery-200pct")
        kiosk.app.set_preferences(text_scale=1.5)
        kiosk.frames(4)
        assert screen.columns == 3


def test_the_sample_sections_still_open_and_lead_to_every_item(kiosk, catalog):
    kiosk.tap(kiosk.screen)
    for section in catalog.sections("vi"):
        kiosk.tap(kiosk.screen.tile_for(section.id))
        assert kiosk.screen_name == "section"
        items = catalog.section_items(section.id, "vi")
        shown = [t.item_id for t in kiosk.screen.tiles()]
        assert shown == [i.id for i in items], "a short section is made whole, in order"
        kiosk.tap(kiosk.screen.row_for(items[-1].id))
        assert kiosk.screen_name == catalog.item_kind(items[-1].id)
        kiosk.tap(kiosk.nav.ids.home_button)


def test_the_sample_sections_pass_the_accessibility_audit(kiosk, catalog):
    from kiosk.a11y.audit import Walk, run_audit
    from kiosk.ui.theme import HIGH_CONTRAST, STANDARD

    sections = tuple((f"every section: {s.id}",
                      lambda app, s=s.id: app.open_screen("section", item_id=s))
                     for s in catalog.sections("vi"))
    walk = Walk(languages=("vi",), text_scales=(1.0, 2.0), palettes=(STANDARD, HIGH_CONTRAST),
                extra_states=sections, every_item_first=False)
    report = run_audit(kiosk.app, walk)
    found = [line for line in report.lines() if "section" in line]
    assert not found, "\n".join(found[:20])
