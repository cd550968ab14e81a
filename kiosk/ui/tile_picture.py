"""A tile's picture, decoded off the UI thread, that arrives when it is ready.

Tiles on home, in a section and among search results show the picture that stands for their
item (kiosk.catalog.pictures); the small image was made at build time, and is decoded on the
thumbnail workers (kiosk.ui.thumbnails), so a screen of tiles opens at once and fills in.
Decoded pictures are kept within the loader's bound and dropped at the idle reset.
"""

from __future__ import annotations

import weakref
from typing import Any

from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.image import Image

from kiosk.ui.thumbnails import thumbnail_loader


class LazyThumbnail(Image):
    """A picture that arrives when decoded; a plain panel until then (drawn in the kv)."""

    path = StringProperty("")
    loaded = BooleanProperty(False)

    def on_path(self, _instance: Any, path: str) -> None:
        thumbnail_loader().cancel(getattr(self, "_ticket", None))
        self._ticket = None
        self.texture = None
        self.loaded = False
        if path:
            self._ticket = thumbnail_loader().request(path, _deliver_to(self, path))

    def _arrived(self, path: str, texture: Texture) -> None:
        if path == self.path:
            self._ticket = None
            self.texture = texture
            self.loaded = True


def _deliver_to(picture: LazyThumbnail, path: str):
    """The loader's callback holds the picture only weakly: a tile the last visitor saw, whose
    picture was still being decoded at the idle reset, is let go, not kept by the queue."""
    picture_ref = weakref.ref(picture)

    def arrived(texture: Texture) -> None:
        alive = picture_ref()
        if alive is not None:
            alive._arrived(path, texture)

    return arrived

