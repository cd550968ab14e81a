"""Plain-language checks: sentence length, and whether an Easy Read version exists.

Smithsonian guidance for exhibit text is at most 25 words a sentence. Counting words needs
segmentation for scripts written without spaces (Thai, Lao, Khmer), so sentences and words
come from ICU, not from splitting at spaces.
"""

from __future__ import annotations

from functools import cache

from kiosk.content.markdown import EASY_READ_MARKER
from kiosk.text.linebreak import icu, python_offsets, words

MAX_SENTENCE_WORDS = 25


@cache
def _sentence_iterator(locale: str):
    return icu.BreakIterator.createSentenceInstance(icu.Locale(locale))


def sentences(text: str, locale: str) -> list[str]:
    if icu is None:  # pragma: no cover - without ICU, split at full stops
        return [s for s in text.replace("!", ".").replace("?", ".").split(".") if s.strip()]
    iterator = _sentence_iterator(locale)
    iterator.setText(text)
    cuts = [0, *python_offsets(text, iterator)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def long_sentences(body: str, body_line: int, locale: str) -> list[tuple[int, int, str]]:
    """(line, word count, start of sentence) for each sentence over the limit."""
    found = []
    for offset, line in enumerate(body.split("\n")):
        if line.strip().startswith(("<!--", "#")):
            continue
        for sentence in sentences(line, locale):
            count = len(words(sentence, locale))
            if count > MAX_SENTENCE_WORDS:
                found.append((body_line + offset, count, sentence[:40]))
    return found


def has_easy_read(body: str) -> bool:
    return any(line.strip() == EASY_READ_MARKER for line in body.split("\n"))
