"""The gallery benchmark: a 2,000-image section against a 10-item one, in a real Kivy window.

    python bench/gallery.py [--runs N] [--json PATH]

Builds (once, cached under bench/.cache/) an exhibition with a section of 2,000 small
generated images and a section of 10, starts the real kiosk on it and measures, alternating
the two sections in the same run so both see the same machine:
- touch on the home tile → the section screen drawn (the frame after it is laid out);
- touch → the first screenful of thumbnails drawn (every visible tile has its image);
- frame times while flinging through the whole grid (finger flicks, then a glide of one
  screenful a frame to the end);
- resident memory at the end.
Prints a table; writes a JSON list of {name, value, unit[, baseline, baseline_value, ratio]}
(bench/gallery-results.json by default), the rows `make bench` folds into bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import kivy_env, percentile  # noqa: E402
from measure import rss_mib as rss_mb  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache" / "gallery"
GALLERY_IMAGES = 2000
SMALL_SECTION = 10
FORMAT = 1  # bump when the generated exhibition changes, so the cache is rebuilt
SIZE = "1920x1080"
XVFB_SCREEN = f"-screen 0 {SIZE}x24 +extension GLX"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_picture(path: Path, number: int) -> None:
    """A small picture that differs from its neighbours: a colour field and a band."""
    from PIL import Image, ImageDraw

    hue = (number * 47) % 255
    image = Image.new("RGB", (160, 120), (hue, 160 - hue // 3, 255 - hue))
    draw = ImageDraw.Draw(image)
    band = (number * 13) % 100
    draw.rectangle((0, band, 160, band + 20), fill=(30, 30, 60))
    draw.ellipse((60, 30, 100, 70), fill=(250, 240, 220))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85)


def write_gallery_exhibition(root: Path, images: int = GALLERY_IMAGES,
                             small: int = SMALL_SECTION) -> Path:
    """An exhibition in `root`: section `gallery` with `images` image items, section `small`
    with `small` of them, in English and Vietnamese. Returns `root`."""
    write(root / "site.yaml",
          "title: {vi: Triển lãm ảnh, en: A photo archive}\nlanguages: [vi, en]\n"
          "default_language: en\nidle_timeout_seconds: 90\nedition: 1\n")
    ids = [f"photo-{n:05d}" for n in range(images)]
    for number, item_id in enumerate(ids):
        folder = root / "items" / item_id
        make_picture(folder / "photo.jpg", number)
        write(folder / "item.yaml", "kind: image\nfile: photo.jpg\ncredit: Bench\nlicence: CC0\n")
        write(folder / "en.md", f"---\ntitle: Photograph {number + 1}\n"
              f"alt: A generated picture, number {number + 1}\n---\n")
        write(folder / "vi.md", f"---\ntitle: Ảnh {number + 1}\n"
              f"alt: Một bức ảnh tạo ra, số {number + 1}\n---\n")
    for section, order, members in (("gallery", 1, ids), ("small", 2, ids[:small])):
        write(root / "items" / section / "item.yaml",
              f"kind: section\norder: {order}\nitems: [{', '.join(members)}]\n")
        write(root / "items" / section / "en.md",
              f"---\ntitle: {len(members)} photographs\n---\nGenerated pictures for the bench.\n")
        write(root / "items" / section / "vi.md",
              f"---\ntitle: {len(members)} bức ảnh\n---\nẢnh tạo ra để đo.\n")
    return root


def ensure_catalog() -> Path:
    """The generated exhibition's catalog, built once and kept under bench/.cache/."""
    from kiosk.catalog.build import build_catalog

    folder = CACHE / f"format-{FORMAT}-{GALLERY_IMAGES}"
    catalog = folder / "catalog.db"
    if not catalog.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"gallery: generating {GALLERY_IMAGES} pictures and building (once)...")
        write_gallery_exhibition(folder / "content")
        build_catalog(folder / "content", folder / "building.db")
        for part in folder.glob("building.*"):  # the catalog and its media folder, renamed
            part.rename(folder / part.name.replace("building", "catalog", 1))
    return catalog





def row(name: str, value: float, unit: str, baseline: str | None = None,
        baseline_value: float | None = None) -> dict:
    out = {"name": name, "value": round(value, 2), "unit": unit}
    if baseline is not None and baseline_value:
        out.update(baseline=baseline, baseline_value=round(baseline_value, 2),
                   ratio=round(value / baseline_value, 2))
    return out


