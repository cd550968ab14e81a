"""A blind visitor presses a keypad key and the kiosk talks: real espeak-ng, real WAV files.

The engine renders every utterance to a WAV file in a temp folder (this machine has no
sound card, so "playing" waits as long as the sound lasts, and a key press cuts it short).
"""

from __future__ import annotations

import shutil
import time

import pytest

from kiosk.speech import EspeakEngine
from kiosk.speech.wav import read_wav, voiced_seconds

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng"),
]
KHMER = range(0x1780, 0x1800)
WORDS_PER_SECOND = 175 / 60  # espeak-ng's normal rate


@pytest.fixture
def espeak(kiosk, tmp_path):
    engine = EspeakEngine(out_dir=tmp_path, player=None, keep=200)
    recording = kiosk.app.narrator.engine
    kiosk.app.narrator.engine = engine
    yield engine
    engine.stop()
    engine.wait(5)
    kiosk.app.narrator.engine = recording


def last_wav(engine):
    number = engine.log.kinds()[-1][1]
    path = engine.wait_rendered(number, timeout=20)
    assert path is not None, f"utterance {number} was not rendered"
    return read_wav(path)


def assert_plausible(samples, text: str) -> None:
    """Non-silent, and about as long as the words take at espeak's rate (pauses allowed)."""
    words = len(text.split())
    expected = words / WORDS_PER_SECOND
    assert samples.rms() > 300, "the WAV is silent"
    assert voiced_seconds(samples) > 0.4 * samples.seconds
    assert 0.3 * expected < samples.seconds < 3 * expected + 2, (samples.seconds, words)


def test_a_walk_from_home_to_a_treaty_and_a_document_is_spoken(kiosk, espeak):
    kiosk.press("down")  # the first keypad press: welcome, then the home screen
    assert kiosk.app.audio_mode and kiosk.screen_name == "home"
    welcome = kiosk.app.narrator.last_utterance
    assert welcome.text.startswith("Xin chào. Chế độ đọc đã bật.")
    assert set(welcome.languages) == {"vi"}
    assert_plausible(last_wav(espeak), welcome.text)

    kiosk.focus_down_to(kiosk.screen.tile_for("treaties"))
    focused = kiosk.app.narrator.last_utterance.text
    assert focused.startswith("Chín công ước cốt lõi") and focused.endswith("nút")
    kiosk.press("enter")
    kiosk.focus_down_to(kiosk.screen.row_for("icerd"))
    kiosk.press("enter")
    assert kiosk.screen_name == "treaty"
    treaty = kiosk.app.narrator.last_utterance
    assert treaty.text.startswith("Công ước. Công ước quốc tế về xóa bỏ mọi hình thức")
    assert "Công ước này bảo vệ mọi người khỏi sự phân biệt chủng tộc." in treaty.text
    assert_plausible(last_wav(espeak), treaty.text)

    kiosk.press("home")
    kiosk.focus_down_to(kiosk.screen.tile_for("udhr-section"))
    kiosk.press("enter")
    kiosk.focus_down_to(kiosk.screen.row_for("udhr"))
    kiosk.press("enter")
    assert kiosk.screen_name == "document"
    page = kiosk.app.narrator.last_utterance
    assert "Tuyên ngôn toàn thế giới về nhân quyền" in page.text
    assert page.text.endswith("Trang 1 trên 31.")
    assert_plausible(last_wav(espeak), page.text)

    kinds = espeak.log.kinds()
    spoken = [n for kind, n in kinds if kind == "speak"]
    assert spoken == list(range(spoken[0], spoken[0] + len(spoken))), "one at a time, in order"


def test_the_khmer_udhr_is_explained_in_vietnamese_not_misread(kiosk, espeak):
    kiosk.press("down")
    kiosk.app.open_item("udhr", lang="km", page_index=1)
    utterance = kiosk.app.narrator.last_utterance
    assert kiosk.screen.doc_lang == "km"
    assert {segment.voice for segment in utterance.segments} == {"vi"}
    assert not any(ord(c) in KHMER for segment in utterance.segments for c in segment.text)
    assert "Văn bản bằng Tiếng Khmer: máy này chưa có giọng đọc cho ngôn ngữ này." in (
        utterance.text)
    assert utterance.text.endswith("Trang 2 trên 31.")
    samples = last_wav(espeak)
    assert_plausible(samples, utterance.text)
    assert samples.seconds < 15, "the explanation, not a page of Khmer spelt out letter by letter"


def test_a_key_press_mid_sentence_stops_speech_before_the_next_starts(kiosk, espeak):
    kiosk.press("down")
    kiosk.app.open_item("udhr", page_index=1)  # a page that takes a while to read
    reading = kiosk.app.narrator.last_utterance
    first = espeak.log.kinds()[-1][1]
    assert espeak.wait_rendered(first, 20) is not None
    time.sleep(0.3)
    assert espeak.speaking, "still reading Article 1"
    kiosk.press("down")
    kinds = espeak.log.kinds()
    stop_at = kinds.index(("stop", first))
    assert ("speak", first + 1) in kinds[stop_at:], kinds
    assert ("finished", first) not in kinds
    assert kiosk.app.narrator.last_utterance is not reading

    kiosk.press("f2")  # Repeat says the same again
    assert kiosk.app.narrator.last_utterance.text == espeak.log.spoken_texts()[-2]
