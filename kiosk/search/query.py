"""Answering a visitor's query: ranked hits with snippets cut from the original text.

The same function serves the kiosk's search screen and `kiosk search`, so what a curator
sees from the command line is what a visitor gets.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from kiosk.catalog.views import SearchHit
from kiosk.search.fold import fold_with_offsets, is_token_char, is_unspaced, query_terms
from kiosk.search.index import DOCS_TABLE, FTS_TABLE

CANDIDATES = 1000
TITLE_WEIGHT = 10.0
SNIPPET_BEFORE, SNIPPET_AFTER = 50, 110


def match_expression(terms: list[str]) -> str:
    """FTS5 query: every term must match; Latin-like terms also match as a prefix.

    Whole-word matches and, with several terms, the exact phrase are OR-ed in: they select
    nothing new, but bm25 scores each matching phrase, so whole words outrank prefixes
    ("con" before "công") and "Điều 1" outranks "Điều 20" for `dieu 1`.
    """
    prefixed = " AND ".join(f'"{t}"' if is_unspaced(t[0]) else f'"{t}"*' for t in terms)
    whole = " AND ".join(f'"{t}"' for t in terms)
    expression = f"({prefixed}) OR ({whole})"
    if len(terms) > 1:
        expression += f' OR "{" ".join(terms)}"'
    return expression


def search(conn: sqlite3.Connection, query: str, lang: str, limit: int = 20) -> list[SearchHit]:
    terms = query_terms(query)
    if not terms:
        return []
    rows = conn.execute(
        f"SELECT d.item_id, d.kind, d.lang, d.page_index, d.title, d.body, "
        f"bm25({FTS_TABLE}, ?, 1.0) AS score "
        f"FROM {FTS_TABLE} JOIN {DOCS_TABLE} d ON d.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH ? ORDER BY score LIMIT ?",
        (TITLE_WEIGHT, match_expression(terms), CANDIDATES),
    ).fetchall()
    base = lang.split("-")[0]

    def boosted(row) -> float:  # bm25 is negative: more negative ranks higher
        factor = 2.0 if row[2] == lang else 1.5 if row[2].split("-")[0] == base else 1.0
        return row[6] * factor

    # One hit per item and language, at its best page; an item whose pages match often
    # (a document that is about the words typed) outranks one page that matches once.
    best: dict[tuple[str, str], tuple] = {}
    totals: dict[tuple[str, str], float] = {}
    for row in sorted(rows, key=boosted):
        key = (row[0], row[2])
        best.setdefault(key, row)
        totals[key] = totals.get(key, 0.0) + boosted(row)
    hits: list[SearchHit] = []
    for key in sorted(best, key=totals.__getitem__):
        item_id, kind, row_lang, page_index, title, body, _ = best[key]
        snippet, spans = make_snippet(body, terms) if body else ("", ())
        if not spans:
            snippet, spans = make_snippet(title, terms)
            snippet = body[:SNIPPET_AFTER].replace("\n", " ") if body else snippet
            spans = () if body else spans
        hits.append(SearchHit(item_id, kind, row_lang, title, snippet, page_index, spans))
        if len(hits) >= limit:
            break
    return hits


def _token_spans(folded: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for index, char in enumerate(folded):
        if is_token_char(char):
            if start is None:
                start = index
        elif start is not None:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(folded)))
    return spans


def find_matches(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans (in `text`) where each term matches, with the index's token rules."""
    text = unicodedata.normalize("NFC", text)
    folded, offsets = fold_with_offsets(text)
    spans = _token_spans(folded)
    tokens = [folded[a:b] for a, b in spans]
    found = []
    for term in terms:
        wanted = term.split(" ")
        prefix_last = not is_unspaced(term[0])
        for i in range(len(tokens) - len(wanted) + 1):
            window = tokens[i : i + len(wanted)]
            if window[:-1] == wanted[:-1] and (
                window[-1].startswith(wanted[-1]) if prefix_last else window[-1] == wanted[-1]
            ):
                start = offsets[spans[i][0]]
                end = offsets[spans[i + len(wanted) - 1][1] - 1] + 1
                found.append((start, end))
    return sorted(found)


def make_snippet(text: str, terms: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    text = unicodedata.normalize("NFC", text)
    matches = find_matches(text, terms)
    if not matches:
        return text[:SNIPPET_AFTER], ()
    first = matches[0][0]
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), first + SNIPPET_AFTER)
    if start > 0 and " " in text[start:first]:
        start = text.index(" ", start, first) + 1
    if end < len(text) and " " in text[first:end]:
        end = text.rindex(" ", first, end)
    snippet = text[start:end].replace("\n", " ")
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    shift = len(lead) - start
    spans = tuple((a + shift, b + shift) for a, b in matches if a >= start and b <= end)
    return f"{lead}{snippet}{tail}", spans
