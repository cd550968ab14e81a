"""The real kiosk drawing one item off-screen, for the studio's preview (no Kivy imported
here: the kiosk runs in a worker process of its own, kiosk/preview/worker.py)."""

from kiosk.preview.client import KioskPreview, PreviewError

__all__ = ["KioskPreview", "PreviewError"]
