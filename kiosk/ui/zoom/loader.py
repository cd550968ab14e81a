"""Tiles for the zoom viewer: decoded off the UI thread, uploaded on it, kept in a bounded LRU.

The viewer says which tiles it wants now, most wanted first (`want`); that list replaces the
last one, so a tile the visitor has panned away from is dropped before it is decoded. Worker
threads decode with Pillow (which releases the interpreter while it works); the main thread
turns the pixels into textures a few milliseconds' worth a frame, so a burst of tiles never
stalls a frame. The texture cache holds at most `cap` entries and evicts the least recently
drawn ones that are not wanted now; memory stays bounded however long a visitor pans.

A missing or damaged tile is logged once and remembered as failed: the viewer draws what it
has (a coarser level) in its place and never asks for it again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.logger import Logger

TEXTURE_CACHE_TILES = 256  # 256 x 256 RGB tiles: at most about 64 MB of textures
UPLOAD_BUDGET_S = 0.008  # texture uploads per frame stop after this much time, or after
UPLOAD_SHARE = 0.3  # this share of the time between frames when frames are slow anyway
WORKERS = 2
MAX_IMAGE_SIDE = 4096  # a "tile" or display image larger than this is not one we made


class Decoded:
    """Pixels ready for a texture: bottom row first, as OpenGL counts rows."""

    __slots__ = ("size", "colorfmt", "pixels")

    def __init__(self, size: tuple[int, int], colorfmt: str, pixels: bytes) -> None:
        self.size, self.colorfmt, self.pixels = size, colorfmt, pixels


def decode(path: str, max_side: int = MAX_IMAGE_SIDE) -> Decoded:
    """Read one tile (or a display image) into RGB or RGBA rows, bottom first."""
    from PIL import Image

    with Image.open(path) as image:
        if max(image.size) > max_side:
            raise ValueError(f"{image.size[0]} x {image.size[1]} px is larger than a tile")
        image.load()
        mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
        upright = image.convert(mode)
    flipped = upright.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return Decoded(flipped.size, mode.lower(), flipped.tobytes())


class TileLoader:
    """Wanted tiles in, textures out. Keys are any hashable; paths are file paths."""

    def __init__(self, on_ready: Callable[[], None], cap: int = TEXTURE_CACHE_TILES,
                 workers: int = WORKERS, mipmap: Callable[[Hashable], bool] | None = None,
                 max_side: int = MAX_IMAGE_SIDE) -> None:
        self.on_ready = on_ready  # called on the main thread after textures arrived
        self.cap = cap
        self.max_side = max_side
        self._mipmap = mipmap or (lambda _key: False)
        self._textures: OrderedDict[Hashable, Any] = OrderedDict()
        self._failed: set[Hashable] = set()
        self._lock = threading.Condition()
        self._queue: deque[tuple[Hashable, str]] = deque()  # still to decode, best first
        self._wanted: set[Hashable] = set()
        self._in_flight: set[Hashable] = set()
        self._ready: deque[tuple[Hashable, Decoded | None, str]] = deque()
        self._workers: list[threading.Thread] = []
        self._worker_count = workers
        self._closed = False
        self._pump: Any = None
        self.decoded: deque[Hashable] = deque(maxlen=4096)  # what was decoded, oldest first
        self.dropped = 0  # requests given up because the tile was no longer wanted

    # -- the main thread's side -------------------------------------------------------------

    def want(self, requests: list[tuple[Hashable, str]]) -> None:
        """The tiles wanted now, most wanted first: (key, path). Replaces the last list."""
        with self._lock:
            self._wanted = {key for key, _path in requests}
            self._queue = deque((key, path) for key, path in requests
                                if key not in self._textures and key not in self._failed
                                and key not in self._in_flight)
            if self._queue:
                self._start_workers()
                self._lock.notify_all()
        if self._queue or self._in_flight:
            self._start_pump()

    def texture(self, key: Hashable) -> Any:
        """The texture for `key` if loaded (marking it recently used), else None."""
        texture = self._textures.get(key)
        if texture is not None:
            self._textures.move_to_end(key)
        return texture

    def failed(self, key: Hashable) -> bool:
        return key in self._failed

    @property
    def cached(self) -> int:
        return len(self._textures)

    @property
    def busy(self) -> bool:
        """Tiles are still being read or uploaded."""
        with self._lock:
            return bool(self._queue or self._in_flight or self._ready)

    def clear(self) -> None:
        """Forget every texture and request (a new image is shown)."""
        with self._lock:
            self._queue.clear()
            self._wanted = set()
            self._ready.clear()
        self._textures.clear()
        self._failed.clear()

    def close(self) -> None:
        self.clear()
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._pump is not None:
            self._pump.cancel()
            self._pump = None

    def _start_pump(self) -> None:
        if self._pump is None:
            self._pump = Clock.schedule_interval(self._upload_ready, 0)

    def _upload_ready(self, dt: float) -> bool | None:
        """Once a frame: textures for what the workers decoded, within the time budget."""
        from kivy.graphics.texture import Texture

        started = time.perf_counter()
        budget = max(UPLOAD_BUDGET_S, UPLOAD_SHARE * dt)
        arrived = False
        while time.perf_counter() - started < budget:
            with self._lock:
                if not self._ready:
                    break
                key, decoded, error = self._ready.popleft()
                wanted = key in self._wanted
            if decoded is None:
                self._failed.add(key)
                Logger.warning(f"Zoom: cannot read {error}; that part is drawn without it")
                arrived = True
                continue
            if not wanted:
                self.dropped += 1
                continue
            mipmap = self._mipmap(key)
            texture = Texture.create(size=decoded.size, colorfmt=decoded.colorfmt, mipmap=mipmap)
            texture.wrap = "clamp_to_edge"
            texture.blit_buffer(decoded.pixels, colorfmt=decoded.colorfmt, bufferfmt="ubyte")
            if mipmap:
                texture.min_filter = "linear_mipmap_linear"
            self._textures[key] = texture
            self._evict()
            arrived = True
        if arrived:
            self.on_ready()
        with self._lock:
            idle = not (self._queue or self._in_flight or self._ready)
        if idle:
            self._pump = None
            return False  # stop until the next request
        return None

    def _evict(self) -> None:
        """Least recently drawn first; a tile wanted now only when nothing else is left."""
        excess = len(self._textures) - self.cap
        if excess <= 0:
            return
        for key in [k for k in self._textures if k not in self._wanted][:excess]:
            del self._textures[key]
            excess -= 1
        while excess > 0:
            self._textures.popitem(last=False)
            excess -= 1

    # -- the workers' side ------------------------------------------------------------------

    def _start_workers(self) -> None:
        while len(self._workers) < self._worker_count:
            worker = threading.Thread(target=self._work, name="zoom-tiles", daemon=True)
            self._workers.append(worker)
            worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queue and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                key, path = self._queue.popleft()
                if key not in self._wanted:
                    self.dropped += 1
                    continue
                self._in_flight.add(key)
            try:
                result, error = decode(path, self.max_side), ""
            except Exception as problem:  # noqa: BLE001 - any damaged file: draw without it
                result, error = None, f"{Path(path).name} ({path}): {problem}"
            with self._lock:
                self._in_flight.discard(key)
                if result is not None:
                    self.decoded.append(key)
                self._ready.append((key, result, error))
