"""A curator saves one item in the studio: only that item is rebuilt in the catalog the preview
reads (kiosk/catalog/patch.py), and the catalog is the one a build from scratch makes."""

from __future__ import annotations

import pytest

from kiosk.catalog.build import BuildError, build_catalog
from kiosk.catalog.patch import NotPatchable, rebuild_item
from kiosk.catalog.read import Catalog
from tests.test_curator_rebuilds_after_an_edit import EDITS, built, contents, copy_of, searches

__all__ = ["built"]  # the module's fixture, used here too


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_one_saved_item_rebuilt_equals_a_build_from_scratch(built, tmp_path, edit):
    content, catalog = copy_of(built, tmp_path)
    name, change = EDITS[edit]
    item_id = name.split("/")[0]
    target = content / "items" / name
    for _ in range(2):  # saved twice: the second patch works on a patched catalog
        target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
        result = rebuild_item(content, catalog, item_id)
    assert (result.items, result.items_checked) == (1, 1)
    scratch = build_catalog(content, tmp_path / "scratch" / "catalog.db")
    assert contents(catalog) == contents(scratch.catalog)
    assert searches(catalog) == searches(scratch.catalog)
    assert any(hit.item_id == item_id for hit in Catalog(catalog).search("xyloquartz", "en"))
    assert result.warnings == [w for w in scratch.warnings if f"/{item_id}/" in w.path]


def test_a_saved_error_leaves_the_catalog_as_it_was(built, tmp_path):
    content, catalog = copy_of(built, tmp_path)
    before = catalog.read_bytes()
    meta = content / "items/icmw/item.yaml"
    meta.write_text(meta.read_text().replace("adopted: 1990-12-18", "adopted: 1990-13-45"))
    with pytest.raises(BuildError) as failure:
        rebuild_item(content, catalog, "icmw")
    assert [(p.path, p.line) for p in failure.value.problems] == [("content/items/icmw/item.yaml", 3)]
    assert "1990-13-45" in failure.value.problems[0].message
    section = content / "items/treaties/item.yaml"
    meta.write_text(meta.read_text().replace("1990-13-45", "1990-12-18"))
    section.write_text(section.read_text().replace("icmw", "icmx"))
    with pytest.raises(BuildError) as failure:
        rebuild_item(content, catalog, "treaties")
    assert [p.message for p in failure.value.problems] == ["section names unknown item 'icmx'"]
    assert catalog.read_bytes() == before


@pytest.mark.parametrize("change", ["site title", "new language", "new item", "no catalog"])
def test_what_one_item_cannot_show_asks_for_a_whole_build(built, tmp_path, change):
    content, catalog = copy_of(built, tmp_path)
    item_id = "icmw"
    if change == "site title":
        site = content / "site.yaml"
        site.write_text(site.read_text().replace("Human rights in", "Human Rights in"))
    elif change == "new language":
        (content / "items/icmw/km.md").write_text("---\ntitle: ICMW\n---\nសិទ្ធិ\n")
    elif change == "new item":
        (content / "items/icmx").mkdir()
        (content / "items/icmx/item.yaml").write_text("kind: section\nitems: [icmw]\n")
        (content / "items/icmx/en.md").write_text("---\ntitle: X\n---\n")
        item_id = "icmx"
    else:
        catalog = tmp_path / "none.db"
    with pytest.raises(NotPatchable):
        rebuild_item(content, catalog, item_id)
