"""Playing a film with its access tracks: the picture, captions, spoken descriptions and a
sign-language picture kept in step.

Pictures come from Kivy's core video with the ffpyplayer provider (its wheels bundle FFmpeg);
ffpyplayer's own subtitles are switched off in Kivy (kivy/kivy#5312) and would not shape
Khmer anyway, so captions are text the kiosk draws itself (captions.py, with labels.py).

The film takes turns with the kiosk's voice through the app's narrator, as a recorded
narration does (narrator.py): playing it silences the voice and any recording; speech that
starts pauses it; a new visitor stops it; and while it plays `playing` is true, so the idle
watch waits (a visitor watching is not idle), and counts again once it is paused or ends.

Text descriptions are said by the kiosk's voice when their cue starts. The film's sound is
turned down while the voice speaks (never two sounds at once); the picture goes on through
the gap the describer left, and the film pauses if the description outlasts its cue, going on
once the voice has finished (as Able Player's users asked, ableplayer#614).
"""

from __future__ import annotations

import kivy

kivy.kivy_options["video"] = ("ffpyplayer",)  # before kivy.core.video is first imported

from kivy.app import App  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.event import EventDispatcher  # noqa: E402
from kivy.properties import (  # noqa: E402
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)

from kiosk.content.webvtt import cue_at  # noqa: E402
from kiosk.speech import SpeechRun  # noqa: E402
from kiosk.ui.i18n import translate  # noqa: E402

POLL_SECONDS = 0.1
SKIP_SECONDS = 10
VOLUME_STEP = 0.2
DEFAULT_VOLUME = 0.6
SIGN_DRIFT_S = 0.4  # the sign picture is put back in step beyond this
SIGN_MODES = ("off", "beside", "over", "instead")


