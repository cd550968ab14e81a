"""espeak-ng, run offline as a subprocess: the kiosk's synthetic voice.

Each utterance is rendered in memory on a worker thread (espeak-ng writes its WAV to a pipe
and renders about fifty times faster than it speaks, so a page is ready in a tenth of a
second), then played through the same sound output as recorded narration (`output.py`:
PortAudio, no `aplay` and no temporary files). On a machine with no sound output "playing"
takes as long as the sound would last, so timing behaves as on a kiosk: speech stops idle
timers while it lasts, and a key press mid-sentence cuts it.

`out_dir`, where given (tests, the audit), keeps a copy of the last `keep` utterances as WAV
files so that what was said can be measured afterwards; a kiosk writes nothing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
import wave
from array import array
from pathlib import Path

from kiosk.speech import output
from kiosk.speech.engine import SpeechLog
from kiosk.speech.plan import Segment, Utterance
from kiosk.speech.voices import VoiceTable, espeak_voices
from kiosk.speech.wav import Samples, join, read_recording, scaled, silence, write_wav

NORMAL_WORDS_PER_MINUTE = 175  # espeak-ng's default rate
PAUSE_BETWEEN_SEGMENTS = 0.25  # seconds: a voice change is easier to follow after a breath


class EspeakEngine:
    """Speaks with espeak-ng; `player=None`: keep time without sound (no sound card wanted);
    `out_dir`: keep the last `keep` utterances there as WAV files."""

    def __init__(
        self,
        out_dir: str | Path | None = None,
        player: str | None = "auto",
        executable: str = "espeak-ng",
        keep: int = 20,
    ) -> None:
        self.executable = shutil.which(executable) or executable
        self.voices = VoiceTable(espeak_voices(executable))
        self.volume = 60
        self.rate = 1.0
        self.out_dir = Path(out_dir) if out_dir is not None else None
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        self.sound = player is not None
        self.backend = ""  # the output the last utterance was played through
        self.keep = keep
        self.log = SpeechLog()
        self.rendered: list[Path] = []  # utterance files in out_dir, oldest first
        self._lock = threading.Lock()
        self._job: _Job | None = None
        self._count = 0

    @property
    def available(self) -> bool:
        return bool(self.voices.available)

    def speak(self, utterance: Utterance) -> int:
        with self._lock:
            self._stop_locked()
            self._count += 1
            job = _Job(self, self._count, utterance, self.volume, self.rate)
            self._job = job
            self.log.add("speak", job.number, utterance.text)
        job.thread.start()
        return job.number

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        job = self._job
        if job is not None and not job.done.is_set():
            job.cancel()
            self.log.add("stop", job.number)

    @property
    def speaking(self) -> bool:
        job = self._job
        return job is not None and not job.done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current utterance is over (tests only); True if it is."""
        job = self._job
        return job is None or job.done.wait(timeout)

    def wait_rendered(self, number: int, timeout: float = 10.0) -> Path | None:
        """The WAV file of utterance `number`, once written (only with `out_dir`)."""
        job = self._job
        if job is not None and job.number == number:
            job.rendered.wait(timeout)
        return next((p for p in self.rendered if p.stem == f"utterance-{number:04d}"), None)

    def _remember(self, path: Path) -> None:
        with self._lock:
            self.rendered.append(path)
            while len(self.rendered) > self.keep:
                self.rendered.pop(0).unlink(missing_ok=True)


class _Job:
    """One utterance on its own thread: render every segment, join them, play the result."""

    def __init__(self, engine: EspeakEngine, number: int, utterance: Utterance,
                 volume: int, rate: float) -> None:
        self.engine = engine
        self.number = number
        self.utterance = utterance
        self.volume = max(0, min(100, volume))
        self.words_per_minute = max(80, min(500, round(NORMAL_WORDS_PER_MINUTE * rate)))
        self.cancelled = threading.Event()
        self.rendered = threading.Event()
        self.done = threading.Event()
        self._process: subprocess.Popen | None = None
        self._process_lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name=f"speech-{number}", daemon=True)

    def cancel(self) -> None:
        self.cancelled.set()
        with self._process_lock:
            if self._process is not None and self._process.poll() is None:
                self._process.kill()

    def _run(self) -> None:
        try:
            samples = self._render()
            self.rendered.set()
            if samples is not None and not self.cancelled.is_set():
                self._play(samples)
                if not self.cancelled.is_set():
                    self.engine.log.add("finished", self.number)
        finally:
            self.rendered.set()
            self.done.set()

    def _start(self, command: list[str], **kwargs) -> subprocess.Popen | None:
        with self._process_lock:
            if self.cancelled.is_set():
                return None
            self._process = subprocess.Popen(command, **kwargs)
            return self._process

    def _render(self) -> Samples | None:
        parts: list[Samples] = []
        for segment in self.utterance.segments:
            if self.cancelled.is_set():
                return None
            samples = self._samples_for(segment)
            if samples is not None and samples.data:
                if parts:
                    parts.append(silence(PAUSE_BETWEEN_SEGMENTS))
                parts.append(samples)
        if not parts or self.cancelled.is_set():
            return None
        joined = join(parts)
        if self.engine.out_dir is not None:
            path = self.engine.out_dir / f"utterance-{self.number:04d}.wav"
            self.engine._remember(write_wav(path, joined))
        return joined

    def _samples_for(self, segment: Segment) -> Samples | None:
        if segment.recording:
            try:
                return scaled(read_recording(segment.recording), self.volume / 50)
            except (OSError, ValueError, EOFError):
                return None
        command = [self.engine.executable, "-v", segment.voice, "-s", str(self.words_per_minute),
                   "-a", str(self.volume * 2), "--stdout"]
        process = self._start(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
        if process is None:
            return None
        wav, _ = process.communicate(segment.text.encode("utf-8"))
        if process.returncode != 0 or self.cancelled.is_set():
            return None
        return _from_wav_bytes(wav)

    def _play(self, samples: Samples) -> None:
        data = samples.data
        if data.itemsize != 2 or data.typecode != "h":
            data = array("h", data)
        self.engine.backend = output.play(data.tobytes(), samples.rate, 1, self.cancelled,
                                          sound=self.engine.sound)


def _from_wav_bytes(wav: bytes) -> Samples | None:
    """espeak-ng's WAV from its pipe: the header cannot give the length (it was written
    before the sound), so every byte after the header is taken."""
    try:
        with wave.open(io.BytesIO(wav), "rb") as source:
            if source.getsampwidth() != 2 or source.getnchannels() != 1:
                return None
            rate = source.getframerate()
            frames = source.readframes(len(wav))
    except (wave.Error, EOFError):
        return None
    data = array("h")
    data.frombytes(frames[: len(frames) // 2 * 2])
    if sys.byteorder == "big":
        data.byteswap()
    return Samples(data, rate)
