"""Staff and technician features of the running app (docs/staff-mode.md).

`services.py` runs beside the visitor session: the data folder and its editions, the usage
recorder, the systemd watchdog, the USB/folder bundle watcher. `gesture.py` notices the hidden
way into staff mode; `panel.py` is the PIN pad and the staff panel. `mode.py` ties them to the
app through a handful of hooks.
"""
