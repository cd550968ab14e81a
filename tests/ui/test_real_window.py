"""The kiosk as a technician starts it: its own process, its own window, a real mouse click.

The click goes through X and SDL exactly as a touch panel's would; the test follows the app
through its `Kiosk: screen <name>` log lines.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (xvfb-run)"),
    pytest.mark.skipif(shutil.which("xdotool") is None, reason="needs xdotool"),
]

# Kivy's console log shows "Kiosk: screen home" as "[Kiosk       ] screen home".
SCREEN_LINE = re.compile(r"Kiosk(?::|\s*\])\s*screen (\w+)")


class LogFollower:
    """Reads a process's output in a thread, so the test can wait for a line with a timeout."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for_screen(self, name: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            match = SCREEN_LINE.search(line)
            if match and match.group(1) == name:
                return
        tail = "".join(self.seen[-30:])
        raise AssertionError(f"no 'Kiosk: screen {name}' within {timeout} s; log tail:\n{tail}")


def test_a_click_on_the_attract_screen_opens_home(catalog_path, tmp_path):
    env = {
        **os.environ,
        "KIVY_HOME": str(tmp_path / "kivy-home"),
        "KIVY_NO_ARGS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("KIVY_NO_CONSOLELOG", None)
    command = [
        sys.executable,
        "-m",
        "kiosk.ui.app",
        "--catalog",
        str(catalog_path),
        "--windowed",
        "--size",
        "1280x800",
    ]
    kiosk = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    try:
        log = LogFollower(kiosk.stdout)
        log.wait_for_screen("attract")
        time.sleep(1.0)  # let the window map before clicking into it
        subprocess.run(
            ["xdotool", "mousemove", "640", "400", "click", "1"], check=True, env=env, timeout=10
        )
        log.wait_for_screen("home")
        assert kiosk.poll() is None, "the kiosk is still running"
    finally:
        kiosk.terminate()
        try:
            kiosk.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()
