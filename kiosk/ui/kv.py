"""Loading each module's .kv file once, from next to the module.

Layout lives in kv and logic in Python; loading a kv file twice would apply its rules twice
(duplicate widgets), so the guard matters when tests import screens repeatedly.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

from kiosk.ui import shapes  # noqa: F401 - registers RoundedFill and RoundedEdge for the rules
from kiosk.ui.clipping import clip_with_scissors

clip_with_scissors()  # before the first widget is made

_loaded: set[str] = set()


def load_kv_next_to(module_file: str) -> None:
    kv_path = str(Path(module_file).with_suffix(".kv"))
    if kv_path in _loaded or kv_path in Builder.files:
        return
    Builder.load_file(kv_path, encoding="utf-8")
    _loaded.add(kv_path)
