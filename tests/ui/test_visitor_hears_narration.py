"""A visitor listens to a curator's recorded reading of a treaty: real OGG, MP3 and WAV files
made here (espeak-ng's voice, encoded by sox and LAME), played by the real player through
miniaudio (this machine has no sound card: the null output takes the sound at its real pace,
so the position advances as it would on a kiosk)."""

from __future__ import annotations

import shutil
import time

import pytest

from kiosk.catalog.build import build_catalog
from kiosk.speech import EspeakEngine, RecordingEngine
from kiosk.speech.wav import read_recording, read_wav
from kiosk.ui.i18n import translate
from tests.conftest import write
from tests.narration_audio import spoken_wav, to_mp3, to_ogg

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng"),
]

CRC_VI = ("Công ước bảo vệ quyền của trẻ em. Trẻ em có quyền được sống, được học "
          "và được bảo vệ khỏi bạo lực.")
CRC_EN = "The Convention protects the rights of children, to life, to school and to safety."


def vi(msgid: str, **values) -> str:
    """An interface string as a Vietnamese visitor sees it (English until translated)."""
    return translate(msgid, "vi", **values)


def treaty(root, item_id, abbreviation, texts: dict, audio: dict) -> None:
    write(root / f"items/{item_id}/item.yaml", f"""
        kind: treaty
        abbreviation: {abbreviation}
        adopted: 1989-11-20
        monitoring_body: A committee
        sources:
          - title: United Nations Treaty Collection
    """)
    for lang, text in texts.items():
        line = f"audio: {audio[lang]}\n" if lang in audio else ""
        write(root / f"items/{item_id}/{lang}.md",
              f"---\ntitle: {abbreviation} ({lang})\n{line}---\n{text}\n")


@pytest.fixture(scope="module")
def narrated_catalog(tmp_path_factory):
    """Three treaties: CRC read in Vietnamese (OGG) and English (MP3), CAT with a short WAV,
    ICERD with no recording at all."""
    root = tmp_path_factory.mktemp("narrated") / "content"
    write(root / "site.yaml", """
        title: {vi: Nghe, en: Listen}
        languages: [vi, en]
        default_language: vi
        idle_timeout_seconds: 60
    """)
    write(root / "items/treaties/item.yaml", "kind: section\norder: 1\nitems: [crc, cat, icerd]\n")
    for lang in ("vi", "en"):
        write(root / f"items/treaties/{lang}.md", f"---\ntitle: Treaties {lang}\n---\n")
    crc = root / "items/crc"
    to_ogg(spoken_wav(crc / "vi.wav.tmp", CRC_VI, "vi"), crc / "crc.vi.ogg")
    to_mp3(spoken_wav(crc / "en.wav.tmp", CRC_EN, "en"), crc / "crc.en.mp3")
    for tmp in crc.glob("*.tmp"):
        tmp.unlink()
    treaty(root, "crc", "CRC", {"vi": CRC_VI, "en": CRC_EN},
           {"vi": "crc.vi.ogg", "en": "crc.en.mp3"})
    spoken_wav(root / "items/cat/cat.vi.wav", "Xin chào.", "vi")
    treaty(root, "cat", "CAT", {"vi": "Xin chào.", "en": "Hello."}, {"vi": "cat.vi.wav"})
    treaty(root, "icerd", "ICERD", {"vi": "Không phân biệt.", "en": "No discrimination."}, {})
    return build_catalog(root, tmp_path_factory.mktemp("built") / "c.db").catalog


@pytest.fixture
def visitor(kiosk, narrated_catalog):
    with kiosk.showing(narrated_catalog):
        yield kiosk


def open_treaty(kiosk, item_id: str, lang: str | None = None):
    kiosk.app.begin_visit()
    if lang:
        kiosk.app.set_language(lang)
    kiosk.app.open_item(item_id)
    kiosk.frames(4)
    assert kiosk.screen_name == "treaty"
    return kiosk.screen.ids.narration_player


def listen(kiosk, player, seconds: float) -> None:
    """Let real time pass with the app running, as a visitor standing there would."""
    deadline, frames = time.monotonic() + seconds, 0
    while time.monotonic() < deadline or frames < 3:  # the clock's timers get their turn
        kiosk.frames(1)
        frames += 1
        time.sleep(0.02)


