"""The attract screen: what the kiosk shows while no one is using it.

It shows the exhibition itself: the highlights (site.yaml `attract:`, or a choice the catalog
makes) one after another, large, each with its title and credit, beside an invitation in every
offered language in turn, each in its own words, so a visitor who reads only Khmer or only
French still learns that the screen is for them. Touching a picture opens its item (the
visitor lands where their eye went); a touch anywhere else begins the visit at home.

Cheap to run for months: a picture is held for HOLD_SECONDS and changes by a cross-fade of two
Image widgets' opacity (Kivy Animation), so nothing is drawn again while a picture is held
except the invitation's text every few seconds. One fade at a time and one change every few
seconds: far from three flashes a second (WCAG 2.3.1). With "reduce motion" the pictures
change without any fade; the Pause button, or the Pause / P / Stop keys, stop the loop
(WCAG 2.2.2) until pressed again or the next visitor.
"""

from __future__ import annotations

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.ui.i18n import N_, translate
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen

CYCLE_SECONDS = 3.0  # the invitation's language
HOLD_SECONDS = 15.0  # one highlight: long holds keep the loop calm and the CPU idle
FADE_SECONDS = 1.0  # a gentle cross-fade (none with reduce motion)
FADE_STEP = 1 / 10  # frames a second while fading: each costs a whole window in software GL
INVITATION = N_("Touch the screen to begin")
PAUSE, RESUME = N_("Pause"), N_("Play")
PAUSE_KEYS = ("pause", "p")  # with the keypad's Stop key (action "stop_speech")


