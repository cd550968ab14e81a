"""Running kiosks: the site configuration check, `kiosk doctor`, the systemd service and its
watchdog, and the operational log (docs/operations.md).

Nothing here imports Kivy: the doctor opens windows in child processes, and the app imports
`kiosk.ops.watchdog` and `kiosk.ops.logs` on their own.
"""
