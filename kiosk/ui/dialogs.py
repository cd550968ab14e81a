"""Pop-up panels over a screen: choosing among options, reading a longer text.

Kept apart from `widgets.py` because Kivy's ModalView creates the window on import, which
must wait until the kiosk's window settings are in place (see `app.configure_kivy`).
"""

from __future__ import annotations

from kivy.core.window import Window
from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.ui import widgets
from kiosk.ui.kv import load_kv_next_to


class KioskDialog(ModalView):
    """A panel with a title and a Close button; dismissed on navigation and idle reset."""

    title = StringProperty("")


class ChoiceDialog(KioskDialog):
    """Big buttons, one per choice; `choices` is a list of (value, label)."""

    choices = ListProperty([])
    selected = StringProperty("")

    def __init__(self, **kwargs):
        self.register_event_type("on_choose")
        super().__init__(**kwargs)
        self.fbind("choices", self._rebuild)
        self._rebuild()

    def _rebuild(self, *_args) -> None:
        grid = self.ids.choice_grid
        grid.clear_widgets()
        for value, label in self.choices:
            button = widgets.KioskButton(plain_text=label, value=value)
            button.selected = value == self.selected
            button.bind(on_release=self._choose)
            grid.add_widget(button)

    def button_for(self, value: str) -> widgets.KioskButton | None:
        return next((b for b in self.ids.choice_grid.children if b.value == value), None)

    def _choose(self, button: widgets.KioskButton) -> None:
        self.dismiss(animation=False)
        self.dispatch("on_choose", button.value)

    def on_choose(self, value: str) -> None:
        pass


class ReadingDialog(KioskDialog):
    """A title, a short text and longer blocks of text, scrollable."""

    text = StringProperty("")
    blocks = ListProperty([])


def open_dialogs() -> list[KioskDialog]:
    return [w for w in Window.children if isinstance(w, KioskDialog)]


def dismiss_dialogs() -> None:
    for dialog in open_dialogs():
        dialog.dismiss(animation=False)


load_kv_next_to(__file__)
