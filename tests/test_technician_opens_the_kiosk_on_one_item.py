"""`kiosk run --open ITEM --lang L`: the real kiosk, in its own window, straight on one item,
and showing it again by itself when the studio (or `kiosk build`) rebuilds the catalog."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.catalog.build import build_catalog

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs X (xvfb-run)")
KIOSK = Path(sys.executable).parent / "kiosk"


def _lines(process) -> queue.Queue:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, text: str, seen: list, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=0.2))
        except queue.Empty:
            continue
        if text in seen[-1]:
            return
    raise AssertionError(f"no {text!r} within {timeout} s:\n" + "".join(seen[-20:]))


def test_technician_opens_the_kiosk_on_one_item_and_it_follows_a_rebuild(sample_copy,
                                                                        tmp_path):
    catalog = build_catalog(sample_copy, tmp_path / "build" / "catalog.db").catalog
    env = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"), "KIVY_NO_ARGS": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("KIVY_NO_CONSOLELOG", None)
    kiosk = subprocess.Popen([str(KIOSK), "run", "--catalog", str(catalog), "--windowed",
                              "--size", "1280x800", "--open", "icmw", "--lang", "fr"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    seen: list[str] = []
    try:
        lines = _lines(kiosk)
        _wait_for(lines, "screen treaty", seen)
        en = sample_copy / "items" / "icmw" / "fr.md"
        en.write_text(en.read_text(encoding="utf-8").replace("title:", "title: Révisé —", 1),
                      encoding="utf-8")
        build_catalog(sample_copy, catalog)
        _wait_for(lines, "rebuilt, shown again", seen)
        _wait_for(lines, "screen treaty", seen)
        assert kiosk.poll() is None
    finally:
        kiosk.terminate()
        kiosk.wait(10)


def test_technician_is_told_when_the_item_is_not_in_the_catalog(sample_catalog):
    reply = subprocess.run([str(KIOSK), "run", "--catalog", str(sample_catalog), "--open",
                            "no-such-item"], capture_output=True, text=True, timeout=60)
    assert reply.returncode == 1
    assert reply.stderr.strip() == ("Error: no item 'no-such-item' in the catalog "
                                    "(kiosk build after adding it?)")
