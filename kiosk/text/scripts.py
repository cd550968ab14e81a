"""Which writing system a piece of text is in, from Unicode's Script property (ICU).

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
from collections import Counter
from functools import lru_cache

import icu

COMMON = "Zyyy"
INHERITED = "Zinh"

# Each character's script is Unicode's Script property as ICU (PyICU, already pinned for the
# search's break iterators) knows it: every script Unicode encodes, kept up to date with ICU,
# instead of a hand-kept range table that knew some forty scripts and called the rest Latin.
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"})


@lru_cache(maxsize=8192)
def _icu_script(char: str) -> tuple[str, bool]:
    found = icu.Script.getScript(char)
    return found.getShortName(), bool(found.isRightToLeft())

_HAN_FAMILY = frozenset({"Hani", "Hira", "Kana", "Bopo", "Hang"})


def script_of(char: str) -> str:
    """The ISO 15924 code of one character; Zyyy for shared characters, Zinh for marks."""
    script = _icu_script(char)[0]
    if script == "Zzzz":  # unassigned code points belong to no script: treat as shared
        return COMMON
    return script


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
    if script in RTL_SCRIPTS:
        return "rtl"
    return "rtl" if _script_is_rtl(script) else "ltr"


@lru_cache(maxsize=256)
def _script_is_rtl(code: str) -> bool:
    """ICU's own answer for any ISO 15924 code (Samaritan, Mandaic, Old Hungarian...)."""
    for value in range(256):  # every UScriptCode value ICU has
        try:
            found = icu.Script(value)
        except (icu.ICUError, ValueError, TypeError):
            continue
        if found.getShortName() == code:
            return bool(found.isRightToLeft())
    return False


# Digits and Latin-script words, with the separators that join them ("10.5", "1948-1950").
_LTR_RUN = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:[.,:/\-][0-9A-Za-z\u00C0-\u024F]+)*")


def protect_ltr_runs(text: str) -> str:
    """Prepare right-to-left text for shaping as one run, without the Unicode bidi algorithm.

    SDL_ttf hands a whole line to HarfBuzz in one direction, so in Arabic text "1948" would
    come out as "8491". Reversing each left-to-right run (numbers, Latin words) beforehand
    puts them back in reading order. Only for display: never store or search the result.
    """
    return _LTR_RUN.sub(lambda match: match.group(0)[::-1], text)
