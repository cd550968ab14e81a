"""Bad media never crash the build: each gives a clear reason naming the file, or is handled.

Every file here is real and made in the test's temporary folder; nothing is mocked.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from kiosk.media import images
from kiosk.media.images import (
    ImageProblem,
    decode_bands,
    derive_image,
    probe_image,
    read_header,
)


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A 100-byte PNG whose header says `width` x `height`: a decompression bomb's disguise."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


def noise(size=(120, 90)) -> Image.Image:
    return Image.merge("RGB", [Image.effect_noise(size, 60).convert("L")] * 3)


def garbled_jpeg(path: Path) -> Path:
    """A JPEG whose Huffman table is nonsense: it opens, but cannot be decoded."""
    noise().save(path, "JPEG")
    data = bytearray(path.read_bytes())
    table = data.index(b"\xff\xc4")
    data[table + 5: table + 21] = b"\xff" * 16
    path.write_bytes(bytes(data))
    return path


def truncated(path: Path, fmt: str) -> Path:
    noise().save(path, fmt)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("name, make, message", [
    ("missing.png", lambda p: None, "the file missing.png does not exist"),
    ("empty.png", lambda p: p.write_bytes(b""), "empty.png is an empty file"),
    ("notes.jpg", lambda p: p.write_bytes(b"These are my notes, not a photo.\n" * 20),
     "notes.jpg is not an image Pillow can read"),
    ("garbled.jpg", lambda p: garbled_jpeg(p), "garbled.jpg is damaged: broken data stream"),
    ("cut.jpg", lambda p: truncated(p, "JPEG"), "cut.jpg is damaged: image file is truncated"),
    ("cut.png", lambda p: truncated(p, "PNG"), "cut.png is damaged"),
    ("bomb.png", lambda p: png_claiming(p, 50_000, 50_000),
     "bomb.png is 50000 x 50000 pixels, more than the 200 million pixels the kiosk accepts"),
    ("photo.bmp", lambda p: noise().save(p, "BMP"), "photo.bmp is BMP; use PNG or JPEG"),
])
def test_a_bad_file_gives_one_clear_reason(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    with pytest.raises(ImageProblem) as raised:
        probe_image(path)
    assert str(raised.value).startswith(message), str(raised.value)
    with pytest.raises(ImageProblem):
        derive_image(path, tmp_path / "out.jpg", 100)
    assert not (tmp_path / "out.jpg").exists()


def test_a_bomb_is_refused_from_its_header_even_for_tiling(tmp_path):
    bomb = png_claiming(tmp_path / "bomb.png", 50_000, 50_000)
    for call in (lambda: probe_image(bomb, allow_large=True),
                 lambda: decode_bands(bomb, 256, lambda top, band: None)):
        with pytest.raises(ImageProblem, match="bomb.png is 50000 x 50000 pixels, more than "
                                               "the 1000 million pixels"):
            call()


def test_a_large_scan_is_accepted_only_for_tiling(tmp_path):
    scan = png_claiming(tmp_path / "scan.png", 20_000, 20_000)
    with pytest.raises(ImageProblem, match="can be shown as deep-zoom tiles"):
        probe_image(scan)
    info = probe_image(scan, allow_large=True)  # header and chunk CRCs only: cheap
    assert (info.width, info.height) == (20_000, 20_000)
    # Its pixel data is a 64-byte stub: decoding it for real says so, without a traceback.
    with pytest.raises(ImageProblem, match="scan.png is damaged"):
        decode_bands(scan, 256, lambda top, band: None)


def test_cmyk_jpeg_becomes_rgb_with_a_note(tmp_path):
    path = tmp_path / "print.jpg"
    Image.new("CMYK", (80, 60), (0, 255, 255, 0)).save(path)  # process red
    info = probe_image(path)
    assert any("print.jpg is CMYK" in note for note in info.notes)
    derive_image(path, tmp_path / "d.jpg", 40)
    with Image.open(tmp_path / "d.jpg") as derived:
        assert derived.mode == "RGB"
        red, green, blue = derived.getpixel((20, 15))
        assert red > 200 and green < 60 and blue < 60


def test_16_bit_grey_png_is_scaled_not_clipped(tmp_path):
    path = tmp_path / "scan16.png"
    Image.new("I;16", (50, 40), 40_000).save(path)
    with Image.open(path) as opened:
        assert opened.mode == "I;16"
    assert probe_image(path).notes == ()
    derive_image(path, tmp_path / "d.png", 50)
    with Image.open(tmp_path / "d.png") as derived:
        assert derived.getpixel((10, 10))[:3] == (156, 156, 156)  # 40,000 / 256, not white


def test_palette_png_keeps_its_transparency(tmp_path):
    path = tmp_path / "logo.png"
    logo = Image.new("P", (40, 40), 1)
    logo.putpalette([0, 0, 0, 0, 128, 0] + [0] * 762)
    logo.paste(0, (0, 0, 20, 40))  # left half: index 0, transparent
    logo.save(path, transparency=0)
    assert probe_image(path).mime == "image/png"
    derive_image(path, tmp_path / "d.png", 40)
    with Image.open(tmp_path / "d.png") as derived:
        assert derived.mode == "RGBA"
        assert derived.getpixel((5, 5))[3] == 0 and derived.getpixel((35, 5)) == (0, 128, 0, 255)
    derive_image(path, tmp_path / "d.jpg", 40)  # a JPEG thumbnail: white, not black, behind
    with Image.open(tmp_path / "d.jpg") as derived:
        assert min(derived.getpixel((5, 5))) > 240


@pytest.mark.parametrize("fmt", ["GIF", "PNG"])
def test_an_animation_shows_its_first_frame_with_a_note(tmp_path, fmt):
    path = tmp_path / f"anim.{fmt.lower()}"
    frames = [Image.new("RGB", (30, 20), c) for c in ((250, 0, 0), (0, 250, 0), (0, 0, 250))]
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=100)
    info = probe_image(path)
    assert info.notes == (f"anim.{fmt.lower()} is animated (3 frames); "
                          "the kiosk shows the first frame",)
    derive_image(path, tmp_path / "d.png", 30)
    with Image.open(tmp_path / "d.png") as derived:
        red, green, blue = derived.convert("RGB").getpixel((15, 10))
        assert red > 200 and green < 30 and blue < 30


def exif_rotated(path: Path, orientation: int = 6) -> Path:
    """Stored 60 x 20, left half red, right half blue; EXIF says: turn it to display."""
    stored = Image.new("RGB", (60, 20), (220, 0, 0))
    stored.paste((0, 0, 220), (30, 0, 60, 20))
    exif = stored.getexif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", exif=exif, quality=95)
    return path


def test_exif_rotation_gives_an_upright_image_with_swapped_sides(tmp_path):
    path = exif_rotated(tmp_path / "phone.jpg")
    info = probe_image(path)
    assert (info.width, info.height) == (20, 60)
    assert derive_image(path, tmp_path / "d.jpg", 600) == (20, 60)
    with Image.open(tmp_path / "d.jpg") as derived:
        assert derived.size == (20, 60)
        top, bottom = derived.getpixel((10, 5)), derived.getpixel((10, 55))
    # Orientation 6: turn 90 degrees clockwise, so the stored left (red) is now on top.
    assert top[0] > 180 and top[2] < 60 and bottom[2] > 180 and bottom[0] < 60
    assert (read_header(path).width, read_header(path).height) == (20, 60)


def test_a_temporary_name_keeps_the_format_its_target_asks_for(tmp_path):
    path = tmp_path / "photo.png"
    noise().save(path)
    derive_image(path, tmp_path / ".thumb.jpg.partial", 50)
    derive_image(path, tmp_path / ".display.png.partial", 50)
    with Image.open(tmp_path / ".thumb.jpg.partial") as jpeg, \
            Image.open(tmp_path / ".display.png.partial") as png:
        assert (jpeg.format, png.format) == ("JPEG", "PNG")


def bands_of(path: Path, band_height: int) -> tuple[list[int], Image.Image]:
    tops, parts = [], []
    decode_bands(path, band_height, lambda top, band: (tops.append(top), parts.append(band)))
    whole = Image.new(parts[0].mode, (parts[0].width, sum(p.height for p in parts)))
    for top, part in zip(tops, parts, strict=True):
        whole.paste(part, (0, top))
    return tops, whole


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_streamed_bands_are_the_whole_image(tmp_path, fmt):
    path = tmp_path / f"scan.{fmt.lower()}"
    source = noise((300, 1000))
    source.save(path, fmt)
    with Image.open(path) as opened:
        assert images._streamable(opened, 1)  # this is the memory-saving path
        opened.load()
        expected = opened.convert("RGB")
    tops, whole = bands_of(path, 256)
    assert tops == [0, 256, 512, 768]
    assert whole.tobytes() == expected.tobytes()


def test_bands_of_a_rotated_image_are_upright(tmp_path):
    path = exif_rotated(tmp_path / "phone.jpg")
    tops, whole = bands_of(path, 16)
    assert tops == [0, 16, 32, 48] and whole.size == (20, 60)
    assert whole.getpixel((10, 5))[0] > 180 and whole.getpixel((10, 55))[2] > 180


def test_an_error_in_the_callers_code_is_not_blamed_on_the_image(tmp_path):
    path = tmp_path / "scan.png"
    noise((100, 600)).save(path)

    def broken(top, band):
        raise KeyError("the caller's own bug")

    with pytest.raises(KeyError, match="the caller's own bug"):
        decode_bands(path, 128, broken)


def test_a_large_image_is_reduced_band_by_band(tmp_path, monkeypatch):
    path = tmp_path / "scan.png"
    source = noise((800, 1200))
    source.save(path)
    expected = source.copy()
    expected.thumbnail((100, 100), Image.Resampling.LANCZOS)
    monkeypatch.setattr(images, "MAX_PIXELS", 100_000)  # as if it were a 400 MP scan
    with pytest.raises(ImageProblem, match="deep-zoom"):
        derive_image(path, tmp_path / "d.png", 100)
    assert derive_image(path, tmp_path / "d.png", 100, allow_large=True) == expected.size
