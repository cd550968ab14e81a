"""A technician updates an offline kiosk with a signed bundle, and can undo it.

Real keys, real signatures, real zips built from a small exhibition; every forged bundle is
made the way an attacker (or a broken USB stick) would make it, and each must be refused with
its reason while the kiosk keeps showing the edition it had.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization

from kiosk.catalog.read import Catalog
from kiosk.staff import current_catalog
from kiosk.staff.bundle import Limits
from kiosk.staff.cli import COMMANDS
from kiosk.staff.errors import BundleError
from kiosk.staff.install import install, rollback

KIOSK = click.Group("kiosk", commands={command.name: command for command in COMMANDS})


def kiosk(*args, env: dict | None = None):
    return CliRunner(env=env).invoke(KIOSK, [str(a) for a in args], catch_exceptions=False)


def assert_refused(result, reason: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert reason in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


@dataclass
class Site:
    tmp: Path
    content: Path
    keys: Path
    root: Path

    @property
    def key(self) -> Path:
        return self.keys / "signing.key"

    @property
    def pub(self) -> Path:
        return self.keys / "signing.pub"

    def pack(self, edition: int) -> Path:
        out = self.tmp / f"edition-{edition}.zip"
        result = kiosk("pack", self.content, "--key", self.key, "--edition", edition, "--out", out)
        assert result.exit_code == 0, result.output
        return out

    def install(self, bundle: Path, *extra):
        return kiosk("install", bundle, "--root", self.root, *extra)

    def status(self) -> dict:
        result = kiosk("status", "--root", self.root, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def site(tmp_path: Path, small_exhibition: Path) -> Site:
    keys = tmp_path / "keys"
    assert kiosk("keygen", "--out", keys).exit_code == 0
    root = tmp_path / "data"
    (root / "trusted").mkdir(parents=True)
    (root / "trusted" / "museum.pub").write_bytes((keys / "signing.pub").read_bytes())
    return Site(tmp_path, small_exhibition, keys, root)


def read_entries(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(path: Path, entries) -> Path:
    """Entries are (name or ZipInfo, bytes); the zip is valid, only its content is forged."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


def signed_entries(files: dict[str, bytes], key_path: Path, edition: int,
                   listed: dict[str, bytes] | None = None) -> list[tuple[str, bytes]]:
    """A manifest in the documented format over `listed` (default: `files`), signed by key_path."""
    listed = files if listed is None else listed
    manifest = json.dumps({"format": 1, "edition": edition, "created": "2025-01-01T00:00:00Z",
                           "files": {name: {"sha256": hashlib.sha256(data).hexdigest(),
                                            "size": len(data)}
                                     for name, data in listed.items()}},
                          sort_keys=True, separators=(",", ":")).encode()
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    return [("manifest.json", manifest), ("manifest.sig", key.sign(manifest)),
            *files.items()]


def flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


def media_name(entries: dict[str, bytes]) -> str:
    return sorted(n for n in entries if n.startswith("catalog.media/"))[0]


def special(name: str, kind: int, data: bytes = b"x") -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (kind | 0o777) << 16
    return info, data


# Forgeries: (site, good edition-5 bundle, output path) -> the forged bundle ----------------
def changed_catalog(site, good, out):
    e = read_entries(good)
    e["catalog.db"] = flip(e["catalog.db"])
    return write_zip(out, e.items())


def changed_media(site, good, out):
    e = read_entries(good)
    e[media_name(e)] = flip(e[media_name(e)])
    return write_zip(out, e.items())


def raw_byte_flipped(site, good, out):
    """A bad USB stick: one byte of a stored image flips inside the zip file itself."""
    e, raw = read_entries(good), bytearray(good.read_bytes())
    at = raw.find(e[media_name(e)]) + len(e[media_name(e)]) // 2
    raw[at] ^= 0x01
    out.write_bytes(bytes(raw))
    return out


def mixed_editions(site, good, out):
    """The genuine catalog of edition 4 under edition 5's signed manifest."""
    e = read_entries(good)
    e["catalog.db"] = read_entries(site.tmp / "edition-4.zip")["catalog.db"]
    return write_zip(out, e.items())


def file_added(site, good, out):
    return write_zip(out, [*read_entries(good).items(), ("catalog.media/extra.png", b"\x89PNG")])


