"""A technician's catalog is damaged: cut short by a pulled USB stick, overwritten by another
program, made by another kiosk, or with a search index that disk rot reached. Whatever the
damage, every command says so in one line naming the file, a signed bundle carrying it is
refused with the installed edition left as it was, and a kiosk whose current edition is
damaged starts on its previous one.

Each kind of damage is made several ways (classes, not one example): real SQLite files
changed with SQLite itself or byte by byte, the way the damage happens.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization

from kiosk.catalog import integrity
from kiosk.catalog.read import Catalog, CatalogError
from kiosk.cli import main as kiosk_main
from kiosk.staff import current_catalog
from kiosk.staff.cli import COMMANDS
from kiosk.staff.state import PREVIOUS, _catalog_in, read_pointer
from kiosk.ui.staff.services import open_installed

STAFF = click.Group("kiosk", commands={command.name: command for command in COMMANDS})


def run(group, *args):
    return CliRunner().invoke(group, [str(a) for a in args], catch_exceptions=False)


def sql(*statements):
    def damage(path: Path) -> None:
        conn = sqlite3.connect(path)
        with conn:
            for statement in statements:
                conn.execute(statement)
        conn.execute("VACUUM")
        conn.close()
    return damage


def cut_at(fraction: float | int):
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: fraction if isinstance(fraction, int) else int(len(data) * fraction)])
    return damage


def page_overwritten(which: str):
    """One page of a table's b-tree filled with 0xFF, as a bad sector reads back."""
    def damage(path: Path) -> None:
        conn = sqlite3.connect(path)
        page_size, = conn.execute("PRAGMA page_size").fetchone()
        root, = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                             (which,)).fetchone()
        conn.close()
        with open(path, "r+b") as file:
            file.seek((root - 1) * page_size)
            file.write(b"\xff" * page_size)
    return damage


def replaced_by(data: bytes):
    def damage(path: Path) -> None:
        path.write_bytes(data)
    return damage


DAMAGE = {
    # cut short
    "cut after the header": cut_at(60),
    "cut after one page": cut_at(4096),
    "cut in half": cut_at(0.5),
    "cut one byte short": cut_at(-1),
    # not a catalog at all
    "empty": replaced_by(b""),
    "a text file": replaced_by(b"catalog.db\n" * 1000),
    "a zip": replaced_by(b"PK\x03\x04" + bytes(5000)),
    # made by another kiosk, or another program
    "an older schema": sql("UPDATE meta SET value = '3' WHERE key = 'schema_version'"),
    "no schema version": sql("DELETE FROM meta WHERE key = 'schema_version'"),
    "no items table": sql("DROP TABLE section_items", "DROP TABLE pages", "DROP TABLE items"),
    "no search index": sql("DROP TABLE search_index"),
    "no search rows": sql("DROP TABLE search_docs"),
    "a column missing": sql("ALTER TABLE media DROP COLUMN dzi"),
    "no edition": sql("DELETE FROM meta WHERE key = 'edition'"),
    "an edition in words": sql("""UPDATE meta SET value = '"four"' WHERE key = 'edition'"""),
    "languages not a list": sql("""UPDATE meta SET value = '"vi"' WHERE key = 'languages'"""),
    "a setting not JSON": sql("UPDATE meta SET value = '{oops' WHERE key = 'site_title'"),
    # damaged inside
    "search index blocks scrambled": sql(
        "UPDATE search_index_data SET block = randomblob(length(block)) WHERE id > 10"),
    "search index blocks lost": sql("DELETE FROM search_index_data WHERE id > 10"),
    "items page overwritten": page_overwritten("items"),
    "translations page overwritten": page_overwritten("translations"),
}


@pytest.fixture
def good_catalog(sample_catalog: Path) -> Path:
    """The shipped exhibition's catalog (built once for the run)."""
    return sample_catalog


def damaged_copy(good: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / "damaged" / "catalog.db"
    target.parent.mkdir()
    shutil.copy(good, target)
    DAMAGE[name](target)
    return target


def assert_one_line(result, path: Path) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] or path.name in lines[0], lines[0]
    assert "Traceback" not in result.output and "unexpected" not in lines[0], lines[0]
    return lines[0]


def test_the_good_catalog_passes_every_check(good_catalog: Path) -> None:
    assert integrity.damage(good_catalog) is None
    assert Catalog(good_catalog).search("quyen", "vi")


