"""Where the preview's kiosk draws: a private virtual X display of its own.

The preview must work on a curator's desktop (no window may pop up over the editor) and on a
headless machine (no display at all), so the worker starts its own Xvfb, sized to the kiosk's
screen, and the kiosk's window lives there. Without Xvfb it falls back to the current display
with the window hidden.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass


class NoDisplay(RuntimeError):
    """Neither Xvfb nor a display to draw on."""


@dataclass
class Display:
    name: str  # for $DISPLAY
    process: subprocess.Popen | None  # the Xvfb we started, None when borrowed
    hidden: bool  # the window must be hidden (we are on someone's desktop)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def open_display(size: tuple[int, int]) -> Display:
    xvfb = shutil.which("Xvfb")
    if xvfb:
        read, write = os.pipe()
        command = [xvfb, "-displayfd", str(write), "-screen", "0", f"{size[0]}x{size[1]}x24",
                   "+extension", "GLX", "-nolisten", "tcp", "-noreset"]
        process = subprocess.Popen(command, pass_fds=(write,), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as answer:
            number = answer.readline().strip()  # Xvfb writes its display number when ready
        if number.isdigit():
            return Display(f":{number}", process, hidden=False)
        process.kill()
    if os.environ.get("DISPLAY"):
        return Display(os.environ["DISPLAY"], None, hidden=True)
    raise NoDisplay("the preview needs Xvfb (apt install xvfb) or a display")
