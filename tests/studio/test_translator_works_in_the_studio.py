"""A translator in a real Chromium: finds what is missing in the translations table, translates
an image into Khmer side by side (made to write its alt text first), sees when the curator
changes the English afterwards, and both read the history; every new page passes axe-core,
with screenshots at 100 %, 200 % and forced colours."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from kiosk.cli import main  # noqa: E402
from kiosk.studio.app import create_app  # noqa: E402

CONTENT = Path(__file__).resolve().parents[2] / "content"
TITLE = "សេចក្តីប្រកាសទាំងមូលនៅលើផ្ទាំងរូបភាពមួយ"
ALT = "ផ្ទាំងរូបភាពខ្ពស់មួយ ពេញដោយអក្សរវៀតណាម ជាបួនជួរ"
CAPTION = "សេចក្តីប្រកាសជាភាសាវៀតណាម។ ពង្រីកដើម្បីអាន។"
FIRST = "ផ្ទាំងរូបភាពនេះបោះពុម្ពការបកប្រែជាភាសាវៀតណាមទាំងមូលនៃសេចក្តីប្រកាស។"


@pytest.fixture
def studio(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=Museum", "-c", "user.email=m@example.org", "commit", "-qm",
                  "The exhibition as it is"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(root, None, tmp_path / "work"),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(5)


def _log_in(page, url, name):
    page.goto(url + "/login")
    page.focus("#name")
    page.keyboard.type(name)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _check(root) -> str:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def _look(browser, page, url, path, shots, axe):
    page.goto(url + path)
    found = axe.run(page).response["violations"]
    assert found == [], (path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in found])
    name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "index"
    page.screenshot(path=str(shots / f"{name}-100.png"), full_page=True)
    zoomed = browser.new_page(device_scale_factor=2, viewport={"width": 640, "height": 900})
    zoomed.context.add_cookies(page.context.cookies())
    zoomed.goto(url + path)
    zoomed.screenshot(path=str(shots / f"{name}-200.png"))
    zoomed.emulate_media(forced_colors="active")
    zoomed.screenshot(path=str(shots / f"{name}-forced.png"))
    zoomed.close()


def test_translator_translates_side_by_side_and_reads_the_history(studio, tmp_path):
    url, root = studio
    shots = Path(os.environ.get("STUDIO_SHOTS", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    khmer = root / "items/udhr-poster/km.md"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        _log_in(page, url, "Lan")
        # the table shows Khmer once asked for, and leads to the missing translation
        page.click("text=Translations")
        page.select_option("#tl-add", "km")
        with page.expect_navigation():
            page.click("form.choose button")
        cell = page.locator("tr:has(a[href='/items/udhr-poster']) td").nth(3)
        assert cell.inner_text().startswith("Missing")
        with page.expect_navigation():
            cell.locator("a").click()
        assert "from=vi&to=km" in page.url  # from the default language unless asked
        page.select_option("#tr-from", "en")  # this translator reads English best
        with page.expect_navigation():
            page.click("form.choose button")
        assert "from=en&to=km&other=" in page.url
        assert page.locator("#box-f-alt .state").inner_text() == "Not translated yet"
        # keyboard only: title, caption and the first paragraph; the alt text forgotten
        page.focus("#in-f-title")
        page.keyboard.type(TITLE)
        page.keyboard.press("Tab")  # alt text: left empty
        page.keyboard.press("Tab")
        page.keyboard.type(CAPTION)
        page.focus("#in-p0")
        page.keyboard.type(FIRST)
        live = page.locator("#tr-problems")
        live.locator("li.error:has-text('alt text is missing')").wait_for(timeout=15_000)
        assert "items/udhr-poster/km.md:2" in live.inner_text()
        assert "alt text is missing" in page.locator("#bp-f-alt").inner_text()
        with page.expect_navigation():
            page.click("form[method=post] button[type=submit]")
        assert not khmer.exists()  # refused, and nothing typed is lost
        assert "alt text is missing" in page.locator("#bp-f-alt").inner_text()
        assert page.input_value("#in-f-title") == TITLE
        assert page.input_value("#in-p0") == FIRST
        page.fill("#in-f-alt", ALT)
        with page.expect_navigation():
            page.click("form[method=post] button[type=submit]")
        assert "Saved" in page.locator("p.saved").inner_text()
        saved = khmer.read_text(encoding="utf-8")
        assert f"title: {TITLE}\n" in saved and f"alt: {ALT}\n" in saved
        assert "translated_from: {language: en, hashes: [" in saved
        assert saved.endswith(f"---\n{FIRST}\n")
        assert "km.md" not in _check(root)
        # the curator, in another browser, changes the English caption
        curator = browser.new_context().new_page()
        _log_in(curator, url, "Mai")
        curator.goto(url + "/items/udhr-poster")
        curator.fill("#in-texts\\.en\\.caption", "The whole Declaration in Vietnamese: "
                     "the preamble and all 30 articles. Zoom in to read it.")
        with curator.expect_navigation():
            curator.click("text=Save")
        assert "udhr-poster/km.md:4: warning: source changed since translated" in _check(root)
        # the translator sees it in the table and beside the caption, and updates it
        page.goto(url + "/translations?lang=km")
        cell = page.locator("tr:has(a[href='/items/udhr-poster']) td").nth(3)
        assert cell.inner_text().startswith("Outdated")
        assert "changed in the source: caption" in cell.inner_text()
        with page.expect_navigation():
            cell.locator("a").click()
        assert page.locator("#box-f-caption .state").inner_text() == \
            "Source changed since translated"
        page.screenshot(path=str(shots / "translate-outdated-caption-100.png"))
        page.fill("#in-f-caption", "សេចក្តីប្រកាសទាំងមូលជាភាសាវៀតណាម។ ពង្រីកដើម្បីអាន។")
        with page.expect_navigation():
            page.click("form[method=post] button[type=submit]")
        assert "km.md" not in _check(root)
        page.goto(url + "/translations?lang=km")
        cell = page.locator("tr:has(a[href='/items/udhr-poster']) td").nth(3)
        assert cell.inner_text().startswith("Incomplete")  # 3 paragraphs still to do
        assert "3 of 4 paragraphs not translated" in cell.inner_text()
        # the history says who changed what, in which language, and shows the words
        page.click("text=History")
        rows = page.locator("table.history tbody tr")
        assert rows.count() == 4
        assert "Lan" in rows.nth(0).inner_text() and "Khmer (km) text changed" in \
            rows.nth(0).inner_text()
        assert "Mai" in rows.nth(1).inner_text() and "English (en) text changed" in \
            rows.nth(1).inner_text()
        with page.expect_navigation():
            rows.nth(1).locator("a:has-text('See what changed')").click()
        change_path = page.url[len(url):]
        added, removed = page.locator(".diff ins").first, page.locator(".diff del").first
        assert "[added:" in added.inner_text() and "whole" in added.inner_text()
        assert "[removed:" in removed.inner_text() and "Universal" in removed.inner_text()
        # going back: the Khmer caption as first translated
        page.goto(url + "/history/udhr-poster")
        first_translation = page.locator("table.history tbody tr").nth(2)
        assert "Khmer (km) text added" in first_translation.inner_text()
        with page.expect_navigation():
            first_translation.locator("button").click()
        assert "is back as it was" in page.locator("p.saved").inner_text()
        assert f"caption: {CAPTION}\n" in khmer.read_text(encoding="utf-8")
        axe = Axe()
        for path in ("/translations", "/translations?lang=km",
                     "/items/udhr-poster/translate?from=en&to=km",
                     "/items/crc/translate?from=en&to=fr", "/items/udhr/translate?from=en&to=ar",
                     "/history", "/history/udhr-poster", change_path):
            _look(browser, page, url, path, shots, axe)
        browser.close()
    assert outside == []
