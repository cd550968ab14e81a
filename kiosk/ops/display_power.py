"""Turning the panel off and on: one backend per graphics session, or kiosk.toml's commands.

Why several: the kiosk runs under X (xinit: DPMS through `xset`), under cage or another wlroots
compositor (`wlr-randr --output NAME --off`), or on a Raspberry Pi whose HDMI is switched by
the firmware (`vcgencmd display_power 0`) or a TV that only listens to HDMI-CEC (`cec-ctl`).
`[hours] screen_off_command` / `screen_on_command` override the choice for anything else.

Commands run without a shell (an argument list, never a string through /bin/sh) with a time
limit, and a failure is logged, never raised: a panel that stays lit is better than a kiosk
that stops. The app also blanks its own window, so a backend that does nothing still leaves a
black screen.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

log = logging.getLogger("kiosk.display_power")
TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class DisplayPower:
    name: str
    off_command: tuple[str, ...] = ()
    on_command: tuple[str, ...] = ()

    def off(self) -> bool:
        return run(self.off_command)

    def on(self) -> bool:
        return run(self.on_command)


def run(command: Sequence[str]) -> bool:
    """Run one command line (a list), True if it exited 0. Never raises."""
    if not command:
        return False
    try:
        done = subprocess.run(list(command), capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("display power: %s failed: %s", command[0], error)
        return False
    if done.returncode:
        log.warning("display power: %s exited %d: %s", " ".join(command), done.returncode,
                    (done.stderr or done.stdout).strip()[:200])
    return done.returncode == 0


def choose(off_command: Sequence[str] = (), on_command: Sequence[str] = (),
           environ: Mapping[str, str] | None = None) -> DisplayPower:
    """The backend for this session: kiosk.toml's commands if given, else what the session
    and the installed tools allow, else "none" (the window is only blanked)."""
    if off_command and on_command:
        return DisplayPower("kiosk.toml", tuple(off_command), tuple(on_command))
    env = os.environ if environ is None else environ
    path = env.get("PATH")
    if env.get("WAYLAND_DISPLAY") and shutil.which("wlr-randr", path=path):
        output = _wlr_output(path)
        if output:
            return DisplayPower("wlr-randr", ("wlr-randr", "--output", output, "--off"),
                                ("wlr-randr", "--output", output, "--on"))
    if env.get("DISPLAY") and shutil.which("xset", path=path):
        return DisplayPower("dpms", ("xset", "dpms", "force", "off"),
                            ("xset", "dpms", "force", "on"))
    if shutil.which("vcgencmd", path=path):
        return DisplayPower("vcgencmd", ("vcgencmd", "display_power", "0"),
                            ("vcgencmd", "display_power", "1"))
    if shutil.which("cec-ctl", path=path):
        return DisplayPower("cec", ("cec-ctl", "--to", "0", "--standby"),
                            ("cec-ctl", "--to", "0", "--image-view-on"))
    return DisplayPower("none")


def _wlr_output(path: str | None) -> str:
    """The first output wlr-randr lists (cage shows one): its lines without indent."""
    try:
        done = subprocess.run([shutil.which("wlr-randr", path=path) or "wlr-randr"],
                              capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    for line in done.stdout.splitlines():
        if line and not line[0].isspace():
            return line.split()[0]
    return ""
