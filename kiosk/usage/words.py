"""Which search terms are words of the catalog, for `UsageRecorder(known_word=...)`.

The recorder keeps a search term only if it is a whole word (or, for Khmer, Thai and Lao,
a whole character sequence) of the exhibition's own text: a visitor's name, phone number or
message typed into the search box is then never kept unless it is also catalog text, and
even then only as an unlinked daily count of that one word.

A whole-token phrase query on the catalog's full-text index answers that without a prefix
match ("quye" is not "quyen"). Terms arrive folded, as kiosk.search.fold.query_terms makes them.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from kiosk.search.index import FTS_TABLE


class CatalogWords:
    """`known_word` for one catalog file; make a new one when the edition changes."""

    def __init__(self, catalog: Path | str) -> None:
        uri = f"{Path(catalog).absolute().as_uri()}?mode=ro&immutable=1"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._cached = lru_cache(maxsize=4096)(self._lookup)

    def __call__(self, term: str) -> bool:
        return self._cached(term)

    def _lookup(self, term: str) -> bool:
        phrase = '"' + term.replace('"', '""') + '"'
        try:
            return self._conn.execute(
                f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT 1",
                (phrase,)).fetchone() is not None
        except sqlite3.Error:  # no catalog, or an old one: keep no terms rather than fail
            return False

    def close(self) -> None:
        self._conn.close()
