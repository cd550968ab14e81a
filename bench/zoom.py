"""The zoom viewer on a 20,000 x 20,000 scan: opening, one zoom step, and 10 s of panning.

    python bench/zoom.py [--runs N] [--json PATH] [--pan-seconds S]

The scan (a page of "text" on grainy paper, JPEG) and its Deep Zoom pyramid are made once,
each in a child process, and kept in bench/.cache/. Then, in one process and a real Kivy
window (1920 x 1080; without $DISPLAY the script runs itself again under `xvfb-run`), with
the viewer filling the window, alternating run by run, medians of `--runs`:

- baseline: Pillow merely decoding that image's thumbnail (open, draft, thumbnail to
  1920 x 1080);
- zoom_open_20k_s: from giving the viewer the pyramid to the first frame with every visible
  tile of the fitting level drawn;
- zoom_step_20k_s: from `zoom_in()` at the whole image to the frame with every tile of the
  new level drawn (textures of earlier runs are dropped first, so every run reads its tiles).

Then 10 s of panning with synthetic touches: a finger drags every frame, lifts with a fling
every 40 frames and the glide runs on; frame times (p50, p95, max: one pass of Kivy's event
loop, input to buffer swap), the largest resident memory seen while panning, and the
number of textures in the tile cache at the end. Frame times are put beside a plain redraw
of the same window (one window-sized texture), measured just before and after the pan: in
software OpenGL filling 1920 x 1080 pixels is most of a frame. Files are warm in the page cache for both
the baseline and the viewer after the first run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import kivy_env  # noqa: E402
from measure import rss_mib as rss_mb  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

CACHE = HERE / ".cache"
SIZE = 20_000
WINDOW = (1920, 1080)
XVFB_SCREEN = "-screen 0 1920x1080x24 +extension GLX"
PAN_ZOOM_SCALE = 0.5  # screen pixels per image pixel while panning: a mid-level of tiles


# -- the scan, made once ------------------------------------------------------------------

def make_scan(path: Path, size: int) -> None:
    """Lines of word-like marks on grainy, yellowed paper, with ruled margins: compresses and
    tiles like a scanned page (uniform areas, sharp strokes, grain everywhere)."""
    from PIL import Image, ImageDraw

    grain = Image.effect_noise((1024, 1024), 18).point(lambda v: 200 + v // 5)
    luma = Image.new("L", (size, size))
    for x in range(0, size, 1024):
        for y in range(0, size, 1024):
            luma.paste(grain, (x, y))
    draw = ImageDraw.Draw(luma)
    margin, line = size // 12, max(12, size // 330)
    draw.rectangle((margin // 2, margin // 2, size - margin // 2, size - margin // 2),
                   outline=60, width=max(2, size // 2000))
    seed = 12345
    for top in range(margin, size - margin, line * 2):
        x = margin
        while x < size - margin:
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            word = line * (1 + seed % 7)
            draw.rectangle((x, top, min(size - margin, x + word), top + line), fill=40 + seed % 50)
            x += word + line
    red = luma
    green = luma.point(lambda v: int(v * 0.96))
    blue = luma.point(lambda v: int(v * 0.84))
    del draw
    Image.merge("RGB", (red, green, blue)).save(path, "JPEG", quality=88)


def ensure_scan() -> tuple[Path, Path]:
    """(the scan, its .dzi), made in child processes so this one's memory stays its own."""
    CACHE.mkdir(parents=True, exist_ok=True)
    scan = CACHE / f"scan-{SIZE}.jpg"
    if not scan.exists():
        print(f"making {scan} (once) …", flush=True)
        partial = scan.with_suffix(".partial.jpg")
        subprocess.run([sys.executable, __file__, "--_make", str(partial)], check=True)
        os.replace(partial, scan)
    tiles = CACHE / f"scan-{SIZE}-dzi"
    from kiosk.media.tiles import MARKER

    if not (tiles / MARKER).exists():
        print(f"tiling it into {tiles} (once) …", flush=True)
        subprocess.run([sys.executable, __file__, "--_tile", str(scan), str(tiles)], check=True)
    return scan, tiles / "image.dzi"


# -- measurements -------------------------------------------------------------------------

