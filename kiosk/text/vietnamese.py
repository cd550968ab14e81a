"""Typing Vietnamese on a touch screen: a tone key puts its mark on the right vowel.

Visitors type the letters (with ă â ê ô ơ ư đ from their own keys) and then touch a tone
key, as on Vietnamese phone keyboards. Where the mark goes follows the modern ("new style")
rules: on a vowel with a hat or horn (ơ of ươ); otherwise, when the vowel group is followed
by a consonant or is "oa", "oe", "uy", on its last vowel; otherwise on the first (the middle
of three). "qu" and "gi" at the start are consonants. Touching the same tone again removes it.
Search ignores tones anyway; this is so what visitors see is what they meant.
"""

from __future__ import annotations

import unicodedata

TONE_MARKS = {
    "acute": "\u0301",  # sắc
    "grave": "\u0300",  # huyền
    "hook": "\u0309",  # hỏi
    "tilde": "\u0303",  # ngã
    "dot": "\u0323",  # nặng
}
MODIFIED_LETTERS = "ăâđêôơư"
_VOWELS = set("aăâeêioôơuưy")
_HAT_OR_HORN = set("ăâêôơư")
_SECOND_VOWEL_PAIRS = {"oa", "oe", "uy"}


def _split_tone(word: str) -> tuple[str, str]:
    """(the word without its tone mark, the mark or "")."""
    tone = ""
    base = []
    for char in unicodedata.normalize("NFD", word):
        if char in TONE_MARKS.values():
            tone = char
        else:
            base.append(char)
    return unicodedata.normalize("NFC", "".join(base)), tone


def _nucleus(word: str) -> tuple[int, int]:
    """Start and end (exclusive) of the vowel group that carries the tone."""
    lower = word.lower()
    start = 0
    if lower.startswith("qu") or (lower.startswith("gi") and any(c in _VOWELS for c in lower[2:])):
        start = 2
    while start < len(lower) and lower[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    return start, end


def tone_position(word: str) -> int | None:
    """Index of the letter that carries the tone in a toneless word, or None (no vowel)."""
    start, end = _nucleus(word)
    if start == end:
        return None
    group = word[start:end].lower()
    for offset in range(len(group) - 1, -1, -1):  # ơ of ươ: the last hat or horn
        if group[offset] in _HAT_OR_HORN:
            return start + offset
    if end < len(word) or group[-2:] in _SECOND_VOWEL_PAIRS:
        return end - 1
    if len(group) == 3:
        return start + 1
    return start


def apply_tone(word: str, tone: str) -> str:
    """`word` with `tone` ("acute", ...) placed by the rules above; the same tone again removes it."""
    base, current = _split_tone(word)
    mark = TONE_MARKS[tone]
    position = tone_position(base)
    if position is None:
        return word
    if current == mark:
        return base
    return unicodedata.normalize("NFC", base[: position + 1] + mark + base[position + 1 :])


def apply_tone_to_text(text: str, tone: str) -> str:
    """Apply a tone key to the last word of `text` (what a keyboard does)."""
    cut = len(text.rstrip())
    head, _, word = text[:cut].rpartition(" ")
    if not word:
        return text
    return (f"{head} " if head or text[:cut].startswith(" ") else "") + apply_tone(word, tone) + text[cut:]