def test_play_pause_replay_and_volume_with_a_finger(visitor):
    player = open_treaty(visitor, "crc")
    assert player.height > 0 and player.opacity == 1
    assert player.narration.lang == "vi" and player.narration.audio.endswith(".ogg")
    duration = player.narration.duration_s
    assert player.ids.narration_heading.plain_text == vi(
        "Listen: a recorded reading ({duration})", duration=f"0:{round(duration):02d}")
    assert player.ids.play_button.plain_text == vi("Play")

    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.position_s >= 0.8, timeout=6, what="the recording to play")
    assert player.playing and player.ids.play_button.plain_text == vi("Pause")
    assert player._player.backend  # a real output, or the null one where there is no card
    assert visitor.app.narrator.speaking, "the idle watch knows the visitor is listening"
    assert 0 < player.ids.progress.fraction < 1
    assert player.time_text.startswith("0:01 / ") or player.time_text.startswith("0:00 / ")

    visitor.tap(player.ids.play_button)  # Pause
    assert not player.playing and player.ids.play_button.plain_text == vi("Play")
    held = player.position_s
    listen(visitor, player, 0.6)
    assert player.position_s == pytest.approx(held, abs=0.15), "paused: the position holds"
    assert player._player.state == "paused"

    visitor.tap(player.ids.play_button)  # on from where it paused
    visitor.wait_until(lambda: player.position_s >= held + 0.4, timeout=5, what="going on")
    ahead = player.position_s
    visitor.tap(player.ids.replay_button)
    visitor.wait_until(lambda: player.position_s < ahead - 0.3, timeout=3, what="the restart")
    assert player.playing
    restarted = player.position_s
    listen(visitor, player, 0.5)
    assert player.position_s > restarted, "from the start again, and advancing"

    visitor.tap(player.ids.play_button)  # paused again: software-drawn frames are slow here
    before = player.volume
    visitor.tap(player.ids.louder_button)
    visitor.tap(player.ids.louder_button)
    assert player.volume == pytest.approx(min(1.0, before + 0.2))
    assert player._player.volume == player.volume, "the sound itself is louder"
    visitor.tap(player.ids.quieter_button)
    assert player.volume == pytest.approx(min(1.0, before + 0.2) - 0.1)
    assert player.ids.volume_status.plain_text == vi("Volume {percent} %",
                                                      percent=round(player.volume * 100))
    player.replay()
    visitor.wait_until(lambda: player.playing and player.position_s > 0.2, timeout=5,
                       what="playing again")
    player.quieter()  # what the button calls, while it plays
    visitor.frames(2)
    assert player.playing, "changing the volume does not stop the recording"
    assert player._player.volume == player.volume == pytest.approx(before)
    player.pause()


@pytest.mark.parametrize("item_id, lang, extension", [
    ("crc", "vi", ".ogg"), ("crc", "en", ".mp3"), ("cat", "vi", ".wav")])
def test_each_format_really_plays_to_its_end(visitor, item_id, lang, extension):
    player = open_treaty(visitor, item_id, lang)
    assert player.narration.audio.endswith(extension)
    duration = player.narration.duration_s
    assert duration == pytest.approx(read_recording(player.narration.audio).seconds, abs=0.1)
    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.position_s >= min(0.6, duration / 2), timeout=5,
                       what=f"the {extension} to play")
    if duration > 3:
        player._player.stop()  # to the end quickly: start again near it
        player._player._frames = int((duration - 1.0) * player._player._rate)
        player._player.play()
    visitor.wait_until(lambda: not player.playing, timeout=duration + 5, what="the end")
    assert player._player.state == "finished"
    assert player.position_s == pytest.approx(duration)
    assert player.ids.play_button.plain_text == translate("Play", lang)
    assert not visitor.app.narrator.speaking, "over: the idle timer runs again"


def test_the_words_are_one_button_away(visitor):
    player = open_treaty(visitor, "crc")
    assert player.ids.transcript.blocks == []
    visitor.tap(player.ids.transcript_button)
    assert [b.text for b in player.ids.transcript.blocks] == [CRC_VI]
    assert player.ids.transcript.lang == "vi"
    assert player.ids.transcript_button.selected
    visitor.frames(3)
    assert player.ids.transcript.height > 0
    visitor.tap(player.ids.transcript_button)
    assert player.ids.transcript.blocks == []


