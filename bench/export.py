"""Export time and size for a 1,000-title exhibition: from scratch, unchanged, one item changed.

    .venv/bin/python bench/export.py --titles 1000 [--crawl]

Generates the exhibition (bench/make_catalog.py), builds its catalog, then times
`export_site` three ways in the same run: into an empty folder (the baseline), again with
nothing changed, and after one item's text is edited and the catalog rebuilt; it reports
seconds, pages rendered (the render cache skips the others), files written and the folder's
size, and writes bench/export-results.json.
With `--crawl` it also audits every page of the *sample* exhibition in every language with
axe-core in Chromium (the full crawl the test suite samples; see docs/export.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_catalog import make_exhibition  # noqa: E402
from kiosk.catalog.build import build_catalog  # noqa: E402
from kiosk.catalog.read import Catalog  # noqa: E402
from kiosk.export.render_cache import CACHE  # noqa: E402
from kiosk.export.site import export_site  # noqa: E402

RESULTS = Path(__file__).with_name("export-results.json")


def folder_size(folder: Path) -> int:
    """What a visitor's host holds: the dot-files (manifest, render cache) are left out."""
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.relative_to(folder).as_posix().startswith("."))


def timed_export(catalog_path: Path, out: Path) -> dict:
    catalog = Catalog(catalog_path)
    started = time.perf_counter()
    result = export_site(catalog, out)
    seconds = time.perf_counter() - started
    catalog.close()
    return {"seconds": round(seconds, 2), "pages": result.pages, "rendered": len(result.rendered),
            "written": len(result.written),
            "unchanged": result.unchanged, "removed": len(result.removed),
            "size_mb": round(folder_size(out) / 1e6, 1),
            "search_index_mb": round((out / "search/index.js").stat().st_size / 1e6, 1),
            "render_cache_mb": round((out / CACHE).stat().st_size / 1e6, 1)}


def edit_one_item(content: Path) -> Path:
    text_file = sorted((content / "items").glob("*/en.md"))[len(list((content / "items").glob("*/en.md"))) // 2]
    text_file.write_text(text_file.read_text(encoding="utf-8") + "\nOne more sentence for the bench.\n",
                         encoding="utf-8")
    return text_file


def crawl_sample() -> dict:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        build_catalog(repo / "content", Path(tmp) / "catalog.db")
        catalog = Catalog(Path(tmp) / "catalog.db")
        site = Path(tmp) / "site"
        export_site(catalog, site)
        catalog.close()
        pages = sorted(site.rglob("*.html"))
        failures = {}
        started = time.perf_counter()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            axe = Axe()
            for path in pages:
                page.goto(path.as_uri())
                violations = axe.run(page).response["violations"]
                if violations:
                    failures[str(path.relative_to(site))] = [v["id"] for v in violations]
            browser.close()
    return {"pages": len(pages), "pages_with_violations": len(failures), "failures": failures,
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=1000)
    parser.add_argument("--max-image-side", type=int, default=1600)
    parser.add_argument("--crawl", action="store_true", help="also axe-audit every sample page")
    args = parser.parse_args()
    results: dict = {"titles": args.titles}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_exhibition(root / "content", args.titles, max_side=args.max_image_side)
        db = root / "catalog.db"
        build_catalog(content, db)
        results["from_scratch"] = timed_export(db, root / "site")
        results["unchanged"] = timed_export(db, root / "site")
        edited = edit_one_item(content)
        build_catalog(content, db)
        results["one_item_changed"] = {"item": edited.parent.name, **timed_export(db, root / "site")}
    scratch = results["from_scratch"]["seconds"]
    results["one_item_vs_scratch"] = round(results["one_item_changed"]["seconds"] / scratch, 3)
    if args.crawl:
        results["crawl"] = crawl_sample()
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for key in ("from_scratch", "unchanged", "one_item_changed"):
        r = results[key]
        print(f"{key:18} {r['seconds']:7.2f} s  {r['rendered']:6} rendered  {r['written']:6} written  "
              f"{r['pages']:6} pages  "
              f"{r['size_mb']:7.1f} MB")
    print(f"one item / from scratch: {results['one_item_vs_scratch']:.3f}")
    if args.crawl:
        c = results["crawl"]
        print(f"axe crawl: {c['pages']} pages, {c['pages_with_violations']} with violations, {c['seconds']} s")


if __name__ == "__main__":
    main()
