"""A curator adds a new content language to an item by adding one file, nothing else."""

from __future__ import annotations

from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from tests.conftest import write


def test_adding_a_lao_file_adds_lao_everywhere(small_exhibition, tmp_path):
    write(small_exhibition / "items/crc/lo.md", """
        ---
        title: ສົນທິສັນຍາວ່າດ້ວຍສິດທິເດັກ
        ---
        ສົນທິສັນຍາສະບັບນີ້ປົກປ້ອງສິດທິຂອງເດັກນ້ອຍ.
    """)
    check = CliRunner().invoke(main, ["check", str(small_exhibition)])
    assert check.exit_code == 0, check.output
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)

    assert "lo" in catalog.content_languages()
    treaty = catalog.treaty("crc", "lo")
    assert (treaty.lang, treaty.title) == ("lo", "ສົນທິສັນຍາວ່າດ້ວຍສິດທິເດັກ")
    assert "lo" in treaty.available_languages
    assert catalog.language_name("lo") == "ລາວ"
    # Found by a substring from the middle of the text, though Lao has no spaces.
    assert [(h.item_id, h.lang) for h in catalog.search("ປົກປ້ອງ", "vi")] == [("crc", "lo")]
    # Items without Lao still work for a Lao reader, in another language, and say so.
    image = catalog.image("photo", "lo")
    assert image.lang != image.requested_lang == "lo"
