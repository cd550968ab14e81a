"""Gallery thumbnails, decoded off the UI thread.

Kept apart from the section screen so the idle reset can drop them without importing (and
building) the screen at start-up.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from typing import Any

from kivy.clock import Clock
from kivy.graphics.texture import Texture

THUMBNAIL_SIDE = 320  # pixels decoded, at most, for a tile's picture
TEXTURES_KEPT = 100  # decoded thumbnails kept for scrolling back (about 40 MB at most)
UPLOADS_PER_FRAME = 12


class ThumbnailLoader:
    """Decodes small pictures off the UI thread and hands them back as textures, newest
    request first; a request for a tile that has since shown another item is cancelled."""

    def __init__(self, workers: int = 2) -> None:
        self._pending: dict[int, tuple[str, Any]] = {}  # ticket -> (path, callback)
        self._done: deque = deque()
        self._ready = threading.Condition()
        self._textures: OrderedDict[str, Texture] = OrderedDict()
        self._next_ticket = 0
        self._deliver_soon = Clock.create_trigger(self._deliver, 0)
        for number in range(workers):
            threading.Thread(target=self._work, name=f"thumbnails-{number}", daemon=True).start()

    def request(self, path: str, callback) -> int | None:
        """`callback(texture)` on the UI thread once decoded; at once if it is kept. Returns a
        ticket for `cancel`, None when already answered."""
        texture = self._textures.get(path)
        if texture is not None:
            self._textures.move_to_end(path)
            callback(texture)
            return None
        with self._ready:
            self._next_ticket += 1
            self._pending[self._next_ticket] = (path, callback)
            self._ready.notify()
            return self._next_ticket

    def forget(self) -> None:
        """Drop the kept textures (the bench measures a first look; memory is handed back)."""
        self._textures.clear()

    def cancel(self, ticket: int | None) -> None:
        if ticket is not None:
            with self._ready:
                self._pending.pop(ticket, None)

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._pending:
                    self._ready.wait()
                ticket = next(reversed(self._pending))  # the newest: what is on screen now
                path, callback = self._pending.pop(ticket)
            self._done.append((path, callback, *decode_thumbnail(path)))
            self._deliver_soon()

    def _deliver(self, _dt: float = 0) -> None:
        for _count in range(min(UPLOADS_PER_FRAME, len(self._done))):
            path, callback, size, pixels = self._done.popleft()
            if pixels is None:
                continue  # unreadable: the tile keeps its plain panel
            texture = Texture.create(size=size, colorfmt="rgba")
            texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
            texture.flip_vertical()
            self._textures[path] = texture
            while len(self._textures) > TEXTURES_KEPT:
                self._textures.popitem(last=False)
            callback(texture)
        if self._done:
            self._deliver_soon()


def decode_thumbnail(path: str) -> tuple[tuple[int, int], bytes | None]:
    """(size, RGBA pixels) of the picture at `path`, at most THUMBNAIL_SIDE a side."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as picture:
            picture.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            picture = picture.convert("RGBA")
            picture.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            return picture.size, picture.tobytes()
    except (OSError, ValueError):  # a missing or damaged file: no picture, never a crash
        return (0, 0), None


_loader: ThumbnailLoader | None = None


def forget_kept_thumbnails() -> None:
    """A new visitor: the last one's thumbnails are dropped, so memory goes back to where it
    was at the start (they are decoded again when shown)."""
    if _loader is not None:
        _loader.forget()


def thumbnail_loader() -> ThumbnailLoader:
    global _loader
    if _loader is None:
        _loader = ThumbnailLoader()
    return _loader
