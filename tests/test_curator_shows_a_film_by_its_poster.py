"""A curator adds a film (kind video) to a section: like the images and documents beside it, it
is drawn by its picture, the poster frame the build cut from the film. Its tile shows the
thumbnail, the attract loop shows the poster large (chosen automatically, or named under
site.yaml `attract:`), and a section that begins with the film wears its picture."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog


def test_curator_sees_the_film_on_its_tile_and_in_the_attract_loop(sample_catalog):
    catalog = Catalog(sample_catalog)
    film = catalog.film("udhr-film", "vi")
    tile = next(i for i in catalog.section_items("udhr-section", "vi") if i.id == "udhr-film")
    assert tile.thumbnail and Path(tile.thumbnail).is_file()
    assert tile.thumbnail != film.poster, "the tile gets the small size"
    with Image.open(tile.thumbnail) as small, Image.open(film.poster) as large:
        assert small.width < large.width
    shown = {h.item_id: h for h in catalog.highlights("vi")}
    assert "udhr-film" in shown, "the automatic choice takes films too"
    assert shown["udhr-film"].picture == film.poster and shown["udhr-film"].kind == "video"


def test_curator_names_the_film_first_in_the_loop_and_opens_a_section_with_it(sample_copy,
                                                                                tmp_path):
    with (sample_copy / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("attract: [udhr-film, udhr-poster]\n")
    section = sample_copy / "items/udhr-section/item.yaml"
    section.write_text(section.read_text().replace(
        "items: [udhr, udhr-vi-en, udhr-poster, udhr-film]", "items: [udhr-film, udhr]"))
    build_catalog(sample_copy, tmp_path / "catalog.db")
    catalog = Catalog(tmp_path / "catalog.db")
    film = catalog.film("udhr-film", "vi")
    assert [h.item_id for h in catalog.highlights("vi")] == ["udhr-film", "udhr-poster"]
    home_tile = next(s for s in catalog.sections("vi") if s.id == "udhr-section")
    assert home_tile.thumbnail == catalog.thumbnail("udhr-film"), "the section wears the film's"
    assert Path(film.poster).is_file()
