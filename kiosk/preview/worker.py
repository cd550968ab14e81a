"""The preview worker: the real kiosk app in its own process, drawing what the studio asks.

Kivy wants the main thread and one window per process, so the web server never imports it:
it starts `python -m kiosk.preview.worker` (kiosk/preview/client.py) and sends one JSON
command per line on stdin; each answer is one JSON line on the file descriptor given with
`--reply-fd` (Kivy's log lines go to stderr and cannot be mistaken for answers).

Commands: {"cmd": "render", "item", "lang", "palette", "text"} -> {"png": base64};
{"cmd": "spoken", "item", "lang"} -> {"spoken": [...]}; {"cmd": "reload", "catalog"};
{"cmd": "quit"}. A failure is {"error": message}, and the worker goes on.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import tempfile
from pathlib import Path


class FrozenClock:
    """The preview's time stands still: no idle reset, no attract loop between requests."""

    def __call__(self) -> float:
        return 1000.0


def _start_app(catalog_path: str, size: tuple[int, int], hidden: bool,
               config_path: str | None = None):
    from kiosk.ui.app import configure_kivy

    configure_kivy(windowed=True, size=size)
    from kivy.config import Config

    if hidden:
        Config.set("graphics", "window_state", "hidden")
    from dataclasses import replace

    from kivy.base import runTouchApp

    from kiosk.catalog.read import Catalog
    from kiosk.config import default_config
    from kiosk.speech import RecordingEngine
    from kiosk.ui.app import KioskApp

    config = default_config()
    if config_path:  # the kiosk's own settings: its screen, how far visitors stand, ...
        from kiosk.config.load import load_config

        config = load_config(config_path, fallback=True)[0]
    config = replace(config, screen=replace(config.screen, resolution=size))
    app = KioskApp(Catalog(catalog_path), clock=FrozenClock(), site_config=config,
                   speech_engine=RecordingEngine(), headphone_probe=lambda: None)
    app._run_prepare()
    runTouchApp(embedded=True)
    frames(8)
    return app


def frames(count: int) -> None:
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def _settled_frames() -> None:
    """Enough frames for layouts, label textures and pictures decoded in threads."""
    import time

    frames(6)
    time.sleep(0.05)  # thumbnails and tile pictures come from a decoding thread
    frames(4)


class Worker:
    def __init__(self, app, shots: Path) -> None:
        self.app = app
        self.shots = shots

    def render(self, item: str, lang: str | None, palette: str, text: float) -> dict:
        from kivy.core.window import Window

        from kiosk.ui.open_on import show_item

        show_item(self.app, item, lang, palette, float(text))
        _settled_frames()
        written = Window.screenshot(name=str(self.shots / "shot.png"))
        data = Path(written).read_bytes()
        os.unlink(written)
        return {"png": base64.b64encode(data).decode("ascii"),
                "screen": self.app.screen_name, "shown_lang": self.app.session.language}

    def spoken(self, item: str, lang: str | None) -> dict:
        """What audio mode says on arriving at the item: the screen read in reading order,
        split into the pieces the voices speak (each in its own language)."""
        from kiosk.ui.open_on import show_item

        show_item(self.app, item, lang, "standard", 1.0, audio_mode=True)
        _settled_frames()
        utterance = self.app.narrator.plan(self.app.screen_runs())
        self.app.narrator.forget()
        self.app.set_preferences(audio_mode=False)
        segments = utterance.segments if utterance else ()
        return {"spoken": [s.text or f"[{s.recording}]" for s in segments],
                "languages": [s.lang for s in segments]}

    def reload(self, catalog: str) -> dict:
        from kiosk.ui.open_on import reload_catalog

        reload_catalog(self.app, catalog)
        self.app.reset_visitor()
        frames(2)
        return {"ok": True}

    def handle(self, command: dict) -> dict:
        name = command.get("cmd")
        if name == "render":
            return self.render(command["item"], command.get("lang"),
                               command.get("palette", "standard"), command.get("text", 1.0))
        if name == "spoken":
            return self.spoken(command["item"], command.get("lang"))
        if name == "reload":
            return self.reload(command["catalog"])
        if name == "ping":
            return {"ok": True}
        return {"error": f"unknown command {name!r}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.preview.worker")
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--reply-fd", type=int, required=True)
    parser.add_argument("--config", default=None, help="a kiosk.toml to draw as it says")
    args = parser.parse_args(argv)
    size = tuple(int(n) for n in args.size.split("x"))
    reply = os.fdopen(args.reply_fd, "w", encoding="utf-8", buffering=1)
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kiosk-preview-kivy-"))
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    from kiosk.preview.display import NoDisplay, open_display

    try:
        display = open_display(size)
    except NoDisplay as error:
        reply.write(json.dumps({"error": str(error)}) + "\n")
        return 1
    os.environ["DISPLAY"] = display.name
    try:
        app = _start_app(args.catalog, size, display.hidden, args.config)
        worker = Worker(app, Path(tempfile.mkdtemp(prefix="kiosk-preview-shots-")))
        reply.write(json.dumps({"ready": True, "display": display.name}) + "\n")
        for line in sys.stdin:
            command = json.loads(line)
            if command.get("cmd") == "quit":
                break
            try:
                answer = worker.handle(command)
            except Exception as error:  # noqa: BLE001 - one bad request must not end the preview
                answer = {"error": f"{type(error).__name__}: {error}"}
            reply.write(json.dumps(answer) + "\n")
        app.stop()
    finally:
        display.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
