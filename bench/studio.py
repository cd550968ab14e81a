"""Studio speed on the 1,000-title exhibition (bench/make_catalog.py): item-list page load,
item page load and the save of a one-field edit, as medians, each beside a baseline measured in
the same run (reading the item's files straight from disk), so machines can be compared; with
--preview, save-to-preview beside the same with the whole exhibition rebuilt.

    python -m bench.studio --preview --runs 7 --write   # needs Xvfb (the kiosk draws)"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from bench.make_catalog import make_exhibition
from kiosk.studio.app import create_app


def _median(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _save_to_preview(client, csrf: str, item_id: str, counter, runs: int) -> dict:
    """A one-field save, then the kiosk's picture of the item (rebuild + reload + draw), as
    the studio does it (only the saved item rebuilt: kiosk/catalog/patch.py) and, as the
    baseline in the same run, with the whole exhibition rebuilt incrementally after each save
    (what the studio did before); the picture alone (no save) beside them."""
    studio = client.app.state.studio
    one_item = studio.after_save

    def picture() -> None:
        reply = client.get(f"/api/preview/{item_id}.png?lang=en")
        assert reply.status_code == 200, reply.text

    def save_then_picture() -> None:
        version = client.get(f"/api/items/{item_id}").json()["version"]
        reply = client.patch(f"/api/items/{item_id}", headers={"X-CSRF-Token": csrf},
                             json={"version": version, "fields": {"order": next(counter) + 1}})
        assert reply.status_code == 200, reply.text
        picture()

    start = time.perf_counter()
    picture()  # the kiosk starts
    first = (time.perf_counter() - start) * 1000
    result = {"first_preview_ms": round(first, 1),
              "preview_only_ms": round(_median(picture, runs), 1),
              "save_to_preview_ms": round(_median(save_then_picture, runs), 1)}
    studio.after_save = lambda _item_id=None: one_item(None)  # the whole exhibition
    try:
        result["save_to_preview_full_rebuild_ms"] = round(_median(save_then_picture, runs), 1)
    finally:
        studio.after_save = one_item
    result["save_to_preview_vs_full_rebuild"] = round(
        result["save_to_preview_ms"] / result["save_to_preview_full_rebuild_ms"], 2)
    return result


def _rows(result: dict) -> list[dict]:
    """The figures as bench/run.py's rows (bench/studio-results.json)."""
    rows = [{"name": "studio_save_one_field_1k_ms", "value": result["save_one_field_ms"],
             "unit": "ms", "baseline": "reading the item's files from disk, same run",
             "baseline_value": result["baseline_read_item_ms"],
             "ratio": result["save_vs_baseline"]}]
    if "save_to_preview_ms" in result:
        rows += [{"name": "studio_save_to_preview_1k_ms", "value": result["save_to_preview_ms"],
                  "unit": "ms", "baseline": "the same save with the whole exhibition rebuilt "
                  "(incrementally), same run",
                  "baseline_value": result["save_to_preview_full_rebuild_ms"],
                  "ratio": result["save_to_preview_vs_full_rebuild"]},
                 {"name": "studio_preview_only_ms", "value": result["preview_only_ms"],
                  "unit": "ms"}]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--config", type=Path, default=None,
                        help="the kiosk.toml whose screen the preview draws "
                             "(default: $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml)")
    parser.add_argument("--write", action="store_true",
                        help="also write bench/studio-results.json")
    parser.add_argument("--preview", action="store_true",
                        help="also save-to-preview: a save, then the real kiosk's picture "
                             "(needs Xvfb; the first picture starts the kiosk)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_exhibition(Path(tmp) / "content", args.titles, max_side=600)
        client = TestClient(create_app(root, None, Path(tmp) / "work",
                                       config_path=args.config))
        csrf = client.post("/api/session", json={"name": "bench"}).json()["csrf"]
        item_id = client.get("/api/items").json()[-1]["id"]
        folder = root / "items" / item_id
        baseline = _median(lambda: [p.read_bytes() for p in folder.iterdir()], args.runs)
        counter = iter(range(10**6))

        def save() -> None:
            version = client.get(f"/api/items/{item_id}").json()["version"]
            reply = client.patch(f"/api/items/{item_id}", headers={"X-CSRF-Token": csrf},
                                 json={"version": version, "fields": {"order": next(counter) + 1}})
            assert reply.status_code == 200, reply.text

        result = {"titles": args.titles, "baseline_read_item_ms": round(baseline, 2),
                  "list_page_ms": round(_median(lambda: client.get("/"), args.runs), 2),
                  "item_page_ms": round(_median(lambda: client.get(f"/items/{item_id}"),
                                                args.runs), 2),
                  "save_one_field_ms": round(_median(save, args.runs), 2)}
        result["save_vs_baseline"] = round(result["save_one_field_ms"] / max(baseline, 1e-3), 1)
        if args.preview:
            result.update(_save_to_preview(client, csrf, item_id, counter, args.runs))
        client.app.state.studio.close()
        print(json.dumps(result, indent=2))
        if args.write:
            out = Path(__file__).with_name("studio-results.json")
            out.write_text(json.dumps(_rows(result), indent=2) + "\n")


if __name__ == "__main__":
    main()
