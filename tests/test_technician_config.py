"""A technician sets up one kiosk with kiosk.toml: its hours, timings, panel, keypad and PIN.

Each story writes a real file, reads it back through `load_config` or `kiosk config check`,
and checks what the technician would see: `path:line: message` and a hint.
"""

from __future__ import annotations

import textwrap
import tomllib
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk.config import (
    PinGuard,
    ScreenSettings,
    default_config,
    hash_pin,
    load_config,
    verify_pin,
)
from kiosk.config.sections import KEYS
from kiosk.ops.cli import COMMANDS

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "kiosk.example.toml"


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def cli() -> click.Group:
    group = click.Group("kiosk")
    for command in COMMANDS:
        group.add_command(command)
    return group


def run_cli(*args: str, input: str | None = None):
    return CliRunner().invoke(cli(), list(args), input=input)


def formatted(problems) -> list[str]:
    return [p.format() for p in problems]


# -- the example and the defaults --------------------------------------------------------------
def test_the_example_file_is_valid_and_shows_every_setting():
    config, problems = load_config(EXAMPLE)
    assert problems == []
    assert config is not None and config.source == EXAMPLE
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    for table, keys in KEYS.items():
        for key in keys:
            assert key in data.get(table, {}), f"kiosk.example.toml lacks [{table}] {key}"
    assert config.hours.is_open(datetime(2025, 6, 3, 10, 0))  # a Tuesday morning
    assert not config.hours.is_open(datetime(2025, 6, 2, 10, 0))  # Monday: closed
    assert not config.hours.is_open(datetime(2025, 9, 2, 10, 0))  # a closed date
    assert not config.hours.is_open(datetime(2025, 6, 6, 12, 30))  # Friday lunch


