"""Which writing system a piece of text is in, from Unicode ranges alone.

The kiosk shows text in many scripts (Vietnamese, Khmer, Lao, Thai, Tai Viet, Arabic, Han...)
with Kivy's SDL2 text provider, which has no font fallback and needs to be told the script and
direction of a run for HarfBuzz to shape it correctly. Deciding the script here, in pure Python
without Kivy, keeps that decision testable and usable by the catalog build too.

Codes are ISO 15924 (`Latn`, `Khmr`, ...). `Zyyy` (Common) is for characters shared by all
scripts (spaces, digits, punctuation) and `Zinh` (Inherited) for combining marks that take the
script of the character they follow.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter

COMMON = "Zyyy"
INHERITED = "Zinh"

# (first, last, script): ranges sorted by `first`, non-overlapping. Not the whole of
# Unicode's Scripts.txt: the blocks exhibitions are likely to need, plus their extensions.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00AA, 0x00AA, "Latn"),
    (0x00BA, 0x00BA, "Latn"),
    (0x00C0, 0x00D6, "Latn"),
    (0x00D8, 0x00F6, "Latn"),
    (0x00F8, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),
    (0x0300, 0x036F, INHERITED),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x060B, "Arab"),
    (0x060C, 0x060C, COMMON),  # Arabic comma, also used by Syriac and Thaana
    (0x060D, 0x064A, "Arab"),
    (0x064B, 0x0655, INHERITED),
    (0x0656, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x07C0, 0x07FF, "Nkoo"),
    (0x0800, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"),
    (0x19E0, 0x19FF, "Khmr"),  # Khmer symbols
    (0x1AB0, 0x1AFF, INHERITED),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1DC0, 0x1DFF, INHERITED),
    (0x1E00, 0x1EFF, "Latn"),  # Latin Extended Additional: Vietnamese ạ ả ấ ầ ẩ ẫ ậ ...
    (0x1F00, 0x1FFF, "Grek"),
    (0x20D0, 0x20FF, INHERITED),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x2D80, 0x2DDF, "Ethi"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x2E80, 0x2FDF, "Hani"),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3005, "Hani"),
    (0x3007, 0x3007, "Hani"),
    (0x3021, 0x3029, "Hani"),
    (0x3038, 0x303B, "Hani"),
    (0x3041, 0x309F, "Hira"),
    (0x30A1, 0x30FA, "Kana"),
    (0x30FD, 0x30FF, "Kana"),
    (0x3105, 0x312F, "Bopo"),
    (0x3131, 0x318F, "Hang"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xA980, 0xA9DF, "Java"),
    (0xA9E0, 0xA9FF, "Mymr"),
    (0xAA80, 0xAADF, "Tavt"),  # Tai Viet
    (0xAB30, 0xAB6F, "Latn"),
    (0xAC00, 0xD7AF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE20, 0xFE2F, INHERITED),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF3A, "Latn"),
    (0xFF41, 0xFF5A, "Latn"),
    (0xFF66, 0xFF9D, "Kana"),
    (0x1E900, 0x1E95F, "Adlm"),
    (0x20000, 0x3134F, "Hani"),  # CJK extensions B-H: many Chữ Nôm characters live here
)
_STARTS = [first for first, _last, _script in _RANGES]

RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"})
_HAN_FAMILY = frozenset({"Hani", "Hira", "Kana", "Bopo", "Hang"})


def script_of(char: str) -> str:
    """The ISO 15924 code of one character; Zyyy for shared characters, Zinh for marks."""
    code = ord(char)
    i = bisect_right(_STARTS, code) - 1
    if i >= 0:
        first, last, script = _RANGES[i]
        if first <= code <= last:
            return script
    if unicodedata.category(char) in ("Mn", "Me"):
        return INHERITED
    return COMMON


def is_neutral(script: str) -> bool:
    """True for Common and Inherited: characters that belong to whatever surrounds them."""
    return script in (COMMON, INHERITED)


def dominant_script(text: str, default: str = "Latn") -> str:
    """The script most of the text's letters are in.

    Han, kana and hangul are judged together, as CJK text mixes them: any kana makes it
    `Jpan`, any hangul `Kore`, Han alone `Hani`. Text with no letters (digits, punctuation,
    empty) is `default`.
    """
    counts = Counter(s for s in map(script_of, text) if not is_neutral(s))
    if not counts:
        return default
    han_family = sum(n for s, n in counts.items() if s in _HAN_FAMILY)
    best, best_count = counts.most_common(1)[0]
    if han_family >= best_count:
        if counts["Hira"] or counts["Kana"]:
            return "Jpan"
        if counts["Hang"]:
            return "Kore"
        return "Hani"
    return best


def direction(script: str) -> str:
    """'rtl' for scripts written right to left, otherwise 'ltr'."""
    return "rtl" if script in RTL_SCRIPTS else "ltr"


# Digits and Latin-script words, with the separators that join them ("10.5", "1948-1950").
_LTR_RUN = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:[.,:/\-][0-9A-Za-z\u00C0-\u024F]+)*")


def protect_ltr_runs(text: str) -> str:
    """Prepare right-to-left text for shaping as one run, without the Unicode bidi algorithm.

    SDL_ttf hands a whole line to HarfBuzz in one direction, so in Arabic text "1948" would
    come out as "8491". Reversing each left-to-right run (numbers, Latin words) beforehand
    puts them back in reading order. Only for display: never store or search the result.
    """
    return _LTR_RUN.sub(lambda match: match.group(0)[::-1], text)
