"""The kiosk's visitor-facing Kivy interface.

`app.py` starts it; `screens/` holds one module and one .kv file per screen; `widgets.py` the
shared widgets (script-aware labels, buttons, the navigation bar); `keyboard.py` the on-screen
keyboard. The UI reads content only through `kiosk.catalog.read.Catalog`.
"""
