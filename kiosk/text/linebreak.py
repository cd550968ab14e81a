"""Where a line may break, for every script, and wrapping text at those places.

Kivy wraps only at ASCII spaces: Khmer, Thai and Lao are written without spaces between
words, so a long phrase overflows or is cut inside a cluster ("មនុស្ | ស"). ICU's line break
iterator knows each language's words (dictionaries for Thai, Lao, Khmer, Myanmar; rules for
CJK and the rest); this module asks it where breaks are allowed and wraps greedily with the
caller's own measure of width, so the UI can hand Kivy lines that are already broken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from itertools import accumulate

try:  # pyicu-wheels; without it, lines break at spaces only, as Kivy does
    import icu
except ImportError:  # pragma: no cover - exercised only where ICU is missing
    icu = None


@cache
def _iterator(locale: str):
    return icu.BreakIterator.createLineInstance(icu.Locale(locale))


def break_opportunities(text: str, locale: str = "") -> list[int]:
    """Offsets (in `text`) where a new line may start, excluding 0 and len(text)."""
    if not text:
        return []
    if icu is None:
        return [i + 1 for i, c in enumerate(text[:-1]) if c == " "]
    iterator = _iterator(locale)
    iterator.setText(text)
    return [b for b in python_offsets(text, iterator) if 0 < b < len(text)]


def python_offsets(text: str, boundaries: Iterable[int]) -> list[int]:
    """ICU's `boundaries` (UTF-16 code units, ascending) as offsets in `text`; one that falls
    inside a surrogate pair is dropped. Text within the basic plane, nearly all text, needs
    no mapping: a unit is a character."""
    if _in_basic_plane(text):
        return [b for b in boundaries if 0 <= b <= len(text)]
    positions = utf16_positions(text)
    return [positions[b] for b in boundaries if b in positions]


def utf16_positions(text: str) -> dict[int, int]:
    """ICU counts UTF-16 code units; this maps them back to Python characters (Han-Nom is
    beyond the basic plane, two units a character)."""
    if _in_basic_plane(text):
        return dict(zip(range(len(text) + 1), range(len(text) + 1), strict=True))
    units = accumulate((2 if ord(char) > 0xFFFF else 1 for char in text), initial=0)
    return dict(zip(units, range(len(text) + 1), strict=True))


def _in_basic_plane(text: str) -> bool:
    return not text or max(text) <= "\uffff"


def words(text: str, locale: str = "") -> list[str]:
    """Words of `text` (for counting words in scripts without spaces): segments with letters."""
    cuts = [0, *break_opportunities(text, locale), len(text)]
    pieces = (text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False))
    return [p for p in pieces if any(c.isalnum() for c in p)]


def wrap(text: str, width: float, measure: Callable[[str], float], locale: str = "") -> list[str]:
    """Lines no wider than `width` (unless one word is), broken only where ICU allows."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *break_opportunities(paragraph, locale), len(paragraph)]
        start, line_end = 0, None
        for end in cuts[1:]:
            if measure(paragraph[start:end].rstrip()) <= width or line_end is None:
                line_end = end
                continue
            lines.append(paragraph[start:line_end].rstrip())
            start, line_end = line_end, end
        lines.append(paragraph[start:].rstrip())
    return lines
