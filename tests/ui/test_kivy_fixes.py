"""Kivy faults that would grow a kiosk's memory over months of visitors (kiosk/ui/kivy_fixes.py)."""

from __future__ import annotations

from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

import kiosk.ui.app  # noqa: F401 - applies the fixes, as the kiosk does


def test_a_list_scrolled_all_day_keeps_one_bar_colour_observer():
    view = ScrollView(size=(100, 100))
    view.add_widget(Widget(size_hint=(None, None), size=(100, 1000)))
    for step in range(200):  # a visitor flicking: many updates inside half a second
        view.scroll_y = (step % 10) / 10
        view.update_from_scroll()
    assert len(view.get_property_observers("bar_color")) <= 1
