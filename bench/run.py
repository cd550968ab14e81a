"""The kiosk's benchmarks: `make bench` runs this, prints a table and writes results.json
and README.md. Every figure is a median or percentile of repeated runs, and where a baseline
applies it is measured in the same run, alternating, so a noisy shared machine skews both.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.make_catalog import make_exhibition  # noqa: E402
from kiosk.catalog.build import build_catalog  # noqa: E402
from kiosk.catalog.read import Catalog, CatalogError  # noqa: E402
from kiosk.search.fold import search_terms  # noqa: E402
from kiosk.search.query import match_expression  # noqa: E402

DATA = HERE / ".data"
TYPED = ["quyen con nguoi", "dieu 1", "freedom of", "education", "សិទ្ធិមនុស្ស", "เสรีภาพ",
         "droits de"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def result(name, value, unit, baseline=None, baseline_value=None) -> dict:
    row = {"name": name, "value": round(value, 3), "unit": unit}
    if baseline is not None:
        row.update(baseline=baseline, baseline_value=round(baseline_value, 3),
                   ratio=round(value / baseline_value, 2) if baseline_value else None)
    return row


def bench_build(titles: int) -> list[dict]:
    content = make_exhibition(DATA / f"content-{titles}", titles)
    out = DATA / f"catalog-{titles}" / "catalog.db"
    shutil.rmtree(out.parent, ignore_errors=True)
    start = time.perf_counter()
    build_catalog(content, out)
    scratch = time.perf_counter() - start
    one_item = []
    for n in range(3):
        target = next((content / "items").glob("treaty-*")) / "en.md"
        target.write_text(target.read_text() + f"\nEdited {n}.\n")
        start = time.perf_counter()
        build_catalog(content, out)
        one_item.append(time.perf_counter() - start)
    suffix = "1k" if titles == 1000 else str(titles)
    return [result(f"build_{suffix}_scratch_s", scratch, "s"),
            result(f"build_{suffix}_one_item_s", statistics.median(one_item), "s")]


def bench_search(titles: int, suffix: str) -> list[dict]:
    content = DATA / f"content-{titles}"
    out = DATA / f"catalog-{titles}" / "catalog.db"
    if not out.exists():
        make_exhibition(content, titles, max_side=400)
        build_catalog(content, out)
    try:
        catalog = Catalog(out)
    except CatalogError:  # built by an older kiosk (another schema): build it again
        if not content.exists():
            make_exhibition(content, titles, max_side=400)
        build_catalog(content, out)
        catalog = Catalog(out)
    bare = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    ours, baseline = [], []
    for _ in range(3):
        for phrase in TYPED:
            for end in range(1, len(phrase) + 1):
                query = phrase[:end]
                terms = search_terms(query)
                start = time.perf_counter()
                catalog.search(query, "vi")
                ours.append((time.perf_counter() - start) * 1000)
                if terms:
                    start = time.perf_counter()
                    bare.execute("SELECT rowid FROM search_index WHERE search_index MATCH ? "
                                 "ORDER BY rank LIMIT 20", (match_expression(terms),)).fetchall()
                    baseline.append((time.perf_counter() - start) * 1000)
    p95, base95 = percentile(ours, 0.95), percentile(baseline, 0.95)
    return [result(f"search_keystroke_p50_ms_{suffix}", statistics.median(ours), "ms",
                   "bare FTS5 query, same file", statistics.median(baseline)),
            result(f"search_keystroke_p95_ms_{suffix}", p95, "ms", "bare FTS5 query, same file",
                   base95),
            *sizes(bare, suffix)]


def sizes(conn: sqlite3.Connection, suffix: str) -> list[dict]:
    """The catalog file, its FTS5 index (the search_index* tables) and search_docs, in MB."""
    tables = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
    index = sum(v for k, v in tables.items() if k.startswith("search_index"))
    return [result(f"catalog_{suffix}_mb", sum(tables.values()) / 1e6, "MB"),
            result(f"search_index_{suffix}_mb", index / 1e6, "MB"),
            result(f"search_docs_{suffix}_mb", tables.get("search_docs", 0) / 1e6, "MB")]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def write_report(results: list[dict]) -> None:
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = ["# Benchmarks", "", "Generated by `make bench` (bench/run.py); do not edit by hand.", "",
             f"Machine: {machine()}.", "",
             "| name | value | unit | baseline | baseline value | ratio |",
             "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r['value']} | {r['unit']} | {r.get('baseline', '')} | "
                     f"{r.get('baseline_value', '')} | {r.get('ratio', '')} |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[6:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 titles: a smoke run")
    args = parser.parse_args()
    titles = 100 if args.quick else 1000
    results = bench_build(titles)
    results += bench_search(titles, "1k" if titles == 1000 else str(titles))
    if not args.quick:
        results += bench_search(10_000, "10k")
    write_report(results)


if __name__ == "__main__":
    main()