def test_every_control_is_a_named_finger_sized_focus_stop(visitor):
    player = open_treaty(visitor, "crc")
    visitor.frames(3)
    stops = [s for s in visitor.app.focus.stops() if player in _ancestors(s)]
    total = f"0:{round(player.narration.duration_s):02d}"
    assert [s.spoken_name() for s in stops] == [
        vi("Listen: a recorded reading ({duration})", duration=total), vi("Play"),
        vi("Replay from the start"), vi("{elapsed} of {total}", elapsed="0:00", total=total),
        vi("Quieter"), vi("Volume {percent} %", percent=round(player.volume * 100)),
        vi("Louder"), vi("Show the words (transcript)")]
    assert [s.role for s in stops] == ["heading", "button", "button", "status", "button",
                                       "status", "button", "button"]
    target = visitor.app.theme.target
    for stop in stops:
        if stop.role == "button":
            assert stop.height >= target and stop.width >= target, stop.spoken_name()


def test_a_treaty_without_a_recording_has_no_player(visitor):
    player = open_treaty(visitor, "icerd")
    visitor.frames(3)
    assert player.narration is None and player.height == 0 and player.opacity == 0
    assert not [s for s in visitor.app.focus.stops() if player in _ancestors(s)]
    # and CRC's English text has a recording while CAT's English text does not
    assert open_treaty(visitor, "cat", "en").height == 0


def test_leaving_the_screen_stops_the_recording(visitor):
    player = open_treaty(visitor, "crc")
    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.position_s > 0.3, timeout=5, what="playing")
    visitor.tap(visitor.nav.ids.back_button)
    assert visitor.screen_name != "treaty"
    assert not player.playing and player.position_s == 0
    player._player.wait_idle()
    assert player._player.state == "stopped"
    assert not visitor.app.narrator.speaking


def test_the_idle_reset_waits_for_a_recording_and_then_stops_it(visitor):
    player = open_treaty(visitor, "crc")
    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.position_s > 0.3, timeout=5, what="playing")
    visitor.clock.advance(10_000)  # long past the timeout, while the visitor listens
    listen(visitor, player, 0.6)  # the idle watch looks four times a second
    assert visitor.screen_name == "treaty" and player.playing, "not reset mid-recording"
    assert visitor.app.idle_watch.state == "active"

    player.pause()  # the visitor pauses it and walks away
    sound = player._player
    for _ in range(2):  # "Still there?", then the reset
        visitor.clock.advance(10_000)
        listen(visitor, player, 0.6)
    assert visitor.screen_name == "attract", "reset for the next visitor"
    assert not player.playing and player.position_s == 0
    assert player._player is None, "the next visitor starts with no recording loaded"
    visitor.wait_until(lambda: sound.state == "stopped", timeout=3, what="silence")


def test_a_new_visitor_silences_a_playing_recording(visitor):
    player = open_treaty(visitor, "crc")
    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.position_s > 0.3, timeout=5, what="playing")
    sound = player._player
    visitor.app.reset_visitor()  # what the idle reset and staff mode do
    assert not player.playing and player._player is None
    visitor.wait_until(lambda: sound.state == "stopped", timeout=3, what="silence")


def test_speech_and_the_recording_take_turns(visitor):
    engine = RecordingEngine(hold=True)
    saved, visitor.app.narrator.engine = visitor.app.narrator.engine, engine
    try:
        player = open_treaty(visitor, "crc")
        visitor.app.start_audio_mode(welcome=False)
        visitor.app.speak_screen()
        assert engine.speaking
        player.play()  # the narration starts: the voice stops
        assert not engine.speaking and engine.log.kinds()[-1][0] == "stop"
        visitor.wait_until(lambda: player.position_s > 0.3, timeout=5, what="playing")
        visitor.app.speak_help()  # speech starts: the recording pauses where it is
        assert engine.speaking and not player.playing
        player._player.wait_idle()
        assert player._player.state == "paused" and player.position_s > 0.3
    finally:
        visitor.app.narrator.engine = saved
        visitor.app.stop_audio_mode()


def test_in_audio_mode_enter_on_play_plays_the_recording(visitor):
    player = open_treaty(visitor, "crc")
    play = player.ids.play_button.__self__
    visitor.press("down")  # the first keypad press: audio mode
    for _ in range(30):
        if visitor.app.focus.current is play:
            break
        visitor.press("down")
    assert visitor.app.focus.current is play
    visitor.press("enter")
    visitor.wait_until(lambda: player.position_s > 0.4, timeout=5, what="the recording")
    assert player.playing, "the spoken confirmation did not stop it"
    assert not visitor.speech.speaking
    visitor.press("down")  # moving on speaks the next control: the recording pauses
    assert not player.playing
    visitor.app.stop_audio_mode()


