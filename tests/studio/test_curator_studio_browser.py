"""A curator in a real Chromium: logs in, fixes a field with the keyboard only, and every page
the studio serves passes axe-core; screenshots at 100 %, 200 % and forced colours."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from kiosk.studio.app import create_app  # noqa: E402

CONTENT = Path(__file__).resolve().parents[2] / "content"
PAGES = ("/login", "/", "/items/icmw", "/items/udhr-vi-en", "/problems",
         "/items/icmw/preview?lang=fr&palette=high-contrast&text=2.0")


@pytest.fixture
def studio_url(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "kiosk.toml"  # the preview is drawn at this kiosk's screen size
    config.write_text('[screen]\nresolution = "1280x800"\n')
    server = uvicorn.Server(uvicorn.Config(create_app(root, None, tmp_path / "work",
                                                      config_path=config),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(5)


def test_curator_edits_by_keyboard_and_every_page_passes_axe(studio_url, tmp_path):
    url, root = studio_url
    shots = Path(os.environ.get("STUDIO_SHOTS", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        page.goto(url + "/")
        assert page.url.endswith("/login")
        for _ in range(14):  # the skip link, each link of the studio's menu, then the name
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "name":
                break
        page.keyboard.type("Lan")
        page.keyboard.press("Enter")
        page.wait_for_url(url + "/")
        page.goto(url + "/items/icmw")
        # typing a bad date: the problem appears beside the field before any save
        page.focus("#in-fields\\.entry_into_force")
        page.keyboard.press("Control+A")
        page.keyboard.type("2003-02-30")
        page.locator("#p-fields\\.entry_into_force p.error").wait_for(timeout=15_000)
        assert "entry_into_force" in page.locator("#p-fields\\.entry_into_force").inner_text()
        assert "entry_into_force: 2003-07-01" in (root / "items/icmw/item.yaml").read_text()
        page.goto(url + "/items/icmw")
        page.focus("#in-fields\\.adopted")
        page.keyboard.press("Control+A")
        page.keyboard.type("1990-13-45")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # submits the form
        problem = page.locator("#p-fields\\.adopted")
        assert "'adopted' is not a date: '1990-13-45'" in problem.inner_text()
        assert page.input_value("#in-fields\\.adopted") == "1990-13-45"  # kept for fixing
        assert "adopted: 1990-12-18" in (root / "items/icmw/item.yaml").read_text()
        page.fill("#in-fields\\.adopted", "1990-12-19")
        with page.expect_navigation():
            page.click("text=Save")
        assert "adopted: 1990-12-19" in (root / "items/icmw/item.yaml").read_text()
        # the saved item as the real kiosk draws it, under the form (htmx loads the panel)
        picture = page.locator("#preview-panel img.preview")
        picture.wait_for(timeout=60_000)
        deadline = time.monotonic() + 30
        while not picture.evaluate("img => img.complete") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert picture.evaluate("img => img.naturalWidth") == 1280
        assert "ICMW" in page.locator("ol.spoken").inner_text()
        page.select_option("#pv-lang", "fr")  # another language: the panel is drawn again
        page.locator("img.preview[src*='lang=fr']").wait_for(timeout=30_000)
        assert "Convention internationale" in page.locator("ol.spoken").inner_text()
        axe = Axe()
        for path in PAGES:
            page.goto(url + path)
            found = axe.run(page).response["violations"]
            assert found == [], (path, [v["id"] for v in found])
            name = path.strip("/").replace("/", "-") or "index"
            page.screenshot(path=str(shots / f"{name}-100.png"))
            zoomed = browser.new_page(device_scale_factor=2, viewport={"width": 640, "height": 400})
            zoomed.context.add_cookies(page.context.cookies())
            zoomed.goto(url + path)
            zoomed.screenshot(path=str(shots / f"{name}-200.png"))
            zoomed.emulate_media(forced_colors="active")
            zoomed.screenshot(path=str(shots / f"{name}-forced.png"))
            zoomed.close()
        browser.close()
    assert outside == []
