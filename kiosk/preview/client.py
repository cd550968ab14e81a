"""`KioskPreview`: the studio's handle on a preview worker (kiosk/preview/worker.py).

The web server never imports Kivy; it talks to the real kiosk running in a process of its own
(one window per process, on the main thread). One request at a time goes down the pipe; a
worker that dies is started again once on the next request, and its log is kept beside the
catalog so a failure can be read.
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

START_SECONDS = 90.0  # Kivy, fonts, the first catalog: slow on a loaded machine
REQUEST_SECONDS = 30.0


class PreviewError(RuntimeError):
    """The kiosk could not draw the picture (the reason is in the message)."""


class KioskPreview:
    """The real kiosk, off-screen, drawing one item at a time."""

    def __init__(self, catalog_path: Path | str, size: tuple[int, int] = (1280, 800),
                 config_path: Path | str | None = None) -> None:
        self.catalog_path = Path(catalog_path)
        self.size = size
        self.config_path = config_path  # a kiosk.toml: its screen's size, distance, ...
        self.log_path = self.catalog_path.parent / "preview-worker.log"
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._replies = None

    # -- the worker ------------------------------------------------------------------------
    def _start(self) -> None:
        read, write = os.pipe()
        env = {**os.environ, "KIVY_NO_ARGS": "1", "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "kiosk.preview.worker", "--catalog",
                 str(self.catalog_path), "--size", f"{self.size[0]}x{self.size[1]}",
                 "--reply-fd", str(write),
                 *(["--config", str(self.config_path)] if self.config_path else [])],
                stdin=subprocess.PIPE, stdout=log, stderr=log, pass_fds=(write,), env=env,
                text=True)
        os.close(write)
        self._replies = os.fdopen(read, encoding="utf-8")
        ready = self._answer(START_SECONDS)
        if not ready.get("ready"):
            self._stop()
            raise PreviewError(ready.get("error", "the preview did not start"))

    def _answer(self, timeout: float) -> dict:
        ready, _, _ = select.select([self._replies], [], [], timeout)
        line = self._replies.readline() if ready else ""
        if not line:
            self._stop()
            raise PreviewError("the preview stopped or did not answer; see "
                               f"{self.log_path}:\n{self._log_tail()}")
        return json.loads(line)

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-15:])
        except OSError:
            return ""

    def _ask(self, command: dict) -> dict:
        with self._lock:
            for attempt in (1, 2):
                if self._process is None or self._process.poll() is not None:
                    self._start()
                try:
                    self._process.stdin.write(json.dumps(command) + "\n")
                    self._process.stdin.flush()
                    answer = self._answer(REQUEST_SECONDS)
                    break
                except (BrokenPipeError, PreviewError):
                    if attempt == 2:
                        raise
            if "error" in answer:
                raise PreviewError(answer["error"])
            return answer

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                process.stdin.write('{"cmd": "quit"}\n')
                process.stdin.flush()
                process.wait(10)
            except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        if self._replies is not None:
            self._replies.close()
            self._replies = None

    # -- what the studio asks ----------------------------------------------------------------
    def reload(self, catalog_path: Path | str | None = None) -> None:
        """Show the catalog as last built (after a save); nothing to do before the first
        picture."""
        if catalog_path is not None:
            self.catalog_path = Path(catalog_path)
        if self._process is not None and self._process.poll() is None:
            self._ask({"cmd": "reload", "catalog": str(self.catalog_path)})

    def render(self, item_id: str, lang: str | None = None, palette: str = "standard",
               text_scale: float = 1.0) -> bytes:
        """The item's screen as the kiosk draws it, as PNG bytes."""
        answer = self._ask({"cmd": "render", "item": item_id, "lang": lang,
                            "palette": palette, "text": float(text_scale)})
        return base64.b64decode(answer["png"])

    def spoken(self, item_id: str, lang: str | None = None) -> list[str]:
        """The words audio mode says when a visitor arrives on the item."""
        return [text for text, _ in self.spoken_runs(item_id, lang)]

    def spoken_runs(self, item_id: str, lang: str | None = None) -> list[tuple[str, str]]:
        """The same words, each piece with the language of the voice that says it."""
        answer = self._ask({"cmd": "spoken", "item": item_id, "lang": lang})
        return list(zip(answer["spoken"], answer["languages"], strict=True))

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> KioskPreview:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
