"""Property-based fuzzing of the bundle reader (kiosk/staff): whatever arrives on a USB stick —
random bytes, a truncated or bit-flipped real bundle, zip entries that climb out with `../` or
start at `/`, links, duplicates, sizes that lie, bombs, signed but ill-formed manifests, wrong
signatures — `verify` and `install` refuse it with one plain line (a `BundleError`), never a
traceback, and the edition the kiosk shows is exactly as it was.

`KIOSK_FUZZ_EXAMPLES` raises the number of examples for a long run (bench/fuzz.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.staff import cli
from kiosk.staff.bundle import CATALOG, MANIFEST, SIGNATURE, canonical, pack, verify_bundle
from kiosk.staff.errors import BundleError
from kiosk.staff.install import install
from kiosk.staff.keys import keygen, load_private_key, load_trusted
from kiosk.staff.state import CURRENT, PREVIOUS, read_pointer
from tests.conftest import write

EXAMPLES = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- one real museum, made once ---------------------------------------------------------------

class Museum:
    """A signing key, a trusted copy of its public half, a data folder with edition 2 installed
    (kept pristine as a template), and edition 3's genuine bundle as bytes to break."""

    def __init__(self, folder: Path) -> None:
        content = folder / "content"
        write(content / "site.yaml", """
            title: {vi: Triển lãm, en: Exhibition}
            languages: [vi, en]
            default_language: vi
            edition: 2
        """)
        write(content / "items/main/item.yaml", "kind: section\norder: 1\nitems: [crc]\n")
        write(content / "items/main/vi.md", "---\ntitle: Chính\n---\n")
        write(content / "items/main/en.md", "---\ntitle: Main\n---\n")
        write(content / "items/crc/item.yaml", """
            kind: treaty
            abbreviation: CRC
            adopted: 1989-11-20
            monitoring_body: Committee on the Rights of the Child
            sources:
              - title: United Nations Treaty Collection
        """)
        write(content / "items/crc/vi.md", "---\ntitle: Công ước về quyền trẻ em\n---\nQuyền.\n")
        write(content / "items/crc/en.md", "---\ntitle: Rights of the Child\n---\nRights.\n")
        self.key_path, self.pub_path = keygen(folder / "keys")
        self.key = load_private_key(self.key_path)
        self.trusted = load_trusted([self.pub_path])
        self.other_key_path, _ = keygen(folder / "other-keys")
        self.template = folder / "installed"
        self.template.mkdir()
        install(pack(content, self.key_path, 2, folder / "e2.zip").path, self.template,
                [self.pub_path])
        self.bundle = pack(content, self.key_path, 3, folder / "e3.zip").path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(self.bundle)) as zf:
            self.files = {name: zf.read(name) for name in zf.namelist()}
        self.manifest = json.loads(self.files[MANIFEST])

    def sign(self, manifest: bytes) -> bytes:
        return self.key.sign(manifest)


@pytest.fixture(scope="module")
def museum(tmp_path_factory) -> Museum:
    return Museum(tmp_path_factory.mktemp("museum"))


def snapshot(root: Path) -> dict:
    """Everything an install could change: both pointers and every installed file's bytes."""
    files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}
    return {"current": read_pointer(root, CURRENT), "previous": read_pointer(root, PREVIOUS),
            "files": files}


def refused_or_genuine(museum: Museum, data: bytes, workdir: Path) -> str | None:
    """Verify and install `data` as a bundle; return the refusal, or None when it was accepted
    (then it must be exactly the genuine edition 3). A refusal is one plain line and leaves
    the installed edition untouched."""
    path = workdir / "stick.zip"
    path.write_bytes(data)
    root = workdir / "data"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(museum.template, root, symlinks=True)
    before = snapshot(root)
    try:
        manifest, _signer = verify_bundle(path, museum.trusted)
    except BundleError as refusal:
        reason = str(refusal)
        assert reason and "\n" not in reason and "Traceback" not in reason, reason
        try:
            install(path, root, [museum.pub_path])
        except BundleError as again:
            assert "\n" not in str(again)
        else:
            raise AssertionError(f"verify refused ({reason}) but install accepted")
        assert snapshot(root) == before, "a refused bundle changed the installed edition"
        return reason
    assert manifest.raw == museum.files[MANIFEST]  # only the genuine signed manifest passes
    result = install(path, root, [museum.pub_path])
    assert result.edition == 3
    return None


# -- bytes off a stick ------------------------------------------------------------------------

@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_are_refused_in_one_line(museum, tmp_path_factory, data):
    assert refused_or_genuine(museum, data, tmp_path_factory.mktemp("b")) is not None


@FUZZ
@given(cut=st.integers(min_value=0))
def test_a_truncated_bundle_is_refused(museum, tmp_path_factory, cut):
    cut %= len(museum.bundle)
    assert refused_or_genuine(museum, museum.bundle[:cut], tmp_path_factory.mktemp("t"))


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)),
                        min_size=1, max_size=8))
