"""Key names a binding in `[keys]` may use, and the default bindings.

The names are Kivy's own (`kivy.core.window.Keyboard.keycodes`, Kivy 2.3.1), the strings the
app sees as `keycode[1]`. They are copied here rather than imported because importing
`kivy.core.window` opens a window: `kiosk config check` must run over SSH on a kiosk whose
screen is busy. Keys Kivy has no name for (a keyboard's Volume Up, a keypad's extra buttons)
are bound by number: the code Kivy passes to `on_key_down`.
"""

from __future__ import annotations

ACTIONS = ("up", "down", "left", "right", "enter", "back", "home", "help", "repeat",
           "volume_up", "volume_down", "stop_speech")

KIVY_KEY_NAMES = frozenset({
    "backspace", "tab", "enter", "rshift", "shift", "alt", "rctrl", "lctrl", "super", "alt-gr",
    "compose", "pipe", "capslock", "escape", "spacebar", "pageup", "pagedown", "end", "home",
    "left", "up", "right", "down", "insert", "delete", "numlock", "print", "screenlock",
    "pause",
    *"abcdefghijklmnopqrstuvwxyz", *"0123456789",
    *(f"numpad{i}" for i in range(10)), "numpaddecimal", "numpaddivide", "numpadmul",
    "numpadsubstract", "numpadadd", "numpadenter",  # sic: Kivy spells it "substract"
    *(f"f{i}" for i in range(1, 16)),
    "(", ")", "[", "]", "{", "}", ":", ";", "=", "+", "-", "_", "/", "*", "?", "`", "~", "´",
    "¦", "\\", "|", '"', "'", ",", ".", "<", ">", "@", "!", "#", "$", "%", "^", "&", "¬", "¨",
    "…", "ù", "à", "é", "è",
})

# A USB keypad (EZ Access style, Storm AudioNav) usually emulates arrows, Enter and function
# keys; a plain keyboard works the same way while testing. Letters and digits are left free
# because the search screen may take them from a physical keyboard.
DEFAULT_BINDINGS: dict[str, tuple[str | int, ...]] = {
    "up": ("up",),
    "down": ("down",),
    "left": ("left",),
    "right": ("right",),
    "enter": ("enter", "numpadenter", "spacebar"),
    "back": ("escape", "backspace"),
    "home": ("home",),
    "help": ("f1",),
    "repeat": ("f2",),
    "volume_up": ("numpadadd", "f12"),
    "volume_down": ("numpadsubstract", "f11"),
    "stop_speech": ("f3",),
}