def test_no_file_means_every_default(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    config, problems = load_config(tmp_path / "absent.toml")
    assert problems == [] and config == default_config()
    assert config.paths.data_dir == tmp_path / "data"
    assert config.hours.always_open
    assert config.keys.action_for("up") == "up"
    assert config.keys.action_for("f1") == "help"
    result = run_cli("config", "check", str(tmp_path / "absent.toml"))
    assert result.exit_code == 1 and "no such file" in result.output


# -- mistakes, each at its line ------------------------------------------------------------------
def test_a_toml_syntax_error_is_reported_at_its_line(tmp_path):
    path = write_config(tmp_path, """
        [site]
        name = Gallery 2
        """)
    config, problems = load_config(path)
    assert config is None
    assert formatted(problems)[0].startswith(
        f"{path}:2: error: TOML syntax: Invalid value (column 8)\n    hint: text needs quotes")
    result = run_cli("config", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: error: TOML syntax: Invalid value" in result.output
    assert "hint:" in result.output


def test_an_out_of_range_timeout_is_an_error_at_its_line(tmp_path):
    path = write_config(tmp_path, """
        [site]
        name = "Gallery 2"

        [session]
        # a visitor needs longer than this
        idle_timeout_seconds = 5
        warning_seconds = 30
        """)
    config, problems = load_config(path)
    assert config is None
    assert formatted(problems) == [
        f"{path}:6: error: session.idle_timeout_seconds is 5; it must be from 20 to 3600\n"
        "    hint: long enough to read a label (20 s at least), short enough that the next "
        "visitor finds the start screen (an hour at most)"]
    fallback, _ = load_config(path, fallback=True)
    assert fallback.session.idle_timeout_seconds is None  # the exhibition's own value
    assert fallback.session.idle_timeout(90) == 90
    result = run_cli("config", "check", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:6: error: session.idle_timeout_seconds is 5")


def test_an_unknown_key_is_a_warning_that_suggests_the_right_one(tmp_path):
    path = write_config(tmp_path, """
        [session]
        idle_timeout_seconds = 120
        warnig_seconds = 40

        [screan]
        diagonal_inches = 55
        """)
    config, problems = load_config(path)
    assert config is not None and config.session.idle_timeout_seconds == 120
    assert formatted(problems) == [
        f"{path}:3: warning: unknown setting 'session.warnig_seconds' is ignored\n"
        "    hint: did you mean 'warning_seconds'?",
        f"{path}:5: warning: unknown table 'screan' is ignored\n    hint: did you mean 'screen'?",
    ]
    assert run_cli("config", "check", str(path)).exit_code == 0  # warnings only


def test_wrong_opening_hours_are_errors_at_their_lines(tmp_path):
    path = write_config(tmp_path, """
        [hours]
        mon = "closed"
        tue = "9-17"
        wed = "18:00-02:00"
        thu = "09:00-17:00, 12:00-13:00"
        fri = "09:00-17:00"
        sat = "10:00-24:00"
        sun = "closed"
        closed_dates = [2025-12-25, "25/12/2025"]
        """)
    _, problems = load_config(path)
    assert [(p.line, p.message) for p in problems] == [
        (3, "hours.tue: '9-17' is not a range of hours HH:MM-HH:MM"),
        (4, "hours.wed: '18:00-02:00' ends before it starts; a range cannot cross midnight "
            "(write the hours after midnight on the next day)"),
        (5, "hours.thu: two of its ranges overlap"),
        (9, "hours.closed_dates: '25/12/2025' is not a date"),
    ]
    assert problems[0].hint.startswith('write "09:00-17:00"')


def test_opening_hours_decide_when_the_screen_is_awake(tmp_path):
    path = write_config(tmp_path, """
        [hours]
        mon = "closed"
        tue = "09:00-12:00, 13:00-17:00"
        wed = "always"
        thu = "09:00-17:00"
        fri = "09:00-17:00"
        sat = "10:00-24:00"
        sun = ["10:00-12:00", "14:00-18:00"]
        closed_dates = [2025-12-25]
        """)
    config, problems = load_config(path)
    assert problems == []
    hours = config.hours
    tuesday = datetime(2025, 6, 3)
    assert not hours.is_open(tuesday.replace(hour=8, minute=59))
    assert hours.is_open(tuesday.replace(hour=9))
    assert not hours.is_open(tuesday.replace(hour=12, minute=30))
    assert not hours.is_open(tuesday.replace(hour=17))  # the end is exclusive
    assert hours.is_open(datetime(2025, 6, 4, 3, 0))  # Wednesday, always
    assert hours.is_open(datetime(2025, 6, 7, 23, 59))  # Saturday until midnight
    assert not hours.is_open(datetime(2025, 12, 25, 11, 0))  # a Thursday, but closed


def test_leaving_out_some_weekdays_warns(tmp_path):
    path = write_config(tmp_path, """
        [hours]
        mon = "09:00-17:00"
        """)
    config, problems = load_config(path)
    assert config is not None
    assert formatted(problems) == [
        f"{path}:1: warning: hours: tue, wed, thu, fri, sat, sun not set, so the screen stays "
        'on all day then\n    hint: write tue = "closed" or tue = "09:00-17:00"']


def test_every_mistake_in_a_file_is_reported_in_one_pass(tmp_path):
    path = write_config(tmp_path, """
        [site]
        languages = ["vi", "en", "en_GB"]
        default_language = "fr"

        [audio]
        default_volume = 65
        volume_step = 10
        speech_rate = 3
        audio_mode_default = "alway"

        [screen]
        resolution = "full hd"
        """)
    _, problems = load_config(path)
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (2, "error", "site.languages: 'en_GB' is not a language tag"),
        (3, "error", "site.default_language 'fr' is not in site.languages"),
        (6, "error", "audio.default_volume 65 is not a step of 10"),
        (8, "error", "audio.speech_rate is 3; it must be from 0.5 to 2"),
        (9, "error", "audio.audio_mode_default is 'alway'; it must be one of silent, keypad, "
                     "always"),
        (12, "error", "screen.resolution 'full hd' is not WIDTHxHEIGHT"),
    ]
    assert problems[2].hint == "use 60 or 70"
    assert problems[4].hint == "did you mean 'always'?"


# -- the panel, in millimetres --------------------------------------------------------------------
def test_a_55_inch_wall_screen_seen_from_a_metre(tmp_path):
    path = write_config(tmp_path, """
        [screen]
        diagonal_inches = 55
        resolution = "1920x1080"
        viewing_distance_mm = 1000
        bottom_height_mm = 900
        """)
    config, problems = load_config(path)
    assert problems == []
    screen = config.screen
    assert screen.mm_per_px == pytest.approx(0.634, abs=0.001)
    assert screen.reference_px_mm == pytest.approx(0.372, abs=0.001)
    assert screen.min_target_mm == pytest.approx(16.4, abs=0.05)  # 44 reference px
    assert screen.min_target_px == 26
    # the top follows from the panel's height (685 mm): out of a seated visitor's reach
    assert screen.top_height_mm == pytest.approx(900 + 684.9, abs=0.5)
    assert screen.reach_mode_default
    low, high = screen.reachable_band_px
    assert low == 0 and high == pytest.approx((1220 - 900) / 684.9 * 1080, abs=1)


def test_the_9_mm_floor_applies_when_the_visitor_stands_close():
    screen = ScreenSettings(diagonal_inches=21.5, resolution=(1920, 1080),
                            viewing_distance_mm=300)
    assert 44 * screen.reference_px_mm < 9
    assert screen.min_target_mm == 9.0
    assert screen.min_target_px == 37  # 9 mm / 0.248 mm, rounded up


def test_reach_mode_is_on_only_when_the_top_is_above_1220_mm():
    desk = ScreenSettings(bottom_height_mm=800, top_height_mm=1068)
    assert not desk.reach_mode_default
    assert desk.reachable_band_px == (0, 1080)  # every row within reach
    wall = ScreenSettings(bottom_height_mm=1000, top_height_mm=1221)
    assert wall.reach_mode_default
    assert wall.reachable_band_px == (0, 1075)
    high = ScreenSettings(bottom_height_mm=1300, top_height_mm=1568)
    assert high.reachable_band_px is None


def test_a_screen_hung_out_of_reach_or_with_impossible_heights_is_reported(tmp_path):
    path = write_config(tmp_path, """
        [screen]
        diagonal_inches = 21.5
        bottom_height_mm = 1300
        top_height_mm = 2000
        """)
    _, problems = load_config(path)
    assert [(p.line, p.severity) for p in problems] == [(3, "warning"), (4, "warning")]
    assert "no part of the screen is within reach" in problems[0].message
    assert "edges are 700 mm apart" in problems[1].message


# -- keypad ---------------------------------------------------------------------------------------
def test_keypad_bindings_replace_defaults_and_refuse_collisions(tmp_path):
    path = write_config(tmp_path, """
        [keys]
        enter = ["enter", "numpad5"]
        back = ["backspace"]
        help = ["h", 1073741952]
        repeat = [
            "f2",
            "f99",
        ]
        home = ["enter"]
        """)
    config, problems = load_config(path, fallback=True)
    assert [(p.line, p.message) for p in problems] == [
        (7, "keys.repeat: 'f99' is not a key name"),
        (9, "keys.home: 'enter' is already bound to 'enter'"),
        (9, "keys.home has no key"),
    ]
    keys = config.keys
    assert keys.action_for("numpad5") == "enter"
    assert keys.action_for(None, 1073741952) == "help"
    assert keys.action_for("escape") is None  # back was rebound to backspace only
    assert keys.action_for("up") == "up"  # defaults stay for actions not mentioned


# -- trusted keys and the staff PIN -------------------------------------------------------------
def test_trusted_keys_are_files_or_base64_lines(tmp_path):
    from kiosk.staff.keys import keygen

    _, public = keygen(tmp_path / "keys")
    line = public.read_text().strip()
    path = write_config(tmp_path, f"""
        [security]
        trusted_keys = [
            "keys/signing.pub",
            "{line}",
            "keys/missing.pub",
        ]
        """)
    config, problems = load_config(path, fallback=True)
    assert [(p.line, p.message) for p in problems] == [
        (5, f"security.trusted_keys: no key file at {tmp_path / 'keys/missing.pub'}")]
    assert config.security.trusted_key_files == (tmp_path / "keys" / "signing.pub",)
    assert config.security.trusted_keys_inline == (line,)
    assert len(config.security.public_keys()) == 2


def test_the_staff_pin_is_stored_as_scrypt_and_checked_in_constant_time():
    stored = hash_pin("4821")
    kind, n, r, p, salt, digest = stored.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    assert verify_pin("4821", stored)
    assert not verify_pin("4822", stored)
    assert not verify_pin("4821", stored.replace("scrypt$", "bcrypt$"))
    assert hash_pin("4821") != stored  # a fresh salt each time
    with pytest.raises(ValueError):
        hash_pin("12a4")
    with pytest.raises(ValueError):
        hash_pin("123")


def test_hash_pin_prints_a_line_the_config_accepts(tmp_path):
    result = run_cli("config", "hash-pin", "--stdin", input="908172\n")
    assert result.exit_code == 0, result.output
    line = result.output.strip()
    assert line.startswith('staff_pin_hash = "scrypt$')
    path = write_config(tmp_path, f"[security]\n{line}\n")
    config, problems = load_config(path)
    assert problems == [] and verify_pin("908172", config.security.staff_pin_hash)
    broken = write_config(tmp_path, '[security]\nstaff_pin_hash = "scrypt$16384$8$1$abc"\n')
    _, problems = load_config(broken)
    assert formatted(problems) == [
        f"{broken}:2: error: security.staff_pin_hash is not a PIN hash: not of the form "
        "scrypt$n$r$p$salt$hash\n    hint: make one with 'kiosk config hash-pin' and paste the "
        "whole line"]


def test_five_wrong_pins_lock_the_panel_for_a_period_that_doubles():
    clock = [1000.0]
    guard = PinGuard(now=lambda: clock[0])
    stored = hash_pin("2468", n=2**10)  # cheaper parameters; the format records them
    for left in (4, 3, 2, 1):
        assert guard.attempt("0000", stored).attempts_left == left
    fifth = guard.attempt("0000", stored)
    assert not fifth.accepted and fifth.locked_seconds == 30
    # while locked even the right PIN is refused, and not counted
    clock[0] += 29
    refused = guard.attempt("2468", stored)
    assert not refused.accepted and refused.locked_seconds == pytest.approx(1)
    clock[0] += 1
    for _ in range(4):
        guard.attempt("1111", stored)
    assert guard.attempt("1111", stored).locked_seconds == 60  # doubled
    clock[0] += 60
    for _ in range(5):
        guard.attempt("1111", stored)
    assert guard.seconds_locked() == 120
    clock[0] += 120
    assert guard.attempt("2468", stored).accepted  # a right PIN resets everything
    for _ in range(5):
        guard.attempt("1111", stored)
    assert guard.seconds_locked() == 30


def test_config_show_prints_the_settings_in_effect(tmp_path):
    import json

    stored = hash_pin("1357", n=2**10)
    path = write_config(tmp_path, f"""
        [screen]
        diagonal_inches = 55
        viewing_distance_mm = 1000
        [hours]
        mon = "closed"
        tue = "09:00-12:00, 13:00-17:00"
        [security]
        staff_pin_hash = "{stored}"
        """)
    result = run_cli("config", "show", str(path))
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert "hours: wed, thu, fri, sat, sun not set" in result.stderr  # problems on stderr
    assert shown["screen"]["derived"]["min_target_px"] == 26
    assert shown["security"]["staff_pin_hash"] == "(set)"  # never the hash itself
    assert stored not in result.output
    assert shown["hours"]["days"]["mon"] == "closed"
    assert shown["hours"]["days"]["tue"] == ["09:00-12:00", "13:00-17:00"]
