"""A curator points the kiosk's QR codes at the exported site (site.yaml `public_address`)."""

from __future__ import annotations

from pathlib import Path

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.content.checks import check_exhibition

ADDRESS = "https://museum.example/exhibition/"


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_curator_is_warned_when_an_item_offers_its_page_but_no_address_is_set(sample_copy):
    add_line(sample_copy / "items" / "udhr" / "item.yaml", "qr: page")
    _, problems = check_exhibition(sample_copy)
    found = [p for p in problems if "public_address" in p.message]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].format().startswith("sample/items/udhr/item.yaml:39: warning:")
    add_line(sample_copy / "site.yaml", f"public_address: {ADDRESS}")
    _, problems = check_exhibition(sample_copy)
    assert not [p for p in problems if "public_address" in p.message]


def test_curator_gives_a_wrong_address_and_gets_its_line(sample_copy):
    add_line(sample_copy / "site.yaml", "public_address: ftp://museum.example/")
    last_line = len((sample_copy / "site.yaml").read_text(encoding="utf-8").splitlines())
    _, problems = check_exhibition(sample_copy)
    bad = [p for p in problems if "public_address" in p.message]
    assert bad and bad[0].severity == "error" and bad[0].line == last_line  # the added line


def test_visitor_gets_the_code_of_the_items_page_in_their_own_language(sample_copy, tmp_path):
    add_line(sample_copy / "items" / "udhr" / "item.yaml", "qr: page")
    add_line(sample_copy / "site.yaml", f"public_address: {ADDRESS}")
    catalog = Catalog(build_catalog(sample_copy, tmp_path / "catalog.db").catalog)
    try:
        assert catalog.treaty("crc", "fr").url == f"{ADDRESS}fr/crc.html"
        assert catalog.document("udhr", "km").url == f"{ADDRESS}km/udhr.html"
        vi, en = catalog.document("udhr", "vi"), catalog.document("udhr", "en")
        assert vi.url == f"{ADDRESS}vi/udhr.html" and vi.qr and Path(vi.qr).is_file()
        assert vi.qr != en.qr
    finally:
        catalog.close()
