"""What runs beside the visitor session: editions, usage figures, watchdog, bundle watcher.

Nothing here may break the kiosk: every call into the recorder, the watcher or the file
system is wrapped, logged, and otherwise ignored. The bundle watcher runs on its own thread
(an install unpacks and hashes hundreds of MB); what it installs is shown from the next idle
reset on, when `switch_catalog` notices that `current_catalog(root)` moved.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.staff")
SCAN_SECONDS = 10.0


def open_installed(root: Path) -> tuple[Any, Path] | None:
    """The current edition's catalog, else the previous one (logged), else None."""
    from kiosk.catalog.read import Catalog, CatalogError
    from kiosk.staff.state import PREVIOUS, _catalog_in, current_catalog, read_pointer

    candidates = [current_catalog(root)]
    previous = _catalog_in(read_pointer(root, PREVIOUS))
    candidates.append(Path(previous) if previous else None)
    for which, path in zip(("current", "previous"), candidates, strict=True):
        if path is None:
            continue
        try:
            return Catalog(path), path
        except CatalogError as error:
            log.error("the %s edition does not open (%s): %s", which, path, error)
    return None


class SafeRecorder:
    """`kiosk.usage.UsageRecorder` behind a guard: it never raises, but if it is missing or
    broken the kiosk runs on without figures."""

    def __init__(self, recorder: Any = None) -> None:
        self.recorder = recorder
        self.session: int | None = None

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self.recorder is None:
            return None
        try:
            return getattr(self.recorder, name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - figures must never stop the kiosk
            log.warning("usage recorder %s failed: %r", name, error)
            return None

    def start(self, lang: str) -> None:
        self.session = self.call("start_session", lang)

    def event(self, name: str, *args: Any, **kwargs: Any) -> None:
        if self.session is not None:
            self.call(name, self.session, *args, **kwargs)

    def end(self, reason: str, idle_seconds: float = 0) -> None:
        if self.session is not None:
            self.call("end_session", self.session, reason, idle_seconds=idle_seconds)
        self.session = None

    def status(self) -> dict:
        return self.call("status") or {"state": "off", "reason": "no data folder"}


class Services:
    """The data folder's services for one running app. `root` None: a bare catalog (no
    editions, no figures, no updates), as in development."""

    def __init__(self, root: Path | None = None, watch_folders: tuple[Path, ...] = (),
                 catalog_path: Path | None = None) -> None:
        from kiosk.ops.watchdog import Watchdog

        self.root = Path(root) if root else None
        self.watch_folders = tuple(Path(f) for f in watch_folders)
        self.catalog_path = Path(catalog_path) if catalog_path else None
        self.watchdog = Watchdog()
        self.recorder = SafeRecorder()
        self._watcher: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.last_scan: list[Any] = []

    @property
    def usage_db(self) -> Path | None:
        return self.root / "usage.db" if self.root else None

    def start_recorder(self) -> None:
        if self.root is None:
            return
        try:
            from kiosk.usage import UsageRecorder
            from kiosk.usage.words import CatalogWords

            words = CatalogWords(self.catalog_path) if self.catalog_path else None
            self.recorder = SafeRecorder(UsageRecorder(self.usage_db, known_word=words))
        except Exception as error:  # noqa: BLE001
            log.error("usage figures are off: %r", error)

    def start_watcher(self, schedule: Callable[[float], None] | None = None) -> None:
        """Scan the watch folders every SCAN_SECONDS on a daemon thread."""
        if self.root is None:
            return
        from kiosk.staff.watch import BundleWatcher

        folders = [*self.watch_folders, self.root / "sync" / "editions"]
        self._watcher = BundleWatcher(folders, self.root, usage_db=self.usage_db)
        self._thread = threading.Thread(target=self._scan_loop, name="bundle-watcher", daemon=True)
        self._thread.start()

    def _scan_loop(self) -> None:
        while not self._stop.wait(SCAN_SECONDS):
            self.scan_now()

    def scan_now(self) -> list[Any]:
        if self._watcher is None:
            return []
        try:
            self.last_scan = self._watcher.scan()
        except Exception as error:  # noqa: BLE001 - a bad stick must not stop the watcher
            log.error("bundle scan failed: %r", error)
        return self.last_scan

    def newer_catalog(self) -> tuple[Any, Path] | None:
        """A freshly opened catalog if the installed edition changed, else None."""
        if self.root is None:
            return None
        from kiosk.catalog.read import Catalog, CatalogError
        from kiosk.staff.state import current_catalog

        try:
            path = current_catalog(self.root)
        except OSError as error:
            log.error("cannot read the installed edition: %s", error)
            return None
        if path is None or (self.catalog_path and path.resolve() == self.catalog_path.resolve()):
            return None
        try:
            return Catalog(path), path
        except CatalogError as error:
            log.error("the new edition does not open, keeping the one shown (%s): %s", path, error)
            return None

    def adopt(self, path: Path) -> None:
        self.catalog_path = Path(path)
        if self.recorder.recorder is not None:
            try:
                from kiosk.usage.words import CatalogWords

                self.recorder.recorder.known_word = CatalogWords(path)
            except Exception as error:  # noqa: BLE001
                log.warning("search words not updated: %r", error)

    def stop(self) -> None:
        self._stop.set()
        self.recorder.end("unknown")
        self.recorder.call("close")
        self.watchdog.stopping()
