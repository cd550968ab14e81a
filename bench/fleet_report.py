"""`kiosk fleet report` over many kiosks: time to find, read and render (run by hand).

    python bench/fleet_report.py               # 200 kiosks, each with a 30 kB picture
    python bench/fleet_report.py --kiosks 1000

Median of 5 runs of the whole command (find, JSON, HTML with every picture inlined) in this
process, against the baseline of only finding and reading the notes, in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_fleet(root: Path, count: int) -> None:
    from kiosk.fleet.health import collect, write

    now = datetime.now().astimezone()
    for i in range(count):
        kiosk = root / f"kiosk-{i:04d}"
        kiosk.mkdir(parents=True)
        note = collect(kiosk, edition=7 - i % 2, started_at=now - timedelta(hours=3))
        shot = kiosk / "shot.png"
        shot.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(30_000))
        write(kiosk / "sync" / "usage-out", note, shot)


def median_seconds(run, times: int = 5) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=200)
    args = parser.parse_args()
    from kiosk.fleet.report import find_notes, html_page, rows

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_fleet(root, args.kiosks)
        now = datetime.now().astimezone()
        read = median_seconds(lambda: find_notes([root]))
        whole = median_seconds(lambda: html_page(rows(find_notes([root]), now), now))
        print(f"{args.kiosks} kiosks: read {read * 1000:.0f} ms, read + table + HTML "
              f"{whole * 1000:.0f} ms (ratio {whole / read:.2f})")


if __name__ == "__main__":
    main()
