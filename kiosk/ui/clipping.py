"""Lists, screens and pictures clip what they show with a scissor box, not Kivy's stencil.

Kivy clips three widgets with the stencil buffer: StencilView (every ScrollView and
RecycleView), ScreenManager (the kiosk's screens) and Image (each picture, for fit modes
that overflow). Each draws its whole box into the stencil buffer before what it clips and
again after, and stencil-tests every pixel drawn in between. Mesa's software renderer,
which the kiosks run, shades those boxes like any other: the screens' box and two lists'
come to about six screen-sized passes, 5-10 ms of a 24-30 ms frame at 1280 x 800 (bench:
the same home, section and treaty screens drawn both ways). A scissor box costs nothing: the
rasteriser skips what lies outside it, and Kivy's scissor stack intersects nested boxes as
nested stencils did.

A scissor box is given in window pixels, and a widget's place on the window also moves when
anything above it moves (a screen is a RelativeLayout), which no binding on the widget sees,
so the box is found again each time the widget is drawn. `clip_with_scissors()` swaps Kivy's
three rules (kivy/data/style.kv) for ones drawing `ViewScissor`, at the same place among the
rules, before any widget is made.
"""

from __future__ import annotations

import weakref
from typing import Any

from kivy.factory import Factory
from kivy.graphics import Callback, InstructionGroup, ScissorPush
from kivy.lang import Builder

_CLIPS_AROUND_CHILDREN = """
    canvas.before:
        ViewScissor:
            view: self
            follows: self.pos, self.size
    canvas.after:
        ScissorPop
"""

# Kivy's rule name -> the rule that replaces it: the same drawing, clipped by a scissor.
SCISSOR_RULES = {
    "<StencilView>": "<StencilView>:" + _CLIPS_AROUND_CHILDREN,
    "<ScreenManager>": "<ScreenManager>:" + _CLIPS_AROUND_CHILDREN,
    "<Image,AsyncImage>": """<Image,AsyncImage>:
    canvas:
        Color:
            rgba: self.color
        ViewScissor:
            view: self
            follows: self.pos, self.size
        Rectangle:
            texture: self.texture
            size: self.norm_image_size
            pos: self.center_x - self.norm_image_size[0] / 2., \
                self.center_y - self.norm_image_size[1] / 2.
        ScissorPop
""",
}


def scissor_box(widget: Any) -> tuple[int, int, int, int]:
    """The widget's box in whole window pixels: x, y, width, height (the audit's
    `kiosk.a11y.checks.window_box`, rounded as glScissor takes it)."""
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    left, bottom = round(min(x0, x1)), round(min(y0, y1))
    return left, bottom, max(0, round(max(x0, x1)) - left), max(0, round(max(y0, y1)) - bottom)


class ViewScissor(InstructionGroup):
    """Starts clipping to `view`'s box; a ScissorPop after the view's content ends it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self._view: weakref.ref | None = None
        # noadd: made inside a rule's `with canvas`, they would also join that canvas
        self._push = ScissorPush(x=0, y=0, width=0, height=0, noadd=True)
        self.add(Callback(self._place, noadd=True))  # runs at each drawing, before the push
        self.add(self._push)
        for name, value in kwargs.items():
            setattr(self, name, value)

    @property
    def view(self) -> Any:
        return self._view() if self._view is not None else None

    @view.setter
    def view(self, widget: Any) -> None:
        # kv passes a weak proxy; the widget owns this instruction, so hold it weakly too
        self._view = weakref.ref(widget.__self__)
        self._place()

    @property
    def follows(self) -> Any:
        return None

    @follows.setter
    def follows(self, _value: Any) -> None:
        """Bound in the rule to the view's pos and size: a move or resize that changes
        nothing else on screen still gets the box redrawn where it now is."""
        self._place()

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (*self._push.pos, *self._push.size)

    def _place(self, *_args: Any) -> None:
        view = self.view
        if view is None:
            return
        box = scissor_box(view)
        if box != self.box:  # setting it asks for another frame: only when it moved
            self._push.pos, self._push.size = box[:2], box[2:]


Factory.register("ViewScissor", cls=ViewScissor)

_swapped = False


def clip_with_scissors() -> None:
    """Put SCISSOR_RULES in the place of Kivy's rules of the same names; idempotent."""
    global _swapped
    if _swapped:
        return
    for name, text in SCISSOR_RULES.items():
        before = len(Builder.rules)
        Builder.load_string(text, filename=f"kiosk/ui/clipping.py {name}")
        ours = Builder.rules[before:]  # one (selector, rule) for each class the rule names
        del Builder.rules[before:]
        kivys = [i for i, (_selector, rule) in enumerate(Builder.rules)
                 if rule.name.strip() == name]
        place = kivys[0] if kivys else len(Builder.rules)
        for index in reversed(kivys):
            del Builder.rules[index]
        Builder.rules[place:place] = ours
    Builder._match_cache.clear()
    Builder._match_name_cache.clear()
    _swapped = True
