"""A manager merges the usage files brought back from many kiosks, some of them damaged or not
usage files at all. Every input (and the existing output) is checked whole before anything is
written; a refusal is one line naming the file and the bad value, and the output is left
byte for byte as it was; --out can never be an input, a catalog or anything else but a usage
file; a merge is one rename, so no half-merged file is ever seen.

Each class of bad row is made in every table that has such a column, not one example.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from kiosk.usage import schema
from kiosk.usage.validate import MAX_COUNT, MAX_SESSIONS, expected_columns
from tests.test_manager_usage_figures import Visit, kiosk, record_site, stats_json


@pytest.fixture
def two_sites(tmp_path: Path) -> tuple[Path, Path, Path]:
    visits = [Visit(10, "vi", [("crc", None, 45), ("udhr", 0, 20)], features=("audio",),
                    query="quyền", found=True)] * 6
    a = record_site(tmp_path / "a" / "usage.db", visits)
    b = record_site(tmp_path / "b" / "usage.db", [Visit(14, "en", [("crc", None, 5)])] * 6)
    # roll every raw row up into daily totals in one copy, so daily tables have rows too
    rolled = tmp_path / "rolled" / "usage.db"
    rolled.parent.mkdir()
    shutil.copy(a, rolled)
    conn = sqlite3.connect(rolled, isolation_level=None)
    conn.execute("BEGIN")
    schema.roll_up(conn, date(2100, 1, 1))
    conn.execute("UPDATE meta SET value = 'c0ffee00c0ffee00' WHERE key = 'site_file_id'")
    conn.execute("UPDATE sources SET source = 'c0ffee00c0ffee00'")
    for table in schema.DATA_TABLES:
        conn.execute(f"UPDATE {table} SET source = 'c0ffee00c0ffee00'")
    conn.execute("COMMIT")
    conn.close()
    return a, b, rolled


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def assert_refused(result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed:"), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


# (column, a value no kiosk writes); each is put in a raw and a daily table with that column
# (which ones turns with the value, so every table is tried by some value).
IMPOSSIBLE = [
    ("views", -5), ("views", MAX_COUNT + 1), ("views", "twelve"), ("views", 2.5),
    ("uses", -1), ("searches", 10**15), ("sessions", MAX_SESSIONS + 1), ("sessions", -3),
    ("hour", 24), ("hour", -1), ("hour", 31), ("hour", "ten"),
    ("day", "2024-02-30"), ("day", "yesterday"), ("day", 20240506),
    ("length", "forever"), ("dwell", "<1s"), ("page_index", -1), ("found", 2),
    ("lang", "not a tag!"), ("item_id", "../../etc"), ("feature", "DROP TABLE"),
    ("end_reason", "x" * 100), ("generation", -1), ("session", "abc"),
]


def cases():
    columns = expected_columns()
    for column, value in IMPOSSIBLE:
        tables = [t for t, cols in columns.items() if column in cols]
        raw = [t for t in tables if not t.startswith("daily_")]
        daily = [t for t in tables if t.startswith("daily_")]
        # a raw and a daily table with the column, a different pair for each bad value
        turn = IMPOSSIBLE.index((column, value))
        picked = {group[turn % len(group)] for group in (raw, daily) if group}
        for table in sorted(picked):
            yield pytest.param(table, column, value, id=f"{table}.{column}={value!r}"[:60])


def with_bad_row(rows_from: Path, tmp_path: Path, table: str, column: str, value) -> Path:
    bad = tmp_path / "bad" / "usage.db"
    bad.parent.mkdir(exist_ok=True)
    shutil.copy(rows_from, bad)
    conn = sqlite3.connect(bad, isolation_level=None)
    count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert count, f"the fixture has no {table} rows"
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} IN "
                 f"(SELECT {column} FROM {table} LIMIT 1)", (value,))
    conn.close()
    return bad


@pytest.mark.parametrize(("table", "column", "value"), list(cases()))
def test_a_row_no_kiosk_writes_is_refused_and_nothing_is_merged(two_sites, tmp_path, table,
                                                                 column, value):
    a, b, rolled = two_sites
    source = rolled if table.startswith("daily_") else a
    bad = with_bad_row(source, tmp_path, table, column, value)
    out = tmp_path / "all.db"
    assert kiosk("stats", "merge", b, "--out", out).exit_code == 0
    before = digest(out)
    line = assert_refused(kiosk("stats", "merge", a, bad, "--out", out), str(bad), column,
                          "nothing was merged")
    assert table in line
    assert digest(out) == before  # not even the good input a was merged
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".all")) == []


def test_good_inputs_merge_and_the_daily_rows_pass_the_same_checks(two_sites, tmp_path):
    a, b, rolled = two_sites
    out = tmp_path / "all.db"
    result = kiosk("stats", "merge", a, b, rolled, "--out", out)
    assert result.exit_code == 0, result.output
    assert stats_json(out)["sessions"]["count"] == 18
    assert not Path(f"{out}-wal").exists()  # one complete file
    again = kiosk("stats", "merge", out, "--out", tmp_path / "copy.db")  # a merge merges again
    assert again.exit_code == 0, again.output


def test_out_is_never_an_input_a_catalog_or_another_file(two_sites, tmp_path, sample_catalog):
    a, b, _ = two_sites
    catalog = tmp_path / "catalog.db"
    shutil.copy(sample_catalog, catalog)
    notes = tmp_path / "notes.txt"
    notes.write_text("the museum's notes\n")
    link = tmp_path / "link.db"
    link.symlink_to(a)
    hard = tmp_path / "hard.db"
    hard.hardlink_to(b)
    for out, words in ((a, "is the output file itself"), (link, "is the output file itself"),
                       (hard, "is the output file itself"),
                       (catalog, "not a usage-figures database"),
                       (notes, "--out"), (tmp_path, "--out")):
        before = {p: digest(p) for p in (a, b, catalog, notes)}
        inputs = [a, b] if out not in (link, hard) else ([a] if out == link else [b])
        assert_refused(kiosk("stats", "merge", *inputs, "--out", out), *words)
        assert {p: digest(p) for p in before} == before
    assert not list(tmp_path.glob(".*merging*"))


def test_a_damaged_or_foreign_input_changes_nothing(two_sites, tmp_path):
    a, b, _ = two_sites
    out = tmp_path / "all.db"
    assert kiosk("stats", "merge", a, "--out", out).exit_code == 0
    before = digest(out)
    cut = tmp_path / "cut.db"
    cut.write_bytes(b.read_bytes()[: 4096 * 2])
    dropped = tmp_path / "dropped.db"
    shutil.copy(b, dropped)
    sqlite3.connect(dropped).execute("DROP TABLE daily_terms").connection.close()
    newer = tmp_path / "newer.db"
    shutil.copy(b, newer)
    sqlite3.connect(newer).execute("PRAGMA user_version = 99").connection.close()
    for bad, words in ((cut, "cut.db"), (dropped, "daily_terms"), (newer, "newer kiosk"),
                       (tmp_path / "missing.db", "no such usage database")):
        assert_refused(kiosk("stats", "merge", b, bad, "--out", out), *words)
        assert digest(out) == before
