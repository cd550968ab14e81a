"""A film with every access track: the picture (and a sign-language picture beside it, over
it or instead of it), captions drawn by the kiosk, spoken descriptions, and the transcript.

Nothing plays until the visitor asks: a film that started with sound by itself would talk
over the kiosk's voice and startle. Captions come on by themselves when the film's spoken
language is not the visitor's. Every control is a large button named in words, reached by the
keypad and spoken in audio mode; in audio mode the keypad's spoken confirmation of Play would
pause the film it starts, so the controls act a frame later (as narration.py's do).

The player (kiosk/ui/film.py) takes turns with the kiosk's voice through the narrator, and
stops when the screen is left or the next visitor comes.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.speech import SpeechRun
from kiosk.ui import spoken
from kiosk.ui.captions import CaptionArea  # noqa: F401 - used by video.kv
from kiosk.ui.film import FilmPlayer
from kiosk.ui.focus import focus_stops
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.narration import clock_time
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen

SIGN_SHARE = 0.34  # of the stage's width: a signer beside or over the film


class FilmStage(FloatLayout):
    """The film's picture fitted to the stage, the poster until the first frame, and the
    sign-language picture beside, over or instead of it."""

    texture = ObjectProperty(None, allownone=True)
    sign_texture = ObjectProperty(None, allownone=True)
    sign_mode = StringProperty("off")
    background = ListProperty([0, 0, 0, 1])
    film_box = ListProperty([0, 0, 0, 0])  # where the film is drawn: x, y, width, height

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas.before:
            self._paper = Color(0, 0, 0, 1)
            self._back = Rectangle()
            self._film_colour = Color(1, 1, 1, 1)
            self._film = Rectangle()
            self._sign_colour = Color(1, 1, 1, 0)
            self._sign = Rectangle()
        for name in ("pos", "size", "texture", "sign_texture", "sign_mode", "background"):
            self.fbind(name, self._redraw)

    def _redraw(self, *_args) -> None:
        self._paper.rgba = self.background
        self._back.pos, self._back.size = self.pos, self.size
        x, y, w, h = self.x, self.y, self.width, self.height
        signing = self.sign_mode != "off" and self.sign_texture is not None
        film_area = (x, y, w, h)
        sign_area = None
        if signing and self.sign_mode == "beside":
            film_area = (x, y, w * (1 - SIGN_SHARE), h)
            sign_area = (x + w * (1 - SIGN_SHARE), y, w * SIGN_SHARE, h)
        elif signing and self.sign_mode == "over":
            sign_area = (x + w * (1 - SIGN_SHARE), y + h * (1 - SIGN_SHARE), w * SIGN_SHARE,
                         h * SIGN_SHARE)
        elif signing and self.sign_mode == "instead":
            film_area, sign_area = None, (x, y, w, h)
        self._film_colour.a = 1 if (film_area and self.texture is not None) else 0
        if film_area and self.texture is not None:
            self._film.texture = self.texture
            self._film.pos, self._film.size = _fit(self.texture.size, film_area)
        self.film_box = [*self._film.pos, *self._film.size] if film_area and self.texture \
            else [x, y, w, h]
        self._sign_colour.a = 1 if sign_area else 0
        if sign_area:
            self._sign.texture = self.sign_texture
            self._sign.pos, self._sign.size = _fit(self.sign_texture.size, sign_area)


def _fit(size, area):
    x, y, w, h = area
    tw, th = size
    scale = min(w / tw, h / th) if tw and th else 1
    fw, fh = tw * scale, th * scale
    return (x + (w - fw) / 2, y + (h - fh) / 2), (fw, fh)


class VideoScreen(KioskScreen):
    item_id = StringProperty("")
    film_title = StringProperty("")
    content_lang = StringProperty("")
    captions_lang = StringProperty("")
    poster = StringProperty("")
    credit = StringProperty("")
    licence = StringProperty("")
    status = StringProperty("")
    transcript_shown = BooleanProperty(False)
    has_descriptions = BooleanProperty(False)
    has_sign = BooleanProperty(False)
    player = ObjectProperty(None)

    def __init__(self, **kwargs):
        self.player = FilmPlayer()
        super().__init__(**kwargs)
        for name in ("position_s", "duration_s", "volume", "playing"):
            self.player.fbind(name, self._update_status)

    def show(self, item_id: str, transcript: bool = False) -> None:
        view = self.catalog.film(item_id, self.lang)
        self.view = view
        same = self.item_id == item_id and self.player.view is not None
        self.item_id = item_id
        self.film_title = view.title
        self.content_lang = view.lang
        self.captions_lang = view.captions_lang
        self.poster = view.poster
        self.credit = view.credit
        self.licence = _("Licence: {licence}", licence=view.licence) if view.licence else ""
        self.has_descriptions = bool(view.descriptions)
        self.has_sign = bool(view.sign)
        self.transcript_shown = transcript
        self.ids.introduction.blocks = list(view.introduction)
        self.ids.transcript.blocks = list(view.transcript) if transcript else []
        if not same:  # another language shows the same film where it was
            self.player.load(view, self.lang)
        else:
            self.player.view = view
        self._arrange_controls()
        self._arrange_text()
        self._update_status()
        self.note_translation(view)

    def _arrange_controls(self) -> None:
        """No sign-language button where the film has no sign track: a button that does
        nothing is a trap for keypad users."""
        ids = self.ids
        if not hasattr(self, "_parts"):
            self._parts = {name: ids[name].__self__ for name in ("sign_button",
                                                                 "descriptions_button")}
        for name, wanted, row in (("sign_button", self.has_sign, ids.second_row),
                                  ("descriptions_button", self.has_descriptions, ids.first_row)):
            button = self._parts[name]
            if wanted and button.parent is None:
                row.add_widget(button, index=0 if name == "descriptions_button" else
                               len(row.children))
            elif not wanted and button.parent is not None:
                button.parent.remove_widget(button)

    def _arrange_text(self, *_args) -> None:
        """The text beside the film while the screen is wide, below the controls from 150 %
        text (where beside it would leave the film a strip)."""
        ids = self.ids
        column = ids.text_column.__self__
        side, layout = ids.side_scroll.__self__, ids.layout
        wide = self.kiosk.theme.wide
        if wide and column.parent is not side:
            layout.remove_widget(column)
            side.add_widget(column)
        elif not wide and column.parent is side:
            side.remove_widget(column)
            layout.add_widget(column)
        ids.body.remove_widget(side) if not wide and side.parent else None
        if wide and side.parent is None:
            ids.body.add_widget(side)
        ids.page_scroll.scroll_y = 1  # the film at the top, where the visitor left it
        if not getattr(self, "_watching_width", False):
            self.kiosk.theme.fbind("wide", self._arrange_text)
            self._watching_width = True

    def _update_status(self, *_args) -> None:
        player = self.player
        state = _("Playing") if player.playing else _("Paused")
        self.status = _("{state}, {position} of {duration}, volume {volume} %", state=state,
                        position=clock_time(player.position_s),
                        duration=clock_time(player.duration_s), volume=round(player.volume * 100))

    # -- the controls (a frame later: see the module's docstring) ---------------------------

    def _later(self, action, keep_playing: bool = True) -> None:
        """Do `action` a frame later; a film that was playing when the control was pressed
        goes on playing (the spoken confirmation paused it, and the film cuts it short)."""
        player = self.player
        was_playing = player.playing

        def act(_dt) -> None:
            action()
            if keep_playing and was_playing and not player.playing:
                player.play()

        Clock.schedule_once(lambda dt: guarded(act)(dt), 0)

    @guarded
    def toggle_play(self) -> None:
        """Play or Pause as the button said when pressed, whatever the confirmation did."""
        if self.player.playing:
            self.player.pause()
        else:
            self._later(self.player.play, keep_playing=False)

    @guarded
    def skip(self, seconds: float) -> None:
        self._later(lambda: self.player.skip(seconds))

    @guarded
    def toggle_captions(self) -> None:
        self._later(self.player.toggle_captions)

    @guarded
    def toggle_descriptions(self) -> None:
        self._later(self.player.toggle_descriptions)

    @guarded
    def next_sign_mode(self) -> None:
        self._later(self.player.next_sign_mode)

    @guarded
    def louder(self) -> None:
        self._later(self.player.louder)

    @guarded
    def quieter(self) -> None:
        self._later(self.player.quieter)

    @guarded
    def toggle_transcript(self) -> None:
        self.kiosk.show_in_place(transcript=not self.transcript_shown)

    # -- leaving, speech --------------------------------------------------------------------

    def on_pre_leave(self, *_args) -> None:
        self.player.stop()
        self.item_id = ""

    def forget_visitor(self) -> None:
        self.player.stop()
        self.player.view = None
        self.item_id = ""

    def reading_runs(self) -> list[SpeechRun]:
        """The title and the introduction; the controls are named as the focus reaches them
        (a blind visitor then hears Play first)."""
        stops = [s for s in focus_stops([self]) if s.role != "button"]
        return spoken.reading_runs(stops)


load_kv_next_to(__file__)
