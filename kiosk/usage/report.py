"""The figures a museum gets from one usage database, already suppressed.

`build_report` is the only way figures leave a usage database: it reads the `all_*` views
(raw rows and rolled-up daily totals alike, so the 30-day roll-up changes no figure), then
applies kiosk.usage.suppress to every table. Renderers (text, CSV, JSON, HTML) only format
what it returns, so no output can show a number the others hide. Hidden cells are
`suppress.Hidden` markers (null in JSON); a table withheld whole is None.

Which tables add up to a published total, and so get the secondary rule: sessions per hour,
per length and per end reason (to the sessions count), languages (to the sessions count when
nobody switched language, which is the usual case, so treated as if it did), an item's dwell
buckets (to its views), searches found / not found (to the searches count). Items, pages,
features and search terms have no published total; search terms behind fewer sessions than
the threshold are left out altogether, because a term comes from a visitor's typing.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from kiosk.usage import schema
from kiosk.usage.suppress import THRESHOLD, Cell, hide_small, is_hidden, protect

TOP_TERMS = 20


def build_report(path: Path | str, since: date | None = None,
                 threshold: int = THRESHOLD) -> dict:
    """Suppressed figures from the usage database at `path`, for sessions from `since` on.

    Raises schema.UsageDbError (one line) for a missing, corrupt or foreign file.
    """
    conn = schema.open_read_only(path)
    try:
        return _Report(conn, since, threshold).build()
    except sqlite3.DatabaseError as exc:
        raise schema.UsageDbError(f"{path}: cannot read it ({exc})") from None
    finally:
        conn.close()


class _Report:
    def __init__(self, conn: sqlite3.Connection, since: date | None, threshold: int) -> None:
        self.conn, self.since, self.k = conn, since, threshold

    def rows(self, view: str, keys: str, sums: str) -> list[tuple]:
        return self.conn.execute(
            f"SELECT {keys}, {sums} FROM all_{view} WHERE day >= ? GROUP BY {keys} "
            f"ORDER BY {keys}", (self.since.isoformat() if self.since else "",)).fetchall()

    def build(self) -> dict:
        per_source = self.rows("sessions", "source", "SUM(sessions)")
        total = sum(n for _, n in per_source)
        return {
            "threshold": self.k,
            "since": self.since.isoformat() if self.since else None,
            "site_files": len(per_source),
            "sessions": self.sessions(total),
            "languages": self.languages(),
            "items": self.items(),
            "features": self.features(),
            "searches": self.searches(),
        }

    def sessions(self, total: int) -> dict:
        by_hour = {hour: 0 for hour in range(24)}
        by_length = {label: 0 for _, label in schema.LENGTH_BUCKETS}
        by_reason: dict[str, int] = {}
        for hour, length, reason, n in self.rows("sessions", "hour, length, end_reason",
                                                 "SUM(sessions)"):
            by_hour[hour] += n
            by_length[length] = by_length.get(length, 0) + n
            by_reason[reason] = by_reason.get(reason, 0) + n
        return {
            "count": hide_small(total, total, self.k),
            "median_length": _hide_label(_median(by_length), total, self.k),
            "per_hour": self._sessions_table(by_hour, total),
            "length": self._sessions_table(by_length, total),
            "end_reason": self._sessions_table(by_reason, total),
        }

    def _sessions_table(self, counts: dict, total: int) -> dict | None:
        if 0 < total < self.k:
            return None
        cells = {key: Cell(n, n) for key, n in counts.items()}
        return protect(cells, additive=True, counts_sessions=True, threshold=self.k)

    def languages(self) -> dict | None:
        rows = self.rows("languages", "lang", "SUM(sessions)")
        table = protect({lang: Cell(n, n) for lang, n in rows}, additive=True,
                        counts_sessions=True, threshold=self.k)
        return None if table is None else _ordered(table)

    def items(self) -> list[dict]:
        dwell: dict[str, dict[str, Cell]] = {}
        for item_id, bucket, sessions, views in self.rows(
                "dwell", "item_id, dwell", "SUM(sessions), SUM(views)"):
            cells = dwell.setdefault(item_id, {label: Cell(0, 0)
                                               for _, label in schema.DWELL_BUCKETS})
            cells[bucket] = Cell(views, sessions)
        pages: dict[str, dict[int, Cell]] = {}
        for item_id, page, sessions, views in self.rows(
                "pages", "item_id, page_index", "SUM(sessions), SUM(views)"):
            pages.setdefault(item_id, {})[page] = Cell(views, sessions)
        items = []
        for item_id, sessions, views in self.rows("items", "item_id",
                                                  "SUM(sessions), SUM(views)"):
            buckets = dwell.get(item_id, {})
            counts = {label: cell.value for label, cell in buckets.items()}
            shown = sessions >= self.k
            items.append({
                "item_id": item_id,
                "sessions": hide_small(sessions, sessions, self.k),
                "views": hide_small(views, sessions, self.k),
                "median_dwell": _hide_label(_median(counts), sessions, self.k),
                "dwell": protect(buckets, additive=True, counts_sessions=False,
                                 threshold=self.k) if shown else None,
                "pages": protect(pages.get(item_id, {}), additive=False,
                                 counts_sessions=False, threshold=self.k),
            })
        return _most_first(items, "views")

    def features(self) -> dict:
        rows = [{"feature": name, "sessions": hide_small(sessions, sessions, self.k),
                 "uses": hide_small(uses, sessions, self.k)}
                for name, sessions, uses in self.rows("features", "feature",
                                                      "SUM(sessions), SUM(uses)")]
        return {row.pop("feature"): row for row in _most_first(rows, "sessions")}

    def searches(self) -> dict:
        rows = self.rows("searches", "found", "SUM(sessions), SUM(searches)")
        count = sum(searches for _, _, searches in rows)
        # Sessions that searched: at least the larger of found / not found (a session can be
        # in both), so the count is shown only when that lower bound reaches the threshold.
        backing = max((sessions for _, sessions, _ in rows), default=0)
        cells = {found: Cell(searches, sessions) for found, sessions, searches in rows}
        cells = {1: cells.get(1, Cell(0, 0)), 0: cells.get(0, Cell(0, 0))}
        split = protect(cells, additive=True, counts_sessions=False, threshold=self.k)
        if 0 < backing < self.k:
            split = None
        terms = [{"term": term, "sessions": sessions, "searches": searches}
                 for term, sessions, searches in self.rows(
                     "terms", "term", "SUM(sessions), SUM(searches)") if sessions >= self.k]
        terms.sort(key=lambda t: (-t["searches"], t["term"]))
        return {
            "count": hide_small(count, backing, self.k),
            "found": split[1] if split else None,
            "not_found": split[0] if split else None,
            "top_terms": terms[:TOP_TERMS],
        }


def _median(counts: dict[str, int]) -> str | None:
    """The bucket holding the middle observation (buckets are in ascending order)."""
    total = sum(counts.values())
    if not total:
        return None
    running = 0
    for label, n in counts.items():
        running += n
        if running * 2 >= total:
            return label
    return None


def _hide_label(label: str | None, sessions: int, threshold: int):
    return hide_small(label, sessions, threshold) if label else None


def _ordered(table: dict) -> dict:
    """Shown cells largest first, then hidden ones by name: their order must not leak rank."""
    shown = sorted((k for k, v in table.items() if not is_hidden(v)),
                   key=lambda k: (-table[k], str(k)))
    hidden = sorted((k for k, v in table.items() if is_hidden(v)), key=str)
    return {key: table[key] for key in shown + hidden}


def _most_first(rows: list[dict], field: str) -> list[dict]:
    first_key = next(iter(rows[0])) if rows else None
    shown = sorted((r for r in rows if not is_hidden(r[field])),
                   key=lambda r: (-r[field], str(r[first_key])))
    hidden = sorted((r for r in rows if is_hidden(r[field])), key=lambda r: str(r[first_key]))
    return shown + hidden
