"""Installing a bundle beside the running edition, then switching to it in one rename.

The order is what makes a power cut or a SIGKILL harmless at any moment:

1. verify the signature and the manifest, refuse an edition not newer than the current one;
2. unpack into a new directory `editions/<edition>-<random>/`, checking each file's size and
   SHA-256 as it streams, fsyncing each file and then the directories;
3. open the catalog and run `PRAGMA quick_check`;
4. point `current` at it (temp symlink + `os.replace` + fsync of DATA_DIR), then `previous`
   at the edition that was current;
5. delete the editions neither pointer names (older ones, and leftovers of killed installs).

Until step 4 the kiosk keeps the old edition; from step 4 on, the new one is complete on disk.
Everything runs under an flock on DATA_DIR/.lock, which the kernel releases if we are killed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.staff.bundle import CATALOG, MANIFEST, SIGNATURE, Bundle, Limits
from kiosk.staff.errors import BundleError
from kiosk.staff.keys import load_trusted, trusted_dir_keys
from kiosk.staff.state import (
    CURRENT,
    EDITIONS,
    PREVIOUS,
    default_root,
    edition_of,
    exchange,
    fsync_dir,
    new_edition_dir,
    read_pointer,
    remove_pointer,
    set_pointer,
)

SPACE_MARGIN = 64 << 20  # leave room for the system's own writes (logs, usage figures)


@dataclass(frozen=True)
class InstallResult:
    edition: int
    folder: Path
    previous_edition: int | None
    signer: str
    files: int
    total_bytes: int


@dataclass(frozen=True)
class RollbackResult:
    edition: int | None
    previous_edition: int | None


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """One install or rollback at a time per data directory."""
    fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BundleError(f"another install or rollback is running in {root}") from None
        yield
    finally:
        os.close(fd)


def install(bundle_path: Path, root: Path | None = None, trust: list[Path] | None = None,
            allow_older: bool = False, limits: Limits | None = None) -> InstallResult:
    """Verify, unpack and switch to the bundle's edition; see the module docstring for the order.

    `trust` defaults to DATA_DIR/trusted/*.pub. Raises BundleError with the reason on refusal,
    leaving the installed editions and both pointers as they were.
    """
    root = Path(root) if root else default_root()
    trust_files = list(trust) if trust else trusted_dir_keys(root / "trusted")
    if not trust_files:
        raise BundleError(f"no trusted keys in {root / 'trusted'}; pass --trust KEY.pub")
    trusted = load_trusted(trust_files)
    (root / EDITIONS).mkdir(parents=True, exist_ok=True)
    with locked(root), Bundle(Path(bundle_path), trusted, limits) as bundle:
        manifest = bundle.manifest
        current = read_pointer(root, CURRENT)
        installed = edition_of(current)
        if installed is not None and manifest.edition <= installed and not allow_older:
            raise BundleError(f"edition {manifest.edition} is not newer than the installed "
                              f"edition {installed} (use --allow-older to go back on purpose)")
        _check_space(root, manifest.total_bytes)
        folder = new_edition_dir(root, manifest.edition)
        try:
            _unpack(bundle, folder)
            try:
                check_catalog(folder / CATALOG, manifest.edition)
            except BundleError as error:  # name the bundle, not the folder about to go
                reason = str(error).replace(f"{(folder / CATALOG).resolve()} ", "")
                raise BundleError(f"{Path(bundle_path).name}: {reason}; the installed "
                                  "edition is unchanged") from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        set_pointer(root, CURRENT, folder)  # from here on the kiosk shows the new edition
        if current is not None and current != folder:
            set_pointer(root, PREVIOUS, current)
        _prune(root)
    return InstallResult(manifest.edition, folder, installed, bundle.signer,
                         len(manifest.files), manifest.total_bytes)


def _check_space(root: Path, needed: int) -> None:
    free = shutil.disk_usage(root).free
    if free < needed + SPACE_MARGIN:
        raise BundleError(f"not enough disk space in {root}: the edition needs "
                          f"{_mb(needed)} MB plus {_mb(SPACE_MARGIN)} MB spare, {_mb(free)} MB free")


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}"


def _unpack(bundle: Bundle, folder: Path) -> None:
    """Write every signed file into the fresh `folder`, durable before any pointer names it."""
    made: set[Path] = set()
    for name in sorted(bundle.manifest.files):
        target = folder.joinpath(*name.split("/"))  # names passed SAFE_NAME: no "..", no "/x"
        for parent in reversed(target.relative_to(folder).parents[:-1]):
            if folder / parent not in made:
                (folder / parent).mkdir(mode=0o755)
                made.add(folder / parent)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644)
        with os.fdopen(fd, "wb") as out:
            bundle.extract(name, out.write)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(target, 0o444)  # an installed edition is never modified
    # Kept for audit (`kiosk status` shows when it was made) and to re-check files later.
    for name, data in ((MANIFEST, bundle.manifest.raw), (SIGNATURE, bundle.signature)):
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o444)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    for directory in sorted(made, key=lambda p: len(p.parts), reverse=True):
        fsync_dir(directory)
    fsync_dir(folder)
    fsync_dir(folder.parent)


def check_catalog(path: Path, edition: int | None) -> None:
    """The catalog opens as the app opens it, is the signed edition, and passes quick_check
    and the search index's own check (kiosk.catalog.integrity)."""
    from kiosk.catalog.read import Catalog, CatalogError

    try:
        catalog = Catalog(path)
        try:
            found = catalog.site.edition
        finally:
            catalog.close()
    except (CatalogError, KeyError, TypeError, ValueError) as exc:
        raise BundleError(f"the catalog does not open: {exc}") from None
    if edition is not None and found != edition:
        raise BundleError(f"the catalog is edition {found} but the signed manifest says {edition}")
    from kiosk.catalog import integrity

    try:
        db = integrity.connect_read_only(path)
        try:
            problem = integrity.deep_problem(db)
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise BundleError(f"the catalog is damaged: {exc}") from None
    if problem:
        raise BundleError(f"the catalog {problem}")


def _prune(root: Path) -> None:
    """Delete editions no pointer names: older ones, and half-unpacked ones from killed installs."""
    keep = {p.name for p in (read_pointer(root, CURRENT), read_pointer(root, PREVIOUS)) if p}
    for child in (root / EDITIONS).iterdir():
        if child.name in keep:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    for stale in root.glob(".*.tmp"):  # temp links left by a kill between symlink and rename
        if stale.is_symlink():
            stale.unlink(missing_ok=True)


def rollback(root: Path | None = None, atomic: bool = True) -> RollbackResult:
    """Swap `current` and `previous`, after checking the previous catalog still opens.

    With `atomic` (and on Linux filesystems that support renameat2 RENAME_EXCHANGE) the two
    links swap in one step; otherwise `current` is replaced first, so the kiosk gets the
    wanted edition at once and a crash leaves both links naming it.
    """
    root = Path(root) if root else default_root()
    if not root.is_dir():
        raise BundleError(f"nothing is installed in {root}")
    with locked(root):
        current, previous = read_pointer(root, CURRENT), read_pointer(root, PREVIOUS)
        if previous is None:
            raise BundleError("no previous edition to roll back to")
        if previous == current:
            raise BundleError("the previous edition is the current one; nothing to roll back")
        check_catalog(previous / CATALOG, edition_of(previous))
        if current is None:
            set_pointer(root, CURRENT, previous)
            remove_pointer(root, PREVIOUS)
        elif not (atomic and exchange(root / CURRENT, root / PREVIOUS)):
            set_pointer(root, CURRENT, previous)
            set_pointer(root, PREVIOUS, current)
    return RollbackResult(edition_of(previous), edition_of(current))
