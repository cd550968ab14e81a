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


TARGETS = {"cold_start_s": ("ratio", 2.0), "touch_to_frame_p95_ms": ("value", 100),
           "rss_1k_mb": ("value", 250), "soak_rss_growth_pct": ("value", 10)}


def notes(results: list[dict]) -> list[str]:
    """Targets met or not, and how long the soak really was."""
    out = ["Targets (docs/proof.md): cold start ≤ 2× the bare window, touch → frame p95 ≤ 100 ms, "
           "RSS ≤ 250 MB on the 1k catalog, soak RSS growth ≤ 10%."]
    by_name = {r["name"]: r for r in results}
    for name, (field, limit) in TARGETS.items():
        if name in by_name and by_name[name].get(field) is not None:
            got = by_name[name][field]
            out.append(f"- {name}: {got} ({'met' if got <= limit else 'NOT met'}; target ≤ {limit})")
    soak = by_name.get("soak_actions")
    if soak and soak["value"] < 100_000:
        out += ["", f"The soak in this table ran {soak['value']:.0f} visitor actions, not the "
                "100,000 of the requirement: on this machine the 1k-catalog app does about 13 "
                "actions a second in software rendering, so 100,000 take hours. "
                "`python bench/run.py --soak-actions 100000` runs the full one."]
    return out


def write_report(results: list[dict]) -> None:
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = ["# Benchmarks", "", "Generated by `make bench` (bench/run.py); do not edit by hand.", "",
             f"Machine: {machine()}.", "",
             "| name | value | unit | baseline | baseline value | ratio |",
             "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r['value']} | {r['unit']} | {r.get('baseline', '')} | "
                     f"{r.get('baseline_value', '')} | {r.get('ratio', '')} |")
    lines += ["", *notes(results)]
    (HERE / "README.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[6:]))


def bench_app(soak_actions: int, runs: int) -> list[dict]:
    """The app's figures (bench/app_bench.py) in a process of their own: Kivy has one window
    per process, and app_bench starts a virtual X server itself when $DISPLAY is unset."""
    out = DATA / "app-bench.json"
    out.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(HERE / "app_bench.py"), "--runs", str(runs),
                    "--soak-actions", str(soak_actions), "--json", str(out)], check=True)
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 titles: a smoke run")
    parser.add_argument("--soak-actions", type=int, default=100_000,
                        help="visitor actions in the long soak (bench/soak.py)")
    parser.add_argument("--no-app", action="store_true", help="catalog figures only")
    args = parser.parse_args()
    titles = 100 if args.quick else 1000
    results = bench_build(titles)
    results += bench_search(titles, "1k" if titles == 1000 else str(titles))
    if not args.quick:
        results += bench_search(10_000, "10k")
    if not args.no_app:
        results += bench_app(2_000 if args.quick else args.soak_actions, 2 if args.quick else 5)
    write_report(results)


if __name__ == "__main__":
    main()
