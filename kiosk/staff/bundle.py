"""Signed content bundles: one zip a technician carries to an offline kiosk.

Why a signature and not only checksums: the stick passes through many hands and the kiosk has
no network to ask whether an update is genuine. An Ed25519 signature over a manifest of every
file's SHA-256 and size lets the kiosk refuse anything the museum's key did not make, and the
edition number inside the signed manifest lets it refuse an old bundle replayed to undo a
correction (rollback) or files mixed from two editions.

The zip stays untrusted until every byte is checked, so it is read defensively: names, entry
types, counts, declared sizes and compression ratios are checked from the central directory
before anything is decompressed, then sizes and hashes again while streaming (see
docs/bundles.md for the format and the list of refusals).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.edition import MAX_EDITION, is_valid_edition
from kiosk.staff.errors import BundleError
from kiosk.staff.keys import key_id, load_private_key, signer_of
from kiosk.staff.state import fsync_dir

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CATALOG = "catalog.db"
MEDIA = "catalog.media"
CHUNK = 1 << 20
MAX_MANIFEST_BYTES = 8 << 20
# Names a manifest may list: the catalog, and files (in folders) under catalog.media/ whose
# every part starts with a letter or digit, so no "..", no hidden files, no backslashes.
SAFE_NAME = re.compile(r"catalog\.db|catalog\.media(/[A-Za-z0-9][A-Za-z0-9._-]{0,200})+")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
               OSError, RuntimeError)
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # reproducible entries; the manifest says when it was made


@dataclass(frozen=True)
class Limits:
    """What an installer accepts. Defaults fit a 150-300 MB catalog with its images.

    Deflate inflates at most about 1032:1, so a bomb is a file far more compressible than real
    content; 100:1 is also Apache POI's default. The ratio applies only above
    `ratio_floor_bytes`: a small, mostly empty SQLite file legitimately compresses better.
    """

    max_entries: int = 5000
    max_file_bytes: int = 1 << 30
    max_total_bytes: int = 4 << 30
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1 << 20


@dataclass(frozen=True)
class Manifest:
    edition: int
    created: str
    files: dict[str, tuple[str, int]]  # name -> (sha256 hex, size)
    raw: bytes

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files.values())


def canonical(value: dict) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, ASCII."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


# Packing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackResult:
    path: Path
    edition: int
    files: int
    total_bytes: int
    key_id: str


def pack(content_dir: Path, key_path: Path, edition: int, out: Path,
         progress: Callable[[int, int, str], None] | None = None) -> PackResult:
    """Build the catalog at `edition` in a temp folder and write one signed bundle to `out`.
    `progress(n, total, item)` is called as the build goes through the items.

    `out` is written under a temporary name and renamed when complete, so a stick pulled out
    mid-way never holds a half bundle under the real name.
    """
    from kiosk.catalog.build import build_catalog  # heavy (Pillow, checks); only pack needs it

    if not is_valid_edition(edition, allow_zero=True):
        raise BundleError(f"edition {edition!r}: must be a whole number from 0 to {MAX_EDITION:,}")
    private = load_private_key(key_path)
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="kiosk-pack-") as tmp:
        build_catalog(Path(content_dir), Path(tmp) / CATALOG, edition, progress)
        sources = _collect(Path(tmp))
        files = {name: {"sha256": _sha256_file(path), "size": path.stat().st_size}
                 for name, path in sources.items()}
        created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        manifest = canonical({"format": FORMAT, "edition": edition, "created": created,
                              "files": files})
        signature = private.sign(manifest)
        _write_zip(out, manifest, signature, sources)
    total = sum(f["size"] for f in files.values())
    return PackResult(out, edition, len(files), total, key_id(private.public_key()))


def _collect(folder: Path) -> dict[str, Path]:
    """catalog.db and every regular file under catalog.media/, by bundle name."""
    found = {CATALOG: folder / CATALOG}
    media = folder / MEDIA
    for directory, dirnames, filenames in os.walk(media):
        for name in dirnames + filenames:
            path = Path(directory) / name
            mode = os.lstat(path).st_mode
            if name in dirnames and stat.S_ISDIR(mode):
                continue
            rel = path.relative_to(folder).as_posix()
            if not stat.S_ISREG(mode):
                raise BundleError(f"{rel} is not a regular file; bundles hold no links")
            if not SAFE_NAME.fullmatch(rel):
                raise BundleError(f"cannot pack {rel!r}: names must be letters, digits, . _ -")
            found[rel] = path
    return found


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(name: str, compressed: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o644) << 16  # a plain file, stated explicitly
    return info


def _write_zip(out: Path, manifest: bytes, signature: bytes, sources: dict[str, Path]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as zf:
                # The manifest comes first so a reader can check it before the bulk.
                zf.writestr(_entry(MANIFEST, True), manifest)
                zf.writestr(_entry(SIGNATURE, False), signature)
                for name in sorted(sources):
                    # Images are already compressed; deflating them again only costs time.
                    info = _entry(name, compressed=not name.startswith(MEDIA + "/"))
                    size = sources[name].stat().st_size
                    with open(sources[name], "rb") as src, \
                            zf.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as dst:
                        while chunk := src.read(CHUNK):
                            dst.write(chunk)
            raw.flush()
            with contextlib.suppress(OSError):  # FAT-formatted sticks refuse chmod
                os.fchmod(raw.fileno(), 0o644)  # mkstemp's 0600 would stop others copying it
            os.fsync(raw.fileno())
        os.replace(tmp_name, out)
        fsync_dir(out.parent)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


# Reading ------------------------------------------------------------------------------------
class Bundle:
    """An opened bundle whose structure, signature and manifest have been checked.

    File contents are checked by `extract`, while they stream, so a kiosk never needs the
    space or the memory for two copies.
    """

    def __init__(self, path: Path, trusted: list, limits: Limits | None = None):
        self.path = Path(path)
        self.limits = limits or Limits()
        if not trusted:
            raise BundleError("no trusted keys: pass --trust KEY.pub or put keys in "
                              "DATA_DIR/trusted/")
        try:
            self._zf = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise BundleError(f"no such file: {self.path}") from None
        except _ZIP_ERRORS as exc:
            raise BundleError(f"{self.path.name} is not a readable zip: {_one_line(exc)}") from None
        try:
            self._entries = check_entries(self._zf.infolist(), self.limits)
            raw, self.signature = self._read_manifest()
            signer = signer_of(raw, self.signature, trusted)
            if signer is None:
                raise BundleError(f"the signature does not match any trusted key "
                                  f"({len(trusted)} tried); the bundle was altered or signed "
                                  "by another key")
            self.signer = key_id(signer)
            self.manifest = parse_manifest(raw, self.limits)
            self._match_manifest()
        except BaseException:
            self._zf.close()
            raise

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()

    def _read_manifest(self) -> tuple[bytes, bytes]:
        for name in (MANIFEST, SIGNATURE):
            if name not in self._entries:
                raise BundleError(f"no {name} in {self.path.name}: not a kiosk bundle")
        raw = self._read_small(MANIFEST, MAX_MANIFEST_BYTES)
        signature = self._read_small(SIGNATURE, 64)
        if len(signature) != 64:
            raise BundleError(f"{SIGNATURE} is {len(signature)} bytes, an Ed25519 signature is 64")
        return raw, signature

    def _read_small(self, name: str, limit: int) -> bytes:
        if self._entries[name].file_size > limit:
            raise BundleError(f"{name} is larger than {limit} bytes")
        try:
            with self._zf.open(self._entries[name]) as handle:
                return handle.read(limit + 1)
        except _ZIP_ERRORS as exc:
            raise BundleError(f"{name} is damaged: {_one_line(exc)}") from None

    def _match_manifest(self) -> None:
        """Exactly the signed files, each with its signed size: no more, no fewer."""
        present = set(self._entries) - {MANIFEST, SIGNATURE}
        listed = set(self.manifest.files)
        extra, missing = sorted(present - listed), sorted(listed - present)
        if extra:
            raise BundleError(f"{extra[0]!r} is not in the signed manifest"
                              + (f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""))
        if missing:
            raise BundleError(f"the signed manifest lists {missing[0]!r} but the bundle lacks it"
                              + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
        for name in sorted(listed):
            declared, signed = self._entries[name].file_size, self.manifest.files[name][1]
            if declared != signed:
                raise BundleError(f"{name} is {declared} bytes, the signed manifest says {signed}")

    def extract(self, name: str, write: Callable[[bytes], object] | None = None) -> None:
        """Stream one file to `write`, refusing it if its size or SHA-256 is not the signed one.

        The caller must discard what was written when this raises.
        """
        expected_hash, expected_size = self.manifest.files[name]
        digest, done = hashlib.sha256(), 0
        try:
            src = self._zf.open(self._entries[name])
        except _ZIP_ERRORS as exc:
            raise BundleError(f"{name} is damaged: {_one_line(exc)}") from None
        with src:
            while chunk := self._read_chunk(src, name):
                done += len(chunk)
                if done > expected_size:
                    raise BundleError(f"{name} holds more than its signed {expected_size} bytes")
                digest.update(chunk)
                if write is not None:
                    write(chunk)  # its errors (a full disk) are not the bundle's fault
        if done != expected_size:
            raise BundleError(f"{name} is {done} bytes, the signed manifest says {expected_size}")
        if digest.hexdigest() != expected_hash:
            raise BundleError(f"{name} was modified: its SHA-256 differs from the signed manifest")

    @staticmethod
    def _read_chunk(src, name: str) -> bytes:
        try:
            return src.read(CHUNK)
        except _ZIP_ERRORS as exc:  # bad CRC, truncated or corrupt deflate data, read error
            raise BundleError(f"{name} is damaged: {_one_line(exc)}") from None

    def verify_all(self) -> None:
        for name in sorted(self.manifest.files):
            self.extract(name)


def check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Refuse what no bundle of ours contains, from the central directory alone."""
    if len(infos) > limits.max_entries:
        raise BundleError(f"too many entries: {len(infos)} (at most {limits.max_entries})")
    entries: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name, info)
        if name.casefold() in folded:  # also catches A.png/a.png on case-insensitive disks
            raise BundleError(f"duplicate entry {name!r}")
        folded.add(name.casefold())
        if info.flag_bits & 0x1:
            raise BundleError(f"{name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"{name!r} uses compression method {info.compress_type}; "
                              "bundles are stored or deflated")
        if info.file_size > limits.max_file_bytes:
            raise BundleError(f"{name!r} is {info.file_size} bytes, above the limit of "
                              f"{limits.max_file_bytes}")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise BundleError(f"the files total more than the limit of {limits.max_total_bytes} bytes")
        if (info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            ratio = info.file_size / max(info.compress_size, 1)
            raise BundleError(f"{name!r} has a compression ratio of {ratio:.0f}:1 (at most "
                              f"{limits.max_ratio:.0f}:1): a zip bomb")
        entries[name] = info
    return entries


def _check_name(name: str, info: zipfile.ZipInfo) -> None:
    if not name:
        raise BundleError("an entry has an empty name")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or name.startswith("\\"):
        raise BundleError(f"absolute path {name!r} in the bundle")
    if ".." in re.split(r"[/\\]", name):
        raise BundleError(f"path traversal in {name!r}")
    if "\\" in name or "\0" in name:
        raise BundleError(f"unsafe name {name!r} (backslash or NUL)")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise BundleError(f"{name!r} is a symbolic link; bundles hold plain files only")
    if name.endswith("/") or stat.S_ISDIR(mode) or info.external_attr & 0x10:
        raise BundleError(f"{name!r} is a directory entry; bundles hold plain files only")
    if stat.S_IFMT(mode) and not stat.S_ISREG(mode):
        raise BundleError(f"{name!r} is a special file; bundles hold plain files only")


def parse_manifest(raw: bytes, limits: Limits) -> Manifest:
    """Check the signed manifest's shape; the signature alone does not make it well formed."""
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BundleError("the signed manifest is not JSON") from None
    if not isinstance(value, dict) or canonical(value) != raw:
        # Canonical bytes also rule out duplicate keys that two JSON readers could read apart.
        raise BundleError("the signed manifest is not canonical JSON")
    if type(value.get("format")) is not int or value["format"] != FORMAT:  # true == 1 in Python
        raise BundleError(f"bundle format {value.get('format')!r}; this kiosk reads {FORMAT}")
    edition, created, files = value.get("edition"), value.get("created"), value.get("files")
    if not is_valid_edition(edition, allow_zero=True):
        raise BundleError(f"the signed manifest's edition must be a whole number from 0 to "
                          f"{MAX_EDITION:,}")
    if not isinstance(created, str):
        raise BundleError("the signed manifest has no creation time")
    if not isinstance(files, dict) or CATALOG not in files:
        raise BundleError(f"the signed manifest does not list {CATALOG}")
    if len(files) > limits.max_entries - 2:
        raise BundleError(f"the signed manifest lists {len(files)} files "
                          f"(at most {limits.max_entries - 2})")
    parsed: dict[str, tuple[str, int]] = {}
    for name, entry in files.items():
        if not SAFE_NAME.fullmatch(name):
            raise BundleError(f"unsafe name {name!r} in the signed manifest")
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        if not (isinstance(digest, str) and _HEX64.fullmatch(digest)
                and type(size) is int and size >= 0):
            raise BundleError(f"the signed manifest's entry for {name!r} is malformed")
        parsed[name] = (digest, size)
    return Manifest(edition, created, parsed, raw)


def verify_bundle(path: Path, trusted: list, limits: Limits | None = None) -> tuple[Manifest, str]:
    """Check everything an install would check before unpacking; return (manifest, signer)."""
    with Bundle(path, trusted, limits) as bundle:
        bundle.verify_all()
        return bundle.manifest, bundle.signer


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
