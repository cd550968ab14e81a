"""The short soak: 2,000 seeded visitor actions on the real app (bench/soak.py).

Touches, swipes, pinches, keypad keys, language and option changes and idle resets; no
exception may reach the app's safety net, every idle jump ends on the attract screen, and
resident memory after the run stays within 10% of that after the first 1,000 actions (both
read just after an idle reset).
The long run (`make soak`, `make bench`) is the same simulator with more actions. Layouts
settle after every action and a real frame is drawn every 50 (and after each idle reset):
drawing 1920x1080 in software is most of the cost. The progress file is what a long run
leaves behind when it is stopped early.
"""

from __future__ import annotations

import json

from bench.soak import VisitorSimulator


def test_two_thousand_visitor_actions_leave_the_kiosk_working(kiosk, tmp_path):
    progress = tmp_path / "soak.json"
    result = VisitorSimulator(kiosk.app, kiosk.clock, seed=2024).run(
        2000, frame_every=50, progress=progress, progress_every=500)

    assert not result.errors
    assert kiosk.screen_name == "attract"
    assert result.idle_resets > 50
    assert set(result.counts) >= {"tap", "swipe", "pinch", "key", "language", "option", "idle"}
    assert len(result.screens) >= 3, result.screens  # it got past attract and home
    assert result.rss_growth_pct is not None and result.rss_growth_pct <= 10, (
        f"RSS {result.rss_after_1k_mb:.1f} MB after 1,000 actions, {result.rss_end_mb:.1f} MB "
        f"after {result.actions}")
    written = json.loads(progress.read_text())
    assert written["finished"] and written["actions"] == 2000
    assert [n for n, _mb in written["rss_samples"]] == [500, 1000, 1500, 2000]
    print(f"soak: {result.actions_per_second:.1f} actions/s, RSS growth "
          f"{result.rss_growth_pct:.2f}%, {result.seconds_by_action}")
