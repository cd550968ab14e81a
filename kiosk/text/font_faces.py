"""One face of a font collection (.ttc) as a font file of its own.

Noto Sans CJK comes as one collection holding the Japanese, Korean, Simplified Chinese,
Traditional Chinese and Hong Kong faces: the same characters drawn the way each region writes
them (骨, 直, 写 differ). Kivy's SDL2 text provider opens only the first face of a collection,
the Japanese one, so Chinese and Korean text would show Japanese forms. The kiosk copies the
face it needs out of the collection once, into a cache folder, and gives Kivy that file.

A face is its table directory: copying the tables it points at (the glyph table they share
included) into a new file with the offsets rewritten gives a complete font. Pure Python, no
font library needed at run time; a face that cannot be read or written is simply not used
(the caller falls back to the collection's first face).
"""

from __future__ import annotations

import os
import struct
from functools import cache
from pathlib import Path

CACHE_ENV = "KIOSK_FONT_CACHE"  # where extracted faces are kept; default ~/.cache/...


def font_cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "exhibit-kiosk" / "fonts"


def _face_offsets(data: bytes) -> list[int]:
    if data[:4] != b"ttcf":
        return [0]
    count = struct.unpack_from(">I", data, 8)[0]
    return list(struct.unpack_from(f">{count}I", data, 12))


def _tables(data: bytes, base: int) -> list[tuple[bytes, int, int, int]]:
    """(tag, checksum, offset, length) of each table of the face whose directory is at `base`."""
    count = struct.unpack_from(">H", data, base + 4)[0]
    return [struct.unpack_from(">4sIII", data, base + 12 + 16 * i) for i in range(count)]


def _family_name(data: bytes, base: int) -> str:
    """The face's family name (name ID 1, Windows Unicode English where there is one)."""
    name = next((t for t in _tables(data, base) if t[0] == b"name"), None)
    if name is None:
        return ""
    at = name[2]
    _format, count, strings = struct.unpack_from(">HHH", data, at)
    found = ""
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(
            ">6H", data, at + 6 + 12 * i)
        if name_id != 1:
            continue
        raw = data[at + strings + offset: at + strings + offset + length]
        if platform == 3 and encoding in (1, 10):
            text = raw.decode("utf-16-be", "replace")
            if language == 0x409:
                return text
            found = found or text
        elif platform == 1 and not found:
            found = raw.decode("latin-1")
    return found


def face_families(path: str | Path) -> list[str]:
    """The family name of each face in a font file, in face order."""
    data = Path(path).read_bytes()
    return [_family_name(data, base) for base in _face_offsets(data)]


def _extract(data: bytes, base: int) -> bytes:
    version = data[base:base + 4]
    tables = sorted(_tables(data, base))
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)
    directory, body = bytearray(), bytearray()
    offset = 12 + 16 * count
    for tag, checksum, at, length in tables:
        directory += struct.pack(">4sIII", tag, checksum, offset + len(body), length)
        body += data[at:at + length]
        body += b"\0" * (-len(body) % 4)
    return header + bytes(directory) + bytes(body)


@cache
def face_file(path: str, family_suffix: str) -> str | None:
    """A file holding the face of collection `path` whose family ends with `family_suffix`
    (" SC", " KR"...), made once in the cache folder; None when there is no such face or it
    cannot be written (the caller then uses the collection as it is)."""
    source = Path(path)
    try:
        stat = source.stat()
        target = font_cache_dir() / f"{source.stem}-{family_suffix.strip()}-{stat.st_size}.otf"
        if target.is_file() and target.stat().st_size > 0:
            return str(target)
        data = source.read_bytes()
        for base in _face_offsets(data):
            if _family_name(data, base).endswith(family_suffix):
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(f".{os.getpid()}.part")
                partial.write_bytes(_extract(data, base))
                os.replace(partial, target)
                return str(target)
    except (OSError, struct.error, IndexError):
        return None
    return None
