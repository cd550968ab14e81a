"""Anonymous usage figures: recording them on the kiosk, reporting and merging them.

`recorder.py` is what the app uses (standard library only, never raises); `report.py`,
`render.py`, `html_report.py`, `merge.py` and `cli.py` are `kiosk stats` for staff.
See docs/usage-figures.md for what is recorded and what never is.
"""

from kiosk.usage.recorder import UsageRecorder

__all__ = ["UsageRecorder"]
