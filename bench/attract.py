"""The attract loop's cost while the kiosk waits: CPU over a minute, pictures against text only.

    python bench/attract.py [--seconds S] [--json PATH]

Each variant is a child process running the real kiosk (sample exhibition, 1920 x 1080 window,
Kivy's own main loop, software OpenGL under Xvfb) on its attract screen, untouched, for
`--seconds` (60 by default) after a 5 s settling time:

- baseline: today's text-only loop, the same app with no highlights (the invitation alone,
  changing language every 3 s, as before the loop showed the exhibition);
- attract_cpu_pct: the loop of highlights (a 1 s cross-fade at 10 frames a second every
  15 s, nothing drawn while a picture is held but the invitation changing language).

CPU is the child's user + system time over the window (`time.process_time`, all threads,
llvmpipe's included) as a share of one core; frames drawn are counted on the window's
`on_flip`. The target (issue 22) is at most 10 % of one core. Without $DISPLAY the script runs
itself again under `xvfb-run`. Results go to bench/attract-results.json (or `--json`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import kivy_env  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SETTLE_S = 5.0
MARK = "BENCH attract"


def child(catalog_path: str, variant: str, seconds: float) -> None:
    """Run the kiosk on its attract screen; print CPU % and frames over `seconds`."""
    from kiosk.ui.app import configure_kivy

    configure_kivy(windowed=True, size=(1920, 1080))
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.catalog.read import Catalog
    from kiosk.config import default_config
    from kiosk.speech import RecordingEngine
    from kiosk.ui.app import KioskApp

    catalog = Catalog(catalog_path)
    if variant == "text":
        catalog.highlights = lambda _lang: []  # the loop as it was: the invitation alone
    app = KioskApp(catalog, site_config=default_config(), speech_engine=RecordingEngine(),
                   headphone_probe=lambda: None)
    frames = [0]
    Window.bind(on_flip=lambda *_a: frames.__setitem__(0, frames[0] + 1))
    marks: dict[str, float] = {}

    def start(_dt: float) -> None:
        marks.update(cpu=time.process_time(), wall=time.perf_counter(), frames=frames[0])
        Clock.schedule_once(stop, seconds)

    def stop(_dt: float) -> None:
        cpu = time.process_time() - marks["cpu"]
        wall = time.perf_counter() - marks["wall"]
        print(MARK, json.dumps({"cpu_pct": 100 * cpu / wall, "frames": frames[0] -
                                marks["frames"], "seconds": wall,
                                "screen": app.screen_name}), flush=True)
        app.stop()

    Clock.schedule_once(start, SETTLE_S)
    app.run()


def measure(catalog_path: Path, variant: str, seconds: float) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(catalog_path), variant,
                           str(seconds)], capture_output=True, text=True, env=kivy_env(),
                          timeout=seconds + 120)
    line = next((x for x in done.stdout.splitlines() if x.startswith(MARK)), None)
    if line is None:
        raise SystemExit(f"the {variant} child printed no result:\n{done.stderr[-3000:]}")
    return json.loads(line[len(MARK):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, default=HERE / "attract-results.json")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], float(args.child[2]))
        return
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24 +extension GLX",
                               sys.executable, __file__, *sys.argv[1:]])
    sys.path.insert(0, str(REPO))
    from kiosk.catalog.build import build_catalog

    catalog_path = Path(tempfile.mkdtemp(prefix="bench-attract-")) / "catalog.db"
    build_catalog(REPO / "content", catalog_path)
    text = measure(catalog_path, "text", args.seconds)
    pictures = measure(catalog_path, "pictures", args.seconds)
    baseline = "the text-only attract loop (invitation alone), same run"
    rows = [
        {"name": "attract_text_only_cpu_pct", "value": round(text["cpu_pct"], 2), "unit": "%"},
        {"name": "attract_cpu_pct", "value": round(pictures["cpu_pct"], 2), "unit": "%",
         "baseline": baseline, "baseline_value": round(text["cpu_pct"], 2),
         "ratio": round(pictures["cpu_pct"] / text["cpu_pct"], 2) if text["cpu_pct"] else None},
        {"name": "attract_frames_per_min", "value": round(60 * pictures["frames"] /
                                                          pictures["seconds"], 1),
         "unit": "frames", "baseline": baseline,
         "baseline_value": round(60 * text["frames"] / text["seconds"], 1)},
    ]
    args.json.write_text(json.dumps(rows, indent=2) + "\n")
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
