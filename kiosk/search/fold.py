"""Folding text for search, the same way at index time and at query time, and the tokens the
index holds.

- Case is folded, and Latin, Greek and Cyrillic letters lose their accents and tone marks:
  "Điều" and "dieu" meet. SQLite's remove_diacritics cannot do this alone: Vietnamese letters
  carry two marks (ề) and đ has no decomposition at all, so đ is mapped to d here.
- Marks are kept on every other script: a Thai or Khmer vowel sign is a letter, not an accent.
- Everything that is not a token character (letters, digits, marks, private use: the FTS
  tokenizer's categories 'L* N* M* Co') folds to a space, one character for one, so folded
  text lines up with the original wherever no letter expands (ß, æ) or vanishes (a stray mark).

What the index holds for each column of a row (docs/catalog.md, "Search"), each token once:

- every word (a run of token characters in a spaced script);
- its first character behind `INITIAL`, so a one-letter prefix is one token, not a merge of
  every word that starts with it;
- every pair of adjacent words behind `JOIN` (a shingle), so "dieu 1" can rank the rows where
  "Điều 1" is written as a phrase without walking word positions;
- in scripts written without spaces between words (Thai, Lao, Khmer, Tai Viet, Myanmar, Han,
  kana, Hangul), every substring of 2 to `NGRAM` characters, and each character behind `UNIT`,
  so the 1-4 characters a visitor types are one token, found with no word dictionary;
- for a word or substring that recurs, frequency tokens (`TF`, see `index_text`);
- the unspaced runs once more, one character per token in order, for exact phrase look-ups
  (the usage figures' `query_terms`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

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

JOIN = "\ue000"  # private use (a token character): JOIN + word + JOIN + next word
INITIAL = "\ue001"  # INITIAL + the first character of a word
TF = "\ue002"  # TF + level + token: a token seen at least TF_BASE**level times
TF_BASE, TF_LEVELS = 8, 3
_TF_THRESHOLDS = [TF_BASE**level for level in range(1, TF_LEVELS + 1)]
NGRAM = 4  # substrings of unspaced scripts are indexed up to this many characters
UNIT = "\ue003"  # UNIT + one character of an unspaced script
BREAK = "\ue004"  # between the runs written out character by character (see index_text)
_MARKERS = {JOIN, INITIAL, TF, UNIT, BREAK}


def is_unspaced(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _UNSPACED_RANGES)


def is_token_char(char: str) -> bool:
    return unicodedata.category(char).startswith(_TOKEN_CATEGORIES)


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
        if char in _MARKERS or not is_token_char(char):
            folded = " "
        else:
            folded = "".join(c if is_token_char(c) else " " for c in _fold_char(char)) or ""
        self[code] = folded
        return folded


_TABLE = _FoldTable()


# A regex character class body: the blocks of the unspaced scripts, whole. The patterns built on
# it only ever see folded text, where every character is a token character or a space (`fold`
# turns the blocks' punctuation and unassigned code points into spaces), so the whole blocks
# match what their token characters alone would, without testing 220,000 code points (most of
# them Han-Nom) at import.
UNSPACED_CLASS = "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _UNSPACED_RANGES)
# In folded text: a run of an unspaced script, or a word of any other script.
_PIECE = re.compile(f"([{UNSPACED_CLASS}]+)|([^\\s{UNSPACED_CLASS}]+)")
_RUN = re.compile(f"([{UNSPACED_CLASS}]+)")
_LONGEST_GRAM = re.compile(f"(?=([^ ]{{{NGRAM}}}))")


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TABLE)


def fold_nfc(text: str) -> str:
    """`fold` for text already in NFC (what the catalog stores)."""
    return text.translate(_TABLE)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Folded NFC `text` and, for each folded character, the index of its original one."""
    pieces = [_TABLE[ord(char)] for char in text]
    offsets = [index for index, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), offsets


def tokens_of(folded: str) -> list[str]:
    """Split folded text into tokens exactly as the FTS5 tokenizer does."""
    return folded.split()


def index_tokens(text: str) -> Counter[str]:
    """The distinct tokens the index holds for `text` (one column of one row), with how
    often each occurs (a character of an unspaced script carries the `UNIT` marker)."""
    return _count_tokens(_RUN.split(fold(text)))


