"""Deep-zoom pyramids a viewer can page through, and QR codes a phone can read."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageDraw

from kiosk.media.images import ImageProblem
from kiosk.media.qr import QUIET_ZONE, QrProblem, qr_code, qr_png
from kiosk.media.tiles import (
    MARKER,
    PyramidInfo,
    level_count,
    level_for_scale,
    level_size,
    make_pyramid,
    read_pyramid,
    tile_grid,
    tile_path,
    visible_tiles,
)


def scan(path: Path, size: tuple[int, int], fmt: str | None = None) -> Path:
    """A picture with structure everywhere (gradients, a circle, noise), so tiles differ."""
    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.effect_noise(size, 40).convert("L")
    blue = Image.radial_gradient("L").resize(size)
    image = Image.merge("RGB", (red, green, blue))
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2),
                                  fill=(250, 250, 0))
    image.save(path, fmt)
    return path


def files_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_5000_by_3000_scan_gives_every_level_and_tile(tmp_path):
    source = scan(tmp_path / "scan.jpg", (5000, 3000))
    info = make_pyramid(source, tmp_path / "tiles")
    assert (info.width, info.height, info.levels, info.tile_size, info.format) == \
        (5000, 3000, 14, 256, "jpg")
    assert info.path_of_dzi == tmp_path / "tiles" / "image.dzi"
    assert read_pyramid(info.path_of_dzi) == info
    expected = {13: (5000, 3000), 12: (2500, 1500), 11: (1250, 750), 10: (625, 375),
                9: (313, 188), 8: (157, 94), 1: (2, 1), 0: (1, 1)}
    for level, size in expected.items():
        assert level_size(info, level) == size
    assert tile_grid(info, 13) == (20, 12) and tile_grid(info, 9) == (2, 1)
    for level in range(info.levels):
        width, height = level_size(info, level)
        cols, rows = tile_grid(info, level)
        names = sorted(p.name for p in (info.files / str(level)).iterdir())
        assert names == sorted(f"{c}_{r}.jpg" for c in range(cols) for r in range(rows))
        with Image.open(tile_path(info, level, cols - 1, rows - 1)) as last:
            assert last.size == (width - 256 * (cols - 1), height - 256 * (rows - 1))
        with Image.open(tile_path(info, level, 0, 0)) as first:
            assert first.size == (min(256, width), min(256, height))
    dzi = info.path_of_dzi.read_text()
    assert 'TileSize="256"' in dzi and 'Overlap="0"' in dzi and 'Format="jpg"' in dzi
    assert '<Size Width="5000" Height="3000"/>' in dzi


def test_tiles_are_the_image_and_its_halvings_exactly(tmp_path):
    """PNG tiles with overlap, put back together, are the source and its 2 x 2 reductions."""
    source = scan(tmp_path / "scan.png", (700, 500))
    info = make_pyramid(source, tmp_path / "tiles", tile_size=128, overlap=2, fmt="png")
    assert info.levels == 11 and info.overlap == 2
    with Image.open(source) as opened:
        expected = opened.convert("RGB")
    for level in range(info.levels - 1, -1, -1):
        assert expected.size == level_size(info, level)
        cols, rows = tile_grid(info, level)
        rebuilt = Image.new("RGB", expected.size)
        for col in range(cols):
            for row in range(rows):
                with Image.open(tile_path(info, level, col, row)) as tile:
                    left, top = (2 if col else 0), (2 if row else 0)
                    right = tile.width - (2 if col < cols - 1 else 0)
                    bottom = tile.height - (2 if row < rows - 1 else 0)
                    rebuilt.paste(tile.crop((left, top, right, bottom)), (col * 128, row * 128))
        assert rebuilt.tobytes() == expected.tobytes(), f"level {level}"
        expected = expected.reduce(2)


def test_a_pyramid_is_made_once_deterministically_and_atomically(tmp_path):
    source = scan(tmp_path / "scan.jpg", (900, 600))
    first = make_pyramid(source, tmp_path / "a")
    marker = tmp_path / "a" / MARKER
    stamp = marker.stat().st_mtime_ns
    os.utime(tile_path(first, 5, 0, 0), ns=(1, 1))
    assert make_pyramid(source, tmp_path / "a") == first  # complete: nothing is redone
    assert marker.stat().st_mtime_ns == stamp and tile_path(first, 5, 0, 0).stat().st_mtime_ns == 1
    make_pyramid(source, tmp_path / "b")
    assert files_digest(tmp_path / "a") == files_digest(tmp_path / "b")
    # Without its marker a pyramid counts as unfinished and is made again, whole.
    marker.unlink()
    (tile_path(first, 10, 0, 0)).unlink()
    make_pyramid(source, tmp_path / "a")
    assert files_digest(tmp_path / "a") == files_digest(tmp_path / "b")
    # Other settings: made again in their place.
    assert make_pyramid(source, tmp_path / "a", tile_size=512).tile_size == 512
    assert not tile_path(first, 10, 3, 0).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "scan.jpg"]


def test_a_bad_source_leaves_no_pyramid_behind(tmp_path):
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"not a scan")
    with pytest.raises(ImageProblem, match="scan.jpg is not an image"):
        make_pyramid(bad, tmp_path / "tiles")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.jpg"]


def test_an_exif_rotated_scan_is_tiled_upright(tmp_path):
    stored = Image.new("RGB", (600, 200), (220, 0, 0))
    exif = stored.getexif()
    exif[0x0112] = 6
    stored.save(tmp_path / "phone.jpg", exif=exif)
    info = make_pyramid(tmp_path / "phone.jpg", tmp_path / "tiles")
    assert (info.width, info.height) == (200, 600)
    assert tile_grid(info, info.levels - 1) == (1, 3)


def test_level_for_scale():
    info = PyramidInfo(20_000, 10_000, level_count(20_000, 10_000), 256, "jpg", Path("x.dzi"))
    assert info.levels == 16
    assert level_for_scale(info, 1) == 15 and level_for_scale(info, 3.0) == 15
    assert level_for_scale(info, 0.5) == 14 and level_for_scale(info, 0.3) == 14
    assert level_for_scale(info, 0.25) == 13
    assert level_for_scale(info, 0.05) == 11  # 1/16 >= 0.05 > 1/32
    assert level_for_scale(info, 1e-9) == 0
    with pytest.raises(ValueError):
        level_for_scale(info, 0)


def test_visible_tiles():
    info = PyramidInfo(5000, 3000, 14, 256, "jpg", Path("x.dzi"))
    assert visible_tiles(info, 13, (0, 0, 256, 256)) == [(0, 0)]
    assert visible_tiles(info, 13, (0, 0, 257, 256)) == [(0, 0), (1, 0)]
    assert visible_tiles(info, 13, (300, 600, 400, 100)) == [(1, 2), (2, 2)]
    # The whole image at level 12 (2500 x 1500): 10 x 6 tiles, row by row.
    whole = visible_tiles(info, 12, (0, 0, 5000, 3000))
    assert len(whole) == 60 and whole[:2] == [(0, 0), (1, 0)] and whole[-1] == (9, 5)
    # Partly or wholly outside the image.
    assert visible_tiles(info, 13, (-500, -500, 600, 600)) == [(0, 0)]
    assert visible_tiles(info, 13, (4990, 2990, 500, 500)) == [(19, 11)]
    assert visible_tiles(info, 13, (6000, 0, 100, 100)) == []
    assert visible_tiles(info, 0, (0, 0, 5000, 3000)) == [(0, 0)]
    with pytest.raises(ValueError):
        visible_tiles(info, 14, (0, 0, 1, 1))


URL = "https://www.ohchr.org/en/human-rights/universal-declaration/translations/english"


def test_a_qr_png_holds_exactly_segnos_symbol_with_a_quiet_zone(tmp_path):
    out = tmp_path / "qr" / "udhr.png"
    size = qr_png(URL, out, scale=6)
    code = qr_code(URL)
    assert code.error == "H" and not code.is_micro
    assert code.matrix == segno.make(URL, error="h", micro=False).matrix
    modules = len(code.matrix)
    assert size == ((modules + 2 * QUIET_ZONE) * 6,) * 2
    with Image.open(out) as png:
        assert png.format == "PNG" and png.size == size
        pixels = png.convert("L")
    # Read the PNG back, module by module, and compare with the symbol.
    read = tuple(tuple(int(pixels.getpixel(((QUIET_ZONE + x) * 6 + 3, (QUIET_ZONE + y) * 6 + 3))
                           < 128) for x in range(modules)) for y in range(modules))
    assert read == tuple(tuple(int(bool(v)) for v in row) for row in code.matrix)
    margin = [pixels.getpixel((x, y)) for x in range(QUIET_ZONE * 6) for y in range(size[1])]
    assert min(margin) == 255


@pytest.mark.parametrize("url, message", [
    ("ftp://example.org/file", "is not a web address"),
    ("javascript:alert(1)", "is not a web address"),
    ("file:///etc/passwd", "is not a web address"),
    ("www.ohchr.org", "is not a web address"),
    ("https://", "is not a web address"),
    ("https://example.org/a b", "contains spaces"),
    ("", "the address is empty"),
    ("https://example.org/" + "x" * 2000, "characters long"),
])
def test_only_web_addresses_become_qr_codes(tmp_path, url, message):
    with pytest.raises(QrProblem, match=message):
        qr_png(url, tmp_path / "qr.png")
    assert not list(tmp_path.iterdir())
