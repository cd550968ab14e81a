"""Fonts for every script of the exhibition, served by the studio itself.

A curator's browser may have no Khmer, Lao, Tai Viet or Han Nôm font at all, and the studio
works with no network, so the fonts cannot come from a font service: the studio serves the
same system font files the kiosk draws with (kiosk/text/fonts.py picks them per script), and
`/fonts/fonts.css` declares them as one family, "Studio Sans", one @font-face per file with the
characters that file maps (read from its own cmap) as its unicode-range. The browser then
downloads only the files whose characters a page uses, and picks per character.

Faces are declared from the most specialised to Latin, because for characters two faces both
claim the browser tries the face declared last first: Noto Sans takes the Latin letters and
digits, each script's font its own letters. A collection (.ttc, Noto Sans CJK) is served as the
one face the kiosk uses, copied out as a file of its own (kiosk/text/font_faces.py); the face
for Chinese, Korean and Japanese regional forms goes by the page's `lang` (`:lang()` rules).
Only files named in the font mapping can be asked for: the URL names a face, never a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.text import fonts as kiosk_fonts
from kiosk.text.font_faces import face_file

FAMILY = "Studio Sans"
MAX_GAP = 64  # code points missing between two runs of a cmap: one range (fewer to write)
_REGIONS = {"SC": ("zh-Hans", "zh-CN", "zh-SG", "zh"), "TC": ("zh-Hant", "zh-TW"),
            "HK": ("zh-HK", "zh-MO", "yue"), "KR": ("ko",)}


@dataclass(frozen=True)
class Face:
    name: str  # the URL's last part: /fonts/NAME
    path: str  # the system file (or the face copied out of a collection)
    bold: bool
    family: str = FAMILY

    @property
    def mime(self) -> str:
        return "font/otf" if self.path.endswith(".otf") else "font/ttf"

    @property
    def format(self) -> str:
        return "opentype" if self.path.endswith(".otf") else "truetype"


@cache
def faces() -> tuple[Face, ...]:
    """Every face to declare, in declaration order (specialised first, Latin last)."""
    found: dict[str, Face] = {}

    def add(path: str | None, bold: bool, family: str = FAMILY) -> None:
        if path and Path(path).is_file():
            name = Path(path).name.replace(".ttc", ".ttf").replace(" ", "-")
            found.setdefault(f"{family}|{name}", Face(name, path, bold, family))

    for candidates in kiosk_fonts._SUPPLEMENT_FILES.values():
        for regular, bold in candidates:
            add(kiosk_fonts.find_font_file(regular), False)
            if bold != regular:
                add(kiosk_fonts.find_font_file(bold), True)
    for script in sorted(kiosk_fonts._FONT_FILES, key=_latin_last):
        choice = kiosk_fonts.font_for_script(script)
        fallback = kiosk_fonts.fallback_font()
        if choice.path == fallback.path and script not in ("Latn", "Zyyy"):
            continue  # none installed for this script: Latin covers what it can, last
        if choice.path.endswith(".ttc"):
            for region in ("", *_REGIONS):
                family = FAMILY if not region else f"{FAMILY} {region}"
                add(face_file(choice.path, f" {region or 'JP'}") or None, False, family)
                add(face_file(choice.bold_path, f" {region or 'JP'}") or None, True, family)
            continue
        add(choice.path, False)
        if choice.bold_path != choice.path:
            add(choice.bold_path, True)
    return tuple(found.values())


def _latin_last(script: str) -> tuple[int, str]:
    return (2 if script in ("Latn", "Zyyy", "Cyrl", "Grek") else 0, script)


def face_named(name: str) -> Face | None:
    return next((face for face in faces() if face.name == name), None)


@cache
def stylesheet() -> str:
    """The @font-face rules, and the regional Han faces chosen by `lang`."""
    rules = []
    for face in faces():
        ranges = unicode_ranges(kiosk_fonts.font_charmap(face.path))
        if not ranges:
            continue
        rules.append(f'@font-face {{ font-family: "{face.family}"; '
                     f'src: url("/fonts/{face.name}") format("{face.format}"); '
                     f'font-weight: {700 if face.bold else 400}; font-display: swap; '
                     f"unicode-range: {ranges}; }}")
    families = {face.family for face in faces()}
    for region, tags in _REGIONS.items():
        family = f"{FAMILY} {region}"
        if family in families:
            selector = ", ".join(f":lang({tag})" for tag in tags)
            rules.append(f'{selector} {{ font-family: "{family}", "{FAMILY}", sans-serif; }}')
    return "\n".join(rules) + "\n"


def unicode_ranges(points: frozenset[int]) -> str:
    """`U+20-7E, U+A0-17F, …`: the code points as ranges, runs closer than MAX_GAP joined
    (a character in a gap the font lacks simply falls to the next face)."""
    spans: list[list[int]] = []
    for point in sorted(p for p in points if p >= 0x20):
        if spans and point - spans[-1][1] <= MAX_GAP:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)
