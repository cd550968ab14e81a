"""The site's offline search: documents for MiniSearch, folded as the kiosk folds.

MiniSearch (vendored, kiosk/export/static/minisearch.js) ranks and matches prefixes; the
folding is the kiosk's own (`kiosk.search.fold`), done here once, so the browser only splits
on spaces. Each document's `text` holds the folded words and, for scripts written without
spaces (Khmer, Lao, Thai, Han...), every 1- to 4-character substring, as the kiosk's index
does; `pairs` holds each two adjacent words joined by "_", so "dieu 1" ranks "Điều 1" first.
search.js folds the visitor's query the same way (and its tests compare the two foldings).
"""

from __future__ import annotations

import re

from kiosk.search.fold import NGRAM, UNSPACED_CLASS, fold

_RUN = re.compile(f"([{UNSPACED_CLASS}]+)")


def folded_tokens(text: str) -> tuple[list[str], list[str]]:
    """(tokens, adjacent word pairs) of `text`, each once, in first-seen order."""
    parts = _RUN.split(fold(text))
    tokens: dict[str, None] = {}
    pairs: dict[str, None] = {}
    for spaced in parts[::2]:
        words = spaced.split()
        tokens.update(dict.fromkeys(words))
        pairs.update(dict.fromkeys(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)))
    for run in parts[1::2]:
        for size in range(1, NGRAM + 1):
            tokens.update(dict.fromkeys(run[i:i + size] for i in range(len(run) - size + 1)))
    return list(tokens), list(pairs)


def search_document(url: str, lang: str, title: str, body: str) -> dict:
    """One document; its address is its id (MiniSearch's idField), unique in the site."""
    tokens, pairs = folded_tokens(f"{title} {body}")
    title_tokens, _ = folded_tokens(title)
    return {"url": url, "lang": lang, "title": title,
            "snippet": body[:160], "t": " ".join(title_tokens), "x": " ".join(tokens),
            "p": " ".join(pairs)}


def index_script(pieces: list[str]) -> str:
    """A script, not JSON: a page opened from a folder (file://) may not fetch() a file.
    `pieces` are each page's documents, JSON array items without the brackets (as the
    render cache keeps them), joined here without parsing them again."""
    return "window.KIOSK_SEARCH = [" + ",".join(pieces) + "];\n"
