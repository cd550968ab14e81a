"""The kiosk's visitor-facing Kivy interface.

`app.py` starts it; `screens/` holds one module and one .kv file per screen; `widgets.py` the
shared widgets (buttons, tiles, the navigation bar) and `labels.py` the script-aware labels;
`keyboard.py` the on-screen keyboard; `options.py` the visitor's Options dialog. Keypad,
focus, speech, touch-and-hear, text size, palettes and reach are described in
docs/accessibility.md. The UI reads content only through `kiosk.catalog.read.Catalog`.
"""