def file_removed(site, good, out):
    e = read_entries(good)
    del e[media_name(e)]
    return write_zip(out, e.items())


def resigned_untrusted(site, good, out):
    assert kiosk("keygen", "--out", site.tmp / "intruder").exit_code == 0
    files = {n: d for n, d in read_entries(good).items() if not n.startswith("manifest.")}
    files["catalog.db"] = flip(files["catalog.db"])
    return write_zip(out, signed_entries(files, site.tmp / "intruder" / "signing.key", 5))


def edition_edited(site, good, out):
    e = read_entries(good)
    e["manifest.json"] = e["manifest.json"].replace(b'"edition":5', b'"edition":50')
    return write_zip(out, e.items())


def traversal(site, good, out):
    return write_zip(out, [*read_entries(good).items(), ("../evil.sh", b"rm -rf /")])


def nested_traversal(site, good, out):
    return write_zip(out, [*read_entries(good).items(), ("catalog.media/../../../evil", b"x")])


def absolute(site, good, out):
    return write_zip(out, [*read_entries(good).items(), ("/etc/cron.d/evil", b"x")])


def symlink(site, good, out):
    return write_zip(out, [*read_entries(good).items(),
                           special("catalog.media/link.png", stat.S_IFLNK, b"/etc/shadow")])


def fifo(site, good, out):
    return write_zip(out, [*read_entries(good).items(), special("catalog.media/p", stat.S_IFIFO)])


def duplicate(site, good, out):
    e = read_entries(good)
    with pytest.warns(UserWarning, match="Duplicate name"):
        return write_zip(out, [*e.items(), ("catalog.db", flip(e["catalog.db"]))])


def ten_thousand_entries(site, good, out):
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in read_entries(good).items():
            zf.writestr(name, data)
        for number in range(10_000):
            zf.writestr(f"catalog.media/{number:05d}.png", b"")
    return out


def manifest_lists_missing(site, good, out):
    files = {n: d for n, d in read_entries(good).items() if not n.startswith("manifest.")}
    listed = {**files, "catalog.media/ghost-display.png": b"never shipped"}
    return write_zip(out, signed_entries(files, site.key, 5, listed))


def manifest_unsafe_name(site, good, out):
    files = {n: d for n, d in read_entries(good).items() if not n.startswith("manifest.")}
    return write_zip(out, signed_entries(files, site.key, 5, {**files, "../evil": b"x"}))


def manifest_wrong_edition(site, good, out):
    """Signed by the museum's own key, but the catalog inside is not the edition it claims."""
    files = {n: d for n, d in read_entries(good).items() if not n.startswith("manifest.")}
    return write_zip(out, signed_entries(files, site.key, 9))


def no_manifest(site, good, out):
    return write_zip(out, [(n, d) for n, d in read_entries(good).items()
                           if not n.startswith("manifest.")])


def not_a_zip(site, good, out):
    out.write_bytes(b"this is a photo of the exhibition, not a bundle" * 100)
    return out


FORGERIES = [
    (changed_catalog, "catalog.db was modified", True),
    (changed_media, "was modified: its SHA-256 differs", True),
    (raw_byte_flipped, "is damaged: Bad CRC-32", True),
    (mixed_editions, "catalog.db was modified", True),
    (file_added, "'catalog.media/extra.png' is not in the signed manifest", True),
    (file_removed, "but the bundle lacks it", True),
    (resigned_untrusted, "does not match any trusted key", True),
    (edition_edited, "does not match any trusted key", True),
    (traversal, "path traversal in '../evil.sh'", True),
    (nested_traversal, "path traversal", True),
    (absolute, "absolute path '/etc/cron.d/evil'", True),
    (symlink, "'catalog.media/link.png' is a symbolic link", True),
    (fifo, "is a special file", True),
    (duplicate, "duplicate entry 'catalog.db'", True),
    (ten_thousand_entries, "too many entries", True),
    (manifest_lists_missing, "lists 'catalog.media/ghost-display.png' but the bundle lacks it", True),
    (manifest_unsafe_name, "unsafe name '../evil' in the signed manifest", True),
    (manifest_wrong_edition, "the catalog is edition 5 but the signed manifest says 9", False),
    (no_manifest, "no manifest.json", True),
    (not_a_zip, "is not a readable zip", True),
]


