"""The Options dialog: text size, colours, reading style, motion, speech, volume, reach.

One touch away on every screen (the nav bar's "Aa Options"), every choice a big button that
shows at once what it does, and everything back to the defaults for the next visitor (the
choices live in the session). The dialog rebuilds itself after each choice, so the buttons
show the new state and reflow at the new text size.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App

from kiosk.ui import widgets
from kiosk.ui.dialogs import KioskDialog
from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to

# (preference, row label, ((value, button label), ...)); labels are msgids except percents.
OPTION_ROWS: tuple[tuple[str, str, tuple[tuple[Any, str], ...]], ...] = (
    ("text_scale", N_("Text size"), ((1.0, "100 %"), (1.5, "150 %"), (2.0, "200 %"))),
    ("palette", N_("Colours"),
     (("standard", N_("Standard")), ("high_contrast", N_("High contrast")))),
    ("dyslexic", N_("Reading"), ((False, N_("Standard")), (True, N_("Dyslexia-friendly")))),
    ("reduce_motion", N_("Motion"), ((False, N_("Animations on")), (True, N_("Reduce motion")))),
    ("audio_mode", N_("Speech"), ((False, N_("Off")), (True, N_("On")))),
    ("speech_rate", N_("Speech speed"),
     ((0.75, N_("Slower")), (1.0, N_("Normal")), (1.5, N_("Faster")))),
    ("volume", N_("Volume"), ((-1, N_("Quieter")), (1, N_("Louder")))),
    ("reach_mode", N_("Reach"), ((False, N_("Whole screen")), (True, N_("Within reach")))),
)
UNTRANSLATED = {"100 %", "150 %", "200 %"}


class OptionButton(widgets.KioskButton):
    """One choice: `option` is the preference it sets to `value`."""


class OptionsDialog(KioskDialog):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = _("Options")
        self.rebuild()

    def rebuild(self) -> None:
        app = App.get_running_app()
        rows = self.ids.option_rows
        rows.clear_widgets()
        prefs = app.prefs
        for name, label, choices in OPTION_ROWS:
            if name == "reach_mode" and not app.reach_offered:
                continue
            heading = label if name != "volume" else _("Volume: {percent} %", percent=prefs.volume)
            rows.add_widget(widgets.BlockHeading(plain_text=_(heading) if name != "volume"
                                                 else heading))
            row = widgets.FitRow()
            for value, text in choices:
                button = OptionButton(
                    plain_text=text if text in UNTRANSLATED else _(text), value=(name, value)
                )
                button.selected = name != "volume" and getattr(prefs, name) == value
                button.bind(on_release=self._choose)
                row.add_widget(button)
            rows.add_widget(row)

    def option_button(self, name: str, value: Any) -> OptionButton | None:
        return next((w for w in self.walk(restrict=True)
                     if isinstance(w, OptionButton) and w.value == (name, value)), None)

    def _choose(self, button: OptionButton) -> None:
        app = App.get_running_app()
        name, value = button.value
        app.choose_option(name, value)
        focused = app.focus.current
        key = focused.focus_key() if focused is not None else None
        self.rebuild()
        if key is not None:
            app.focus.restore(key)


load_kv_next_to(__file__)
