"""A technician sets opening hours: at closing time the visit ends, the panel goes off and the
kiosk goes quiet; a touch wakes it for a few minutes; the opening hour wakes it for good.

Xvfb has no DPMS, so a stand-in `xset` on PATH records what the kiosk asks of the panel; the
rest is the real app in a real window with the wall clock injected.
"""

from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import replace
from datetime import datetime

import pytest
from click.testing import CliRunner

from kiosk.config.model import OpeningHours


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process
    return usage.ru_utime + usage.ru_stime


@pytest.fixture
def after_hours(kiosk, tmp_path, monkeypatch):
    """The kiosk open 09:00-17:00 every day but Christmas, a recording `xset` on PATH."""
    app = kiosk.app
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "xset-calls"
    stand_in = bin_dir / "xset"
    stand_in.write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    stand_in.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", os.environ.get("DISPLAY", ":99"))
    saved = app.site_config
    day = ((9 * 60, 17 * 60),)
    hours = OpeningHours((day,) * 7, frozenset({datetime(2026, 12, 25).date()}), wake_minutes=10)
    app.site_config = replace(saved, hours=hours)
    clock = {"now": datetime(2026, 12, 7, 16, 58)}  # a Monday
    app.sleep.now = lambda: clock["now"]
    app.sleep.power = None  # chosen again, with the stand-in on PATH
    app.sleep.state_dir = tmp_path
    app.sleep.check()

    def at(when: datetime) -> None:
        clock["now"] = when
        app.sleep.check()
        kiosk.frames(2)

    def recorded() -> list[str]:
        return calls.read_text().splitlines() if calls.exists() else []

    yield kiosk, at, recorded, tmp_path
    app.site_config = saved
    app.sleep.now = datetime.now
    app.sleep.check()
    app.sleep.state_dir = app.staff.services.root
    kiosk.frames(2)
    assert not app.sleep.asleep


def status_line(root) -> str:
    from kiosk.cli import main

    result = CliRunner().invoke(main, ["status", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_technician_closing_time_ends_the_visit_and_the_kiosk_goes_quiet(after_hours):
    kiosk, at, recorded, root = after_hours
    app = kiosk.app
    kiosk.tap(kiosk.screen)  # a visitor begins
    assert kiosk.screen_name == "home"
    at(datetime(2026, 12, 7, 16, 59, 30))
    assert not app.sleep.asleep and kiosk.screen_name == "home", "still open"

    at(datetime(2026, 12, 7, 17, 0))
    assert app.sleep.asleep
    assert kiosk.screen_name == "attract", "closing time ends the visit"
    assert recorded() == ["dpms force off"]
    assert app.sleep.describe() == "asleep by schedule until 2026-12-08T09:00".replace("T", " ")
    assert json.loads((root / "screen.json").read_text())["asleep"] is True
    assert "screen: asleep by schedule until 2026-12-08 09:00" in status_line(root)
    from kiosk.ui.staff.report import panel_lines

    # the panel speaks the default language, Vietnamese here
    assert "Màn hình: đang ngủ theo giờ mở cửa đến 2026-12-08 09:00" in panel_lines(app.staff)

    from kivy.base import EventLoop

    kiosk.frames(4)  # the last frames of the blank window are drawn (llvmpipe: ~40 ms each)
    before, started = cpu_seconds(), time.monotonic()
    frames = 0
    while time.monotonic() - started < 10.0:
        EventLoop.idle()  # what the main loop does, frame after frame
        frames += 1
    used = cpu_seconds() - before
    share = used / (time.monotonic() - started)
    print(f"asleep: {used:.3f} s CPU in 10 s ({share:.1%} of one core), {frames} frames")
    assert share <= 0.02, f"asleep the kiosk used {share:.1%} of a core"


def test_technician_a_touch_wakes_it_for_ten_minutes_then_it_sleeps_again(after_hours):
    kiosk, at, recorded, _root = after_hours
    app = kiosk.app
    at(datetime(2026, 12, 7, 20, 0))
    assert app.sleep.asleep
    kiosk.tap(kiosk.screen)
    assert not app.sleep.asleep
    assert kiosk.screen_name == "attract", "the waking touch does not start a visit"
    assert recorded() == ["dpms force off", "dpms force on"]
    kiosk.tap(kiosk.screen)
    assert kiosk.screen_name == "home", "once awake the screen works as by day"

    at(datetime(2026, 12, 7, 20, 9))
    assert not app.sleep.asleep
    at(datetime(2026, 12, 7, 20, 10))
    assert app.sleep.asleep and kiosk.screen_name == "attract"
    assert recorded()[-1] == "dpms force off"

    at(datetime(2026, 12, 8, 9, 0))
    assert not app.sleep.asleep, "opening time wakes it"
    assert recorded()[-1] == "dpms force on"
    assert app.sleep.describe() == "awake until 2026-12-08 17:00"


def test_technician_closed_dates_and_no_waking_keep_it_dark(after_hours):
    kiosk, at, recorded, _root = after_hours
    app = kiosk.app
    app.site_config = replace(app.site_config,
                              hours=replace(app.site_config.hours, wake_minutes=0))
    at(datetime(2026, 12, 25, 11, 0))  # Christmas, a closed date
    assert app.sleep.asleep
    assert app.sleep.describe() == "asleep by schedule until 2026-12-26 09:00"
    kiosk.tap(kiosk.screen)
    kiosk.press("enter")
    assert app.sleep.asleep, "with wake_minutes = 0 a touch or key does nothing"
    assert recorded() == ["dpms force off"]


def test_technician_configures_own_screen_commands(after_hours, tmp_path):
    kiosk, at, _recorded, _root = after_hours
    app = kiosk.app
    log = tmp_path / "own"
    script = tmp_path / "bin" / "panel"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    script.chmod(0o755)
    app.site_config = replace(app.site_config, hours=replace(
        app.site_config.hours, screen_off_command=("panel", "off; rm -rf /"),
        screen_on_command=("panel", "on")))
    app.sleep.power = None
    at(datetime(2026, 12, 7, 18, 0))
    assert app.sleep.power.name == "kiosk.toml"
    assert log.read_text().splitlines() == ["off; rm -rf /"], "no shell: one argument, as written"
