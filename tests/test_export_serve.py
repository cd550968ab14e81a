"""A technician sets `[site] serve = true`: visitors' phones read the site from the kiosk.

The kiosk exports its catalog and serves the folder read-only, on the local network, with no
log of who asked for what.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.export.serve import serve_catalog

REPO = Path(__file__).resolve().parents[1]


def test_technician_turns_serving_on_in_kiosk_toml(tmp_path):
    toml = tmp_path / "kiosk.toml"
    toml.write_text("[site]\nserve = true\nserve_port = 8765\n", encoding="utf-8")
    config, problems = load_config(toml)
    assert not problems and config.site.serve and config.site.serve_port == 8765
    toml.write_text("[site]\nserve = \"yes\"\n", encoding="utf-8")
    _, problems = load_config(toml)
    assert [p.message for p in problems] == ["site.serve must be true or false, not text in quotes"]
    assert load_config(tmp_path / "none.toml")[0].site.serve is False, "off by default"


@pytest.fixture(scope="module")
def catalog_path(sample_catalog) -> Path:
    return sample_catalog


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """The kiosk's data folder, shared: the second export there rewrites nothing."""
    return tmp_path_factory.mktemp("kiosk-data")


def test_visitor_phone_reads_the_served_site_and_nothing_is_logged(catalog_path, data_dir, capfd):
    server = serve_catalog(catalog_path, data_dir / "site", port=0, host="127.0.0.1")
    base = f"http://127.0.0.1:{server.port}"
    try:
        page = urllib.request.urlopen(f"{base}/vi/udhr.html", timeout=10).read().decode()
        assert '<html lang="vi"' in page and "Điều 1" in page
        font = urllib.request.urlopen(f"{base}/fonts.css", timeout=10).read().decode()
        assert "@font-face" in font
        for path, method in (("/media/", "GET"), ("/.export-manifest.json", "GET"),
                             ("/vi/udhr.html", "POST"), ("/vi/udhr.html", "PUT")):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(urllib.request.Request(base + path, data=b"x" if method != "GET"
                                                              else None, method=method), timeout=10)
            assert refused.value.code in (404, 501), (path, method)
    finally:
        server.stop()
    out, err = capfd.readouterr()
    assert "udhr" not in out + err and "127.0.0.1" not in out + err, "a visitor's request was logged"


def test_the_running_kiosk_acts_on_serve(catalog_path, data_dir):
    """What kiosk.ui.launch runs when the setting is on: export in the background, then serve."""
    import socket
    import time

    from kiosk.ui import launch

    with socket.socket() as probe:  # a free port for this test
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    launch._serve_site(catalog_path, data_dir, port)
    deadline = time.monotonic() + 60
    while True:
        try:
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/en/crc.html", timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, "the kiosk never served its site"
            time.sleep(0.2)
    assert b'<html lang="en"' in page
    assert (data_dir / "site" / "en" / "crc.html").is_file()


def test_a_new_edition_installed_later_is_served_without_a_restart(catalog_path, tmp_path):
    """The kiosk follows the installed edition (kiosk.staff.state.current_catalog); the
    served site follows it too, rendering only what changed, while the server keeps running."""
    import re
    import shutil

    from kiosk.catalog.build import build_catalog
    from kiosk.export.serve import EditionFollower

    folder = tmp_path / "site"
    server = serve_catalog(catalog_path, folder, port=0, host="127.0.0.1")
    installed = {"path": catalog_path}
    follower = EditionFollower(folder, catalog_path, lambda: installed["path"])
    try:
        assert follower.check() is False, "the edition served is the installed one"
        content = tmp_path / "content"
        shutil.copytree(REPO / "content", content)
        en = content / "items" / "crc" / "en.md"
        en.write_text(re.sub(r"(\n\n)", r"\1A sentence of the new edition.\n\n",
                             en.read_text(encoding="utf-8"), count=1), encoding="utf-8")
        installed["path"] = build_catalog(content, tmp_path / "edition-2" / "catalog.db").catalog
        assert follower.check() is True
        page = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/en/crc.html", timeout=10).read()
        assert b"A sentence of the new edition." in page
        assert follower.check() is False
    finally:
        server.stop()
