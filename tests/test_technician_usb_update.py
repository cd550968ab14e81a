"""A technician plugs in a USB stick with a new edition; the kiosk installs it by itself."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from kiosk.staff import current_catalog
from kiosk.staff.bundle import pack
from kiosk.staff.keys import keygen
from kiosk.staff.state import edition_of
from kiosk.staff.watch import BundleWatcher, last_update


@pytest.fixture
def site(tmp_path, small_exhibition):
    key, pub = keygen(tmp_path / "keys")
    root = tmp_path / "data"
    (root / "trusted").mkdir(parents=True)
    (root / "trusted" / "museum.pub").write_bytes(pub.read_bytes())
    stick = tmp_path / "media" / "usb0"
    stick.mkdir(parents=True)
    return small_exhibition, key, root, stick


def installed_edition(root):
    catalog = current_catalog(root)
    return edition_of(catalog.parent) if catalog else None


def test_a_newer_edition_on_a_stick_is_installed_once(site):
    content, key, root, stick = site
    pack(content, key, 1, stick / "edition-1.zip")
    usage = root / "usage.db"
    sqlite3.connect(usage).execute("CREATE TABLE t (x)").connection.commit()
    watcher = BundleWatcher([stick.parent], root, usage_db=usage)

    outcomes = watcher.scan()
    assert [(o.outcome, o.edition) for o in outcomes] == [("installed", 1)]
    assert installed_edition(root) == 1
    assert last_update(root).outcome == "installed"
    assert list((stick / "kiosk-usage").glob("usage-*.db")), "usage figures left on the stick"
    assert watcher.scan() == []  # the same file is not tried again

    pack(content, key, 2, stick / "edition-2.zip")
    assert [(o.outcome, o.edition) for o in watcher.scan()] == [("installed", 2)]
    assert installed_edition(root) == 2


def test_a_tampered_or_older_bundle_is_refused_and_logged(site, tmp_path):
    content, key, root, stick = site
    pack(content, key, 3, tmp_path / "good.zip")
    BundleWatcher([], root)._try(tmp_path / "good.zip")
    assert installed_edition(root) == 3

    pack(content, key, 2, stick / "old.zip")
    forged = stick / "forged.zip"
    pack(content, key, 4, tmp_path / "four.zip")
    with zipfile.ZipFile(tmp_path / "four.zip") as source, zipfile.ZipFile(forged, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "catalog.db":
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.writestr(info, data)

    outcomes = {o.bundle.rsplit("/", 1)[1]: o for o in BundleWatcher([stick], root).scan()}
    assert outcomes["old.zip"].outcome == "not newer"
    assert outcomes["forged.zip"].outcome == "refused"
    assert "catalog.db" in outcomes["forged.zip"].reason
    assert installed_edition(root) == 3
    assert last_update(root).outcome in ("refused", "not newer")


def test_missing_folders_and_junk_are_ignored(site):
    content, key, root, stick = site
    (stick / "notes.zip").write_bytes(b"not a zip")
    outcomes = BundleWatcher([stick, stick / "missing"], root).scan()
    assert [o.outcome for o in outcomes] == ["refused"]
    assert installed_edition(root) is None


def test_no_usage_file_is_written_into_a_synced_editions_folder(site):
    content, key, root, stick = site
    (stick / ".stfolder").mkdir()  # Syncthing's marker: this is a receive-only synced folder
    pack(content, key, 1, stick / "edition-1.zip")
    usage = root / "usage.db"
    sqlite3.connect(usage).execute("CREATE TABLE t (x)").connection.commit()
    assert [o.outcome for o in BundleWatcher([stick], root, usage_db=usage).scan()] == ["installed"]
    assert not (stick / "kiosk-usage").exists()
