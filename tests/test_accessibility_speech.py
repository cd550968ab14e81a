"""Speech without the app: which voice reads what, never a wrong-language voice, WAV files."""

from __future__ import annotations

import shutil
import time
from array import array

import pytest

from kiosk.speech import (
    EspeakEngine,
    RecordingEngine,
    SpeechRun,
    VoiceTable,
    plan_utterance,
    script_runs,
)
from kiosk.speech.wav import Samples, join, read_wav, scaled, voiced_seconds, write_wav

ESPEAK_LIKE = VoiceTable({"vi", "en", "en-gb", "fr", "th", "cmn", "de", "ar", "ja", "ko", "ru"})


def explain(lang: str) -> SpeechRun:
    return SpeechRun(f"[no voice for {lang}]", "en")


@pytest.mark.parametrize(("tag", "voice"), [
    ("vi", "vi"), ("en", "en-gb"), ("fr", "fr"), ("th", "th"), ("zh-Hans", "cmn"),
    ("de-1996", "de"), ("km", None), ("lo", None), ("vi-Hani", None), ("hnj", None),
    ("blt", None),
])
def test_each_language_gets_its_own_voice_or_none(tag, voice):
    assert ESPEAK_LIKE.voice_for(tag) == voice


def test_a_word_in_another_script_is_its_own_run():
    assert script_runs("Ngôn ngữ: ខ្មែរ. Điều 1", "vi") == [
        ("Ngôn ngữ: ", "vi"), ("ខ្មែរ. ", "km"), ("Điều 1", "vi")]


def test_text_without_a_voice_is_explained_once_never_misread():
    runs = [SpeechRun("Trang 2", "vi"), SpeechRun("មាត្រា ១", "km"),
            SpeechRun("មនុស្សទាំងអស់", "km"), SpeechRun("Điều 1", "vi")]
    utterance = plan_utterance(runs, ESPEAK_LIKE, explain)
    assert [(s.voice, s.text) for s in utterance.segments] == [
        ("vi", "Trang 2"), ("en-gb", "[no voice for km]"), ("vi", "Điều 1")]


def test_a_recording_is_played_where_there_is_one():
    runs = [SpeechRun("", "km", recording="/audio/udhr-km-1.wav")]
    (segment,) = plan_utterance(runs, ESPEAK_LIKE, explain).segments
    assert segment.recording == "/audio/udhr-km-1.wav" and not segment.text


def test_wav_files_join_scale_and_measure(tmp_path):
    tone = Samples(array("h", [8000, -8000] * 11025))  # one second of a loud square wave
    quiet = Samples(array("h", [0] * 22050))
    joined = join([tone, quiet, Samples(array("h", [4000, -4000] * 4000), rate=16000)])
    path = write_wav(tmp_path / "joined.wav", joined)
    back = read_wav(path)
    assert back.rate == 22050 and 2.4 < back.seconds < 2.6
    assert voiced_seconds(back) == pytest.approx(1.55, abs=0.1)
    assert scaled(tone, 0.5).data[0] == 4000 and scaled(tone, 10).data[0] == 32767


def test_the_recording_engine_logs_stop_before_the_next_utterance():
    engine = RecordingEngine(ESPEAK_LIKE, hold=True)
    engine.speak(plan_utterance([SpeechRun("một", "vi")], ESPEAK_LIKE, explain))
    engine.speak(plan_utterance([SpeechRun("hai", "vi")], ESPEAK_LIKE, explain))
    assert engine.log.kinds() == [("speak", 1), ("stop", 1), ("speak", 2)]
    assert engine.texts() == ["một", "hai"]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_espeak_renders_without_blocking_and_stops_at_once(tmp_path):
    engine = EspeakEngine(out_dir=tmp_path, player=None)
    runs = [SpeechRun("Mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm. " * 5, "vi")]
    started = time.monotonic()
    number = engine.speak(plan_utterance(runs, engine.voices, explain))
    assert time.monotonic() - started < 0.1, "speak() returns at once"
    wav = engine.wait_rendered(number)
    assert wav is not None and read_wav(wav).seconds > 5
    assert engine.speaking
    engine.stop()
    assert engine.wait(2) and not engine.speaking
    assert engine.log.kinds() == [("speak", 1), ("stop", 1)]
