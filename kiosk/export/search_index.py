"""The site's offline search: documents for MiniSearch, folded as the kiosk folds.

MiniSearch (vendored, kiosk/export/static/minisearch.js) ranks and matches prefixes; the
folding is the kiosk's own (`kiosk.search.fold`), done here once, so the browser only splits
on spaces. Each document's `x` holds the folded words, a run of a script written without
spaces (Khmer, Lao, Thai, Han...) as one word that search.js cuts into every 1- to 4-character
substring when it builds the index, as the kiosk's index does; `pairs` holds each two adjacent words joined by "_", so "dieu 1" ranks "Điều 1" first.
search.js folds the visitor's query the same way (and its tests compare the two foldings).
"""

from __future__ import annotations

import re

from kiosk.search.fold import NGRAM, UNSPACED_CLASS, fold

_RUN = re.compile(f"([{UNSPACED_CLASS}]+)")


def folded_words(text: str) -> tuple[list[str], list[str]]:
    """(words, adjacent word pairs) of `text`, each once, in first-seen order; a run of a
    script without spaces is one word here, and search.js cuts it into its 1- to
    4-character substrings when the browser builds the index (shipping every substring made
    the index of 1,000 titles 90 MB, two thirds of it Khmer and Thai)."""
    parts = _RUN.split(fold(text))
    words: dict[str, None] = {}
    pairs: dict[str, None] = {}
    for spaced in parts[::2]:
        split = spaced.split()
        words.update(dict.fromkeys(split))
        pairs.update(dict.fromkeys(f"{a}_{b}" for a, b in zip(split, split[1:], strict=False)))
    words.update(dict.fromkeys(parts[1::2]))
    return list(words), list(pairs)


def folded_tokens(text: str) -> tuple[list[str], list[str]]:
    """What the browser indexes for `text` (the kiosk's own tokens): `folded_words` with
    every unspaced run cut into its substrings, as search.js cuts them (tests compare)."""
    words, pairs = folded_words(text)
    tokens: dict[str, None] = {}
    for word in words:
        if _RUN.fullmatch(word):
            for size in range(1, NGRAM + 1):
                tokens.update(dict.fromkeys(word[i:i + size] for i in range(len(word) - size + 1)))
        else:
            tokens[word] = None
    return list(tokens), pairs


def search_document(url: str, lang: str, title: str, body: str) -> dict:
    """One document; its address is its id (MiniSearch's idField), unique in the site."""
    words, pairs = folded_words(f"{title} {body}")
    title_words, _ = folded_words(title)
    return {"url": url, "lang": lang, "title": title,
            "snippet": body[:160], "t": " ".join(title_words), "x": " ".join(words),
            "p": " ".join(pairs)}


def index_script(pieces: list[str]) -> str:
    """A script, not JSON: a page opened from a folder (file://) may not fetch() a file.
    `pieces` are each page's documents, JSON array items without the brackets (as the
    render cache keeps them), joined here without parsing them again."""
    return "window.KIOSK_SEARCH = [" + ",".join(pieces) + "];\n"
