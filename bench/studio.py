"""Studio speed on the 1,000-title exhibition (bench/make_catalog.py): item-list page load,
item page load and the save of a one-field edit, as medians, each beside a baseline measured in
the same run (reading the item's files straight from disk), so machines can be compared."""

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
    """A one-field save, then the kiosk's picture of the item (rebuild + reload + draw),
    beside the picture alone (no save) as its baseline."""
    def picture() -> None:
        reply = client.get(f"/api/preview/{item_id}.png?lang=en")
        assert reply.status_code == 200, reply.text

    def save_then_picture() -> None:
        version = client.get(f"/api/items/{item_id}").json()["version"]
        client.patch(f"/api/items/{item_id}", headers={"X-CSRF-Token": csrf},
                     json={"version": version, "fields": {"order": next(counter) + 1}})
        picture()

    start = time.perf_counter()
    picture()  # the kiosk starts
    first = (time.perf_counter() - start) * 1000
    return {"first_preview_ms": round(first, 1),
            "preview_only_ms": round(_median(picture, runs), 1),
            "save_to_preview_ms": round(_median(save_then_picture, runs), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--preview", action="store_true",
                        help="also save-to-preview: a save, then the real kiosk's picture "
                             "(needs Xvfb; the first picture starts the kiosk)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_exhibition(Path(tmp) / "content", args.titles, max_side=600)
        client = TestClient(create_app(root, None, Path(tmp) / "work"))
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
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