@pytest.mark.parametrize("name", list(DAMAGE))
def test_every_command_says_what_is_wrong_in_one_line(good_catalog, tmp_path, name) -> None:
    path = damaged_copy(good_catalog, tmp_path, name)
    before = path.read_bytes()
    reason = integrity.damage(path)
    assert reason and "\n" not in reason, reason
    for command in (["info", "-c", path], ["search", "-c", path, "quyen"],
                    ["run", "-c", path, "--windowed"]):
        assert_one_line(run(kiosk_main, *command), path)
    assert path.read_bytes() == before  # read-only: not even a journal beside it
    assert sorted(p.name for p in path.parent.iterdir()) == ["catalog.db"]


@pytest.mark.parametrize("name", list(DAMAGE))
def test_a_signed_bundle_with_a_damaged_catalog_is_refused(good_catalog, tmp_path, name) -> None:
    keys, root = tmp_path / "keys", tmp_path / "data"
    assert run(STAFF, "keygen", "--out", keys).exit_code == 0
    (root / "trusted").mkdir(parents=True)
    shutil.copy(keys / "signing.pub", root / "trusted" / "museum.pub")
    edition = Catalog(good_catalog).site.edition
    good = signed_bundle(tmp_path / "good.zip", good_catalog.read_bytes(), keys, edition)
    assert run(STAFF, "install", good, "--root", root).exit_code == 0
    shown = current_catalog(root)

    damaged = damaged_copy(good_catalog, tmp_path, name).read_bytes()
    bundle = signed_bundle(tmp_path / "damaged.zip", damaged, keys, edition + 1)
    line = assert_one_line(run(STAFF, "install", bundle, "--root", root), bundle)
    assert "catalog" in line
    assert current_catalog(root) == shown and Catalog(shown).site.edition == edition
    assert integrity.damage(shown) is None


def signed_bundle(out: Path, catalog: bytes, keys: Path, edition: int) -> Path:
    """A bundle in the documented format, signed with the museum's own key: only the catalog
    inside is damaged, as when a broken build machine packs it."""
    manifest = json.dumps({"format": 1, "edition": edition, "created": "2026-01-01T00:00:00Z",
                           "files": {"catalog.db": {"sha256": hashlib.sha256(catalog).hexdigest(),
                                                    "size": len(catalog)}}},
                          sort_keys=True, separators=(",", ":")).encode()
    key = serialization.load_pem_private_key((keys / "signing.key").read_bytes(), password=None)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest)
        zf.writestr("manifest.sig", key.sign(manifest))
        zf.writestr("catalog.db", catalog)
    return out


@pytest.mark.parametrize("name", ["search index blocks scrambled", "cut in half",
                                  "items page overwritten", "no search index"])
def test_a_kiosk_whose_edition_rots_on_disk_starts_on_the_previous_one(
        small_exhibition, tmp_path, name) -> None:
    keys, root = tmp_path / "keys", tmp_path / "data"
    assert run(STAFF, "keygen", "--out", keys).exit_code == 0
    (root / "trusted").mkdir(parents=True)
    shutil.copy(keys / "signing.pub", root / "trusted" / "museum.pub")
    for edition in (4, 5):
        bundle = tmp_path / f"e{edition}.zip"
        assert run(STAFF, "pack", small_exhibition, "--key", keys / "signing.key",
                   "--edition", edition, "--out", bundle).exit_code == 0
        assert run(STAFF, "install", bundle, "--root", root).exit_code == 0
    current = current_catalog(root)
    current.chmod(0o644)
    DAMAGE[name](current)

    catalog, path = open_installed(root, thorough=True)  # what the kiosk opens at start
    assert path == Path(_catalog_in(read_pointer(root, PREVIOUS)))
    assert catalog.site.edition == 4
    assert catalog.search("quyen", "vi") is not None


def test_a_search_on_a_damaged_index_is_a_catalog_error_not_a_crash(good_catalog, tmp_path):
    path = damaged_copy(good_catalog, tmp_path, "search index blocks scrambled")
    catalog = Catalog(path)  # the quick open does not read the index
    with pytest.raises(CatalogError, match="search failed, the catalog is damaged"):
        catalog.search("quyen", "vi")


def test_the_integrity_check_knows_every_table_the_builder_makes(good_catalog) -> None:
    conn = sqlite3.connect(good_catalog)
    for table, columns in integrity.REQUIRED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        assert set(columns) <= have, table
    conn.close()
