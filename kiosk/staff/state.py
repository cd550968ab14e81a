"""Which installed edition the kiosk shows, and how that changes in one step.

    DATA_DIR/
      editions/<edition>-<8 hex>/   catalog.db, catalog.media/, manifest.json, manifest.sig
      current  -> editions/<...>    a relative symlink
      previous -> editions/<...>    the edition that was current before
      trusted/*.pub                 keys whose bundles install without --trust
      .lock                         held (flock) by an install or rollback

Why symlinks: replacing one with `os.replace` is a single rename, atomic across crashes once
the directory is fsynced, and `readlink` needs no parsing or partial-read handling. An edition
directory is complete and fsynced before any pointer names it and is never modified after, so
a reader that resolves `current` once gets a path that stays valid while it is open. The links
are relative so the data directory can be mounted elsewhere.

Kept free of heavy imports: the app calls `current_catalog` at every idle reset.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import sys
from pathlib import Path

from kiosk.staff.errors import BundleError

ENV_VAR = "KIOSK_DATA_DIR"
DEFAULT_ROOT = Path("/var/lib/kiosk")
EDITIONS = "editions"
CURRENT, PREVIOUS = "current", "previous"
EDITION_DIR = re.compile(r"(\d{1,18})-[0-9a-f]{8}")
_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def default_root() -> Path:
    """$KIOSK_DATA_DIR, or /var/lib/kiosk."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_ROOT)


def read_pointer(root: Path, name: str) -> Path | None:
    """The edition directory `root/name` points at, or None if absent or not a valid edition."""
    try:
        target = os.readlink(Path(root) / name)
    except OSError:  # absent, or not a link
        return None
    parts = target.split("/")
    if len(parts) != 2 or parts[0] != EDITIONS or not EDITION_DIR.fullmatch(parts[1]):
        return None
    folder = Path(root).absolute() / EDITIONS / parts[1]
    return folder if folder.is_dir() else None


def edition_of(folder: Path | None) -> int | None:
    if folder is None:
        return None
    match = EDITION_DIR.fullmatch(folder.name)
    return int(match.group(1)) if match else None


def new_edition_dir(root: Path, edition: int) -> Path:
    """A fresh, empty edition directory; the random part keeps reinstalls apart.

    The name must read back as `edition` (EDITION_DIR); a number it cannot hold is refused here,
    before anything is unpacked, rather than installed into a folder nobody can find again.
    """
    if f"{edition}" != str(edition_of(Path(f"{edition}-00000000"))):
        raise BundleError(f"edition {edition} cannot be installed: at most 18 digits")
    while True:
        folder = Path(root) / EDITIONS / f"{edition}-{secrets.token_hex(4)}"
        try:
            folder.mkdir(mode=0o755)
            return folder
        except FileExistsError:
            continue


def set_pointer(root: Path, name: str, folder: Path) -> None:
    """Point `root/name` at `folder` atomically: a temp symlink renamed over the old one."""
    root = Path(root)
    tmp = root / f".{name}.{secrets.token_hex(4)}.tmp"
    os.symlink(f"{EDITIONS}/{folder.name}", tmp)
    try:
        os.replace(tmp, root / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(root)


def remove_pointer(root: Path, name: str) -> None:
    Path(root, name).unlink(missing_ok=True)
    fsync_dir(Path(root))


def exchange(a: Path, b: Path) -> bool:
    """Swap two directory entries in one step (Linux renameat2 RENAME_EXCHANGE).

    Two `os.replace` calls leave a moment when both pointers name the same edition; a swap
    in one system call does not. Returns False where the system or filesystem lacks it.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        fsync_dir(Path(a).parent)
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_catalog(root: Path | str | None = None) -> Path | None:
    """The absolute path of the catalog the kiosk should show now, or None if none is installed.

    The app calls this at each idle reset and reopens when the path changed. The path names
    the edition's own directory, not the `current` link, so an install that switches editions
    later never changes the file under an open catalog.
    """
    path = _catalog_in(read_pointer(Path(root) if root else default_root(), CURRENT))
    return Path(path) if path else None


def _catalog_in(folder: Path | None) -> str | None:
    if folder is None or not (folder / "catalog.db").is_file():
        return None
    return str(folder / "catalog.db")


def _created(folder: Path | None) -> str | None:
    if folder is None:
        return None
    try:
        return json.loads((folder / "manifest.json").read_bytes()).get("created")
    except (OSError, ValueError, AttributeError):
        return None


def read_screen_state(root: Path) -> dict | None:
    from kiosk.ops.schedule import read_state

    return read_state(root)


def status(root: Path | str | None = None) -> dict:
    """What is installed, for `kiosk status --json` and the staff panel. Opens no database."""
    root = Path(root) if root else default_root()
    current, previous = read_pointer(root, CURRENT), read_pointer(root, PREVIOUS)
    editions = root / EDITIONS
    installed = sorted((p.name for p in editions.iterdir() if p.is_dir()),
                       key=lambda n: (edition_of(Path(n)) or -1, n)) if editions.is_dir() else []
    trusted = root / "trusted"
    return {
        "root": str(root.absolute()),
        "edition": edition_of(current),
        "previous_edition": edition_of(previous),
        "catalog": _catalog_in(current),
        "previous_catalog": _catalog_in(previous),
        "created": _created(current),
        "installed": installed,
        "trusted_keys": sorted(p.name for p in trusted.glob("*.pub")) if trusted.is_dir() else [],
        "screen": read_screen_state(root),  # what the running app said (ops/schedule.py)
    }