def test_a_bundle_with_changed_bytes_is_refused_or_still_the_genuine_edition(
        museum, tmp_path_factory, changes):
    data = bytearray(museum.bundle)
    for at, value in changes:
        data[at % len(data)] = value
    assume(bytes(data) != museum.bundle)
    refused_or_genuine(museum, bytes(data), tmp_path_factory.mktemp("m"))


@FUZZ
@given(junk=st.binary(min_size=1, max_size=512), at_end=st.booleans())
def test_junk_before_or_after_a_bundle_never_crashes(museum, tmp_path_factory, junk, at_end):
    data = museum.bundle + junk if at_end else junk + museum.bundle
    refused_or_genuine(museum, data, tmp_path_factory.mktemp("j"))


# -- zips made to attack ----------------------------------------------------------------------

def a_zip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicates it is told to write
        for info, data in entries:
            zf.writestr(info, data)
    return out.getvalue()


def entry(name: str, mode: int = stat.S_IFREG | 0o644, deflate: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    return info


def genuine_entries(museum: Museum) -> list[tuple[zipfile.ZipInfo, bytes]]:
    return [(entry(name), data) for name, data in museum.files.items()]


HOSTILE_NAMES = st.sampled_from([
    "../catalog.db", "../../etc/cron.d/x", "catalog.media/../../x", "/etc/passwd",
    "/catalog.db", "C:/Windows/x", "c:x", "\\\\server\\share", "catalog.media\\..\\x",
    "catalog.db\0.png", "", "catalog.media/", "CATALOG.DB", "Catalog.db", "catalog.media/.x",
    "catalog.media/a/../../b", "catalog.media//x", "./catalog.db", "manifest.json",
    "MANIFEST.JSON", "catalog.media/\u202egnp.exe", "catalog.media/ok.png",
])
NAMES = st.one_of(HOSTILE_NAMES, st.text(st.characters(blacklist_categories=("Cs",)),
                                         max_size=40))
MODES = st.sampled_from([stat.S_IFREG | 0o644, stat.S_IFLNK | 0o777, stat.S_IFDIR | 0o755,
                         stat.S_IFCHR | 0o644, stat.S_IFIFO | 0o644, stat.S_IFSOCK | 0o644,
                         stat.S_IFREG | stat.S_ISUID | 0o755, 0])


@FUZZ
@given(extra=st.lists(st.tuples(NAMES, MODES, st.binary(max_size=64)), min_size=1, max_size=4),
       keep_genuine=st.booleans())
def test_hostile_entries_are_refused(museum, tmp_path_factory, extra, keep_genuine):
    entries = genuine_entries(museum) if keep_genuine else []
    for name, mode, data in extra:
        entries.append((entry(name, mode), data))
    try:
        data = a_zip(entries)
    except (ValueError, UnicodeEncodeError):
        assume(False)  # not even writable as a zip
    assert refused_or_genuine(museum, data, tmp_path_factory.mktemp("h")) is not None


@FUZZ
@given(name=st.sampled_from([CATALOG, MANIFEST, "catalog.media/a.png"]),
       upper=st.booleans())
def test_duplicate_names_are_refused(museum, tmp_path_factory, name, upper):
    entries = genuine_entries(museum)
    entries.append((entry(name.upper() if upper else name), b"second copy"))
    reason = refused_or_genuine(museum, a_zip(entries), tmp_path_factory.mktemp("d"))
    assert reason and ("duplicate" in reason or "not in the signed manifest" in reason), reason


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s uncompressed size in the central directory (and local header)
    replaced: what a hand-made bomb declares."""
    out = bytearray(data)
    encoded = name.encode()
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(out[central + 28:central + 30], "little")
        if bytes(out[central + 46:central + 46 + name_length]) == encoded:
            out[central + 24:central + 28] = min(size, 0xFFFFFFFE).to_bytes(4, "little")
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


@FUZZ
@given(size=st.integers(min_value=1, max_value=0xFFFFFFFE),
       name=st.sampled_from([CATALOG, MANIFEST, SIGNATURE]))
def test_sizes_that_lie_are_refused(museum, tmp_path_factory, size, name):
    genuine = len(museum.files[name])
    assume(size != genuine)
    data = with_declared_size(museum.bundle, name, size)
    reason = refused_or_genuine(museum, data, tmp_path_factory.mktemp("s"))
    # The catalog's size is signed, so any other is refused. The manifest and signature are
    # checked by the signature itself: a size that lies about them may still read back the
    # genuine bytes, and then the bundle is the genuine edition.
    assert reason or name != CATALOG


@FUZZ
@given(megabytes=st.integers(min_value=2, max_value=8), signed=st.booleans())
def test_a_zip_bomb_is_refused_before_it_is_inflated(museum, tmp_path_factory, megabytes, signed):
    zeros = b"\0" * (megabytes << 20)
    files = {CATALOG: {"sha256": hashlib.sha256(zeros).hexdigest(), "size": len(zeros)}}
    manifest = canonical({"format": 1, "edition": 3, "created": "2025-01-01T00:00:00Z",
                          "files": files})
    entries = [(entry(MANIFEST), manifest),
               (entry(SIGNATURE), museum.sign(manifest) if signed else b"\0" * 64),
               (entry(CATALOG, deflate=True), zeros)]
    reason = refused_or_genuine(museum, a_zip(entries), tmp_path_factory.mktemp("z"))
    assert "zip bomb" in reason, reason


# -- manifests: signed, yet wrong -------------------------------------------------------------

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                      st.floats(allow_nan=False), st.text(max_size=20))
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)
ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def manifest_variants(museum: Museum):
    """The genuine manifest with one field replaced, dropped, or the whole of it replaced."""
    fields = st.sampled_from(["format", "edition", "created", "files"])
    file_fields = st.sampled_from(["sha256", "size"])
    return st.one_of(
        st.tuples(st.just("replace"), fields, JSON),
        st.tuples(st.just("drop"), fields, st.none()),
        st.tuples(st.just("file"), file_fields, JSON),
        st.tuples(st.just("name"), ODD_TEXT, st.none()),
        st.tuples(st.just("whole"), st.none(), JSON),
    )


def mutate_manifest(genuine: dict, how: str, field, value):
    manifest = json.loads(json.dumps(genuine))
    if how == "replace":
        manifest[field] = value
    elif how == "drop":
        manifest.pop(field)
    elif how == "file":
        manifest["files"][CATALOG][field] = value
    elif how == "name":
        manifest["files"][field] = manifest["files"].pop(CATALOG)
    else:
        manifest = value
    return manifest


@FUZZ
@given(data=st.data(), is_canonical=st.booleans())
def test_signed_but_ill_formed_manifests_are_refused(museum, tmp_path_factory, data, is_canonical):
    how, field, value = data.draw(manifest_variants(museum))
    manifest = mutate_manifest(museum.manifest, how, field, value)
    raw = canonical(manifest) if is_canonical else json.dumps(manifest, indent=1).encode()
    assume(raw != museum.files[MANIFEST])
    entries = [(entry(MANIFEST), raw), (entry(SIGNATURE), museum.sign(raw))]
    entries += [(entry(n), d) for n, d in museum.files.items() if n not in (MANIFEST, SIGNATURE)]
    reason = refused_or_genuine(museum, a_zip(entries), tmp_path_factory.mktemp("f"))
    assert reason


@FUZZ
@given(signature=st.one_of(st.binary(min_size=64, max_size=64), st.binary(max_size=200)),
       edition=st.integers(min_value=0, max_value=2**40))
def test_wrong_signatures_are_refused(museum, tmp_path_factory, signature, edition):
    manifest = canonical(dict(museum.manifest, edition=edition))
    assume(signature != museum.sign(manifest))
    entries = [(entry(MANIFEST), manifest), (entry(SIGNATURE), signature)]
    entries += [(entry(n), d) for n, d in museum.files.items() if n not in (MANIFEST, SIGNATURE)]
    reason = refused_or_genuine(museum, a_zip(entries), tmp_path_factory.mktemp("w"))
    assert "signature" in reason or "Ed25519" in reason, reason


def test_a_bundle_signed_by_another_museum_is_refused(museum, tmp_path):
    other = load_private_key(museum.other_key_path)
    manifest = museum.files[MANIFEST]
    entries = [(entry(MANIFEST), manifest), (entry(SIGNATURE), other.sign(manifest))]
    entries += [(entry(n), d) for n, d in museum.files.items() if n not in (MANIFEST, SIGNATURE)]
    reason = refused_or_genuine(museum, a_zip(entries), tmp_path)
    assert "does not match any trusted key" in reason


def test_the_genuine_bundle_installs(museum, tmp_path):
    assert refused_or_genuine(museum, museum.bundle, tmp_path) is None


# -- what the technician reads ----------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda m: b"PK\x03\x04 not really a zip",
    lambda m: m.bundle[: len(m.bundle) // 2],
    lambda m: a_zip([(entry("../escape"), b"x"), *genuine_entries(m)]),
    lambda m: a_zip([(entry("catalog.media/link", stat.S_IFLNK | 0o777), b"/etc/passwd")]),
], ids=["not-a-zip", "truncated", "traversal", "symlink"])
def test_the_command_line_refuses_in_one_line(museum, tmp_path, make):
    stick = tmp_path / "stick.zip"
    stick.write_bytes(make(museum))
    for command, args in ((cli.verify, []), (cli.install, ["--root", str(tmp_path / "data")])):
        result = CliRunner().invoke(command, [str(stick), "--trust", str(museum.pub_path), *args])
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("refused: "), result.output
        assert "Traceback" not in result.output
