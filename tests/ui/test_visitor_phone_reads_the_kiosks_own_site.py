"""A visitor's phone on the museum's network reads the site the running kiosk serves.

The technician's `kiosk.toml` says `[site] serve = true`; the kiosk is started as a technician
starts it (its own process, its own window); Chromium, as the visitor's phone, reads the
pages over HTTP: the film plays with its captions, search finds "dieu 1", axe finds nothing,
and nothing is fetched from anywhere but the kiosk. The kiosk writes no line about the visit.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (xvfb-run)"),
    pytest.mark.skipif(shutil.which("chromium") is None and not os.path.exists("/usr/bin/chromium"),
                       reason="needs Debian's chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_served(url: str, kiosk: subprocess.Popen, output: list[str], timeout: float = 150) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert kiosk.poll() is None, "the kiosk stopped:\n" + "".join(output[-30:])
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise AssertionError("the kiosk never served its site; log tail:\n" + "".join(output[-30:]))


def test_visitor_phone_reads_the_site_the_running_kiosk_serves(catalog_path, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    port = _free_port()
    config = tmp_path / "kiosk.toml"
    config.write_text(f"[site]\nserve = true\nserve_port = {port}\n", encoding="utf-8")
    env = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy-home"), "KIVY_NO_ARGS": "1",
           "PYTHONUNBUFFERED": "1"}
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk.ui.app", "--catalog", str(catalog_path), "--root",
         str(tmp_path / "data"), "--config", str(config), "--windowed", "--size", "800x600"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        errors="replace")
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(kiosk.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(f"{base}/vi/index.html", kiosk, output)
        elsewhere: list[str] = []
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 390, "height": 844})

            def route(request_route) -> None:
                url = request_route.request.url
                if url.startswith((base + "/", "data:")):
                    request_route.continue_()
                else:
                    elsewhere.append(url)
                    request_route.abort()

            context.route("**/*", route)
            page = context.new_page()
            response = page.goto(f"{base}/vi/udhr-film.html")
            assert response.status == 200
            assert response.headers.get("referrer-policy") == "no-referrer"
            assert "set-cookie" not in response.headers
            page.wait_for_function("document.querySelector('video').readyState >= 1", timeout=30000)
            page.wait_for_function("[...document.querySelector('video').textTracks]"
                                   ".some(t => t.mode === 'showing' && t.cues && t.cues.length)",
                                   timeout=30000)
            shown = page.evaluate("[...document.querySelector('video').textTracks]"
                                  ".filter(t => t.mode === 'showing').map(t => [t.language, t.cues[0].text])")
            assert shown and shown[0][0] == "vi" and "1948" in shown[0][1], shown
            found = Axe().run(page).response["violations"]
            assert found == [], [v["id"] for v in found]

            page.goto(f"{base}/vi/search.html")
            page.fill("#q", "dieu 1")
            page.press("#q", "Enter")
            assert "Điều 1" in page.locator("#results li a").first.inner_text()
            for hidden in ("/.export-manifest.json", "/.export-cache.db", "/media/"):
                assert page.request.get(base + hidden).status == 404, hidden
            context.close()
            browser.close()
        assert not elsewhere, elsewhere[:5]
        assert kiosk.poll() is None, "the kiosk runs on while it serves"
    finally:
        kiosk.terminate()
        try:
            kiosk.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()
    log = "".join(output)
    assert "serving the exported site" in log
    assert "udhr-film.html" not in log and "search.html" not in log, "a visit was logged"
