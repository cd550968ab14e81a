"""A museum manager's story: anonymous usage figures from the kiosks, safe to publish.

Real SQLite files in temp folders, the real `kiosk stats` commands, and a clock the test moves
by hand (the recorder takes `now`), so days, hours and dwell times are exact.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk.search.fold import query_terms
from kiosk.usage import UsageRecorder
from kiosk.usage.cli import COMMANDS

DAY = date(2024, 5, 6)
CATALOG_WORDS = {"quyen", "tre", "em", "dieu"}  # folded words of the catalog
FREE_TEXT = "my name is Nguyen Van A"


class Clock:
    """The kiosk's wall clock, moved by the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def kiosk(*args, env: dict | None = None):
    """`kiosk ...` with the stats commands registered as the lead registers them."""
    from kiosk.cli import main

    group = main
    if "stats" not in main.commands:
        group = click.Group("kiosk", commands={c.name: c for c in COMMANDS})
    return CliRunner(env=env).invoke(group, [str(a) for a in args], catch_exceptions=False)


def stats_json(db: Path, *args) -> dict:
    result = kiosk("stats", "--db", db, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_one_line_failure(result, reason: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed:") and reason in lines[0], lines
    assert "Traceback" not in result.output


@dataclass
class Visit:
    hour: int
    lang: str
    views: list[tuple[str, int | None, float]]  # item, page, seconds on screen
    switch_to: str | None = None
    features: tuple[str, ...] = ()
    query: str | None = None
    found: bool = False


def twelve_visitors() -> list[Visit]:
    """Six at 10:00, six at 14:00; 7 sessions used vi (one switched from en), 4 en, 2 km."""
    visits = []
    for i in range(12):
        views = [("crc", None, 5 if i < 5 else 45)]
        if i < 8:
            views.append(("udhr", 0, 20))
        if i == 1:
            views += [("home", None, 0), ("udhr", 0, 20)]  # back home, then udhr again
        if i >= 9:
            views += [("letter", 0, 15), ("letter", 1, 15)]
        visits.append(Visit(
            hour=10 if i < 6 else 14,
            lang="vi" if i < 6 else "en" if i < 10 else "km",
            switch_to="vi" if i == 6 else None,
            views=views,
            features=(("audio",) * (2 if i == 0 else 1) if i < 6 else ())
            + (("large_text",) if 6 <= i <= 10 else ()) + (("keypad",) if i >= 10 else ()),
            query="quyền trẻ em" if i < 6 else FREE_TEXT if i < 10 else "Điều" if i == 11 else None,
            found=i < 6 or i == 11,
        ))
    return visits


def play(recorder: UsageRecorder, clock: Clock, visit: Visit, day: date = DAY) -> None:
    """One visitor, as the app reports them; minutes and seconds are never stored."""
    clock.now = datetime.combine(day, time(visit.hour, 37, 12))
    session = recorder.start_session(visit.lang)
    if visit.switch_to:
        recorder.language_changed(session, visit.switch_to)
    for feature in visit.features:
        recorder.feature_used(session, feature)
    if visit.query:
        recorder.search(session, query_terms(visit.query), visit.found)
    for item_id, page, seconds in visit.views:
        if item_id == "home":
            recorder.end_view(session)
        else:
            recorder.view(session, item_id, page)
        clock.advance(seconds)
    recorder.end_view(session)
    clock.advance(60)  # nobody touches it until the idle timeout
    recorder.end_session(session, "idle", idle_seconds=60)


def record_site(path: Path, visits: list[Visit], day: date = DAY) -> Path:
    clock = Clock(datetime.combine(day, time(9)))
    with UsageRecorder(path, now=clock, known_word=CATALOG_WORDS.__contains__) as recorder:
        for visit in visits:
            play(recorder, clock, visit, day)
        assert recorder.status()["state"] == "ok"
    return path


def file_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


class Rows(HTMLParser):
    """Table rows of an HTML report as lists of cell texts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None


@pytest.fixture
def site_a(tmp_path: Path) -> Path:
    return record_site(tmp_path / "site-a" / "usage.db", twelve_visitors())


def test_twelve_visitors_give_the_right_figures(site_a: Path):
    report = stats_json(site_a)
    sessions = report["sessions"]
    assert sessions["count"] == 12
    assert sessions["per_hour"]["10"] == 6 and sessions["per_hour"]["14"] == 6
    assert sum(v for v in sessions["per_hour"].values()) == 12
    assert sessions["end_reason"] == {"idle": 12}
    assert report["site_files"] == 1
    # km (2 sessions) and en (4) are each under 5: both hidden, vi shown.
    assert report["languages"] == {"vi": 7, "en": None, "km": None}
    items = {item["item_id"]: item for item in report["items"]}
    assert [item["item_id"] for item in report["items"]] == ["crc", "udhr", "letter"]
    assert (items["crc"]["views"], items["crc"]["sessions"]) == (12, 12)
    assert items["crc"]["dwell"] == {"<10s": 5, "10-30s": 0, "30-60s": 7, "1-3min": 0,
                                     ">3min": 0}
    assert items["crc"]["median_dwell"] == "30-60s"
    assert (items["udhr"]["views"], items["udhr"]["sessions"]) == (9, 8)
    assert items["udhr"]["pages"] == {"0": 9}
    assert report["features"] == {"audio": {"sessions": 6, "uses": 7},
                                  "large_text": {"sessions": 5, "uses": 5},
                                  "keypad": {"sessions": None, "uses": None}}
    searches = report["searches"]
    assert searches["count"] == 11
    # 4 found nothing (hidden); found (7) is hidden too, or 11 - 7 would give it away.
    assert searches["found"] is None and searches["not_found"] is None
    assert searches["top_terms"] == [{"term": t, "sessions": 6, "searches": 6}
                                     for t in ("em", "quyen", "tre")]  # "dieu": 1 session


def test_an_item_viewed_in_three_sessions_is_suppressed_everywhere(site_a: Path, tmp_path):
    letter = next(i for i in stats_json(site_a)["items"] if i["item_id"] == "letter")
    assert letter == {"item_id": "letter", "sessions": None, "views": None,
                      "median_dwell": None, "dwell": None,
                      "pages": {"0": None, "1": None}}
    text = kiosk("stats", "--db", site_a).stdout
    line = next(line for line in text.splitlines() if line.strip().startswith("letter"))
    assert line.split()[1:] == ["<5", "<5", "<5"]
    csv_rows = kiosk("stats", "--db", site_a, "--csv").stdout.splitlines()
    assert [r for r in csv_rows if r.startswith("items,letter,")] == [
        "items,letter,views,<5", "items,letter,sessions,<5", "items,letter,median_dwell,<5"]


def test_html_report_shows_the_figures_and_no_hidden_number(site_a: Path, tmp_path):
    out = tmp_path / "report.html"
    result = kiosk("stats", "--db", site_a, "--html", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert page.count("<svg") == 4  # hours, items, languages, features
    assert "fewer than 5 sessions" in page
    rows = {tuple(row[:1]): row[1:] for row in Rows(page).rows if row}
    assert rows[("Sessions",)] == ["12"]
    assert rows[("10:00",)] == ["6"] and rows[("14:00",)] == ["6"]
    assert rows[("crc",)] == ["12", "12", "30-60s"]
    assert rows[("udhr",)] == ["9", "8", "10-30s"]
    assert rows[("vi",)] == ["7"]
    assert rows[("audio",)] == ["6", "7"]
    # Hidden figures: a marker and no digit, in the tables and in the charts' text.
    for key in ("letter", "en", "km", "keypad", "Found something", "Found nothing"):
        assert rows[(key,)] and set(rows[(key,)]) <= {"<5", "hidden"}, key
    assert "letter: &lt;5" in page and "km: &lt;5" in page
    assert "dieu" not in page  # a search term behind 1 session is not listed


def test_merging_two_sites_sums_them_and_merging_again_changes_nothing(site_a, tmp_path):
    site_b = record_site(tmp_path / "site-b" / "usage.db",
                         [Visit(9, "en", [("crc", None, 45)], features=("audio",))] * 6)
    combined = tmp_path / "all.db"
    result = kiosk("stats", "merge", site_a, site_b, "--out", combined)
    assert result.exit_code == 0, result.output
    assert result.stdout.count(" added ") == 2
    first = stats_json(combined)
    assert first["sessions"]["count"] == 18 and first["site_files"] == 2
    assert first["items"][0] == {**first["items"][0], "item_id": "crc", "views": 18,
                                 "sessions": 18}
    assert first["features"]["audio"] == {"sessions": 12, "uses": 13}
    assert first["languages"]["en"] == 10

    again = kiosk("stats", "merge", site_a, site_b, site_a, "--out", combined)
    assert again.exit_code == 0 and again.stdout.count("already merged") == 3
    assert stats_json(combined) == first

    # A merged file merged again elsewhere, with one of its sources: still no double count.
    nested = tmp_path / "region.db"
    assert kiosk("stats", "merge", combined, site_b, "--out", nested).exit_code == 0
    assert stats_json(nested) == first

    # Site B records six more visitors; its newer file replaces the old copy, not adds to it.
    record_site(site_b, [Visit(9, "en", [("crc", None, 45)])] * 6, DAY + timedelta(days=1))
    updated = kiosk("stats", "merge", site_b, "--out", combined)
    assert " updated " in updated.stdout
    assert stats_json(combined)["sessions"]["count"] == 24


def test_free_text_and_exact_times_never_reach_the_file(tmp_path: Path):
    db = tmp_path / "usage.db"
    clock = Clock(datetime(2024, 5, 6, 10, 37, 12))
    with UsageRecorder(db, now=clock, known_word=CATALOG_WORDS.__contains__) as recorder:
        session = recorder.start_session("vi")
        recorder.search(session, query_terms(FREE_TEXT), False)
        recorder.search(session, FREE_TEXT, False)  # a caller passing the raw string by mistake
        recorder.search(session, ["quyen"], True)
        recorder.end_session(session, "staff")
    with UsageRecorder(db, now=clock, known_word=lambda term: True) as careless:
        session = careless.start_session("en")
        careless.search(session, [FREE_TEXT.casefold()], False)  # a whole phrase as "one term"
        careless.end_session(session, "staff")
    stored = file_bytes(db).lower()
    for needle in ("nguyen", "my name", "van a", "10:37", "37:12", "2024-05-06t"):
        assert needle.encode() not in stored, needle
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT term, sessions FROM daily_terms").fetchall() == [("quyen", 1)]
        assert conn.execute("SELECT DISTINCT day, hour FROM sessions").fetchall() == [
            ("2024-05-06", 10)]


def test_catalog_words_are_counted_alone_never_together(tmp_path: Path, sample_catalog: Path):
    """In the sample exhibition "Nguyễn" and "văn" are catalog words, so a visitor's name can
    be made of them; each is then a daily count of its own, tied to no session."""
    from kiosk.usage.words import CatalogWords

    words = CatalogWords(sample_catalog)
    assert [words(t) for t in query_terms("quyền trẻ em Điều")] == [True] * 4
    assert not words("quye") and not words("sokha") and not words("0912345678")
    assert words(query_terms("មនុស្សទាំងអស់")[0]) and not words(query_terms("សុខា")[0])
    db = tmp_path / "usage.db"
    clock = Clock(datetime(2024, 5, 6, 15))
    with UsageRecorder(db, now=clock, known_word=words) as recorder:
        for query in (FREE_TEXT, "សុខា ចាន់"):
            session = recorder.start_session("vi")
            recorder.search(session, query_terms(query), False)
            recorder.end_session(session, "idle")
    words.close()
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT term, sessions, searches FROM daily_terms")) == [
            ("a", 1, 1), ("is", 1, 1), ("nguyen", 1, 1), ("van", 1, 1)]
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            if "session" in columns:
                assert "nguyen" not in repr(conn.execute(f"SELECT * FROM {table}").fetchall())
    assert b"my name" not in file_bytes(db).lower()


def test_a_touch_never_waits_on_disk(tmp_path: Path):
    db = tmp_path / "usage.db"
    clock = Clock(datetime(2024, 5, 6, 10))
    recorder = UsageRecorder(db, now=clock, flush_every=50)
    session = recorder.start_session("vi")
    for page in range(10):
        recorder.view(session, "udhr", page)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        assert recorder.status()["pending"] == 11
        recorder.end_session(session, "idle")
        assert conn.execute("SELECT COUNT(*) FROM page_views").fetchone()[0] == 10
    recorder.close()


def test_nonsense_from_the_app_is_ignored_and_counted(tmp_path: Path):
    db = tmp_path / "usage.db"
    with UsageRecorder(db, now=Clock(datetime(2024, 5, 6, 10))) as recorder:
        session = recorder.start_session("vi")
        recorder.view(session, None)
        recorder.view(session, "Free text, not an id")
        recorder.feature_used(session, "Large Text!")
        recorder.feature_used(["not", "a", "session"], "audio")
        recorder.language_changed(session, "vietnamese please")
        recorder.search(session, None, True)
        recorder.end_view(12345)
        recorder.end_session(session, "idle", idle_seconds="soon")
        recorder.end_session(session, "idle")
        status = recorder.status()
    assert status["state"] == "ok" and status["rejected"] == 8 and status["dropped"] == 0
    assert stats_json(db)["sessions"]["count"] is None  # 1 session: "<5"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM item_views").fetchone()[0] == 0


def test_a_full_disk_degrades_the_recorder_but_never_the_kiosk(tmp_path: Path):
    db = record_site(tmp_path / "usage.db", twelve_visitors())
    with sqlite3.connect(db) as conn:
        full_size = conn.execute("PRAGMA page_count").fetchone()[0] * 4096
    clock = Clock(datetime(2024, 5, 7, 10))
    # hard_max_bytes is applied as PRAGMA max_page_count: the file cannot grow at all.
    recorder = UsageRecorder(db, now=clock, hard_max_bytes=full_size)
    for n in range(40):
        session = recorder.start_session("vi")
        for item in range(10):
            recorder.view(session, f"item-{n}-{item}", item)
            recorder.search(session, [], found=False)
        recorder.end_session(session, "idle")
    status = recorder.status()
    assert status["state"] == "degraded"
    assert "database or disk is full" in status["reason"]
    assert status["dropped"] > 0
    session = recorder.start_session("vi")  # the next visitor: still no exception
    for item in range(30):
        recorder.view(session, f"another-item-{item:04d}")
    recorder.end_session(session, "idle")
    assert recorder.status()["dropped"] == status["dropped"] + 32
    recorder.close()
    assert db.stat().st_size <= full_size
    written = stats_json(db)["sessions"]["count"]  # what fits is intact and readable
    assert 12 <= written < 12 + 40

    with UsageRecorder(db, now=clock) as roomy:  # with room again, recording resumes
        play(roomy, clock, Visit(11, "vi", [("crc", None, 5)]), clock.now.date())
        assert roomy.status() | {"path": None} == {
            "state": "ok", "reason": None, "dropped": 0, "rejected": 0, "pending": 0,
            "last_error": None, "path": None}
    assert stats_json(db)["sessions"]["count"] == written + 1


def test_an_unusable_path_degrades_from_the_start(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    recorder = UsageRecorder(blocker / "usage.db")
    session = recorder.start_session("vi")
    recorder.view(session, "crc")
    recorder.end_session(session, "staff")
    status = recorder.status()
    assert status["state"] == "degraded" and status["dropped"] == 3
    recorder.close()


def test_missing_or_corrupt_databases_fail_in_one_line(tmp_path: Path):
    assert_one_line_failure(kiosk("stats", "--db", tmp_path / "nope.db"), "no such usage database")
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite" * 300)
    assert_one_line_failure(kiosk("stats", "--db", corrupt, "--json"), "corrupt.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert_one_line_failure(kiosk("stats", "--db", other), "not a usage-figures database")
    assert_one_line_failure(kiosk("stats", "merge", corrupt, "--out", tmp_path / "all.db"),
                            "corrupt.db")
    assert not (tmp_path / "all.db").exists()


def test_default_database_is_in_the_data_dir(site_a: Path):
    result = kiosk("stats", env={"KIOSK_DATA_DIR": str(site_a.parent)})
    assert result.exit_code == 0, result.output
    assert "Sessions             12" in result.stdout
    assert "fewer than 5 sessions" in result.stdout


def test_old_raw_rows_are_rolled_up_into_daily_totals(tmp_path: Path):
    db = record_site(tmp_path / "usage.db", twelve_visitors())
    before = stats_json(db)
    later = Clock(datetime.combine(DAY + timedelta(days=31), time(9)))
    UsageRecorder(db, now=later).close()  # opening it on a later day rolls up
    with sqlite3.connect(db) as conn:
        raw = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
               for t in ("sessions", "item_views", "features", "session_languages")}
        assert raw == dict.fromkeys(raw, 0)
        assert conn.execute("SELECT day, SUM(sessions) FROM daily_sessions").fetchone() == (
            DAY.isoformat(), 12)
    assert stats_json(db) == before  # roll-up changes no figure
    assert stats_json(db, "--since", (DAY + timedelta(days=1)).isoformat())[
        "sessions"]["count"] == 0


def test_a_file_over_its_size_limit_is_rolled_up_early(tmp_path: Path):
    db = record_site(tmp_path / "usage.db", twelve_visitors())
    clock = Clock(datetime.combine(DAY + timedelta(days=3), time(9)))
    with UsageRecorder(db, now=clock, max_bytes=1) as recorder:
        play(recorder, clock, Visit(11, "vi", [("crc", None, 5)]), clock.now.date())
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT day FROM sessions").fetchall() == [
            ((DAY + timedelta(days=3)).isoformat(),)]  # today's session stays raw
    assert stats_json(db)["sessions"]["count"] == 13
