"""Speech for a kiosk that visitors cannot bring their own screen reader to.

    runs = [SpeechRun("Điều 1", "vi"), SpeechRun("មាត្រា ១", "km")]
    utterance = plan_utterance(runs, engine.voices, explain)   # no Khmer voice: explained
    engine.speak(utterance)                                    # returns at once
    engine.stop()                                              # on any new input

`plan.py` decides which voice says what (never a voice for another language), `engine.py` is
the interface and a recording engine for tests, `espeak.py` the real engine, `wav.py` joining
and measuring audio, `voices.py` which languages have a voice. No Kivy anywhere here.
"""

from kiosk.speech.engine import RecordingEngine, SpeechEngine, SpeechEvent, SpeechLog
from kiosk.speech.espeak import EspeakEngine
from kiosk.speech.plan import Segment, SpeechRun, Utterance, plan_utterance, script_runs
from kiosk.speech.voices import VoiceTable, espeak_voices

__all__ = [
    "EspeakEngine", "RecordingEngine", "Segment", "SpeechEngine", "SpeechEvent", "SpeechLog",
    "SpeechRun", "Utterance", "VoiceTable", "create_engine", "espeak_voices",
    "plan_utterance", "script_runs",
]


def create_engine() -> SpeechEngine:
    """espeak-ng when it is installed; otherwise an engine that only keeps a log."""
    engine = EspeakEngine()
    return engine if engine.available else RecordingEngine(VoiceTable(frozenset()))