@pytest.fixture
def espeak(visitor, tmp_path):
    engine = EspeakEngine(out_dir=tmp_path, player=None, keep=50)
    saved, visitor.app.narrator.engine = visitor.app.narrator.engine, engine
    yield engine
    engine.stop()
    engine.wait(5)
    visitor.app.narrator.engine = saved


def test_audio_mode_reads_the_summary_in_the_curators_voice(visitor, espeak):
    visitor.press("down")  # audio mode
    visitor.app.open_item("crc")
    utterance = visitor.app.narrator.last_utterance
    recordings = [s.recording for s in utterance.segments if s.recording]
    assert recordings == [visitor.screen.ids.narration_player.narration.audio]
    assert "Công ước bảo vệ quyền" not in utterance.text, "the summary is not synthesised"
    assert utterance.text.startswith("Công ước. CRC (vi)")

    number = espeak.log.kinds()[-1][1]
    rendered = read_wav(espeak.wait_rendered(number, timeout=20))
    recording = read_recording(recordings[0])
    assert rendered.seconds > recording.seconds, "the whole recording is in what is played"
    start = _find(rendered.data, recording.data[4000:4400])
    assert start is not None, "the recording's own samples are played"

    visitor.app.set_language("en")  # English: the MP3 is played instead
    english = [s.recording for s in visitor.app.narrator.last_utterance.segments if s.recording]
    assert english and english[0].endswith(".mp3")
    visitor.app.open_item("icerd")  # no recording: the summary is synthesised
    assert "No discrimination." in visitor.app.narrator.last_utterance.text


def test_screenshots_of_the_player(visitor):
    player = open_treaty(visitor, "crc")
    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.position_s > 1.2, timeout=6, what="playing")
    player.pause()
    visitor.tap(player.ids.transcript_button)
    visitor.screenshot("treaty-narration")
    try:
        visitor.app.set_preferences(text_scale=2.0)
        visitor.app.show_in_place()
        visitor.frames(10)
        visitor.screen.ids.treaty_scroll.scroll_to(player.__self__, padding=20, animate=False)
        visitor.frames(4)
        assert player.ids.play_button.height >= visitor.app.theme.target
        visitor.screenshot("treaty-narration-200")
        visitor.app.set_preferences(text_scale=1.0, palette="high_contrast")
        visitor.app.show_in_place()
        visitor.frames(6)
        visitor.screenshot("treaty-narration-high-contrast")
    finally:
        visitor.app.set_preferences(text_scale=1.0, palette="standard")


def _ancestors(widget):
    node = widget.parent
    while node is not None and node is not node.parent:
        yield node
        node = node.parent


def _find(haystack, needle):
    """Where `needle` (a run of samples) occurs in `haystack`, allowing for volume scaling."""
    target = [s for s in needle]
    peak = max(abs(s) for s in target) or 1
    for offset in range(0, len(haystack) - len(target)):
        first = haystack[offset]
        if first == 0 and target[0] != 0:
            continue
        gain = first / target[0] if target[0] else None
        if gain is None or not 0.3 < gain < 3:
            continue
        if all(abs(haystack[offset + i] - target[i] * gain) <= 2 + peak * 0.01
               for i in range(0, len(target), 7)):
            return offset
    return None


def test_a_recording_that_breaks_after_the_build_never_crashes_the_kiosk(visitor, tmp_path):
    import dataclasses

    player = open_treaty(visitor, "crc")
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + bytes(range(256)) * 8)  # an OGG page header, then noise
    player.narration = dataclasses.replace(player.narration, audio=str(broken))
    visitor.tap(player.ids.play_button)
    visitor.wait_until(lambda: player.failed, timeout=5, what="the failure to be noticed")
    assert visitor.screen_name == "treaty" and not player.playing
    assert player.ids.failure_notice.plain_text == vi(
        "This recording cannot be played. The words are below.")
    assert [b.text for b in player.ids.transcript.blocks] == [CRC_VI], "the words instead"
    visitor.tap(player.ids.play_button)  # trying again does nothing worse
    assert visitor.screen_name == "treaty" and not player.playing