class FilmPlayer(EventDispatcher):
    """One film at a time; the screen binds its widgets to these properties."""

    playing = BooleanProperty(False)  # the picture moves (not paused, not held)
    position_s = NumericProperty(0)
    duration_s = NumericProperty(0)
    volume = NumericProperty(DEFAULT_VOLUME)
    texture = ObjectProperty(None, allownone=True)
    sign_texture = ObjectProperty(None, allownone=True)
    caption_text = StringProperty("")
    captions_on = BooleanProperty(False)
    descriptions_on = BooleanProperty(False)
    sign_mode = OptionProperty("off", options=SIGN_MODES)
    describing = BooleanProperty(False)  # the voice is saying a description
    frames_shown = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.view = None
        self._video = None
        self._sign = None
        self._poll = None
        self._spoken: set[int] = set()
        self._held = False  # paused by a description that outlasts its cue
        self._pending_seek: float | None = None  # asked for before the film was opened

    # -- loading ----------------------------------------------------------------------------

    def load(self, view, visitor_lang: str) -> None:
        """Get `view` (kiosk.catalog.views.FilmView) ready, paused at its start; captions on by
        themselves when the film's spoken language is not the visitor's."""
        self.stop()
        self.view = view
        self.duration_s = view.duration_s
        self.position_s = 0
        spoken = view.spoken_lang.split("-")[0]
        self.captions_on = bool(view.captions) and view.has_speech and \
            spoken != visitor_lang.split("-")[0]
        self.descriptions_on = False
        self.sign_mode = "off"
        self.caption_text = ""
        self._spoken = set()

    def _ensure_video(self):
        if self._video is None and self.view is not None:
            from kivy.core.video import Video as CoreVideo

            self._video = CoreVideo(filename=self.view.film, eos="pause")
            self._video.volume = self.volume
            self._video.bind(on_frame=self._on_frame, on_eos=self._on_eos)
        return self._video

    def _on_frame(self, *_args) -> None:
        self.texture = self._video.texture if self._video is not None else None
        self.frames_shown += 1
        if self._pending_seek is not None and self._video is not None:
            at, self._pending_seek = self._pending_seek, None
            self._video.seek(at / self.duration_s, precise=True)

    def _on_sign_frame(self, *_args) -> None:
        self.sign_texture = self._sign.texture if self._sign is not None else None

    # -- what the visitor does --------------------------------------------------------------

    def play(self) -> None:
        video = self._ensure_video()
        if video is None:
            return
        narrator = App.get_running_app().narrator
        narrator.recording_started(self)
        if self.position_s >= self.duration_s - 0.2:
            self.seek_to(0)
        self._held = False
        video.volume = 0 if self.describing else self.volume
        video.play()
        if self._sign is not None:
            self._sign.play()
        self.playing = True
        if self._poll is None:
            self._poll = Clock.schedule_interval(self._tick, POLL_SECONDS)

    def pause(self) -> None:
        self._held = False
        self._pause_pictures()

    def toggle(self) -> None:
        self.pause() if self.playing or self._held else self.play()

    def skip(self, seconds: float) -> None:
        self.seek_to(min(max(0.0, self.position_s + seconds), max(0.0, self.duration_s - 0.5)))

    def seek_to(self, seconds: float) -> None:
        if self.view is None or not self.duration_s:
            return
        if self._video is None or self.texture is None:  # not opened yet: on the first frame
            self._pending_seek = seconds
        else:
            self._video.seek(seconds / self.duration_s, precise=True)
        if self._sign is not None:
            self._sign.seek(seconds / self.duration_s, precise=True)
        self.position_s = seconds
        self._spoken = {i for i, cue in enumerate(self._descriptions()) if cue.start < seconds}
        self._show_caption()

    def louder(self) -> None:
        self.set_volume(self.volume + VOLUME_STEP)

    def quieter(self) -> None:
        self.set_volume(self.volume - VOLUME_STEP)

    def set_volume(self, value: float) -> None:
        self.volume = round(min(1.0, max(0.0, value)), 2)
        if self._video is not None and not self.describing:
            self._video.volume = self.volume

    def toggle_captions(self) -> None:
        self.captions_on = not self.captions_on
        self._show_caption()

    def toggle_descriptions(self) -> None:
        self.descriptions_on = not self.descriptions_on
        self._spoken = {i for i, cue in enumerate(self._descriptions())
                        if cue.start < self.position_s}

    def next_sign_mode(self) -> None:
        if not self.view or not self.view.sign:
            return
        mode = SIGN_MODES[(SIGN_MODES.index(self.sign_mode) + 1) % len(SIGN_MODES)]
        self.sign_mode = mode
        if mode == "off":
            self._unload_sign()
        elif self._sign is None:
            self._load_sign()

    # -- the narrator's side (narrator.py calls these) --------------------------------------

    def interrupt(self) -> None:
        """Speech starts: the film pauses where it is, unless the speech is its own
        description (then only its sound goes down)."""
        if self.describing:
            return
        self.pause()

    def stop(self) -> None:
        """Stopped and let go: a new visitor, or the screen left."""
        self._held = False
        self._pending_seek = None
        self.describing = False
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        if self._video is not None:
            self._video.unbind(on_frame=self._on_frame, on_eos=self._on_eos)
            self._video.stop()
            self._video.unload()
            self._video = None
        self._unload_sign()
        self.playing = False
        self.texture = None
        self.caption_text = ""
        self.position_s = 0
        app = App.get_running_app()
        if app is not None and getattr(app, "narrator", None) is not None:
            app.narrator.recording_gone(self)

    # -- inside -----------------------------------------------------------------------------

    def _pause_pictures(self) -> None:
        if self._video is not None:
            self._video.pause()
        if self._sign is not None:
            self._sign.pause()
        self.playing = False

    def _on_eos(self, *_args) -> None:
        self._pause_pictures()
        self.position_s = self.duration_s

    def _descriptions(self):
        return self.view.descriptions if self.view is not None and self.descriptions_on else ()

    def _tick(self, _dt) -> None:
        video = self._video
        if video is None:
            return
        if self.playing and self._pending_seek is None:
            self.position_s = max(0.0, float(video.position or 0))
        self._show_caption()
        self._describe()
        self._keep_sign_in_step()

    def _show_caption(self) -> None:
        cue = cue_at(self.view.captions, self.position_s) if self.view and self.captions_on \
            else None
        self.caption_text = cue.text if cue is not None else ""

    def _describe(self) -> None:
        narrator = App.get_running_app().narrator
        if self.describing:
            if not narrator.engine.speaking:  # the voice has finished
                self.describing = False
                if self._video is not None:
                    self._video.volume = self.volume
                if self._held:
                    self.play()
                return
            cue = self._current_description
            if self.playing and self.position_s >= cue.end:  # it outlasts its gap
                self._pause_pictures()
                self._held = True
            return
        if not self.playing:
            return
        for index, cue in enumerate(self._descriptions()):
            if index not in self._spoken and cue.start <= self.position_s < cue.end + 1:
                self._spoken.add(index)
                self._say_description(cue)
                return

    def _say_description(self, cue) -> None:
        narrator = App.get_running_app().narrator
        self.describing = True
        self._current_description = cue
        if self._video is not None:
            self._video.volume = 0
        narrator.say([SpeechRun(cue.text, self.view.descriptions_lang)], even_when_silent=True)
        if not narrator.engine.speaking:  # nothing could say it: go on at once
            self.describing = False
            if self._video is not None:
                self._video.volume = self.volume

    def _load_sign(self) -> None:
        from kivy.core.video import Video as CoreVideo

        tag, path = self.view.sign[0]
        self._sign = CoreVideo(filename=path, eos="pause")
        self._sign.volume = 0  # a sign-language picture has no sound of its own to hear
        self._sign.bind(on_frame=self._on_sign_frame)
        if self.duration_s:
            self._sign.seek(self.position_s / self.duration_s, precise=True)
        if self.playing:
            self._sign.play()
        else:
            self._sign.play()
            self._sign.pause()

    def _unload_sign(self) -> None:
        if self._sign is not None:
            self._sign.unbind(on_frame=self._on_sign_frame)
            self._sign.stop()
            self._sign.unload()
            self._sign = None
        self.sign_texture = None

    def _keep_sign_in_step(self) -> None:
        sign = self._sign
        if sign is None or not self.playing or not self.duration_s:
            return
        if abs(float(sign.position or 0) - self.position_s) > SIGN_DRIFT_S:
            sign.seek(self.position_s / self.duration_s, precise=True)


def sign_mode_label(mode: str, lang: str) -> str:
    """The sign-language button's words: it cycles off, beside, over, instead."""
    return {"off": translate("Sign language: off", lang),
            "beside": translate("Sign language: beside", lang),
            "over": translate("Sign language: over the film", lang),
            "instead": translate("Sign language: instead of the film", lang)}[mode]
