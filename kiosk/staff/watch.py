"""Updates from a USB stick or a synced folder, with nobody at a keyboard.

The kiosk looks in its watch folders (mount points of removable media, the Syncthing
"editions" folder) for bundles, and installs a newer valid one through exactly the same
verified path as `kiosk install`. Every outcome — installed, refused with its reason, or not
newer — is logged and kept in DATA_DIR/last-update.json for the staff panel. A bundle that was
refused is not tried again until the file changes. After an install from a stick, the usage
figures are copied onto it, so sites that only ever see a USB stick still send them home.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.staff.errors import BundleError
from kiosk.staff.install import install

log = logging.getLogger("kiosk.update")
LAST_UPDATE = "last-update.json"
BUNDLE_SUFFIX = ".zip"
USAGE_FOLDER = "kiosk-usage"


@dataclass(frozen=True)
class UpdateOutcome:
    bundle: str
    outcome: str  # "installed" | "refused" | "not newer"
    at: float
    edition: int | None = None
    reason: str = ""


class BundleWatcher:
    def __init__(self, folders: Iterable[Path], root: Path, trust: list[Path] | None = None,
                 usage_db: Path | None = None, now: Callable[[], float] = time.time):
        self.folders = [Path(f) for f in folders]
        self.root = Path(root)
        self.trust = trust
        self.usage_db = usage_db
        self.now = now
        self._seen: set[tuple[str, int, int]] = set()

    def candidates(self) -> list[Path]:
        """Bundles in the watch folders and one level below (a stick's own folder)."""
        found = []
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in sorted([*folder.glob(f"*{BUNDLE_SUFFIX}"),
                                *folder.glob(f"*/*{BUNDLE_SUFFIX}")]):
                if path.is_file() and not path.is_symlink():
                    found.append(path)
        return found

    def scan(self) -> list[UpdateOutcome]:
        """Try each new or changed bundle once; return what happened to each."""
        outcomes = []
        for path in self.candidates():
            try:
                stat = path.stat()
            except OSError:
                continue
            key = (str(path), stat.st_size, stat.st_mtime_ns)
            if key in self._seen:
                continue
            self._seen.add(key)
            outcome = self._try(path)
            outcomes.append(outcome)
            self._record(outcome)
        return outcomes

    def _try(self, path: Path) -> UpdateOutcome:
        try:
            result = install(path, self.root, self.trust)
        except BundleError as refusal:
            reason = str(refusal)
            verdict = "not newer" if "is not newer" in reason else "refused"
            log.warning("update %s: %s: %s", verdict, path.name, reason)
            return UpdateOutcome(str(path), verdict, self.now(), reason=reason)
        log.info("update installed: edition %s from %s", result.edition, path.name)
        self._leave_usage_figures(path.parent)
        return UpdateOutcome(str(path), "installed", self.now(), edition=result.edition)

    def _record(self, outcome: UpdateOutcome) -> None:
        target = self.root / LAST_UPDATE
        tmp = target.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(asdict(outcome), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, target)
        except OSError as exc:  # a full disk must not stop updates
            log.error("cannot record the update result: %s", exc)

    def _leave_usage_figures(self, folder: Path) -> None:
        """A consistent copy of the usage file on the stick (SQLite's backup API)."""
        from kiosk.fleet.usage import in_synced_folder

        if self.usage_db is None or not self.usage_db.is_file() or in_synced_folder(folder):
            return  # a synced editions folder is receive-only: usage travels its own way
        try:
            out = folder / USAGE_FOLDER
            out.mkdir(exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M", time.gmtime(self.now()))
            target = out / f"usage-{stamp}.db"
            source = sqlite3.connect(f"file:{self.usage_db}?mode=ro", uri=True)
            copy = sqlite3.connect(target)
            with copy:
                source.backup(copy)
            copy.close()
            source.close()
            log.info("usage figures copied to %s", target)
        except (OSError, sqlite3.Error) as exc:
            log.warning("usage figures not copied to %s: %s", folder, exc)


def last_update(root: Path) -> UpdateOutcome | None:
    """The most recent outcome, for the staff panel."""
    try:
        return UpdateOutcome(**json.loads((Path(root) / LAST_UPDATE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