@pytest.fixture
def installed(site: Site) -> Site:
    """Edition 4 installed; edition 5 packed beside it."""
    assert site.install(site.pack(4)).exit_code == 0
    site.pack(5)
    return site


def assert_unchanged(site: Site, before: dict) -> None:
    after = site.status()
    assert (after["edition"], after["catalog"], after["installed"]) == \
        (before["edition"], before["catalog"], before["installed"])
    assert Catalog(after["catalog"]).site.edition == before["edition"]
    assert current_catalog(site.root) == Path(before["catalog"])


# The technician's day -------------------------------------------------------------------------
def test_pack_verify_install_update_and_roll_back(site: Site) -> None:
    assert stat.S_IMODE(site.key.stat().st_mode) == 0o600
    assert len(base64.b64decode(site.pub.read_text().strip(), validate=True)) == 32
    assert site.status()["edition"] is None and current_catalog(site.root) is None

    four = site.pack(4)
    checked = kiosk("verify", four, "--trust", site.pub)
    assert checked.exit_code == 0 and checked.stdout.count("\n") == 1
    assert checked.stdout.startswith("ok: edition 4, 3 files")

    assert site.install(four).exit_code == 0
    state = site.status()
    assert (state["edition"], state["previous_edition"]) == (4, None)
    catalog = Path(state["catalog"])
    assert catalog.is_absolute() and catalog == current_catalog(site.root)
    assert Catalog(catalog).site.edition == 4
    assert Catalog(catalog).stats()["items"] == {"section": 1, "treaty": 1, "document": 1,
                                                 "image": 1}
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o444

    assert site.install(site.pack(5)).exit_code == 0
    state = site.status()
    assert (state["edition"], state["previous_edition"]) == (5, 4)
    assert state["previous_catalog"] == str(catalog)
    assert Catalog(current_catalog(site.root)).site.edition == 5

    assert site.install(site.pack(6)).exit_code == 0  # edition 4 is no longer kept
    state = site.status()
    assert (state["edition"], state["previous_edition"]) == (6, 5)
    assert len(state["installed"]) == 2 and not catalog.exists()

    swapped = kiosk("rollback", "--root", site.root)
    assert swapped.exit_code == 0, swapped.output
    assert swapped.stdout.strip() == "now showing edition 5 (previous: 6)"
    assert (site.status()["edition"], site.status()["previous_edition"]) == (5, 6)
    assert Catalog(current_catalog(site.root)).site.edition == 5
    assert kiosk("rollback", "--root", site.root).exit_code == 0
    assert (site.status()["edition"], site.status()["previous_edition"]) == (6, 5)


def test_rollback_without_the_atomic_swap_still_swaps(installed: Site) -> None:
    install(installed.tmp / "edition-5.zip", installed.root)
    result = rollback(installed.root, atomic=False)
    assert (result.edition, result.previous_edition) == (4, 5)
    state = installed.status()
    assert (state["edition"], state["previous_edition"]) == (4, 5)


def test_older_or_same_edition_is_refused_unless_allowed(installed: Site) -> None:
    before = installed.status()
    three = installed.pack(3)
    assert_refused(installed.install(three), "edition 3 is not newer than the installed edition 4")
    assert_refused(installed.install(installed.tmp / "edition-4.zip"), "not newer")
    assert_unchanged(installed, before)

    assert installed.install(three, "--allow-older").exit_code == 0
    state = installed.status()
    assert (state["edition"], state["previous_edition"]) == (3, 4)
    assert Catalog(state["catalog"]).site.edition == 3


@pytest.mark.parametrize("forge, reason, verify_catches", FORGERIES,
                         ids=[f[0].__name__ for f in FORGERIES])