def start_app(catalog: Path):
    from kiosk.ui.app import configure_kivy

    width, height = (int(n) for n in SIZE.split("x"))
    configure_kivy(windowed=True, size=(width, height))
    from dataclasses import replace

    from kivy.base import EventLoop, runTouchApp

    from kiosk.catalog.read import Catalog
    from kiosk.config import default_config
    from kiosk.speech import RecordingEngine
    from kiosk.ui.app import KioskApp

    config = default_config()
    config = replace(config, screen=replace(config.screen, resolution=(width, height)))
    app = KioskApp(Catalog(catalog), site_config=config, speech_engine=RecordingEngine(),
                   headphone_probe=lambda: None)
    app._run_prepare()
    runTouchApp(embedded=True)
    for _ in range(5):
        EventLoop.idle()
    return app


class GalleryBench:
    def __init__(self, app) -> None:
        self.app = app

    def frame(self) -> float:
        from kivy.base import EventLoop

        start = time.perf_counter()
        EventLoop.idle()  # one frame: clock, layout, draw, swap
        return (time.perf_counter() - start) * 1000

    def touch(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()

    def visible_tiles(self) -> list:
        section = self.app.current_screen()
        rows = section.ids.section_scroll
        bottom = rows.to_window(rows.x, rows.y)[1]
        return [t for t in section.tiles()
                if t.to_window(t.x, t.y)[1] + t.height > bottom
                and t.to_window(t.x, t.y)[1] < bottom + rows.height]

    def open_section(self, section_id: str, cold: bool = False) -> tuple[float, float | None]:
        """(touch → section drawn, touch → its first screenful of thumbnails drawn) in ms."""
        from kiosk.ui.thumbnails import thumbnail_loader

        app = self.app
        app.go_home()
        for _ in range(3):
            self.frame()
        section = app.root.ids.screens.get_screen("section")
        if cold:
            section.forget_summaries()
        thumbnail_loader().forget()
        tile = app.current_screen().tile_for(section_id)
        start = time.perf_counter()
        self.touch(tile)
        for _ in range(100):
            self.frame()
            if app.screen_name == "section" and section.item_id == section_id:
                break
        else:
            raise RuntimeError(f"section {section_id} not shown")
        self.frame()  # the frame after the new screen is laid out
        opened = (time.perf_counter() - start) * 1000
        if not section.gallery:
            return opened, None
        deadline = time.perf_counter() + 20
        while time.perf_counter() < deadline:
            tiles = self.visible_tiles()
            if tiles and all(t.ids.picture.loaded for t in tiles):
                self.frame()  # drawn
                return opened, (time.perf_counter() - start) * 1000
            self.frame()
        raise RuntimeError("thumbnails did not arrive in 20 s")

    def fling_through(self, flicks: int = 5) -> list[float]:
        """The time of every frame while flinging through the whole grid: a few real finger
        flicks, then a glide of one screenful a frame to the end (faster than any finger: a
        new screen of rows and thumbnail requests every frame). On software OpenGL a frame
        takes long enough that Kivy's own inertia stops within a frame or two, so flicks
        alone would need thousands of frames to cross 400 rows."""
        from kivy.tests.common import UnitTestTouch

        section = self.app.current_screen()
        rows = section.ids.section_scroll
        x = rows.to_window(rows.center_x, 0)[0]
        bottom = rows.to_window(rows.x, rows.y)[1]
        low, high = bottom + rows.height * 0.1, bottom + rows.height * 0.9
        frames: list[float] = []
        for _ in range(flicks):
            touch = UnitTestTouch(x, low)
            touch.touch_down()
            frames.append(self.frame())
            for step in range(1, 3):
                touch.touch_move(x, low + (high - low) * step / 2)
                frames.append(self.frame())
            touch.touch_up()
            for _ in range(3):
                frames.append(self.frame())
        while rows.scroll_y > 0:
            scrollable = section.ids.item_list.height - rows.height
            rows.scroll_y = max(0.0, rows.scroll_y - rows.height / scrollable)
            frames.append(self.frame())
        return frames


def batched_items_ms(catalog_path: Path, section_id: str, lang: str) -> float:
    """What one joined query for a section's tiles costs (the batched section_items the
    report proposes for kiosk/catalog/read.py): ids, kinds, titles and thumbnails at once."""
    import sqlite3

    db = sqlite3.connect(f"file:{catalog_path}?mode=ro&immutable=1", uri=True)
    start = time.perf_counter()
    db.execute(
        "SELECT s.item_id, i.kind, i.data, t.lang, t.title, m.thumbnail "
        "FROM section_items s JOIN items i ON i.id = s.item_id "
        "JOIN translations t ON t.item_id = s.item_id "
        "LEFT JOIN media m ON m.id = json_extract(i.data, '$.media_id') "
        "WHERE s.section_id = ? ORDER BY s.position", (section_id,)).fetchall()
    elapsed = (time.perf_counter() - start) * 1000
    db.close()
    return elapsed


def run(runs: int) -> list[dict]:
    catalog = ensure_catalog()
    os.environ.update({k: v for k, v in kivy_env().items() if k.startswith("KIVY")})
    app = start_app(catalog)
    bench = GalleryBench(app)
    app.begin_visit()
    for _ in range(3):
        bench.frame()
    rss_at_home = rss_mb()
    first_open, _ = bench.open_section("gallery", cold=True)
    opens: dict[str, list[float]] = {"gallery": [], "small": [], "cold": []}
    thumbs: list[float] = []
    for number in range(runs):  # alternating, in changing order
        order = ("gallery", "small") if number % 2 == 0 else ("small", "gallery")
        for section_id in order:
            opened, drawn = bench.open_section(section_id)
            opens[section_id].append(opened)
            if drawn is not None:
                thumbs.append(drawn)
        opens["cold"].append(bench.open_section("gallery", cold=True)[0])
    print(f"gallery: {runs} opens of each section done; flinging through the grid...",
          flush=True)
    bench.open_section("gallery")
    frames = bench.fling_through()
    print(f"gallery: {len(frames)} frames to the end", flush=True)
    from kiosk.catalog.read import Catalog

    reader = Catalog(catalog)
    reads = []
    for _ in range(5):
        start = time.perf_counter()
        reader.section_items("gallery", "en")
        reads.append((time.perf_counter() - start) * 1000)
    batched = statistics.median(batched_items_ms(catalog, "gallery", "en") for _ in range(5))
    small, gallery = opens["small"], opens["gallery"]
    return [
        row("gallery_open_2k_ms", statistics.median(gallery), "ms",
            "10-item section", statistics.median(small)),
        row("gallery_open_2k_p95_ms", percentile(gallery, 0.95), "ms",
            "10-item section", percentile(small, 0.95)),
        row("gallery_open_2k_cold_ms", statistics.median(opens["cold"]), "ms",
            "10-item section", statistics.median(small)),
        row("gallery_open_2k_first_ms", first_open, "ms"),
        row("gallery_thumbs_first_screen_ms", statistics.median(thumbs), "ms"),
        row("gallery_scroll_frame_p50_ms", statistics.median(frames), "ms"),
        row("gallery_scroll_frame_p95_ms", percentile(frames, 0.95), "ms"),
        row("gallery_scroll_frames", len(frames), "frames"),
        row("gallery_section_items_2k_ms", statistics.median(reads), "ms",
            "one joined query", batched),
        row("gallery_rss_mb", rss_mb(), "MB", "the app on its home screen", rss_at_home),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="opens of each section (≥ 10)")
    parser.add_argument("--json", default=str(HERE / "gallery-results.json"),
                        help="write the rows here")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            sys.exit("gallery: no $DISPLAY and no xvfb-run (apt-get install xvfb)")
        sys.exit(subprocess.call(["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable,
                                  __file__, *sys.argv[1:]], env=kivy_env()))
    sys.path.insert(0, str(REPO))
    try:
        results = run(max(1, args.runs))
    except Exception:  # Kivy's logger swallows stderr without a console log: say it here
        import traceback

        print(traceback.format_exc(), flush=True)
        raise
    print(f"{'name':34} {'value':>10} {'unit':6} {'baseline':>10} {'ratio':>7}")
    for r in results:
        print(f"{r['name']:34} {r['value']:>10} {r['unit']:6} "
              f"{r.get('baseline_value', ''):>10} {r.get('ratio', ''):>7}")
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