def baseline_thumbnail(scan: Path) -> float:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # our own 20,000 x 20,000 file
    started = time.perf_counter()
    with Image.open(scan) as image:
        image.draft("RGB", WINDOW)
        image.thumbnail(WINDOW)
    return time.perf_counter() - started


def frame() -> float:
    from kivy.base import EventLoop

    started = time.perf_counter()
    EventLoop.idle()
    return time.perf_counter() - started


def until_drawn(viewer, timeout: float = 60.0) -> float:
    started = time.perf_counter()
    frame()
    while not (viewer.fully_drawn and not viewer.loader.busy):
        if time.perf_counter() - started > timeout:
            raise SystemExit("zoom bench: the tiles never all arrived")
        frame()
    return time.perf_counter() - started


def open_viewer(viewer, zoom_view) -> float:
    viewer.pyramid = None
    until_idle(viewer)
    started = time.perf_counter()
    viewer.pyramid = zoom_view
    until_drawn(viewer)
    return time.perf_counter() - started


def until_idle(viewer) -> None:
    for _ in range(3):
        frame()
    while viewer.loader.busy:
        frame()


def zoom_step(viewer) -> float:
    viewer.loader.clear()  # no texture from an earlier run helps this one
    viewer.reset()
    until_drawn(viewer)
    started = time.perf_counter()
    viewer.zoom_in()
    until_drawn(viewer)
    return time.perf_counter() - started



def pan(viewer, seconds: float) -> dict:
    """A finger drags every frame in a slowly turning direction, flings every 40 frames."""
    from kivy.tests.common import UnitTestTouch

    viewer.reset()
    viewer.zoom_by(PAN_ZOOM_SCALE / viewer.view.fit_scale)
    until_drawn(viewer)
    times: list[float] = []
    peak = rss_mb()
    cx, cy = viewer.center
    angle, step, touch = 0.0, 0, None
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        phase = step % 60
        if phase == 0:
            touch = UnitTestTouch(cx, cy)
            touch.touch_down()
            x, y = cx, cy
            angle += 2.4  # about 137°: the drags wander all over the scan
        elif phase < 40:
            speed = 18 if phase < 36 else 45  # faster at the end: a fling
            x, y = x + math.cos(angle) * speed, y + math.sin(angle) * speed
            touch.touch_move(x, y)
        elif phase == 40:
            touch.touch_up()  # the glide runs during the next 20 frames
        times.append(frame())
        peak = max(peak, rss_mb())
        step += 1
    if step % 60 and step % 60 <= 40 and touch is not None:
        touch.touch_up()
    ordered = sorted(times)
    return {"p50": statistics.median(times) * 1000,
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000,
            "max": ordered[-1] * 1000, "frames": len(times), "peak_rss": peak,
            "cache": viewer.loader.cached, "cap": viewer.loader.cap}


def bare_redraw_ms(viewer, frames: int = 30) -> list[float]:
    """A reference for what filling the window costs here: one window-sized texture drawn
    1:1, moved a pixel each frame so that every frame is drawn again."""
    from kivy.graphics import Color, Rectangle
    from kivy.graphics.texture import Texture

    texture = Texture.create(size=WINDOW, colorfmt="rgb")
    texture.blit_buffer(bytes(WINDOW[0] * WINDOW[1] * 3), colorfmt="rgb")
    with viewer.canvas.after:
        colour = Color(1, 1, 1, 1)
        rectangle = Rectangle(texture=texture, pos=(0, 0), size=WINDOW)
    times = []
    for n in range(frames):
        rectangle.pos = (n % 2, 0)
        times.append(frame() * 1000)
    viewer.canvas.after.remove(colour)
    viewer.canvas.after.remove(rectangle)
    return times


def start_window():
    from kiosk.ui.app import configure_kivy

    configure_kivy(windowed=True, size=WINDOW)
    from kivy.base import EventLoop, runTouchApp

    from kiosk.ui.zoom import ZoomViewer

    viewer = ZoomViewer()
    runTouchApp(viewer, embedded=True)
    EventLoop.window.size = WINDOW
    for _ in range(5):
        frame()
    return viewer


