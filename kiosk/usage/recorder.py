"""Recording what visitors do at the kiosk, anonymously, without ever slowing a touch down.

The app calls a handful of methods from the UI thread. Each only updates counters in memory
(microseconds); they reach the disk in one transaction when the session ends (at the idle
reset, when nobody is waiting) or, for a very long session, every `flush_every` events. In WAL
mode with `synchronous=NORMAL` that commit is a write into the page cache, not an fsync.

Nothing here ever raises to the app: usage figures are worth less than a working exhibit. A
write that fails (disk full, read-only file system, a broken file) puts the recorder in a
"degraded" state, drops that batch, counts the events lost, and is tried again at the next
flush; `status()` tells the staff panel. Calls that make no sense (an unknown session, a name
that is not a plain identifier) are ignored and counted as "rejected".

What is kept is deliberately coarse, see docs/usage-figures.md: the day and hour a session
started, its length and each view's dwell as buckets, the languages and features it used, the
items and pages it opened, and of its searches whether they found something. Search terms
that are words of the catalog are counted per day, never linked to a session (a session's
words together could spell a name). No device or person id, no exact time, no free text, and
no order of events: the session number is random.
"""

from __future__ import annotations

import functools
import re
import secrets
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.usage import schema

NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")  # features, end reasons: app vocabulary only
LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")  # BCP 47-ish tags
ITEM_ID = re.compile(r"[a-z][a-z0-9-]{0,63}")  # as kiosk.content.loader.ITEM_ID
MAX_TERM = 64


def _never_raises(method):
    """The last guard behind "never raises": a bad argument (or a bug here) is counted as a
    rejected call and remembered for the staff panel, and the visitor carries on."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self._rejected += 1
            self._last_error = f"{method.__name__}: {type(exc).__name__}: {exc}"
            return None

    return guarded


@dataclass
class _Session:
    """One visitor's session while it is on screen: counters not yet written."""

    number: int
    started: datetime
    languages: set[str] = field(default_factory=set)
    item_views: Counter = field(default_factory=Counter)  # (item_id, dwell bucket) -> views
    page_views: Counter = field(default_factory=Counter)  # (item_id, page_index) -> views
    features: Counter = field(default_factory=Counter)
    searches: Counter = field(default_factory=Counter)  # found (0/1) -> searches
    terms: Counter = field(default_factory=Counter)  # searches per catalog word
    terms_counted: set[str] = field(default_factory=set)  # words this session already counted
    visit: tuple[str, datetime] | None = None  # the item on screen, and since when
    end_reason: str = "unknown"
    ended: datetime | None = None
    pending: int = 0  # events recorded in memory since the last write