class AttractScreen(KioskScreen):
    site_title = StringProperty("")
    invitation = StringProperty("")
    shown_index = NumericProperty(0)  # which offered language is shown now
    shown_lang = StringProperty("")
    highlight_index = NumericProperty(-1)  # which highlight is shown now; -1: none
    highlight_title = StringProperty("")
    highlight_credit = StringProperty("")
    highlight_lang = StringProperty("")
    highlight_alt = StringProperty("")  # what the picture shows, for speech and the audit
    paused = BooleanProperty(False)
    logo = StringProperty("")  # the museum's logo picture, "" for none
    logo_alt = StringProperty("")  # what it says, in the language shown
    pause_label = StringProperty("")
    pictures = ListProperty(["", ""])  # sources of the two stacked images (front, back)
    front = NumericProperty(0)  # which of the two is in front
    # How far the front picture has faded in (the other one out): one Animation drives both,
    # so a fade costs one frame a step (two animations' clocks drift apart and drew twice).
    crossfade = NumericProperty(1.0)
    calm_title = NumericProperty(1.0)  # undo the visitor's text scale, per text role
    calm_heading = NumericProperty(1.0)
    calm_small = NumericProperty(1.0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cycle = Clock.create_trigger(self.show_next_language, CYCLE_SECONDS, interval=True)
        self._hold = Clock.create_trigger(self.show_next_highlight, HOLD_SECONDS, interval=True)
        self._highlights: dict[str, list] = {}  # language -> the catalog's highlights in it
        theme = self.kiosk.theme
        theme.bind(reduce_motion=lambda _theme, reduce: self.on_reduce_motion(reduce),
                   text_scale=self._calm)
        self._calm(theme, theme.text_scale)

    def _calm(self, _theme, scale: float) -> None:
        self.calm_title = 1 / (1 + 0.5 * (scale - 1))  # as Theme._BASE applies it
        self.calm_heading = 1 / (1 + 0.75 * (scale - 1))
        self.calm_small = 1 / scale

    # -- filling ------------------------------------------------------------------------------

    def show(self) -> None:
        languages = list(self.kiosk.offered_languages())
        default = self.kiosk.default_language()
        self.shown_index = languages.index(default) if default in languages else 0
        self._highlights = {lang: self.catalog.highlights(lang) for lang in languages}
        self.logo = self.catalog.look.logo or ""
        self.paused = False
        self.front = 0  # every visitor's loop starts the same way
        self._stop_fades()
        self.highlight_index = -1
        self._show_language(languages[self.shown_index])
        self.show_next_highlight(animate=False)
        self._cycle.cancel()  # a new visitor's loop begins now, not at the last one's pace
        self._hold.cancel()
        if self.manager is not None and self.manager.current == self.name:
            self._start_timers()  # already shown (an idle reset): no on_enter will come

    def forget_visitor(self) -> None:
        self._stop_fades()

    def on_enter(self, *_args) -> None:
        self._start_timers()

    def on_leave(self, *_args) -> None:
        self._cycle.cancel()
        self._hold.cancel()
        self._stop_fades()

    def _start_timers(self) -> None:
        if not self.paused:
            self._cycle()
            self._hold()

    # -- the loop ----------------------------------------------------------------------------

    def show_next_language(self, *_args) -> None:
        if self.kiosk.sleep.asleep:  # after hours (ui/sleep.py): no more frames to draw
            self._cycle.cancel()
            return
        languages = self.kiosk.offered_languages()
        self.shown_index = (self.shown_index + 1) % len(languages)
        self._show_language(languages[self.shown_index])

    def _show_language(self, lang: str) -> None:
        self.shown_lang = lang
        self.site_title = self.catalog.site_title(lang)
        self.invitation = translate(INVITATION, lang)
        self.pause_label = translate(RESUME if self.paused else PAUSE, lang)
        alt = self.catalog.look.logo_alt
        self.logo_alt = alt.get(lang) or alt.get(self.site.default_language, "") if alt else ""
        self._caption()

    @property
    def site(self):
        return self.catalog.site

    def highlights(self) -> list:
        return self._highlights.get(self.shown_lang) or []

    def current_highlight(self):
        shown = self.highlights()
        return shown[self.highlight_index] if 0 <= self.highlight_index < len(shown) else None

    def show_next_highlight(self, *_args, animate: bool = True) -> None:
        shown = self.highlights()
        if not shown:
            self.pictures = ["", ""]
            self.highlight_index = -1
            self._caption()
            return
        self.highlight_index = (self.highlight_index + 1) % len(shown)
        picture = shown[self.highlight_index].picture
        fade = animate and not self.kiosk.theme.reduce_motion and self.pictures[self.front]
        if not fade:
            self._stop_fades()
            self._set_picture(self.front, picture)
            self._set_picture(1 - self.front, "")
            self._place(self.front, 1.0)
            self._place(1 - self.front, 0.0)
        else:
            back = 1 - self.front
            self._set_picture(back, picture)
            Animation.cancel_all(self, "crossfade")
            self.front = back
            self.crossfade = 0.0
            self.on_crossfade(self, 0.0)  # also when it was 0 already (no event then)
            Animation(crossfade=1.0, duration=FADE_SECONDS, t="in_out_sine",
                      step=FADE_STEP).start(self)
        self._caption()

    def _caption(self) -> None:
        current = self.current_highlight()
        self.highlight_title = current.title if current else ""
        self.highlight_credit = current.credit if current else ""
        self.highlight_lang = current.lang if current else self.shown_lang
        self.highlight_alt = (current.alt or current.title) if current else ""

    def _images(self) -> tuple:
        return self.ids.picture_a, self.ids.picture_b

    def _set_picture(self, which: int, source: str) -> None:
        pictures = list(self.pictures)
        pictures[which] = source
        self.pictures = pictures

    def _place(self, which: int, opacity: float) -> None:
        self._images()[which].opacity = opacity

    def on_crossfade(self, _screen, value: float) -> None:
        images = self._images()
        images[self.front].opacity = value if self.pictures[self.front] else 0.0
        behind = images[1 - self.front]
        behind.opacity = 1.0 - value if self.pictures[1 - self.front] else 0.0

    def _stop_fades(self) -> None:
        """Every fade ends where it was going, at once (reduce motion, pause, leaving)."""
        Animation.cancel_all(self, "crossfade")
        self.crossfade = 1.0
        for which, image in enumerate(self._images()):
            image.opacity = 1.0 if which == self.front and self.pictures[which] else 0.0

    def fading(self) -> bool:
        """True while a cross-fade runs (tests: reduce motion must leave none)."""
        return any(self.uid in anim._widgets for anim in list(Animation._instances))

    # -- pausing (WCAG 2.2.2) ----------------------------------------------------------------

    @guarded
    def toggle_pause(self, *_args) -> None:
        self.set_paused(not self.paused)

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        if self.paused:
            self._cycle.cancel()
            self._hold.cancel()
            self._stop_fades()
        else:
            self._start_timers()
        self.pause_label = translate(RESUME if self.paused else PAUSE, self.shown_lang)

    def takes_key(self, key_name: str | None, action: str | None) -> bool:
        """Keys the attract screen keeps for itself instead of beginning a visit."""
        if key_name in PAUSE_KEYS or action == "stop_speech":
            self.toggle_pause()
            return True
        return False

    def on_reduce_motion(self, reduce: bool) -> None:
        if reduce:
            self._stop_fades()

    # -- touch -------------------------------------------------------------------------------

    @guarded
    def on_touch_down(self, touch) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        from kivy.core.window import Window

        where = (touch.sx * Window.width, touch.sy * Window.height)
        if _holds(self.ids.attract_pause, where):
            return super().on_touch_down(touch)  # the button's own press and release
        current = self.current_highlight()
        if current is not None and _holds(self.ids.highlight_frame, where):
            self.kiosk.begin_visit()
            self.kiosk.open_item(current.item_id)
            return True
        self.kiosk.begin_visit()
        return True


def _holds(widget, where: tuple[float, float]) -> bool:
    """True when the window point `where` is on `widget` (its parent places it: a widget's own
    coordinates differ from its parent's inside a RelativeLayout such as a Screen)."""
    x, y = widget.parent.to_window(*widget.pos)
    return x <= where[0] < x + widget.width and y <= where[1] < y + widget.height


load_kv_next_to(__file__)
