"""What each screen costs in memory the first time it is shown, and that it costs nothing
the second time: the app opens one item of each kind (and the timeline and search), resets
as after a visitor, and reads RSS just after each reset; three rounds.

    python bench/first_use.py            # on the bench's 1,000-title catalog

The soak (bench/soak.py) compares RSS after 1,000 actions with the end; this tells how much
of that is first use (fonts opened, shaders compiled, modules imported) and not a leak.
Needs a display: without $DISPLAY it runs itself under xvfb-run.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    from bench.app_bench import XVFB_SCREEN, ensure_catalog, kivy_env, start_app

    if not os.environ.get("DISPLAY"):
        return subprocess.call(["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable, __file__],
                               env=kivy_env())
    os.environ.update({k: v for k, v in kivy_env().items() if k.startswith("KIVY")})
    from bench.soak import rss_mb

    catalog = ensure_catalog(1000)
    app, _clock = start_app(catalog)
    from kivy.base import EventLoop

    def frames(n: int) -> None:
        for _ in range(n):
            EventLoop.idle()

    with sqlite3.connect(catalog) as db:
        first_of_kind = dict(db.execute("SELECT kind, min(id) FROM items GROUP BY kind"))
    visits = [(kind, lambda item=item: app.open_item(item))
              for kind, item in sorted(first_of_kind.items())]
    visits += [(name, lambda name=name: app.open_screen(name)) for name in ("timeline", "search")]
    app.reset_visitor()
    frames(5)
    print(f"start: {rss_mb():.1f} MB", file=sys.__stdout__)
    for round_ in range(1, 4):
        for name, open_it in visits:
            app.begin_visit()
            frames(3)
            open_it()
            frames(10)
            during = rss_mb()
            app.reset_visitor()
            frames(5)
            print(f"round {round_} {name:9} shown {during:6.1f} MB, after the reset "
                  f"{rss_mb():6.1f} MB", file=sys.__stdout__)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