def test_forged_bundle_is_refused_and_the_kiosk_keeps_its_edition(
        installed: Site, forge, reason: str, verify_catches: bool) -> None:
    before = installed.status()
    bad = forge(installed, installed.tmp / "edition-5.zip", installed.tmp / "forged.zip")
    assert_refused(installed.install(bad), reason)
    assert_unchanged(installed, before)
    if verify_catches:
        assert_refused(kiosk("verify", bad, "--trust", installed.pub), reason)
    assert installed.install(installed.tmp / "edition-5.zip").exit_code == 0  # still works


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> Path:
    """1 GB of zeros deflated to ~4 MB, written in chunks (never 1 GB in memory)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    zeros = bytes(4 << 20)
    # Level 1 is the fastest (about 1.3 s here) and still inflates about 230:1.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("catalog.media/0000-display.png", "w") as handle:
            for _ in range(10**9 // len(zeros)):
                handle.write(zeros)
            handle.write(zeros[:10**9 % len(zeros)])
    return path


def test_zip_bomb_is_refused_before_anything_is_inflated(installed: Site, zip_bomb: Path) -> None:
    before = installed.status()
    bad = _merge_raw(installed.tmp / "edition-5.zip", zip_bomb)
    started = time.monotonic()
    assert_refused(installed.install(bad), "compression ratio")
    assert_refused(kiosk("verify", bad, "--trust", installed.pub), "a zip bomb")
    assert time.monotonic() - started < 5
    assert_unchanged(installed, before)


def _merge_raw(small: Path, bomb: Path) -> Path:
    """The bomb's archive with a real bundle's entries appended ("a" mode inflates nothing)."""
    merged = small.with_name("merged.zip")
    merged.write_bytes(bomb.read_bytes())
    with zipfile.ZipFile(merged, "a") as zf, zipfile.ZipFile(small) as extra:
        for info in extra.infolist():
            zf.writestr(info.filename, extra.read(info))
    return merged


def test_size_limits_are_configurable(installed: Site) -> None:
    good = installed.tmp / "edition-5.zip"
    with pytest.raises(BundleError, match="above the limit of 1000"):
        install(good, installed.root, limits=Limits(max_file_bytes=1000))
    with pytest.raises(BundleError, match="total more than the limit of 20000 bytes"):
        install(good, installed.root, limits=Limits(max_total_bytes=20_000))
    assert installed.status()["edition"] == 4


def test_refusals_are_one_line(site: Site, tmp_path: Path) -> None:
    assert_refused(kiosk("rollback", "--root", site.root), "no previous edition")
    assert_refused(kiosk("rollback", "--root", tmp_path / "nowhere"), "nothing is installed")
    assert_refused(kiosk("install", tmp_path / "missing.zip", "--root", site.root),
                   "no such file")
    assert_refused(kiosk("install", site.pack(4), "--root", tmp_path / "bare"),
                   "no trusted keys in")
    assert_refused(kiosk("verify", site.tmp / "edition-4.zip", "--trust", site.key),
                   "is not an Ed25519 public key")
    assert_refused(kiosk("pack", site.content, "--key", site.pub, "--edition", 1, "--out",
                         tmp_path / "x.zip"), "not an unencrypted Ed25519 private key")
    assert_refused(kiosk("keygen", "--out", site.keys), "refusing to overwrite")
    (site.content / "site.yaml").write_text("title: [broken\n", encoding="utf-8")
    result = kiosk("pack", site.content, "--key", site.key, "--edition", 7,
                   "--out", tmp_path / "broken.zip")
    assert result.exit_code == 1 and "no bundle written" in result.stderr
    assert not (tmp_path / "broken.zip").exists()


def test_status_and_data_dir_from_the_environment(installed: Site) -> None:
    result = kiosk("status", "--json", env={"KIOSK_DATA_DIR": str(installed.root)})
    state = json.loads(result.stdout)
    assert state["edition"] == 4 and state["trusted_keys"] == ["museum.pub"]
    assert state["created"].endswith("Z")
    text = kiosk("status", env={"KIOSK_DATA_DIR": str(installed.root)}).stdout
    assert text.startswith("edition 4 (previous: None)")
    empty = json.loads(kiosk("status", "--root", installed.tmp / "empty", "--json").stdout)
    assert (empty["edition"], empty["previous_edition"], empty["catalog"]) == (None, None, None)


def test_pem_public_keys_are_trusted_too(installed: Site) -> None:
    private = serialization.load_pem_private_key(installed.key.read_bytes(), password=None)
    pem = installed.tmp / "museum.pem"
    pem.write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    assert kiosk("verify", installed.tmp / "edition-5.zip", "--trust", pem).exit_code == 0


def test_one_install_at_a_time(installed: Site) -> None:
    with open(installed.root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert_refused(installed.install(installed.tmp / "edition-5.zip"),
                       "another install or rollback is running")
    assert installed.install(installed.tmp / "edition-5.zip").exit_code == 0
