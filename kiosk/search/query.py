"""Answering a visitor's query: ranked hits with snippets cut from the original text.

The same function serves the kiosk's search screen and `kiosk search`, so what a curator
sees from the command line is what a visitor gets. One FTS5 query ranks every matching row
(bm25, the visitor's language boosted inside the same ORDER BY); only the rows returned are
read back, and each is scanned page by page (`str.translate`, `str.find`: C speed) just far
enough to find the page of its first match and cut the snippet there.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from kiosk.catalog.views import SearchHit
from kiosk.search.fold import (
    INITIAL,
    JOIN,
    NGRAM,
    TF,
    TF_LEVELS,
    UNIT,
    UNSPACED_CLASS,
    Term,
    fold_nfc,
    fold_with_offsets,
    search_terms,
)
from kiosk.search.index import DOCS_TABLE, FTS_TABLE, LANGUAGES_TABLE, WEIGHTS, read_pages

SNIPPET_BEFORE, SNIPPET_AFTER = 50, 110
LANGUAGE_BOOST, BASE_LANGUAGE_BOOST = 2.0, 1.5  # the visitor's language; the same base language
VERIFY_MARGIN = 3  # rows fetched per hit wanted when long unspaced terms need checking
# An item is indexed once per language (and field), so one item can rank several rows: more
# rows are read than hits wanted, and only each item's best-ranked row becomes a hit.
ITEM_MARGIN = 4
# A visitor types a few words; a pasted book or tens of thousands of `a*` must not cost more
# than a sentence would (each term is a group of the FTS query and a scan of every row read).
MAX_QUERY_CHARS = 200  # characters of the query read; the rest is ignored
MAX_TERMS = 12  # words (or runs of an unspaced script) searched for; the rest are ignored
_BM25 = f"bm25({FTS_TABLE}, {', '.join(str(w) for w in WEIGHTS)})"
_WORD = re.compile(f"[^\\s{UNSPACED_CLASS}]")  # in folded text: a character of a spaced-script word
_WORD_TAIL = re.compile(f"[^\\s{UNSPACED_CLASS}]*")
_SPACES = re.compile(r"\s*")


def _quoted(token: str) -> str:
    return f'"{token}"'  # tokens are made of token characters only: never a quote


def _grams(text: str) -> list[str]:
    """NGRAM-long substrings covering `text`, overlapping by at least half."""
    step = NGRAM // 2
    starts = list(range(0, len(text) - NGRAM + 1, step))
    if starts[-1] != len(text) - NGRAM:
        starts.append(len(text) - NGRAM)
    return [text[s : s + NGRAM] for s in starts]


def is_one_letter(terms: list[Term]) -> bool:
    """One letter or digit of a spaced script is not yet a word: it finds, in the visitor's
    language, the titles with a word that starts with it, and the texts where it is a word
    of its own (Spanish "y", French "à")."""
    return len(terms) == 1 and len(terms[0].text) == 1 and not terms[0].unspaced


def match_expression(terms: list[Term]) -> str:
    """FTS5 query: every term must match. Visitor input never reaches FTS5 syntax.

    Every word but the last must be a whole word; the last, being typed, matches as a prefix.
    The whole word and the pair a word forms with the next are OR-ed in: they select nothing
    new, but bm25 scores each, so whole words outrank prefixes ("con" before "công") and
    "Điều 1" outranks "Điều 10" for `dieu 1`. A query of one word also ORs in its frequency
    tokens (see `fold.index_text`), so the documents that use it most rank first. A run of an
    unspaced script is one indexed substring, or for more than NGRAM characters overlapping
    NGRAM-long pieces of it (the rows are then checked for the whole run).
    """
    if is_one_letter(terms):
        word = terms[0].text
        return f"{_quoted(word)} OR {{title}} : {_quoted(INITIAL + word)}"
    single = len(terms) == 1
    groups = []
    for index, term in enumerate(terms):
        text = term.text
        if term.unspaced:
            if len(text) > NGRAM:
                groups.append(" AND ".join(_quoted(g) for g in _grams(text)))
            else:
                token = UNIT + text if len(text) == 1 else text
                groups.append(" OR ".join([_quoted(token), *(_frequent(text) if single else [])]))
            continue
        last = index + 1 == len(terms)
        options = [_quoted(text), *(_frequent(text) if single else [])]
        if last:  # the word being typed: the start of a word will do
            options.insert(0, _quoted(INITIAL + text) if len(text) == 1 else _quoted(text) + "*")
        if term.joined:
            following = terms[index + 1].text
            pair = _quoted(f"{JOIN}{text}{JOIN}{following}")
            options.append(pair)
            if index + 2 == len(terms) and len(following) > 1:  # the last word, half typed
                options.append(pair + "*")
        groups.append(" OR ".join(options))
    return " AND ".join(f"({g})" for g in groups)


def _frequent(token: str) -> list[str]:
    return [_quoted(f"{TF}{level}{token}") for level in range(1, TF_LEVELS + 1)]


def phrase_expression(terms: list[Term]) -> str | None:
    """FTS5 query for the rows whose text (not title) has a two-word query as typed."""
    if len(terms) != 2 or not terms[0].joined:
        return None
    pair = _quoted(f"{JOIN}{terms[0].text}{JOIN}{terms[1].text}")
    return f"{{headings body}} : {pair}*"


def bounded_terms(query: str) -> list[Term]:
    """The query's search terms within MAX_QUERY_CHARS and MAX_TERMS: a longer query is
    answered for its beginning, as a visitor who typed only that would be."""
    terms = search_terms(query[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if terms and terms[-1].joined:  # the word after it was cut off
        terms[-1] = Term(terms[-1].text, terms[-1].unspaced, False)
    return terms


def search(conn: sqlite3.Connection, query: str, lang: str, limit: int = 20) -> list[SearchHit]:
    terms = bounded_terms(query)
    limit = min(limit, 1000)
    if not terms or limit <= 0:
        return []
    matcher = _Matcher(terms)
    wanted = (limit * VERIFY_MARGIN if matcher.verifies else limit) * ITEM_MARGIN
    own, kin = _language_ranges(conn, lang)
    cases, args = [], []
    for factor, ranges in ((LANGUAGE_BOOST, own), (BASE_LANGUAGE_BOOST, kin)):
        for first, last in ranges:
            cases.append(f"WHEN rowid BETWEEN ? AND ? THEN {factor}")
            args += [first, last]
    boost = f"(CASE {' '.join(cases)} ELSE 1.0 END)" if cases else "1.0"
    where = f"{FTS_TABLE} MATCH ?"
    args.append(match_expression(terms))
    if matcher.one_letter and own:  # one letter searches the visitor's language only
        where += f" AND ({' OR '.join(['rowid BETWEEN ? AND ?'] * len(own + kin))})"
        args += [bound for pair in own + kin for bound in pair]
    ranked = conn.execute(
        f"SELECT rowid, {_BM25} * {boost} AS score FROM {FTS_TABLE} "
        f"WHERE {where} ORDER BY score, rowid LIMIT ?", (*args, wanted)).fetchall()
    if not ranked:
        return []
    ids = [row[0] for row in ranked]
    # Rows known to hold the query as typed (a phrase; one letter as a word in the text) are
    # scanned for it; the others for their terms, or not at all (a letter in a title).
    known = phrase_expression(terms)
    if matcher.one_letter:
        known = f"{{headings body}} : {_quoted(terms[0].text)}"
    known_rows: set[int] = set()
    if known:
        known_rows = {row[0] for row in conn.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
            f"AND rowid BETWEEN ? AND ?", (known, min(ids), max(ids)))}
    return _item_hits(conn, matcher, ids, known_rows, limit)


def _item_hits(conn: sqlite3.Connection, matcher: _Matcher, ids: list[int],
               known_rows: set[int], limit: int) -> list[SearchHit]:
    """The hits of ranked rows, read in batches: one per item, from its best-ranked row
    (an item is indexed once per language, so a word it has in three languages ranks three
    rows; the visitor's language is boosted, so its row comes first when it matched)."""
    hits: list[SearchHit] = []
    seen: set[str] = set()  # one hit per item: its best-ranked row (rows come best first)
    for start in range(0, len(ids), limit):
        batch = ids[start : start + limit]
        docs = {row[0]: row for row in conn.execute(
            f"SELECT id, item_id, kind, lang, title, body, pages FROM {DOCS_TABLE} "
            f"WHERE id IN ({', '.join('?' * len(batch))})", batch)}
        for doc_id in batch:
            if docs[doc_id][1] in seen:
                continue
            hit = matcher.hit(docs[doc_id], doc_id in known_rows)
            if hit is not None:
                seen.add(hit.item_id)
                hits.append(hit)
                if len(hits) >= limit:
                    return hits
    return hits


def _language_ranges(conn: sqlite3.Connection, lang: str):
    """The rowid ranges of the visitor's language, and of others with the same base ("vi" and
    "vi-Hani"): rows are numbered language by language (see index.write_search_index)."""
    base = lang.split("-")[0]
    own, kin = [], []
    for row_lang, first, last in conn.execute(
            f"SELECT lang, first_id, last_id FROM {LANGUAGES_TABLE}"):
        if row_lang == lang:
            own.append((first, last))
        elif row_lang.split("-")[0] == base:
            kin.append((first, last))
    return own, kin


@dataclass(frozen=True)
class _Found:
    page_index: int | None
    text: str  # the segment (intro or page) of the body where the match is
    folded: str
    position: int  # in `folded`


class _Matcher:
    """The query's terms matched in folded text with the index's token rules.

    Plain `str.find` plus three patterns compiled once: a pattern per query with a class of
    the unspaced scripts took Python's `re` 6-28 ms to compile, more than the search itself.
    """

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.one_letter = is_one_letter(terms)
        # every word but the last is whole (one letter alone, too); the last may be a prefix
        self.whole = [self.one_letter or n + 1 < len(terms) for n in range(len(terms))]
        # More than NGRAM characters of an unspaced script are looked up as overlapping
        # pieces; the text is checked for the whole run before the row counts as a hit.
        self.verifies = any(t.unspaced and len(t.text) > NGRAM for t in terms)

    def _end(self, folded: str, index: int, pos: int) -> int | None:
        """Where term `index` ends if it matches at `pos`, else None."""
        term = self.terms[index]
        if not folded.startswith(term.text, pos):
            return None
        end = pos + len(term.text)
        if term.unspaced:
            return end
        if pos > 0 and _WORD.match(folded, pos - 1):
            return None  # inside a word
        if not self.whole[index]:
            return _WORD_TAIL.match(folded, end).end()
        return None if _WORD.match(folded, end) else end

    def _spans(self, folded: str, index: int):
        text = self.terms[index].text
        pos = folded.find(text)
        while pos != -1:
            end = self._end(folded, index, pos)
            if end is not None:
                yield pos, end
            pos = folded.find(text, pos + 1)

    def first(self, folded: str, index: int) -> int | None:
        return next((span[0] for span in self._spans(folded, index)), None)

    def phrase(self, folded: str) -> int | None:
        """Where the terms first follow each other as typed, side by side."""
        for pos, end in self._spans(folded, 0):
            for index in range(1, len(self.terms)):
                gap = _SPACES.match(folded, end).end()
                if gap == end and not self.terms[index].unspaced \
                        and not self.terms[index - 1].unspaced:
                    break  # two words need a space between them
                end = self._end(folded, index, gap)
                if end is None:
                    break
            else:
                return pos
        return None

    def hit(self, row: tuple, known: bool) -> SearchHit | None:
        """`known`: the index says the row holds the query as typed (see `search`)."""
        doc_id, item_id, kind, lang, title, body, raw_pages = row
        pages = read_pages(raw_pages)
        if self.one_letter and not known:
            found = None  # the letter starts a word of the title
        else:
            found = self.locate(title, body, pages, has_phrase=known)
        if found is False:
            return None  # a long unspaced run whose pieces are all there, but never together
        if found is None:
            snippet, spans = (_lead(body), ()) if body else self.snippet(title)
            return SearchHit(item_id, kind, lang, title, snippet, None, spans)
        snippet, spans = self._cut(found)
        heading = next((p.heading for p in pages if p.page_index == found.page_index), "")
        shown_title = f"{title} — {heading}" if heading else title
        return SearchHit(item_id, kind, lang, shown_title, snippet, found.page_index, spans)

    def locate(self, title: str, body: str, pages, has_phrase: bool) -> _Found | None | bool:
        """The first match in the body, page by page: the phrase as typed if the index says the
        row has it, else the first page with every term, else the first with any. None: only
        the title matches; False: the row does not really match (see `verifies`)."""
        segments = _segments(body, pages)
        if has_phrase and len(self.terms) > 1:
            for page_index, start, end in segments:
                text = body[start:end]
                folded = fold_nfc(text)
                if (position := self.phrase(folded)) is not None:
                    return _Found(page_index, text, folded, position)
        first: _Found | None = None
        seen: set[int] = set()
        for page_index, start, end in segments:
            text = body[start:end]
            folded = fold_nfc(text)
            positions = [self.first(folded, index) for index in range(len(self.terms))]
            present = [p for p in positions if p is not None]
            if not present:
                continue
            found = _Found(page_index, text, folded, min(present))
            if len(present) == len(positions):
                return found
            first = first or found
            seen.update(i for i, p in enumerate(positions) if p is not None)
        if self.verifies:
            folded_title = fold_nfc(title)
            for index, term in enumerate(self.terms):
                if index not in seen and term.unspaced and term.text not in folded_title:
                    return False
        return first

    def snippet(self, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        folded = fold_nfc(text)
        positions = [p for i in range(len(self.terms)) if (p := self.first(folded, i)) is not None]
        if not positions:
            return text[:SNIPPET_AFTER].replace("\n", " "), ()
        return self._cut(_Found(None, text, folded, min(positions)))

    def _cut(self, found: _Found) -> tuple[str, tuple[tuple[int, int], ...]]:
        text, folded = found.text, found.folded
        if len(folded) == len(text):  # every character folded to one: offsets line up
            offsets = None
            first = found.position
        else:
            _, offsets = fold_with_offsets(text)
            first = offsets[found.position]
        start = max(0, first - SNIPPET_BEFORE)
        end = min(len(text), first + SNIPPET_AFTER)
        if start > 0 and " " in text[start:first]:
            start = text.index(" ", start, first) + 1
        if end < len(text) and " " in text[first:end]:
            end = text.rindex(" ", first, end)
        lead = "… " if start > 0 else ""
        tail = " …" if end < len(text) else ""
        shift = len(lead) - start
        spans, covered = [], -1
        for a, b in sorted(span for i in range(len(self.terms)) for span in self._spans(folded, i)):
            if offsets is not None:
                a, b = offsets[a], offsets[b - 1] + 1
            if a >= end:
                break
            if a >= start and b <= end and a >= covered:
                spans.append((a + shift, b + shift))
                covered = b
        snippet = f"{lead}{text[start:end].replace(chr(10), ' ')}{tail}"
        return snippet, tuple(spans)


def _segments(body: str, pages) -> list[tuple[int | None, int, int]]:
    """(page_index, start, end) of the introduction (None) and of each page in the body."""
    bounds = [(None, 0)] + [(p.page_index, p.offset) for p in pages]
    segments = []
    for index, (page_index, start) in enumerate(bounds):
        end = bounds[index + 1][1] - 1 if index + 1 < len(bounds) else len(body)
        if end > start:
            segments.append((page_index, start, end))
    return segments


def _lead(body: str) -> str:
    return body[:SNIPPET_AFTER].replace("\n", " ")


def make_snippet(text: str, terms: list[Term] | list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet of `text` (in NFC) around the first match of `terms` (`search_terms`, or the
    strings of `query_terms`), and the matched spans in it."""
    return _Matcher(_as_terms(terms)).snippet(unicodedata.normalize("NFC", text))


def find_matches(text: str, terms: list[Term] | list[str]) -> list[tuple[int, int]]:
    """Spans (in `text`, in NFC) where the terms match, with the index's token rules."""
    folded, offsets = fold_with_offsets(unicodedata.normalize("NFC", text))
    matcher = _Matcher(_as_terms(terms))
    spans = sorted(span for i in range(len(matcher.terms)) for span in matcher._spans(folded, i))
    return [(offsets[a], offsets[b - 1] + 1) for a, b in spans]


_SPACE_IN_RUN = re.compile(f"(?<=[{UNSPACED_CLASS}]) (?=[{UNSPACED_CLASS}])")


def _as_terms(terms: list[Term] | list[str]) -> list[Term]:
    if all(isinstance(term, Term) for term in terms):
        return list(terms)
    # query_terms writes an unspaced run one character per token: join it up again
    return search_terms(" ".join(_SPACE_IN_RUN.sub("", str(term)) for term in terms))
