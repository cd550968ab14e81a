"""espeak-ng, run offline as a subprocess: the kiosk's synthetic voice.

Each utterance is rendered to one WAV file on a worker thread (espeak-ng renders about fifty
times faster than it speaks, so a page is ready in a tenth of a second), then played with the
first player found (`aplay`, `paplay`, `pw-play`). On a machine with no player the file is
still written, and "playing" it waits for as long as it would last, so timing behaves as on
a kiosk: speech stops idle timers while it lasts, and a key press mid-sentence cuts it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from kiosk.speech.engine import SpeechLog
from kiosk.speech.plan import Segment, Utterance
from kiosk.speech.voices import VoiceTable, espeak_voices
from kiosk.speech.wav import Samples, join, read_recording, read_wav, scaled, silence, write_wav

NORMAL_WORDS_PER_MINUTE = 175  # espeak-ng's default rate
PAUSE_BETWEEN_SEGMENTS = 0.25  # seconds: a voice change is easier to follow after a breath
PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play",))


def find_player() -> list[str] | None:
    for command in PLAYERS:
        path = shutil.which(command[0])
        if path:
            return [path, *command[1:]]
    return None


class EspeakEngine:
    """Speaks with espeak-ng; `out_dir` keeps the last `keep` utterances as WAV files."""

    def __init__(
        self,
        out_dir: str | Path | None = None,
        player: list[str] | None | str = "auto",
        executable: str = "espeak-ng",
        keep: int = 20,
    ) -> None:
        self.executable = shutil.which(executable) or executable
        self.voices = VoiceTable(espeak_voices(executable))
        self.volume = 60
        self.rate = 1.0
        self.out_dir = Path(out_dir or tempfile.mkdtemp(prefix="kiosk-speech-"))
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.player = find_player() if player == "auto" else player
        self.keep = keep
        self.log = SpeechLog()
        self.rendered: list[Path] = []  # utterance files, oldest first
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
        """The WAV file of utterance `number`, once written (tests and the audit)."""
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
            path = self._render()
            self.rendered.set()
            if path is not None and not self.cancelled.is_set():
                self._play(path)
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

    def _render(self) -> Path | None:
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
        path = write_wav(self.engine.out_dir / f"utterance-{self.number:04d}.wav", join(parts))
        self.engine._remember(path)
        return path

    def _samples_for(self, segment: Segment) -> Samples | None:
        if segment.recording:
            try:
                return scaled(read_recording(segment.recording), self.volume / 50)
            except (OSError, ValueError, EOFError):
                return None
        target = self.engine.out_dir / f"segment-{self.number:04d}.wav"
        command = [self.engine.executable, "-v", segment.voice, "-s", str(self.words_per_minute),
                   "-a", str(self.volume * 2), "-w", str(target)]
        process = self._start(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        if process is None:
            return None
        process.communicate(segment.text.encode("utf-8"))
        if process.returncode != 0 or self.cancelled.is_set():
            return None
        try:
            return read_wav(target)
        finally:
            target.unlink(missing_ok=True)

    def _play(self, path: Path) -> None:
        player = self.engine.player
        if not player:  # no audio output here: wait as long as the sound would last
            self.cancelled.wait(read_wav(path).seconds)
            return
        process = self._start([*player, str(path)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        if process is not None:
            process.wait()
