"""A visitor photographs the QR code on the kiosk and lands on that item's exported page.

With `public_address` in site.yaml, the code on an item's screen encodes the address of the
item's page on the exported site, in the visitor's language. The kiosk's real window is
screenshotted and the code read back from the pixels with zbar (zbarimg), as a phone would.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.export.site import export_site

pytestmark = [pytest.mark.app,
              pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools not installed")]

REPO = Path(__file__).resolve().parents[2]
ADDRESS = "https://museum.example/exhibition/"


@pytest.fixture(scope="module")
def addressed_catalog(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("qr-site")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"public_address: {ADDRESS}\n",
                         encoding="utf-8")
    build_catalog(content, root / "catalog.db")
    catalog = Catalog(root / "catalog.db")
    try:
        export_site(catalog, root / "site")
    finally:
        catalog.close()
    return root / "catalog.db"


def decoded(png: Path) -> list[str]:
    run = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True,
                         text=True, timeout=60)
    return [line for line in run.stdout.splitlines() if line]


@pytest.mark.parametrize(("lang", "item"), [("fr", "crc"), ("vi", "udhr-poster")])
def test_visitor_scans_the_code_and_reaches_the_items_page_in_their_language(
        kiosk, addressed_catalog, lang, item):
    with kiosk.showing(addressed_catalog):
        kiosk.app.set_language(lang)
        kiosk.app.open_item(item)
        kiosk.frames(4)
        card = kiosk.screen.ids.take_away
        assert card.height > 0
        from kivy.uix.scrollview import ScrollView

        code = next(w for w in card.walk() if getattr(w, "source", "") == card.qr)
        kiosk._scroll_into_view(code, ScrollView)  # the visitor scrolls down to the code
        kiosk.frames(4)
        shot = kiosk.screenshot(f"export-qr-{item}-{lang}")
    assert decoded(shot) == [f"{ADDRESS}{lang}/{item}.html"]
    assert (addressed_catalog.parent / "site" / lang / f"{item}.html").is_file(), "the code leads to a real page"
