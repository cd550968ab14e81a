"""Pop-up panels over a screen: choosing among options, reading a longer text, "Still there?".

Kept apart from `widgets.py` because Kivy's ModalView creates the window on import, which
must wait until the kiosk's window settings are in place (see `app.configure_kivy`).

While a dialog is open the keypad moves only through it (Back closes it), and in audio mode
its title is spoken; when it closes the focus returns to where it was.
"""

from __future__ import annotations

from kivy.app import App
from kivy.core.window import Window
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.ui import widgets
from kiosk.ui.kv import load_kv_next_to


class KioskDialog(ModalView):
    """A panel with a title and a Close button; dismissed on navigation and idle reset."""

    title = StringProperty("")

    def on_open(self) -> None:
        app = App.get_running_app()
        if app is not None and hasattr(app, "dialog_opened"):
            app.dialog_opened(self)

    def dismiss(self, *args, **kwargs) -> None:
        was_open = self._is_open
        super().dismiss(*args, **kwargs)
        app = App.get_running_app()
        if was_open and app is not None and hasattr(app, "dialog_closed"):
            app.dialog_closed(self)  # the dialog is off the window (kiosk dialogs never fade)


class ChoiceDialog(KioskDialog):
    """Big buttons, one per choice; `choices` is a list of (value, label).

    With `languages=True` the values are language tags and each label is spoken in its own
    language.
    """

    choices = ListProperty([])
    selected = StringProperty("")
    languages = BooleanProperty(False)

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
            if self.languages:
                button.lang = value
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
    lang = StringProperty("")  # the language of `text` and `blocks`


class StillThereDialog(KioskDialog):
    """The idle warning: one touch or key anywhere keeps the session (the app's idle watch
    dismisses it); the big button is there for those who look for one."""

    seconds = NumericProperty(30)


def open_dialogs() -> list[KioskDialog]:
    return [w for w in Window.children if isinstance(w, KioskDialog)][::-1]


def dismiss_dialogs() -> None:
    for dialog in open_dialogs():
        dialog.dismiss(animation=False)


def dismiss_dialogs_of(class_name: str) -> None:
    for dialog in open_dialogs():
        if type(dialog).__name__ == class_name:
            dialog.dismiss(animation=False)


load_kv_next_to(__file__)
