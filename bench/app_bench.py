"""The app's own benchmarks, run by bench/run.py (or alone: `python bench/app_bench.py`).

- cold_start_s: from starting the process (`python -m kiosk.ui.app --catalog … --windowed`
  logic, through `kiosk.ui.app.main`) to the first frame drawn on the attract screen, median
  of 5; the baseline is a bare Kivy window with one label, started the same way, the two
  alternating in the same run. "First frame" is the window's first `on_flip` (buffer swap)
  after the app started, written to stdout by a small wrapper (`--child`), so the app itself
  is unchanged.
- rss_1k_mb: the kiosk process's resident memory (/proc/PID/statm) one second after its first
  frame, on the 1,000-title catalog.
- touch_to_frame_p50_ms / p95 / max: in the app (in this process, real clock): from
  dispatching a touch on a tile or Back to the end of the first frame drawn with the new
  screen shown and its layout settled (a following frame that still moves or resizes a widget
  on it is counted too); walks home → section → item → back, repeatedly, from an idle reset
  (max: the slowest, a first visit).
- soak_*: bench/soak.py on the same in-process app and catalog (a frame every 20 actions,
  progress in bench/.data/soak-progress.json); soak_rss_growth_pct compares RSS at the end
  with RSS after the first 1,000 actions, soak_actions_per_s is the simulator's throughput.

Needs a display: without $DISPLAY it runs itself again under `xvfb-run`.
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

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

SIZE = "1280x800"
XVFB_SCREEN = "-screen 0 1920x1080x24 +extension GLX"
FIRST_FRAME = "BENCH first frame"




# -- the child processes --------------------------------------------------------------------

def _announce_first_frame() -> None:
    from kivy.core.window import Window

    def first(*_args) -> None:
        Window.unbind(on_flip=first)
        print(FIRST_FRAME, flush=True)

    Window.bind(on_flip=first)


def child_kiosk(catalog: str) -> None:
    from kiosk.ui import app as kiosk_app

    started = kiosk_app.KioskApp.on_start

    def on_start(self) -> None:
        started(self)
        _announce_first_frame()

    kiosk_app.KioskApp.on_start = on_start
    sys.exit(kiosk_app.main(["--catalog", catalog, "--windowed", "--size", SIZE]))


def child_bare() -> None:
    from kivy.config import Config

    width, height = SIZE.split("x")
    Config.set("graphics", "width", width)
    Config.set("graphics", "height", height)
    from kivy.app import App
    from kivy.uix.label import Label

    class Bare(App):
        def build(self):
            return Label(text="Exhibit kiosk")

        def on_start(self):
            _announce_first_frame()

    Bare().run()


# -- measuring ------------------------------------------------------------------------------

def start_once(args: list[str], rss_delay: float = 1.0, timeout: float = 120) -> tuple[float, float]:
    """Seconds from starting the process to its first frame, and its RSS in MB a moment later."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, *args], env=kivy_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in process.stdout:
            if FIRST_FRAME in line:
                seconds = time.perf_counter() - start
                break
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{args}: no first frame in {timeout} s")
        else:
            raise RuntimeError(f"{args}: exited ({process.wait()}) before its first frame")
        time.sleep(rss_delay)
        with open(f"/proc/{process.pid}/statm") as statm:
            rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
        return seconds, rss
    finally:
        process.kill()
        process.wait()


def bench_cold_start(catalog: str, runs: int) -> list[dict]:
    import compileall

    # A kiosk runs its modules from compiled bytecode after its first start, as Kivy's come
    # compiled from pip; under PYTHONDONTWRITEBYTECODE the kiosk would compile every time.
    compileall.compile_dir(str(REPO / "kiosk"), quiet=1)
    start_once(["--child", "bare"])  # warm the disk cache for both
    start_once(["--child", "kiosk", catalog])
    kiosk, bare, rss = [], [], []
    for _ in range(runs):
        seconds, memory = start_once(["--child", "kiosk", catalog])
        kiosk.append(seconds)
        rss.append(memory)
        bare.append(start_once(["--child", "bare"])[0])
    return [
        row("cold_start_s", statistics.median(kiosk), "s",
            "bare Kivy window with one label", statistics.median(bare)),
        row("rss_1k_mb", statistics.median(rss), "MB"),
    ]