class UsageRecorder:
    """Anonymous usage figures for one kiosk, written to their own SQLite file.

    `now` returns local wall-clock time (injectable for tests); `known_word(term)` says whether
    a folded search term is a word of the catalog (kiosk.usage.words.CatalogWords; without it
    no search terms are kept, only found / not found; reassign it when the edition changes);
    `keep_days` is how long raw rows are kept before being rolled up into daily totals; `max_bytes` triggers an earlier roll-up; `hard_max_bytes` is a ceiling set
    with SQLite's `max_page_count` so the file can never fill the disk the exhibit needs.
    """

    def __init__(self, path: Path | str, *, now: Callable[[], datetime] = datetime.now,
                 known_word: Callable[[str], bool] | None = None, keep_days: int = 30,
                 flush_every: int = 200, max_bytes: int = 32 << 20,
                 hard_max_bytes: int | None = 128 << 20) -> None:
        self.path = Path(path)
        self._now, self.known_word = now, known_word
        self.keep_days, self.flush_every = keep_days, flush_every
        self.max_bytes, self.hard_max_bytes = max_bytes, hard_max_bytes
        self._lock = threading.RLock()
        self._sessions: dict[int, _Session] = {}
        self._pending = self._dropped = self._rejected = 0
        self._reason: str | None = None
        self._last_error: str | None = None
        self._closed = False
        self._rolled_up_on: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._source = ""
        with self._lock:
            if self._open():
                self._maybe_roll_up()

    # -- the API the app calls ------------------------------------------------------------

    @_never_raises
    def start_session(self, lang: str) -> int:
        """A visitor starts (the attract screen was touched); returns the session handle."""
        with self._lock:
            for open_session in list(self._sessions.values()):
                if open_session.ended is None:  # never ended: the app forgot, or restarted
                    self._end(open_session, "unknown", self._now())
            number = secrets.randbelow(1 << 53) + 1
            session = self._sessions[number] = _Session(number, self._now())
            if self._valid(LANG, lang):
                session.languages.add(lang)
            self._count(session)
            return number

    @_never_raises
    def feature_used(self, session: int, name: str) -> None:
        """An accessibility feature was switched on or used: audio, large_text, keypad, ..."""
        with self._lock:
            live = self._live(session)
            if live and self._valid(NAME, name):
                live.features[name] += 1
                self._count(live)

    @_never_raises
    def language_changed(self, session: int, lang: str) -> None:
        with self._lock:
            live = self._live(session)
            if live and self._valid(LANG, lang):
                live.languages.add(lang)
                self._count(live)

    @_never_raises
    def view(self, session: int, item_id: str, page_index: int | None = None) -> None:
        """An item (or a page of it) is on screen. Opening another item ends the view of this
        one, so its dwell is measured up to the next view; turning pages stays in one view."""
        with self._lock:
            live = self._live(session)
            if not live or not self._valid(ITEM_ID, item_id):
                return
            now = self._now()
            if live.visit is None or live.visit[0] != item_id:
                self._close_visit(live, now)
                live.visit = (item_id, now)
            if isinstance(page_index, int) and page_index >= 0:
                live.page_views[(item_id, page_index)] += 1
            self._count(live)

    @_never_raises
    def end_view(self, session: int) -> None:
        """The visitor left the item (back to a list, home, search): its dwell ends now."""
        with self._lock:
            live = self._live(session)
            if live:
                self._close_visit(live, self._now())
                self._count(live)

    @_never_raises
    def search(self, session: int, query_terms_matched: Iterable[str], found: bool) -> None:
        """A search was made. Only terms that are words of the catalog are kept (and only if a
        `known_word` predicate was given); the query as typed is never seen here."""
        with self._lock:
            live = self._live(session)
            if not live:
                return
            terms = self._catalog_terms(query_terms_matched)
            live.searches[1 if found else 0] += 1
            live.terms.update(terms)
            self._count(live)

    @_never_raises
    def end_session(self, session: int, reason: str, idle_seconds: float = 0) -> None:
        """The session is over ("idle" or "staff"); writes it. For an idle end, pass the idle
        timeout as `idle_seconds` so the minutes nobody touched are not counted as use."""
        with self._lock:
            live = self._live(session)
            if not live:
                return
            end = self._now() - timedelta(seconds=max(0.0, idle_seconds or 0.0))
            self._end(live, reason if self._valid(NAME, reason) else "unknown", end)
            self.flush()

    def status(self) -> dict:
        """For the staff panel: ok or degraded, why, and how many events were lost."""
        with self._lock:
            return {"state": "degraded" if self._reason else "ok", "reason": self._reason,
                    "dropped": self._dropped, "rejected": self._rejected,
                    "pending": self._pending, "last_error": self._last_error,
                    "path": str(self.path)}

    @_never_raises
    def flush(self) -> None:
        """Write everything counted so far in one transaction (also called automatically)."""
        with self._lock:
            batch = [s for s in self._sessions.values() if s.pending or s.ended]
            if not batch:
                return
            events = sum(s.pending for s in batch)
            try:
                if not self._open():
                    raise sqlite3.OperationalError(self._reason or "cannot open the database")
                self._write(batch)
            except (sqlite3.Error, OSError) as exc:
                self._degrade(exc)
                self._dropped += events
            else:
                self._reason = None
            for session in batch:
                self._clear(session)
            self._pending = 0
            self._forget_ended()
            if self._reason is None:
                self._maybe_roll_up()

    @_never_raises
    def close(self) -> None:
        """Write what is left and fold the WAL back into the file (e.g. before copying it)."""
        with self._lock:
            if self._closed:
                return
            for live in list(self._sessions.values()):
                if live.ended is None:
                    self._end(live, "unknown", self._now())
            self.flush()
            self._closed = True
            if self._conn is not None:
                try:
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    self._conn.close()
                except sqlite3.Error as exc:
                    self._degrade(exc)
                self._conn = None

    def __enter__(self) -> UsageRecorder:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- in memory --------------------------------------------------------------------------

    def _valid(self, pattern: re.Pattern, value: object) -> bool:
        if isinstance(value, str) and pattern.fullmatch(value):
            return True
        self._rejected += 1
        return False

    def _live(self, session: int) -> _Session | None:
        live = self._sessions.get(session) if not self._closed else None
        if live is None or live.ended is not None:
            self._rejected += 1
            return None
        return live

    def _count(self, session: _Session) -> None:
        session.pending += 1
        self._pending += 1
        if self._pending >= self.flush_every:
            self.flush()

    def _catalog_terms(self, terms: Iterable[str]) -> set[str]:
        kept = set()
        for term in terms if not isinstance(terms, str) else ():
            if not isinstance(term, str):
                continue
            term = unicodedata.normalize("NFC", term).strip().casefold()
            # Unspaced scripts reach us as single characters joined by spaces (see
            # kiosk.search.fold.query_terms); anything else with a space is a phrase.
            if not term or len(term) > MAX_TERM or any(len(t) > 1 for t in term.split()[1:]):
                continue
            try:
                if self.known_word and self.known_word(term):
                    kept.add(term)
            except Exception:  # a broken predicate must not cost the visitor anything
                continue
        return kept

    def _close_visit(self, session: _Session, now: datetime) -> None:
        if session.visit is not None:
            item_id, since = session.visit
            seconds = max(0.0, (now - since).total_seconds())
            session.item_views[(item_id, schema.bucket(seconds))] += 1
            session.visit = None

    def _end(self, session: _Session, reason: str, end: datetime) -> None:
        if session.visit is not None:
            end_of_view = max(end, session.visit[1])
            self._close_visit(session, end_of_view)
        session.ended = max(end, session.started)
        session.end_reason = reason
        self._count(session)

    def _clear(self, session: _Session) -> None:
        for counter in (session.item_views, session.page_views, session.features,
                        session.searches, session.terms):
            counter.clear()
        session.pending = 0

    def _forget_ended(self) -> None:
        for number in [n for n, s in self._sessions.items() if s.ended is not None]:
            del self._sessions[number]

    # -- on disk ----------------------------------------------------------------------------

    def _open(self) -> bool:
        if self._conn is not None:
            return True
        if self._closed:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn, self._source = schema.connect(self.path, create_missing=True)
            if self.hard_max_bytes:
                page_size = self._conn.execute("PRAGMA page_size").fetchone()[0]
                self._conn.execute(f"PRAGMA max_page_count = {self.hard_max_bytes // page_size}")
            self._conn.execute("INSERT OR IGNORE INTO sources VALUES (?, 0)", (self._source,))
        except (sqlite3.Error, schema.UsageDbError, OSError) as exc:
            self._degrade(exc)
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            return False
        return True

    def _write(self, batch: list[_Session]) -> None:
        conn, source, now = self._conn, self._source, self._now()
        rows: dict[str, list[tuple]] = {table: [] for table in schema.RAW_TABLES}
        sessions, terms = [], []
        for s in batch:
            length = max(0.0, ((s.ended or now) - s.started).total_seconds())
            day = s.started.date().isoformat()
            sessions.append((source, s.number, day, s.started.hour,
                             schema.bucket(length, schema.LENGTH_BUCKETS), s.end_reason))
            rows["session_languages"] += [(source, s.number, lang) for lang in s.languages]
            for table, counter in (("item_views", s.item_views), ("page_views", s.page_views)):
                rows[table] += [(source, s.number, *key, n) for key, n in counter.items()]
            for table, counter in (("features", s.features), ("searches", s.searches)):
                rows[table] += [(source, s.number, key, n) for key, n in counter.items()]
            terms += [(source, day, term, int(term not in s.terms_counted), n)
                      for term, n in s.terms.items()]
            s.terms_counted.update(s.terms)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, session) "
                "DO UPDATE SET length = excluded.length, end_reason = excluded.end_reason",
                sessions)
            for table, values in [*rows.items(), ("daily_terms", terms)]:
                if values:
                    conn.executemany(schema.add_counts_sql(table), values)
            conn.execute("UPDATE sources SET generation = generation + 1 WHERE source = ?",
                         (source,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _maybe_roll_up(self) -> None:
        """Roll up raw rows older than `keep_days` once a day, and anything before yesterday
        as soon as the data outgrows `max_bytes` (today's and yesterday's sessions may still
        be in progress, so they always stay raw)."""
        today = self._now().date()
        try:
            too_big = schema.used_bytes(self._conn) > self.max_bytes
            if self._rolled_up_on == today.isoformat() and not too_big:
                return
            before = today - timedelta(days=1 if too_big else self.keep_days)
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                if schema.roll_up(self._conn, before):
                    self._conn.execute(
                        "UPDATE sources SET generation = generation + 1 WHERE source = ?",
                        (self._source,))
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("PRAGMA incremental_vacuum")
            self._rolled_up_on = today.isoformat()
        except sqlite3.Error as exc:
            self._degrade(exc, "roll-up failed: ")

    def _degrade(self, exc: BaseException, prefix: str = "") -> None:
        self._reason = self._last_error = prefix + " ".join(str(exc).split())
