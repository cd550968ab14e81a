"""The benchmark figures a release ships with (bench/results.json, written by `make bench`)
have the shape and the names the proof issue asks for, and the quick bench path runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import REQUIRED

REPO = Path(__file__).resolve().parents[1]


def check_rows(rows: list) -> dict[str, dict]:
    assert isinstance(rows, list) and rows
    by_name: dict[str, dict] = {}
    for row in rows:
        assert set(row) in ({"name", "value", "unit"},
                            {"name", "value", "unit", "baseline", "baseline_value", "ratio"}), row
        assert isinstance(row["name"], str) and isinstance(row["unit"], str) and row["unit"]
        assert isinstance(row["value"], int | float), row
        assert row["name"] not in by_name, f"{row['name']} twice"
        if "baseline" in row:
            assert row["baseline"] and row["baseline_value"] > 0, row
            assert row["ratio"] == pytest.approx(row["value"] / row["baseline_value"], rel=0.05,
                                                 abs=0.02), row  # both sides were rounded
        by_name[row["name"]] = row
    return by_name


def test_the_committed_results_name_every_figure_the_issue_asks_for():
    by_name = check_rows(json.loads((REPO / "bench/results.json").read_text()))
    missing = [name for name in REQUIRED if name not in by_name]
    assert not missing, f"bench/results.json lacks {missing}: run make bench"
    assert by_name["cold_start_s"].get("baseline"), "cold start is a ratio to a bare window"
    for name in ("search_keystroke_p95_ms_1k", "search_keystroke_p95_ms_10k"):
        assert by_name[name].get("baseline"), f"{name} is compared with a bare FTS5 query"
    readme = (REPO / "bench/README.md").read_text()
    machine = next(line for line in readme.splitlines() if line.startswith("Machine:"))
    for what in ("cpu ", "cores ", "memory ", "os ", "python ", "kivy ", "gl "):
        assert what in machine, f"bench/README.md does not say the machine's {what.strip()}"
    assert all(f"| {name} |" in readme for name in REQUIRED)


def test_the_quick_bench_measures_the_catalog_and_writes_its_table(tmp_path):
    run = subprocess.run([sys.executable, "bench/run.py", "--quick", "--only", "catalog",
                          "--out", str(tmp_path)], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    by_name = check_rows(json.loads((tmp_path / "results.json").read_text()))
    assert {"build_100_scratch_s", "build_100_one_item_s",
            "search_keystroke_p95_ms_100"} <= set(by_name)
    assert "| search_keystroke_p95_ms_100 |" in (tmp_path / "README.md").read_text()
    assert "| search_keystroke_p95_ms_100 |" in run.stdout  # the table is printed too
