"""Is a headphone plugged in? Asked of ALSA, where the sound card reports its jack.

Plugging headphones into the kiosk's jack starts audio mode (ADA 707.5 advisory; EN 301 549
5.1.3: speech easy to start without training). Many HDA codecs expose a "Headphone Jack"
control (`amixer -c N cget iface=CARD,name='Headphone Jack'` answers `values=on|off`); where
none does, or amixer is missing, the answer is None: the hardware cannot tell us, and the
first keypad press remains the way in. Slow (a subprocess): call it off the UI thread.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

JackProbe = Callable[[], bool | None]
_VALUES = re.compile(r":\s*values=(on|off)")


def alsa_headphones_plugged(card: int = 0) -> bool | None:
    amixer = shutil.which("amixer")
    if amixer is None:
        return None
    try:
        result = subprocess.run(
            [amixer, "-c", str(card), "cget", "iface=CARD,name=Headphone Jack"],
            capture_output=True, text=True, timeout=2,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = _VALUES.search(result.stdout)
    return None if found is None else found.group(1) == "on"


def no_jack() -> bool | None:
    return None
