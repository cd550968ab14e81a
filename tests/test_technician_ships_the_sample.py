"""A technician ships the exhibition that comes with the kiosk, exactly as the README says.

`kiosk pack content …` once refused the shipped sample: the Deep Zoom pyramid of its poster
carried a marker file whose name a bundle may not hold. These tests pack, verify and install
the real `content/`, check that every name a build makes is one a bundle may carry, and that an
edition number too large for the install folders is refused before anything is installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.catalog.read import Catalog
from kiosk.cli import main as kiosk_main
from kiosk.content.edition import MAX_EDITION
from kiosk.staff.bundle import SAFE_NAME
from kiosk.staff.errors import BundleError
from kiosk.staff.state import new_edition_dir
from tests.conftest import SAMPLE_CONTENT


def kiosk(*args):
    return CliRunner().invoke(kiosk_main, [str(a) for a in args], catch_exceptions=False)


def test_every_file_the_build_makes_may_travel_in_a_bundle(sample_catalog: Path) -> None:
    media = sample_catalog.with_name("catalog.media")
    names = [p.relative_to(sample_catalog.parent).as_posix() for p in media.rglob("*")
             if p.is_file()]
    assert any("/tiles/" in n or n.endswith(".dzi") for n in names), "the sample has a pyramid"
    refused = [n for n in names if not SAFE_NAME.fullmatch(n)]
    assert refused == []


def test_the_shipped_exhibition_packs_verifies_and_installs(tmp_path: Path) -> None:
    keys, root = tmp_path / "keys", tmp_path / "kiosk-data"
    assert kiosk("keygen", "--out", keys).exit_code == 0
    (root / "trusted").mkdir(parents=True)
    (root / "trusted" / "museum.pub").write_bytes((keys / "signing.pub").read_bytes())
    bundle = tmp_path / "usb" / "edition-2.zip"
    bundle.parent.mkdir()

    packed = kiosk("pack", SAMPLE_CONTENT, "--key", keys / "signing.key", "--edition", 2,
                   "--out", bundle)
    assert packed.exit_code == 0, packed.output
    verified = kiosk("verify", bundle, "--root", root)
    assert verified.exit_code == 0, verified.output
    installed = kiosk("install", bundle, "--root", root)
    assert installed.exit_code == 0, installed.output

    status = json.loads(kiosk("status", "--root", root, "--json").stdout)
    assert status["edition"] == 2
    catalog = Catalog(os.path.join(root, "current", "catalog.db"))
    try:
        assert catalog.site.edition == 2
        assert catalog.item_kind("udhr") == "document"
    finally:
        catalog.close()


@pytest.mark.parametrize("edition", [MAX_EDITION + 1, 10**30])
def test_an_edition_too_large_for_the_install_folders_is_refused_everywhere(
        tmp_path: Path, small_exhibition: Path, edition: int) -> None:
    keys = tmp_path / "keys"
    kiosk("keygen", "--out", keys)
    packed = kiosk("pack", small_exhibition, "--key", keys / "signing.key", "--edition", edition,
                   "--out", tmp_path / "big.zip")
    assert packed.exit_code != 0 and not (tmp_path / "big.zip").exists()
    assert "Traceback" not in packed.output

    with pytest.raises(BundleError, match="at most 18 digits"):
        new_edition_dir(tmp_path, edition)
    assert not (tmp_path / "editions").exists() or not any((tmp_path / "editions").iterdir())

    site = small_exhibition / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("edition: 3", f"edition: {edition}"), "utf-8")
    checked = kiosk("check", small_exhibition)
    assert checked.exit_code == 1
    assert "site.yaml:5:" in checked.output
    # past 64 bits the YAML reader refuses the number itself; below, the edition rule does
    assert ("'edition' must be a whole number" in checked.output
            or "is too large" in checked.output), checked.output
