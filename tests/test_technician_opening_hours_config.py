"""A technician writes `[hours]`: the next sleep or wake is computed, the commands are read
without a shell, and mistakes get a line number."""

from __future__ import annotations

from datetime import datetime

from kiosk.config import load_config
from kiosk.ops.display_power import choose
from kiosk.ops.schedule import next_change


def config(tmp_path, text: str):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, fallback=True)


def test_technician_hours_say_when_the_screen_sleeps_and_wakes(tmp_path):
    loaded = config(tmp_path, '[hours]\nmon = "09:00-12:00, 13:00-17:00"\ntue = "closed"\n'
                    'wed = "always"\nthu = "09:00-17:00"\nfri = "09:00-17:00"\n'
                    'sat = "closed"\nsun = "closed"\nclosed_dates = [2026-12-10]\n'
                    'wake_minutes = 5\nscreen_off_command = "vcgencmd display_power 0"\n'
                    'screen_on_command = "vcgencmd display_power 1"\n')
    config_, problems = loaded
    assert not [p for p in problems if p.severity == "error"], problems
    hours = config_.hours
    assert hours.wake_minutes == 5
    assert hours.screen_off_command == ("vcgencmd", "display_power", "0")
    monday = datetime(2026, 12, 7, 10, 0)
    assert next_change(hours, monday) == datetime(2026, 12, 7, 12, 0)
    assert next_change(hours, datetime(2026, 12, 7, 12, 30)) == datetime(2026, 12, 7, 13, 0)
    assert next_change(hours, datetime(2026, 12, 7, 17, 0)) == datetime(2026, 12, 9, 0, 0)
    # Wednesday open all day, Thursday the 10th a closed date, Friday 09:00
    assert next_change(hours, datetime(2026, 12, 9, 8, 0)) == datetime(2026, 12, 10, 0, 0)
    assert next_change(hours, datetime(2026, 12, 10, 8, 0)) == datetime(2026, 12, 11, 9, 0)
    assert choose(hours.screen_off_command, hours.screen_on_command).name == "kiosk.toml"


def test_technician_always_open_never_sleeps(tmp_path):
    hours = config(tmp_path, "")[0].hours
    assert next_change(hours, datetime(2026, 12, 7, 10, 0)) is None


def test_technician_half_a_command_pair_is_an_error(tmp_path):
    loaded = config(tmp_path, '[hours]\nscreen_off_command = "xset dpms force off"\n'
                    'wake_minutes = -1\n')
    config_, problems = loaded
    messages = [p.message for p in problems if p.severity == "error"]
    assert any("go together" in m for m in messages), messages
    assert any("wake_minutes" in m for m in messages), messages
    assert config_ is None or config_.hours.screen_off_command == ()
