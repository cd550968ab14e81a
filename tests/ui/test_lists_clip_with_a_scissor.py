"""Lists, screens and pictures clip with a scissor box, not Kivy's stencil.

Kivy's stencil cost llvmpipe two screen-sized passes per list, per picture and for the screens
in each frame (kiosk/ui/clipping.py). A visitor must see no difference: nothing a list or a
picture holds is drawn outside it, wherever its screen, or a list around it, has moved it to.
"""

from __future__ import annotations

import os

import pytest
from kivy.core.window import Window
from kivy.graphics import Color, Rectangle, StencilPush
from kivy.graphics.texture import Texture
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.image import Image as Picture
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget
from PIL import Image

from kiosk.ui.clipping import ViewScissor, scissor_box

RED = (255, 0, 0)


class Painted(Widget):
    """A plain block of one colour that follows its own place."""

    def __init__(self, rgb, **kwargs) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            Color(*rgb, 1)
            self._rect = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._follow, size=self._follow)

    def _follow(self, *_args) -> None:
        self._rect.pos, self._rect.size = self.pos, self.size


def a_list(x, y, width=200, height=150, content_height=1200) -> ScrollView:
    view = ScrollView(size_hint=(None, None), pos=(x, y), size=(width, height),
                      do_scroll_x=False, bar_width=0)
    view.add_widget(Painted((1, 0, 0), size_hint=(None, None),
                            size=(width, content_height)))
    return view


def red_box(kiosk, tmp_path) -> tuple[int, int, int, int] | None:
    """Where red was drawn, in window coordinates (x, y from the bottom, width, height)."""
    kiosk.frames(3)
    written = Window.screenshot(name=str(tmp_path / "clip-.png"))
    with Image.open(written) as shot:
        rgb = shot.convert("RGB")
    os.remove(written)
    mask = Image.eval(rgb.split()[0], lambda v: 255 if v == 255 else 0)
    for band, want in zip(rgb.split()[1:], (0, 0), strict=True):
        mask = Image.composite(mask, Image.new("L", mask.size, 0),
                               Image.eval(band, lambda v, w=want: 255 if v == w else 0))
    found = mask.getbbox()
    if found is None:
        return None
    left, top, right, bottom = found
    return left, rgb.height - bottom, right - left, bottom - top


@pytest.fixture
def stage(kiosk):
    """A white page over the whole window, on top of the kiosk, taken away afterwards."""
    page = FloatLayout(size=Window.size)
    page.add_widget(Painted((1, 1, 1), size_hint=(1, 1)))
    Window.add_widget(page)
    yield page
    Window.remove_widget(page)
    kiosk.frames(2)


def test_what_a_list_holds_is_drawn_only_inside_it(kiosk, stage, tmp_path):
    view = a_list(150, 160)
    stage.add_widget(view)
    assert red_box(kiosk, tmp_path) == (150, 160, 200, 150)
    view.scroll_y = 0.3  # the content moves under the window; the window stays
    assert red_box(kiosk, tmp_path) == (150, 160, 200, 150)


def test_the_clip_follows_when_the_screen_holding_the_list_moves(kiosk, stage, tmp_path):
    """A screen is a RelativeLayout: moving it moves the list on the window while the list's
    own position, which is relative to the screen, stays the same."""
    screen = RelativeLayout(size_hint=(None, None), size=(600, 500), pos=(100, 100))
    view = a_list(50, 60)
    screen.add_widget(view)
    stage.add_widget(screen)
    assert red_box(kiosk, tmp_path) == (150, 160, 200, 150)
    screen.pos = (700, 300)
    kiosk.frames(1)
    assert view.pos == [50, 60]
    assert red_box(kiosk, tmp_path) == (750, 360, 200, 150)


def test_a_list_inside_a_scrolled_list_is_cut_where_the_outer_one_ends(kiosk, stage, tmp_path):
    outer = ScrollView(size_hint=(None, None), pos=(300, 200), size=(400, 300),
                       do_scroll_x=False, bar_width=0)
    column = FloatLayout(size_hint=(None, None), size=(400, 1000))
    inner = a_list(100, 500, height=200)
    column.add_widget(inner)
    outer.add_widget(column)
    stage.add_widget(outer)
    outer.scroll_y = 1  # the column's top 300 px show: its y 700-1000; the inner list is below
    assert red_box(kiosk, tmp_path) is None
    outer.scroll_y = 0.4  # column y 280-580 shows: the inner list's lower 80 px
    kiosk.frames(2)
    inner_box = scissor_box(inner)
    assert inner_box[1] < 200 + 300 < inner_box[1] + inner_box[3]  # it sticks out at the top
    assert red_box(kiosk, tmp_path) == (400, inner_box[1], 200, 200 + 300 - inner_box[1])


def test_a_picture_that_overflows_its_frame_is_cut_at_the_frame(kiosk, stage, tmp_path):
    texture = Texture.create(size=(64, 32), colorfmt="rgb")
    texture.blit_buffer(bytes(RED) * 64 * 32, colorfmt="rgb", bufferfmt="ubyte")
    picture = Picture(texture=texture, fit_mode="cover", size_hint=(None, None),
                      pos=(400, 300), size=(200, 200))  # drawn 400 x 200: it overflows
    stage.add_widget(picture)
    assert red_box(kiosk, tmp_path) == (400, 300, 200, 200)
    picture.fit_mode = "contain"  # 200 x 100, inside the frame: nothing is cut
    assert red_box(kiosk, tmp_path) == (400, 350, 200, 100)


def test_no_screen_of_the_kiosk_uses_the_stencil(kiosk):
    def instructions(group):
        for instruction in group.children:
            yield instruction
            if hasattr(instruction, "children"):
                yield from instructions(instruction)

    kiosk.app.begin_visit()
    kiosk.frames(3)
    for show in (lambda: None, lambda: kiosk.app.open_item("treaties"),
                 lambda: kiosk.app.open_item("crc"), lambda: kiosk.app.open_item("udhr"),
                 lambda: kiosk.app.open_screen("timeline"),
                 lambda: kiosk.app.open_screen("search")):
        show()
        kiosk.frames(3)
        drawn = list(instructions(Window.canvas))
        assert not any(isinstance(i, StencilPush) for i in drawn), kiosk.screen_name
        lists = [w for w in kiosk.screen.walk() if isinstance(w, ScrollView)]
        assert lists, kiosk.screen_name
        for view in lists:
            clips = [i for i in view.canvas.before.children if isinstance(i, ViewScissor)]
            assert len(clips) == 1
            assert clips[0].box == scissor_box(view)
