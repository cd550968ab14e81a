"""Doctor checks for the screen: is OpenGL hardware-accelerated, and is the display the size
kiosk.toml says?

Both are answered by the tools a technician would run (`glxinfo -B`, `xrandr`) when they are
installed and an X display is set; otherwise by opening a small Kivy window in a child
process, exactly as the app would, with a timeout. A child process because a window that
cannot open (no display, a GL driver that hangs) must not take the doctor down with it, and
Kivy's window is a process-wide singleton.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from kiosk.config.model import KioskConfig
from kiosk.ops.checks import FAIL, OK, WARN, Check

PROBE_TIMEOUT_S = 30
_SOFTWARE = ("llvmpipe", "softpipe", "swrast", "software rasterizer")
_PROBE = r"""
import json, os
from kivy.config import Config
Config.set("graphics", "fullscreen", "auto")
Config.set("graphics", "show_cursor", "0")
from kivy.core.window import Window
from kivy.graphics import opengl as gl
text = lambda v: v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
print("KIOSK_PROBE " + json.dumps({
    "renderer": text(gl.glGetString(gl.GL_RENDERER)),
    "version": text(gl.glGetString(gl.GL_VERSION)),
    "size": list(Window.system_size),
}), flush=True)
Window.close()
"""


@cache
def kivy_probe() -> dict:
    """Open a Kivy window in a child process; its GL renderer and size, or {"error": ...}."""
    with tempfile.TemporaryDirectory(prefix="kiosk-probe-") as kivy_home:
        env = {**os.environ, "KIVY_HOME": kivy_home, "KIVY_NO_ARGS": "1",
               "KIVY_NO_FILELOG": "1", "KIVY_NO_CONSOLELOG": "1"}
        try:
            done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                                  text=True, timeout=PROBE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return {"error": f"a Kivy window did not open within {PROBE_TIMEOUT_S} s"}
    for line in done.stdout.splitlines():
        if line.startswith("KIOSK_PROBE "):
            return json.loads(line.removeprefix("KIOSK_PROBE "))
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return {"error": "a Kivy window could not open: " + " / ".join(tail)}


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _x_tool(name: str, *args: str) -> str | None:
    if not os.environ.get("DISPLAY") or not shutil.which(name):
        return None
    return _run([name, *args])


def is_raspberry_pi() -> bool:
    try:
        return "Raspberry Pi" in Path("/proc/device-tree/model").read_text(errors="replace")
    except OSError:
        return False


def software_fix() -> str:
    if is_raspberry_pi():
        return ("on Raspberry Pi 4/5: add the kiosk's account to the render and video groups "
                "(sudo usermod -aG render,video kiosk), keep dtoverlay=vc4-kms-v3d in "
                "/boot/firmware/config.txt, and reboot")
    return ("install the GPU's driver (libgl1-mesa-dri for Intel/AMD) and make sure the "
            "kiosk's account is in the render and video groups; software rendering is slow "
            "and runs the CPU hot")


def check_opengl() -> Check:
    renderer, version, source = "", "", ""
    out = _x_tool("glxinfo", "-B")
    if out:
        found = re.search(r"OpenGL renderer string:\s*(.+)", out)
        ver = re.search(r"OpenGL version string:\s*(.+)", out)
        renderer, version, source = (found.group(1).strip() if found else ""), \
            (ver.group(1).strip() if ver else ""), "glxinfo"
    if not renderer:
        probe = kivy_probe()
        if "error" in probe:
            return Check("opengl", FAIL, probe["error"], _no_window_fix())
        renderer, version, source = probe["renderer"], probe["version"], "kivy"
    details = {"renderer": renderer, "version": version, "source": source}
    if any(word in renderer.lower() for word in _SOFTWARE):
        return Check("opengl", WARN, f"software rendering: {renderer}", software_fix(), details)
    return Check("opengl", OK, f"{renderer} (OpenGL {version})", "", details)


def _no_window_fix() -> str:
    return ("run the doctor where the kiosk's display is (DISPLAY=:0, or inside its cage "
            "session), or stop the kiosk first (sudo systemctl stop kiosk) so the screen is "
            "free; on a fresh system install libgl1-mesa-dri and, for X, xserver-xorg")


def display_size() -> tuple[tuple[int, int] | None, str, str]:
    """The current display mode (width, height), where it came from, and any error."""
    out = _x_tool("xrandr", "--current")
    if out:
        found = re.search(r"^\s+(\d+)x(\d+)\S*\s+[\d.]+\*", out, re.MULTILINE)
        if found:
            return (int(found.group(1)), int(found.group(2))), "xrandr", ""
    probe = kivy_probe()
    if "error" in probe:
        return None, "kivy", probe["error"]
    width, height = probe["size"]
    return (int(width), int(height)), "kivy", ""


def check_display(config: KioskConfig) -> Check:
    size, source, error = display_size()
    if size is None:
        return Check("display", FAIL, error, _no_window_fix())
    wanted = config.screen.resolution
    details = {"size": list(size), "configured": list(wanted), "source": source}
    shown = f"{size[0]}x{size[1]}"
    if size != wanted:
        return Check("display", WARN, f"the display is {shown} but kiosk.toml says "
                     f"{wanted[0]}x{wanted[1]}: sizes in millimetres will be wrong",
                     f'set [screen] resolution = "{shown}" if that is the panel\'s own '
                     "resolution, or set the display's mode to the panel's", details)
    return Check("display", OK, f"{shown}, as configured ({config.screen.diagonal_inches:g}\", "
                 f"{config.screen.min_target_px} px smallest target)", "", details)
