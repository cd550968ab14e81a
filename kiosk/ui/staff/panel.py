"""The PIN pad and the staff panel: dialogs over whatever the visitor saw.

Both reuse the kiosk's dialog frame (`<KioskDialog>` in dialogs.kv): big keys, the theme's
colours. The PIN pad never shows the digits typed, only dots. The panel's text is built by
`StaffMode.panel_lines`; its buttons call the StaffMode, which checks that staff mode is still
authorised before doing anything.
"""

from __future__ import annotations

from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.ui import widgets
from kiosk.ui.dialogs import KioskDialog
from kiosk.ui.i18n import _


def _column() -> BoxLayout:
    box = BoxLayout(orientation="vertical", padding=24, spacing=16)
    return box


class PinDialog(KioskDialog):
    """Digits 0–9, Clear, OK, Cancel. `mode.pin_entered(pin)` answers with a status line."""

    def __init__(self, mode: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.title = _("Staff PIN")
        self.pin = ""
        box = _column()
        box.add_widget(widgets.ScreenTitle(plain_text=self.title, text_role="heading"))
        self.dots = widgets.TextBlock(plain_text="")
        self.status = widgets.TextBlock(plain_text=mode.lock_message())
        box.add_widget(self.dots)
        box.add_widget(self.status)
        grid = GridLayout(cols=3, spacing=12)
        self.keys: dict[str, widgets.KioskButton] = {}
        for label in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"):
            text = {"clear": _("Clear"), "ok": _("OK")}.get(label, label)
            button = widgets.KioskButton(plain_text=text, value=label)
            button.bind(on_release=self._key)
            grid.add_widget(button)
            self.keys[label] = button
        box.add_widget(grid)
        cancel = widgets.KioskButton(plain_text=_("Cancel"), value="cancel")
        cancel.bind(on_release=lambda *_: self.dismiss(animation=False))
        self.keys["cancel"] = cancel
        box.add_widget(cancel)
        self.add_widget(box)

    def _key(self, button: widgets.KioskButton) -> None:
        self.press(button.value)

    def press(self, key: str) -> None:
        if key == "clear":
            self.pin = ""
        elif key == "ok":
            pin, self.pin = self.pin, ""
            self.status.plain_text = self.mode.pin_entered(pin, self)
        elif key.isdigit() and len(self.pin) < 16:
            self.pin += key
        self.dots.plain_text = "● " * len(self.pin)


class StaffPanel(KioskDialog):
    """What a technician needs at the screen, and the only way out of the app."""

    ACTIONS = ("reload", "speech", "volume_down", "volume_up", "rollback", "exit", "close")

    def __init__(self, mode: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.title = _("Staff panel")
        box = _column()
        box.add_widget(widgets.ScreenTitle(plain_text=self.title, text_role="heading"))
        scroll = widgets.KioskScroll()
        self.info = widgets.TextBlock(plain_text="")
        scroll.add_widget(self.info)
        box.add_widget(scroll)
        self.message = widgets.TextBlock(plain_text="")
        box.add_widget(self.message)
        labels = {
            "reload": _("Reload content"), "speech": _("Test speech"),
            "volume_down": _("Quieter"), "volume_up": _("Louder"),
            "rollback": _("Roll back"), "exit": _("Exit to desktop"), "close": _("Close"),
        }
        row = widgets.FitRow()
        self.buttons: dict[str, widgets.KioskButton] = {}
        for action in self.ACTIONS:
            button = widgets.KioskButton(plain_text=labels[action], value=action)
            button.bind(on_release=self._act)
            row.add_widget(button)
            self.buttons[action] = button
        box.add_widget(row)
        self.add_widget(box)
        self.refresh()

    def refresh(self) -> None:
        self.info.plain_text = "\n".join(self.mode.panel_lines())

    def _act(self, button: widgets.KioskButton) -> None:
        self.act(button.value)

    def act(self, action: str) -> None:
        if action == "close":
            self.mode.leave()
            return
        self.message.plain_text = self.mode.staff_action(action) or ""
        if self.mode.authorized:
            self.refresh()