def _count_tokens(parts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for spaced in parts[::2]:  # spaced-script text, unspaced run, spaced text, ...
        words = spaced.split()
        if words:
            counts.update(words)
            counts.update([INITIAL + word[0] for word in words])
            counts.update([f"{JOIN}{a}{JOIN}{b}" for a, b in zip(words, words[1:], strict=False)])
    runs = parts[1::2]
    if runs:
        _count_substrings(runs, counts)
    return counts


def _count_substrings(runs: list[str], counts: Counter[str]) -> None:
    """Count every 1- to NGRAM-character substring of the runs. Only the NGRAM-long ones are
    cut from the text (one regex pass); the shorter ones are their prefixes, and those of each
    run's last few characters: a long document repeats most of its NGRAM-grams, so this walks
    each distinct one once instead of every position three more times."""
    longest: Counter[str] = Counter(_LONGEST_GRAM.findall(" ".join(runs)))
    tails: Counter[str] = Counter(run[i:] for run in runs
                                  for i in range(max(0, len(run) - NGRAM + 1), len(run)))
    shorter: Counter[str] = Counter()
    for grams in (longest, tails):
        for gram, n in grams.items():
            for size in range(1, min(len(gram), NGRAM - 1) + 1):
                shorter[gram[:size]] += n
    counts.update(longest)
    for gram, n in shorter.items():
        counts[UNIT + gram if len(gram) == 1 else gram] += n


def index_text(text: str) -> str:
    """`text` as the FTS5 tokenizer should see it (see the module's docstring): each distinct
    token once; for a word or substring that recurs, one frequency token per level reached
    (`TF` + level + token: seen at least 8, 64, 512 times; a query of one word ORs them in,
    each one more bm25 phrase, so a document that uses the word page after page adds up, as
    when its pages were ranked one by one); then the unspaced runs character by character."""
    parts = _RUN.split(fold(text))
    counts = _count_tokens(parts)
    out = list(counts)
    for level, threshold in enumerate(_TF_THRESHOLDS, start=1):
        out += [f"{TF}{level}{token.removeprefix(UNIT)}" for token, n in counts.items()
                if n >= threshold and token[0] not in (JOIN, INITIAL)]
    for run in dict.fromkeys(parts[1::2]):  # kiosk.usage.words looks a sequence up as a
        out.append(BREAK)  # phrase of single characters: they are written out in order
        out.extend(run)
    return " ".join(out)


@dataclass(frozen=True)
class Term:
    """One piece of a visitor's query, folded.

    A word of a spaced script matches any indexed word it starts ("quy" finds "quyền") and
    ranks higher where it is the whole word; `joined` says the next term is the next word, so
    the pair is looked up as a shingle. A run of an unspaced script matches as a substring.
    """

    text: str
    unspaced: bool = False
    joined: bool = False


def search_terms(query: str) -> list[Term]:
    """The visitor's query as search terms.

    "dieu 1" -> [dieu (joined to the next), 1]; a Khmer word -> one unspaced term.
    """
    pieces = [(m.group(1) or m.group(2), m.group(1) is not None)
              for m in _PIECE.finditer(fold(query))]
    terms = []
    for index, (text, unspaced) in enumerate(pieces):
        joined = not unspaced and index + 1 < len(pieces) and not pieces[index + 1][1]
        terms.append(Term(text, unspaced, joined))
    return terms


def query_terms(query: str) -> list[str]:
    """The query's words, folded, as the usage figures keep them (kiosk.usage): one string per
    space-separated word, its tokens joined by spaces, an unspaced script one character per
    token ("dieu 1" -> ["dieu", "1"]; "នុស្ស" -> ["ន ុ ស ្ ស"]). Such a string is a phrase
    the index answers exactly (see `index_text`)."""
    terms = []
    for word in unicodedata.normalize("NFC", query).split():
        tokens = []
        for match in _PIECE.finditer(fold(word)):
            run, spaced = match.groups()
            tokens.extend(run if run else [spaced])
        if tokens:
            terms.append(" ".join(tokens))
    return terms