def ensure_catalog(titles: int = 1000) -> str:
    """The bench's catalog of `titles` titles, built (again) if missing or of an older schema."""
    from bench.make_catalog import make_exhibition
    from kiosk.catalog.build import build_catalog
    from kiosk.catalog.read import Catalog, CatalogError

    content = HERE / ".data" / f"content-{titles}"
    out = HERE / ".data" / f"catalog-{titles}" / "catalog.db"
    try:
        Catalog(out).close()
    except (CatalogError, OSError):
        if not content.exists():
            make_exhibition(content, titles, max_side=400)
        build_catalog(content, out)
    return str(out)


def row(name, value, unit, baseline=None, baseline_value=None) -> dict:
    out = {"name": name, "value": round(value, 3), "unit": unit}
    if baseline is not None:
        out.update(baseline=baseline, baseline_value=round(baseline_value, 3),
                   ratio=round(value / baseline_value, 2) if baseline_value else None)
    return out


class Clock:
    """A clock the soak can move forward (idle jumps) that otherwise follows real time."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def start_app(catalog_path: str, size: tuple[int, int] | None = None):
    from kiosk.ui.app import configure_kivy

    width, height = size or tuple(int(n) for n in SIZE.split("x"))
    configure_kivy(windowed=True, size=(width, height))
    from dataclasses import replace

    from kivy.base import EventLoop, runTouchApp

    from kiosk.catalog.read import Catalog
    from kiosk.config import default_config
    from kiosk.speech import RecordingEngine
    from kiosk.ui.app import KioskApp

    config = default_config()
    config = replace(config, screen=replace(config.screen, resolution=(width, height)))
    clock = Clock()
    app = KioskApp(Catalog(catalog_path), clock=clock, site_config=config,
                   speech_engine=RecordingEngine(), headphone_probe=lambda: None)
    app._run_prepare()
    runTouchApp(embedded=True)
    for _ in range(50):  # the kiosk waits on attract while it builds its other screens
        EventLoop.idle()
        if not app.root.ids.screens.unbuilt:
            break
    for _ in range(3):
        EventLoop.idle()
    return app, clock


def items_on_screen(screen) -> list:
    """The item tiles of a section that are on screen now, in reading order (however the
    section lays them out: a list, rows of tiles, a recycled grid)."""
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.scrollview import ScrollView

    def inside_every_scroll(widget, x: float, y: float) -> bool:
        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                left, bottom = parent.to_window(parent.x, parent.y)
                if not (left <= x < left + parent.width and bottom <= y < bottom + parent.height):
                    return False
            parent = parent.parent
        return True

    found = []
    for widget in screen.walk(restrict=True):
        if isinstance(widget, ButtonBehavior) and getattr(widget, "item_id", ""):
            x, y = widget.to_window(*widget.center)
            if 0 <= x < Window.width and 0 <= y < Window.height and \
                    inside_every_scroll(widget, x, y):
                found.append(widget)
    if not found:
        raise RuntimeError("no item tile on the section screen")
    return found


def bench_touch(app, rounds: int) -> list[dict]:
    """home → section → item → back, `rounds` times; each step timed to the frame after."""
    from kivy.base import EventLoop
    from kivy.tests.common import UnitTestTouch

    def layout(screen) -> list:
        return [(type(w).__name__, w.x, w.y, w.width, w.height)
                for w in screen.walk(restrict=True)]

    def touch_and_time(widget, expect: str) -> float:
        """To the end of the first frame that shows the new screen with its layout settled:
        if the next frame moves or resizes anything on it, that frame counts too (a button
        that only returns from its pressed look a frame later does not)."""
        x, y = widget.to_window(*widget.center)
        start = time.perf_counter()
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        for _ in range(50):
            EventLoop.idle()  # one frame: clock, input, layout, draw, swap
            if app.screen_name == expect:
                break
        else:
            raise RuntimeError(f"{expect!r} not shown after a touch on {widget}")
        elapsed = time.perf_counter() - start
        for _ in range(10):
            shown = layout(app.current_screen())  # outside the timed part
            began = time.perf_counter()
            EventLoop.idle()
            if layout(app.current_screen()) == shown:
                break
            elapsed += time.perf_counter() - began  # that frame was still laying it out
        return elapsed * 1000

    def frames(n: int = 3) -> None:
        for _ in range(n):
            EventLoop.idle()

    times: list[float] = []
    app.reset_visitor()
    frames()
    app.begin_visit()
    frames()
    for n in range(rounds):
        tiles = [tile for tile in items_on_screen(app.current_screen())
                 if app.catalog.item_kind(tile.item_id) == "section"]  # not the timeline's
        times.append(touch_and_time(tiles[n % len(tiles)], "section"))
        tiles = items_on_screen(app.current_screen())
        item = tiles[n % len(tiles)]
        times.append(touch_and_time(item, app.catalog.item_kind(item.item_id)))
        times.append(touch_and_time(app.root.ids.nav.ids.back_button, "section"))
        app.go_home()
        frames()
    return [row("touch_to_frame_p50_ms", statistics.median(times), "ms"),
            row("touch_to_frame_p95_ms", percentile(times, 0.95), "ms"),
            row("touch_to_frame_max_ms", max(times), "ms")]


def bench_soak(app, clock, actions: int, frame_every: int) -> list[dict]:
    from bench.soak import VisitorSimulator

    progress = HERE / ".data" / "soak-progress.json"
    result = VisitorSimulator(app, clock, seed=1, log=print).run(
        actions, frame_every=frame_every, progress=progress)
    if result.errors:
        raise RuntimeError(result.errors[0])
    return [row("soak_actions", result.actions, "actions"),
            row("soak_s", result.seconds, "s"),
            row("soak_actions_per_s", result.actions_per_second, "actions/s"),
            row("soak_rss_after_1k_mb", result.rss_after_1k_mb or 0, "MB"),
            row("soak_rss_end_mb", result.rss_end_mb, "MB"),
            row("soak_rss_growth_pct", result.rss_growth_pct or 0, "%"),
            *([row("soak_rss_warm_mb", result.warm[1], "MB"),
               row("soak_rss_growth_after_warm_pct", result.rss_growth_after_warm_pct, "%")]
              if result.warm else [])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", help="catalog to run on (default: the bench's 1k catalog)")
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each kind")
    parser.add_argument("--touch-rounds", type=int, default=20)
    parser.add_argument("--soak-actions", type=int, default=100_000)
    parser.add_argument("--soak-frame-every", type=int, default=20,
                        help="draw a frame every N soak actions (layouts settle after each)")
    parser.add_argument("--json", help="write the result rows here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_kiosk(args.child[1]) if args.child[0] == "kiosk" else child_bare()
        return
    if not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            sys.exit("app_bench: no $DISPLAY and no xvfb-run (apt-get install xvfb)")
        sys.exit(subprocess.call(["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable,
                                  __file__, *sys.argv[1:]], env=kivy_env()))
    catalog = args.catalog or ensure_catalog(1000)
    os.environ.update({k: v for k, v in kivy_env().items() if k.startswith("KIVY")})
    def keep(rows: list[dict]) -> None:  # after each phase: a failure later loses nothing
        for r in rows:
            print(json.dumps(r))
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n")

    results = bench_cold_start(catalog, args.runs)
    keep(results)
    app, clock = start_app(catalog)
    results += (touch := bench_touch(app, args.touch_rounds))
    keep(touch)
    if args.soak_actions > 0:
        results += (soak := bench_soak(app, clock, args.soak_actions, args.soak_frame_every))
        keep(soak)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # Kivy has replaced sys.stderr: say why on the real one
        import traceback

        traceback.print_exc(file=sys.__stderr__)
        raise SystemExit(1) from None
