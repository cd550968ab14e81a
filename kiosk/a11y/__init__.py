"""Checking the kiosk's accessibility on the running app: `kiosk audit`.

`audit.py` walks every screen in every interface language, text size and palette;
`checks.py` holds the rules (contrast, target size in mm, clipped and overlapping text, a
spoken name for everything, reach); `pixels.py` reads what the window really shows; `cli.py`
is the command (`COMMANDS` for `kiosk.cli`). See docs/accessibility.md.
"""
