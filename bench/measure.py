"""What every bench script measures the same way: percentiles, resident memory, Kivy's
environment for a child process. Kept apart so the figures of different benches agree."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mib() -> float:
    """This process's resident memory in MiB, from /proc/self/statm."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def kivy_env() -> dict[str, str]:
    """The environment for a bench's Kivy child: no arguments parsed, no log files, a
    private KIVY_HOME, and this checkout importable."""
    env = dict(os.environ)
    env.update(KIVY_NO_ARGS="1", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1",
               PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""))
    env.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-bench-"))
    return env
