"""Turning what the interface wants said into what the engine may say.

The interface hands over `SpeechRun`s: a text and the language tag it is in (the content's
tag for content, the interface language for buttons and prompts), and perhaps a recorded
file. `plan_utterance` splits each run where the script changes (a Khmer word inside a
Vietnamese sentence is Khmer), gives each part the voice for its language, and where there
is none, plays the recording if there is one, or else says so in the interface language
(`explain(lang)`, once per language and utterance), never reading it with another
language's voice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.speech.voices import VoiceTable, language_for_script
from kiosk.text.scripts import script_of


@dataclass(frozen=True)
class SpeechRun:
    """Text to be spoken in the language `lang` (a BCP 47 tag such as 'vi', 'km', 'vi-Hani')."""

    text: str
    lang: str
    recording: str | None = None  # a recorded reading (OGG Vorbis, MP3, WAV), preferred if given


@dataclass(frozen=True)
class Segment:
    """One piece of an utterance: text for one voice, or a recorded file."""

    text: str = ""
    voice: str = ""
    lang: str = ""
    recording: str = ""


@dataclass(frozen=True)
class Utterance:
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        """The words synthesised, for logs and tests (recordings shown as their file)."""
        return " ".join(s.text or f"[{s.recording}]" for s in self.segments)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(s.lang for s in self.segments)

    def __bool__(self) -> bool:
        return bool(self.segments)


_PAUSES = (".", ",", ":", ";", "!", "?", "…", "。", "、")
Explain = Callable[[str], SpeechRun]  # language tag without a voice -> what to say instead


def script_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """(text, language) parts of `text`, split where letters change script.

    Spaces, digits and punctuation stay with the letters before them (or after them, at the
    start), so "Điều 1." is one part and "Ngôn ngữ: ខ្មែរ" two.
    """
    parts: list[list[str]] = []  # [language, text]
    pending = ""
    for char in text:
        script = script_of(char)
        if script in ("Zyyy", "Zinh"):
            if parts:
                parts[-1][1] += char
            else:
                pending += char
            continue
        part_lang = language_for_script(script, lang)
        if parts and parts[-1][0] == part_lang:
            parts[-1][1] += char
        else:
            parts.append([part_lang, pending + char])
            pending = ""
    if pending:
        parts.append([lang, pending])
    return [(t, lg) for lg, t in parts if t.strip()]


def plan_utterance(runs: Iterable[SpeechRun], voices: VoiceTable, explain: Explain) -> Utterance:
    segments: list[Segment] = []
    explained: set[str] = set()

    def add(text: str, voice: str, lang: str) -> None:
        if segments and segments[-1].voice == voice and not segments[-1].recording:
            last = segments[-1]
            joiner = " " if last.text.endswith(_PAUSES) else ". "
            segments[-1] = Segment(f"{last.text}{joiner}{text}", voice, last.lang)
        else:
            segments.append(Segment(text, voice, lang))

    for run in runs:
        if not run.text.strip() and not run.recording:
            continue
        if run.recording:
            segments.append(Segment(lang=run.lang, recording=run.recording))
            continue
        for text, lang in script_runs(run.text, run.lang):
            voice = voices.voice_for(lang)
            if voice:
                add(text.strip(), voice, lang)
            elif lang not in explained:
                explained.add(lang)
                instead = explain(lang)
                instead_voice = voices.voice_for(instead.lang)
                if instead_voice:
                    add(instead.text, instead_voice, instead.lang)
    return Utterance(tuple(segments))
