"""The zoom viewer for large images and scanned pages, and its buttons.

`ZoomViewer` (viewer.py) draws a picture or a Deep Zoom pyramid and takes the gestures;
`ZoomControls` (controls.py) offers the same as buttons; `gestures.py` holds the touch
handling, `geometry.py` the arithmetic of the view and `loader.py` the background tile
loading with its bounded texture cache.
"""

from kiosk.ui.zoom.controls import ZoomButton, ZoomControls
from kiosk.ui.zoom.viewer import ZoomViewer

__all__ = ["ZoomButton", "ZoomControls", "ZoomViewer"]
