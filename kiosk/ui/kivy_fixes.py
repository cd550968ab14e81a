"""Corrections to Kivy 2.3.1 that a kiosk running for months needs; each one found by the
soak (bench/soak.py) and held by a test in tests/ui/test_kivy_fixes.py.

- ScrollView binds its bar-colour callback to `bar_color` again on every scroll update but
  takes it off only once, half a second after scrolling stops. Every scrolled frame left one
  more observer behind (100 updates, 100 observers), so the home screen's list, scrolled by
  visitors all day, grew without end and did a little more work at each scroll. The update
  now takes the old binding off first, so there is one at most.

Applied once, on import of kiosk.ui.app; `apply()` is idempotent.
"""

from __future__ import annotations

from kivy.uix.scrollview import ScrollView

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    kivy_update = ScrollView.update_from_scroll

    def update_from_scroll(self: ScrollView, *args) -> None:
        self.funbind("bar_color", self._change_bar_color)  # Kivy binds it again below
        kivy_update(self, *args)

    update_from_scroll.__doc__ = kivy_update.__doc__
    ScrollView.update_from_scroll = update_from_scroll


apply()
