"""Folding text for search, the same way at index time and at query time.

- Case is folded, and Latin, Greek and Cyrillic letters lose their accents and tone marks:
  "Điều" and "dieu" meet. SQLite's remove_diacritics cannot do this alone: Vietnamese letters
  carry two marks (ề) and đ has no decomposition at all, so đ is mapped to d here.
- Marks are kept on every other script: a Thai or Khmer vowel sign is a letter, not an accent.
- Scripts written without spaces between words (Thai, Lao, Khmer, Tai Viet, Myanmar, Han,
  kana, Hangul) are indexed one character per token, so any substring a visitor types is found
  as a phrase of characters, with no word dictionary needed.

`fold_with_offsets` also returns, for every folded character, the index of the original
character it came from, so snippets and highlights are cut from the original text.
"""

from __future__ import annotations

import unicodedata

_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0xAA80, 0xAADF),  # Tai Viet
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B-G (Han-Nom)
)
_SPECIAL = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe"}
_TOKEN_CATEGORIES = ("L", "N", "M", "Co")  # as the FTS tokenizer: categories 'L* N* M* Co'


def is_unspaced(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _UNSPACED_RANGES)


def _strips_marks(base: str) -> bool:
    code = ord(base)
    return code < 0x0530 or 0x1E00 <= code <= 0x1FFF


def _fold_char(char: str) -> str:
    folded = []
    for part in char.casefold():
        decomposed = unicodedata.normalize("NFD", part)
        base = decomposed[0]
        if _strips_marks(base):
            decomposed = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        folded.append(unicodedata.normalize("NFC", decomposed))
    text = "".join(folded)
    return "".join(_SPECIAL.get(c, c) for c in text)


class _FoldTable(dict):
    """Character -> folded text, computed on first sight: `str.translate` then runs in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_char(char)
        if is_unspaced(char):
            folded = f" {folded} "
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its index in the NFC input."""
    pieces = [_TABLE[ord(char)] for char in text]
    offsets = [index for index, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), offsets


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TABLE)


def is_token_char(char: str) -> bool:
    return unicodedata.category(char).startswith(_TOKEN_CATEGORIES)


def tokens_of(folded: str) -> list[str]:
    """Split folded text into tokens exactly as the FTS5 tokenizer does."""
    tokens, current = [], []
    for char in folded:
        if is_token_char(char):
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def query_terms(query: str) -> list[str]:
    """The visitor's query as search terms: each a list of tokens that must be adjacent.

    "dieu 1" -> ["dieu", "1"]; a Khmer word -> one term whose tokens are its characters.
    """
    terms = []
    for word in unicodedata.normalize("NFC", query).split():
        tokens = tokens_of(fold(word))
        if tokens:
            terms.append(" ".join(tokens))
    return terms
