"""What runs beside the visitor session: editions, usage figures, watchdog, bundle watcher.

Nothing here may break the kiosk: every call into the recorder, the watcher or the file
system is wrapped, logged, and otherwise ignored. The bundle watcher runs on its own thread
(an install unpacks and hashes hundreds of MB); what it installs is shown from the next idle
reset on, when `switch_catalog` notices that `current_catalog(root)` moved.

An installed edition is never modified after its install, so a catalog file whose size, time
or inode changed while it was shown has been damaged (a failing card, a stray copy, a
technician's mistake). Each idle reset compares the shown file with what it was when opened;
when it differs and no longer passes `PRAGMA quick_check`, the kiosk falls back to an edition
that does, and the staff panel says why (`damaged_content`). A file once refused is not tried
again while it stays as it was, so a damaged edition is not reopened at every reset.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.staff")
SCAN_SECONDS = 10.0


def installed_catalogs(root: Path) -> list[tuple[str, Path]]:
    """("current", path) and ("previous", path) for the editions installed in `root`."""
    from kiosk.staff.state import PREVIOUS, _catalog_in, current_catalog, read_pointer

    found = []
    current = current_catalog(root)
    if current is not None:
        found.append(("current", current))
    previous = _catalog_in(read_pointer(root, PREVIOUS))
    if previous is not None:
        found.append(("previous", Path(previous)))
    return found


def open_installed(root: Path, skip: frozenset[Path] = frozenset(),
                   thorough: bool = False) -> tuple[Any, Path] | None:
    """The current edition's catalog, else the previous one (logged), else None. Paths in
    `skip` are not tried; `thorough` also runs `PRAGMA quick_check` (seconds on a large
    catalog), for when damage inside the file is suspected."""
    from kiosk.catalog.read import Catalog, CatalogError

    for which, path in installed_catalogs(root):
        if path.resolve() in skip:
            continue
        try:
            if thorough:
                damaged = catalog_damage(path)
                if damaged:
                    raise CatalogError(damaged)
            return Catalog(path), path
        except CatalogError as error:
            log.error("the %s edition does not open (%s): %s", which, path, error)
    return None


def catalog_damage(path: Path) -> str | None:
    """Why the catalog at `path` cannot be shown (does not open, fails quick_check), or None."""
    from kiosk.staff.errors import BundleError
    from kiosk.staff.install import check_catalog

    try:
        check_catalog(Path(path), None)
    except BundleError as error:
        return str(error)
    except OSError as error:
        return f"cannot read {path}: {error.strerror or error}"
    return None


def fingerprint(path: Path | None) -> tuple[int, int, int] | None:
    """(inode, size, modification time) of a file, None if it cannot be read."""
    if path is None:
        return None
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


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
        self.shown_fingerprint = fingerprint(self.catalog_path)
        self._refused: dict[Path, tuple[Any, str]] = {}  # file -> (fingerprint, why refused)
        self.watchdog = Watchdog()
        self.recorder = SafeRecorder()
        self._watcher: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._paused = threading.Event()
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
            if not self._paused.is_set():
                self.scan_now()

    def pause_watcher(self, paused: bool) -> None:
        """Asleep after hours (ui/sleep.py): no scans until the screen wakes."""
        (self._paused.set if paused else self._paused.clear)()

    def scan_now(self) -> list[Any]:
        if self._watcher is None:
            return []
        try:
            self.last_scan = self._watcher.scan()
        except Exception as error:  # noqa: BLE001 - a bad stick must not stop the watcher
            log.error("bundle scan failed: %r", error)
        return self.last_scan

    def check_editions(self) -> None:
        """At start: if the kiosk shows another file than the current edition's, because
        that one does not open (`open_installed` fell back), say so in the panel."""
        if self.root is None or self.catalog_path is None:
            return
        for which, path in installed_catalogs(self.root):
            if which == "current" and path.resolve() != self.catalog_path.resolve():
                damaged = catalog_damage(path)
                if damaged:
                    self._refuse(path, damaged)

    def newer_catalog(self) -> tuple[Any, Path] | None:
        """A freshly opened catalog if the installed edition changed or the shown file was
        damaged (then another edition that passes quick_check), else None."""
        if self.root is None:
            return None
        from kiosk.catalog.read import Catalog, CatalogError
        from kiosk.staff.state import current_catalog

        try:
            path = current_catalog(self.root)
        except OSError as error:
            log.error("cannot read the installed edition: %s", error)
            return None
        shown = self.catalog_path.resolve() if self.catalog_path else None
        if path is not None and path.resolve() != shown and not self._still_refused(path):
            try:
                return Catalog(path), path
            except CatalogError as error:
                log.error("the new edition does not open, keeping the one shown (%s): %s",
                          path, error)
                self._refuse(path, str(error))
        if shown is None or fingerprint(shown) == self.shown_fingerprint:
            return None
        return self._replace_damaged(shown)

    def _replace_damaged(self, shown: Path) -> tuple[Any, Path] | None:
        """The shown file changed on disk: keep it if it is still sound, else fall back."""
        damaged = catalog_damage(shown)
        if damaged is None:  # touched, copied over with the same bytes: still good
            self.shown_fingerprint = fingerprint(shown)
            return None
        log.error("the catalog shown was damaged on disk (%s): %s", shown, damaged)
        self._refuse(shown, damaged)
        skip = frozenset(path for path, _why in self.damaged_content())
        opened = open_installed(self.root, skip=skip, thorough=True)
        if opened is None:
            log.critical("no installed edition opens; still showing the damaged catalog %s",
                         shown)
            self.shown_fingerprint = fingerprint(shown)  # do not check it again every reset
        return opened

    def _refuse(self, path: Path, reason: str) -> None:
        self._refused[Path(path).resolve()] = (fingerprint(path), reason)

    def _still_refused(self, path: Path) -> bool:
        path = Path(path).resolve()
        return path in self._refused and fingerprint(path) == self._refused[path][0]

    def damaged_content(self) -> list[tuple[Path, str]]:
        """(catalog file, why) for each installed catalog refused as damaged and not since
        replaced, for the staff panel."""
        return [(path, why) for path, (_print, why) in self._refused.items()
                if self._still_refused(path)]

    def adopt(self, path: Path) -> None:
        self.catalog_path = Path(path)
        self.shown_fingerprint = fingerprint(path)
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
