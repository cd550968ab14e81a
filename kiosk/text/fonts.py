"""Which font file shows a piece of text without tofu (empty boxes).

Kivy's SDL2 text provider draws a whole label with one font and has no fallback
(kivy/kivy#1701), and each Noto script font covers only its own script: Noto Sans Khmer has no
Latin letters nor digits, Noto Sans Thai no digits. So the kiosk picks the font from the text's
script (`kiosk.text.scripts`), checks the font really has every character (by reading the
font's own character map), and where one font cannot show all of it, splits the text into runs
with one font each. Pure Python: no Kivy import, so it can be tested and used anywhere.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from kiosk.text.font_faces import face_file
from kiosk.text.scripts import direction, dominant_script, is_neutral, script_of

FONT_DIRS_ENV = "KIOSK_FONT_DIRS"  # extra folders to look in, os.pathsep-separated
_SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/hanazono",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/OTF",
)

_LATIN = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
_CJK = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")

# script -> (regular file, bold file), first existing candidate wins.
_FONT_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "Latn": (_LATIN,),
    "Cyrl": (_LATIN,),
    "Grek": (_LATIN,),
    "Zyyy": (_LATIN,),
    "Khmr": (("NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),),
    "Laoo": (("NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"),),
    "Thai": (("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),),
    "Tavt": (("NotoSansTaiViet-Regular.ttf", "NotoSansTaiViet-Regular.ttf"),),
    "Arab": (
        ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
        ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ),
    "Hebr": (("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),),
    "Armn": (("NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),),
    "Geor": (("NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),),
    "Deva": (("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),),
    "Beng": (("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),),
    "Taml": (("NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),),
    "Sinh": (("NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf"),),
    "Mymr": (("NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"),),
    "Ethi": (("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),),
    "Tibt": (("NotoSerifTibetan-Regular.ttf", "NotoSerifTibetan-Bold.ttf"),),
    "Hani": (_CJK,),
    "Hans": (_CJK,),
    "Hant": (_CJK,),
    "Jpan": (_CJK,),
    "Kore": (_CJK,),
    "Hang": (_CJK,),
    "Hira": (_CJK,),
    "Kana": (_CJK,),
    "Bopo": (_CJK,),
}

# Fonts for the characters a script's main font lacks: Noto Sans CJK stops at the Basic
# Multilingual Plane, while many Chữ Nôm characters are in CJK extension B and beyond.
_SUPPLEMENT_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "Hani": (("HanaMinA.ttf", "HanaMinA.ttf"), ("HanaMinB.ttf", "HanaMinB.ttf")),
}

# The name HarfBuzz (through SDL_ttf and Kivy's `font_script_name`) knows the script by.
# Kivy 2.3 accepts only its own list of codes: Tai Viet and Armenian are not in it, and
# HarfBuzz's default shaper handles both, so they are shaped as Common.
_SHAPING_SCRIPT = {
    "Hans": "Hani",
    "Hant": "Hani",
    "Jpan": "Hani",
    "Hira": "Hani",
    "Kana": "Hani",
    "Bopo": "Hani",
    "Kore": "Hang",
    "Zyyy": "Latn",
    "Tavt": "Zyyy",
    "Armn": "Zyyy",
}

# Han characters are drawn differently in China, Taiwan, Hong Kong, Japan and Korea; Noto Sans
# CJK has a face for each. The text's language picks it (font_faces.py explains why a face is
# copied out of the collection). Japanese, and Han text of no known language, use the first.
_CJK_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Jpan", "Kore", "Hang", "Hira", "Kana", "Bopo"})
_CJK_REGION_BY_SUBTAG = {
    "zh": "SC", "cmn": "SC", "yue": "HK", "ko": "KR", "kor": "KR",
    "hans": "SC", "hant": "TC", "tw": "TC", "hk": "HK", "mo": "HK", "kr": "KR", "kore": "KR",
    "ja": "", "jpan": "",
}


def cjk_region(lang: str) -> str:
    """The Noto Sans CJK face ("SC", "TC", "HK", "KR", or "" for the Japanese first face)
    for a BCP 47 tag: a script or region subtag decides before the language does."""
    subtags = [s.lower() for s in lang.replace("_", "-").split("-") if s]
    for subtag in reversed(subtags):  # zh-Hant-HK: region first, then script, then language
        if subtag in _CJK_REGION_BY_SUBTAG:
            return _CJK_REGION_BY_SUBTAG[subtag]
    return ""


def _regional(choice: FontChoice, script: str, lang: str) -> FontChoice:
    region = cjk_region(lang) if lang and script in _CJK_SCRIPTS else ""
    if not region or not choice.path.endswith(".ttc"):
        return choice
    regular = face_file(choice.path, f" {region}")
    if regular is None:
        return choice
    bold = face_file(choice.bold_path, f" {region}") if choice.bold_path else None
    return FontChoice(regular, choice.kivy_script_name, choice.direction, bold or regular)


# Fonts that cover many scripts at once; used when the script's own font lacks a character
# but the text must stay in one run (right-to-left text cannot be split into markup runs).
_WIDE_FONTS = (_LATIN, ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))


@dataclass(frozen=True)
class FontChoice:
    """A font for one script: what to set on a Kivy label to show and shape it right."""

    path: str
    kivy_script_name: str  # for Label.font_script_name: 'Khmr', 'Arab', 'Latn', ...
    direction: str  # for Label.font_direction: 'ltr' | 'rtl'
    bold_path: str = ""

    def path_for(self, bold: bool) -> str:
        return self.bold_path if bold and self.bold_path else self.path


@dataclass(frozen=True)
class TextRun:
    text: str
    font: FontChoice


def font_dirs() -> list[Path]:
    extra = [p for p in os.environ.get(FONT_DIRS_ENV, "").split(os.pathsep) if p]
    dirs = [Path(p) for p in (*extra, *_SYSTEM_FONT_DIRS)]
    kivy_fonts = _kivy_fonts_dir()
    if kivy_fonts:
        dirs.append(kivy_fonts)
    return [d for d in dirs if d.is_dir()]


def _kivy_fonts_dir() -> Path | None:
    """Kivy ships DejaVu Sans and Roboto: the last resort when no Noto font is installed."""
    spec = find_spec("kivy")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "fonts"


@cache
def find_font_file(name: str) -> str | None:
    for folder in font_dirs():
        candidate = folder / name
        if candidate.is_file():
            return str(candidate)
    return None


def _first_existing(candidates: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    for regular, bold in candidates:
        regular_path = find_font_file(regular)
        if regular_path:
            return regular_path, find_font_file(bold) or regular_path
    return None


@cache
def fallback_font() -> FontChoice:
    """Noto Sans, else DejaVu Sans (Kivy's own copy if need be)."""
    found = _first_existing(_WIDE_FONTS) or _first_existing((("Roboto-Regular.ttf",) * 2,))
    regular, bold = found or ("Roboto", "Roboto")  # Kivy's registered default font name
    return FontChoice(regular, "Latn", "ltr", bold)


@cache
def font_for_script(script: str, lang: str = "") -> FontChoice:
    """The font for an ISO 15924 script, or the fallback when none is installed for it;
    `lang` (BCP 47) picks the regional face of Han characters."""
    if lang and script in _CJK_SCRIPTS:
        return _regional(font_for_script(script), script, lang)
    shaping = _SHAPING_SCRIPT.get(script, script)
    found = _first_existing(_FONT_FILES.get(script, ()))
    if found is None:
        fallback = fallback_font()
        return FontChoice(fallback.path, shaping, direction(script), fallback.bold_path)
    return FontChoice(found[0], shaping, direction(script), found[1])


def covers(font: FontChoice, text: str) -> bool:
    """True when the font has a glyph for every character of `text` (line breaks aside)."""
    charmap = font_charmap(font.path)
    return all(ord(c) in charmap for c in text if c not in "\n\r\t")


def font_runs(text: str, lang: str = "") -> list[TextRun]:
    """Split `text` into runs, each shown by one font that has all of its characters.

    The text's dominant script decides the main font; characters it lacks (digits in Khmer
    text, Latin words in Thai text) go to their own script's font or to the fallback. Marks
    stay with the character before them so clusters are never split. `lang` picks regional
    forms (see font_for_script).
    """
    main = font_for_script(dominant_script(text), lang)
    runs: list[TextRun] = []
    for char in text:
        font = _font_for_char(char, main, runs[-1].font if runs else main, lang)
        if runs and runs[-1].font == font:
            runs[-1] = TextRun(runs[-1].text + char, font)
        else:
            runs.append(TextRun(char, font))
    return runs


def _font_for_char(char: str, main: FontChoice, current: FontChoice, lang: str) -> FontChoice:
    script = script_of(char)
    if char in "\n\r\t" or script == "Zinh":
        return current
    for font in (current, main) if is_neutral(script) else (main,):
        if ord(char) in font_charmap(font.path):
            return font
    for other in other_fonts_for(script, lang):
        if ord(char) in font_charmap(other.path):
            return FontChoice(other.path, main.kivy_script_name, main.direction, other.bold_path)
    return current


def other_fonts_for(script: str, lang: str = "") -> list[FontChoice]:
    """Where to look for a character the main font lacks: its script's fonts, then Noto Sans."""
    if is_neutral(script):
        return [fallback_font()]
    fonts = [font_for_script(script, lang)]
    for regular, bold in _SUPPLEMENT_FILES.get(_SHAPING_SCRIPT.get(script, script), ()):
        path = find_font_file(regular)
        if path:
            fonts.append(FontChoice(path, script, direction(script), find_font_file(bold) or path))
    return [*fonts, fallback_font()]


def single_font_for(text: str, lang: str = "") -> FontChoice | None:
    """One font that shows all of `text`, keeping its script's shaping and direction.

    The script's own font if it covers everything; else, for text in one script or written
    right to left (which runs cannot lay out), a wide font that covers it all; None when
    the text needs several fonts.
    """
    main = font_for_script(dominant_script(text), lang)
    if covers(main, text):
        return main
    letters_scripts = {script_of(c) for c in text} - {"Zyyy", "Zinh"}
    if len(letters_scripts) > 1 and main.direction == "ltr":
        return None  # runs, each shaped in its own script, do better than one wide font
    for candidates in _WIDE_FONTS:
        found = _first_existing((candidates,))
        if found:
            wide = FontChoice(found[0], main.kivy_script_name, main.direction, found[1])
            if covers(wide, text):
                return wide
    return None


@cache
def font_charmap(path: str) -> frozenset[int]:
    """The code points a TrueType/OpenType font (or the first face of a collection) maps.

    Read straight from the `cmap` table so no font library is needed at run time.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return frozenset()
    try:
        return _parse_cmap(data)
    except (struct.error, ValueError, IndexError):
        return frozenset()


def _parse_cmap(data: bytes) -> frozenset[int]:
    base = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    cmap = None
    for i in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        return frozenset()
    subtables = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + offset
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key in subtables:
            return _parse_subtable(data, subtables[key])
    return frozenset()


def _parse_subtable(data: bytes, at: int) -> frozenset[int]:
    fmt = struct.unpack_from(">H", data, at)[0]
    if fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        points: set[int] = set()
        for i in range(groups):
            start, end, _glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
            points.update(range(start, end + 1))
        return frozenset(points)
    if fmt == 4:
        return _parse_format4(data, at)
    return frozenset()


def _parse_format4(data: bytes, at: int) -> frozenset[int]:
    seg_count = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{seg_count}H", data, at + 14)
    starts_at = at + 16 + 2 * seg_count
    starts = struct.unpack_from(f">{seg_count}H", data, starts_at)
    deltas = struct.unpack_from(f">{seg_count}h", data, starts_at + 2 * seg_count)
    range_offsets_at = starts_at + 4 * seg_count
    range_offsets = struct.unpack_from(f">{seg_count}H", data, range_offsets_at)
    points: set[int] = set()
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if start == 0xFFFF:
            continue
        for code in range(start, end + 1):
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_offsets_at + 2 * i + range_offsets[i] + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return frozenset(points)