def measure(runs: int, pan_seconds: float) -> list[dict]:
    from kiosk.catalog.views import ZoomView
    from kiosk.media.tiles import read_pyramid

    scan, dzi = ensure_scan()
    info = read_pyramid(dzi)
    zoom_view = ZoomView(str(dzi), info.width, info.height, info.tile_size, info.levels)
    viewer = start_window()
    baseline, opened, stepped = [], [], []
    for _ in range(runs):
        baseline.append(baseline_thumbnail(scan))
        opened.append(open_viewer(viewer, zoom_view))
        stepped.append(zoom_step(viewer))
    base = statistics.median(baseline)
    what = "Pillow decoding the scan's thumbnail (open, draft, thumbnail to 1920x1080)"
    results = [
        {"name": "zoom_baseline_thumbnail_20k_s", "value": round(base, 4), "unit": "s"},
        {"name": "zoom_open_20k_s", "value": round(statistics.median(opened), 4), "unit": "s",
         "baseline": what, "baseline_value": round(base, 4),
         "ratio": round(statistics.median(opened) / base, 3)},
        {"name": "zoom_step_20k_s", "value": round(statistics.median(stepped), 4), "unit": "s",
         "baseline": what, "baseline_value": round(base, 4),
         "ratio": round(statistics.median(stepped) / base, 3)},
    ]
    bare = bare_redraw_ms(viewer)
    panned = pan(viewer, pan_seconds)
    bare += bare_redraw_ms(viewer)
    bare_p50 = statistics.median(bare)
    bare_p95 = sorted(bare)[round(0.95 * (len(bare) - 1))]
    floor = "one window-sized texture redrawn 1:1 each frame, same run"
    results += [
        {"name": "zoom_pan_frame_p50_ms", "value": round(panned["p50"], 2), "unit": "ms",
         "baseline": floor, "baseline_value": round(bare_p50, 2),
         "ratio": round(panned["p50"] / bare_p50, 3)},
        {"name": "zoom_pan_frame_p95_ms", "value": round(panned["p95"], 2), "unit": "ms",
         "baseline": floor, "baseline_value": round(bare_p95, 2),
         "ratio": round(panned["p95"] / bare_p95, 3)},
        {"name": "zoom_pan_frame_max_ms", "value": round(panned["max"], 2), "unit": "ms"},
        {"name": "zoom_pan_frames", "value": panned["frames"], "unit": "frames"},
        {"name": "zoom_pan_peak_rss_mb", "value": round(panned["peak_rss"], 1), "unit": "MB"},
        {"name": "zoom_pan_cache_tiles", "value": panned["cache"], "unit": "textures",
         "baseline": "the cache's cap", "baseline_value": panned["cap"],
         "ratio": round(panned["cache"] / panned["cap"], 3)},
    ]
    print(f"runs: {runs}; opens {', '.join(f'{v:.3f}' for v in opened)} s; steps "
          f"{', '.join(f'{v:.3f}' for v in stepped)} s; baseline "
          f"{', '.join(f'{v:.3f}' for v in baseline)} s")
    return results


def print_table(results: list[dict]) -> None:
    print(f"{'name':<32} {'value':>10} {'unit':<9} {'baseline value':>15} {'ratio':>7}")
    for row in results:
        print(f"{row['name']:<32} {row['value']:>10} {row['unit']:<9} "
              f"{row.get('baseline_value', ''):>15} {row.get('ratio', ''):>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", default=str(HERE / "zoom-results.json"))
    parser.add_argument("--pan-seconds", type=float, default=10.0)
    parser.add_argument("--_make", help=argparse.SUPPRESS)
    parser.add_argument("--_tile", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._make:
        make_scan(Path(args._make), SIZE)
        return
    if args._tile:
        from kiosk.media.tiles import make_pyramid

        make_pyramid(Path(args._tile[0]), Path(args._tile[1]))
        return
    if not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            sys.exit("zoom bench: no $DISPLAY and no xvfb-run (apt-get install xvfb)")
        sys.exit(subprocess.call(["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable,
                                  __file__, *sys.argv[1:]], env=kivy_env()))
    os.environ.update({k: v for k, v in kivy_env().items() if k.startswith("KIVY")})
    ensure_scan()
    results = measure(max(1, args.runs), args.pan_seconds)
    print_table(results)
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(f"written to {args.json}")



if __name__ == "__main__":
    main()
