"""Touch to frame of the first visitor's visits right after start-up, against a warm visit.

    python bench/first_visit.py [--runs N] [--json PATH]

Each run is a fresh child process (a first visit happens once per process): the real kiosk on
the shipped sample exhibition, 1920 x 1080, software OpenGL under Xvfb. It starts, builds its
screens and waits on the attract screen until its warm-up is over (kiosk/ui/warm_up.py), then
a visitor walks: attract -> home -> a section (Treaties) -> a treaty -> Back -> Home -> another
section (the UDHR) -> the document -> Back -> the image -> Back. The touches on the first
section, the treaty, the document and the image are timed (dispatching the touch to the end of
the first frame drawn with the new screen laid out, as bench/app_bench.py times touches).
Then the idle reset, and the same walk again: the warm visits.

Two variants alternate, `--runs` processes each: `rehearsed` (the kiosk as shipped) and
`cold` (warm_up.ENABLED off: the kiosk before issue 22, the baseline). The target is a first
visit within 10 % of a warm one. On a shared machine one touch's milliseconds vary by a third
from run to run, so each timed row also gives the median of the runs' own first/warm ratios,
and one more process of each variant counts the work itself, free of that noise: the Python
function calls (cProfile) from the touch to the settled frame, first visit against warm (a
first visit that still opens a font or builds a shader makes more calls; one that only waits
on a busy machine does not). Results: bench/first_visit-results.json (or `--json`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import kivy_env  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MARK = "BENCH first visit"
COUNT_CALLS = False  # the child of a "-calls" variant counts calls instead of milliseconds
TIMED = ("section", "treaty", "document", "image")
WALK = (  # (tile or button to touch, the screen it opens, timed as)
    ("treaties", "section", "section"), ("iccpr", "treaty", "treaty"), ("<back", "section", ""),
    ("<home", "home", ""), ("udhr-section", "section", ""),
    ("udhr-vi-en", "document", "document"), ("<back", "section", ""),
    ("udhr-poster", "image", "image"), ("<back", "section", ""),
)


def frames(count: int) -> None:
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def touch_and_time(app, widget, expect: str) -> float:
    """Milliseconds from dispatching a touch on `widget` to the end of the first frame that
    shows `expect` with its layout settled (bench/app_bench.py's rule); with COUNT_CALLS on,
    the Python function calls made meanwhile instead."""
    if COUNT_CALLS:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        try:
            _touch_and_time(app, widget, expect)
        finally:
            profile.disable()
        return float(pstats.Stats(profile).total_calls)
    return _touch_and_time(app, widget, expect)


def _touch_and_time(app, widget, expect: str) -> float:
    from kivy.base import EventLoop
    from kivy.tests.common import UnitTestTouch

    def layout() -> list:
        return [(type(w).__name__, w.x, w.y, w.width, w.height)
                for w in app.current_screen().walk(restrict=True)]

    x, y = widget.to_window(*widget.center)
    start = time.perf_counter()
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()
    for _ in range(50):
        EventLoop.idle()
        if app.screen_name == expect:
            break
    else:
        raise RuntimeError(f"{expect!r} not shown after a touch on {widget}")
    elapsed = time.perf_counter() - start
    for _ in range(10):
        shown = layout()
        began = time.perf_counter()
        EventLoop.idle()
        if layout() == shown:
            break
        elapsed += time.perf_counter() - began
    return elapsed * 1000


def target(app, name: str):
    from app_bench import items_on_screen

    nav = app.root.ids.nav.ids
    if name == "<back":
        return nav.back_button
    if name == "<home":
        return nav.home_button
    return next(t for t in items_on_screen(app.current_screen()) if t.item_id == name)


def walk(app) -> dict[str, float]:
    """One visitor's walk from the attract screen; the timed touches' milliseconds."""
    times = {}
    touch_and_time(app, app.current_screen().ids.attract_invitation, "home")
    for name, expect, timed in WALK:
        frames(5)
        elapsed = touch_and_time(app, target(app, name), expect)
        if timed:
            times[timed] = elapsed
    return times


def child(catalog_path: str, variant: str) -> None:
    global COUNT_CALLS
    sys.path.insert(0, str(REPO))
    import kiosk.ui.warm_up as warm_up

    warm_up.ENABLED = variant.startswith("rehearsed")
    COUNT_CALLS = variant.endswith("-calls")
    from app_bench import start_app

    app, _clock = start_app(catalog_path, size=(1920, 1080))
    for _ in range(400):  # the attract screen waits; the rehearsal, if any, runs meanwhile
        frames(1)
        if app.warm_up.finished:
            break
    frames(30)
    first = walk(app)
    app.reset_visitor()
    frames(30)
    warm = walk(app)
    print(MARK, json.dumps({"first": first, "warm": warm, "rehearsed": app.warm_up.done}),
          flush=True)


def measure(catalog_path: Path, variant: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(catalog_path), variant],
                          capture_output=True, text=True, env=kivy_env(), timeout=300)
    line = next((x for x in done.stdout.splitlines() if x.startswith(MARK)), None)
    if line is None:
        raise SystemExit(f"the {variant} child printed no result:\n{done.stderr[-3000:]}")
    return json.loads(line[len(MARK):])


def summary(runs: list[dict], variant: str) -> list[dict]:
    """Per kind and over the four: median of the first visits against the warm ones, and
    the median of each run's own first/warm ratio."""
    rows = []
    for kind in (*TIMED, "all"):
        kinds = TIMED if kind == "all" else (kind,)
        first = statistics.median(r["first"][k] for r in runs for k in kinds)
        warm = statistics.median(r["warm"][k] for r in runs for k in kinds)
        own = statistics.median(r["first"][k] / r["warm"][k] for r in runs for k in kinds)
        rows.append({"name": f"{variant}_first_visit_{kind}_ms", "value": round(first, 1),
                     "unit": "ms", "baseline": f"a warm {kind} visit after the idle reset, "
                     "same processes", "baseline_value": round(warm, 1),
                     "ratio": round(first / warm, 2), "median_run_ratio": round(own, 2)})
    return rows


def calls_summary(run: dict, variant: str) -> list[dict]:
    """Per kind: the Python calls of the first visit against those of the warm one."""
    return [{"name": f"{variant}_first_visit_{kind}_calls", "value": run["first"][kind],
             "unit": "calls", "baseline": f"a warm {kind} visit after the idle reset, same "
             "process", "baseline_value": run["warm"][kind],
             "ratio": round(run["first"][kind] / run["warm"][kind], 2)} for kind in TIMED]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="processes of each variant")
    parser.add_argument("--json", type=Path, default=HERE / "first_visit-results.json")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24 +extension GLX",
                               sys.executable, __file__, *sys.argv[1:]])
    sys.path.insert(0, str(REPO))
    from kiosk.catalog.build import build_catalog

    catalog_path = Path(tempfile.mkdtemp(prefix="bench-first-visit-")) / "catalog.db"
    build_catalog(REPO / "content", catalog_path)
    runs: dict[str, list[dict]] = {"rehearsed": [], "cold": []}
    for _ in range(args.runs):
        for variant in runs:  # alternating, so drift on a shared machine hits both
            runs[variant].append(measure(catalog_path, variant))
            print(variant, json.dumps(runs[variant][-1]), flush=True)
    rows = summary(runs["rehearsed"], "rehearsed") + summary(runs["cold"], "cold")
    for variant in runs:
        counted = measure(catalog_path, f"{variant}-calls")
        print(f"{variant}-calls", json.dumps(counted), flush=True)
        rows += calls_summary(counted, variant)
    args.json.write_text(json.dumps(rows, indent=2) + "\n")
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
