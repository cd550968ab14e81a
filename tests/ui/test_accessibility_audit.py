"""`kiosk audit` holds the sample exhibition to the accessibility rules, and catches breaches:
a palette with a pale colour, a 30 px button, a label speech cannot read."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.a11y.audit import Walk, run_audit
from kiosk.ui.theme import STANDARD, rgba

pytestmark = pytest.mark.app

FIXTURES = Path(__file__).parent / "fixtures"
ONE_COMBINATION = {"languages": ("vi",), "text_scales": (1.0,), "every_item_first": False}


def test_the_sample_exhibition_passes_in_every_language_size_and_palette(kiosk):
    report = run_audit(kiosk.app)
    assert report.states >= 150, "every screen kind in 3 languages x 3 sizes x 2 palettes"
    assert report.ok, "\n".join(report.lines()[:30])


def test_a_pale_secondary_text_colour_fails_with_its_contrast(kiosk):
    faded = replace(STANDARD, name="faded", ink_soft=rgba("#A0A0A0"))
    report = run_audit(kiosk.app, Walk(palettes=(faded,), **ONE_COMBINATION))
    contrast = [v for v in report.violations if v.rule == "text-contrast"]
    assert contrast, report.lines()
    assert any("needs 4.5:1" in v.message and "#EDE7DA" in v.message for v in contrast)
    assert all(v.state.startswith("vi 100% faded") for v in contrast)


def fixture_screen(app):
    """A screen built the wrong way: a 30 px button and a label no focus stop speaks."""
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.button import Button

    from kiosk.ui.screens.base import KioskScreen
    from kiosk.ui.widgets import ScriptLabel

    class FixtureScreen(KioskScreen):
        def show(self) -> None:
            pass

    screen = FixtureScreen(name="fixture")
    box = BoxLayout(orientation="vertical", padding=80, spacing=40)
    box.add_widget(Button(text="OK", size_hint=(None, None), size=(30, 30)))
    box.add_widget(ScriptLabel(plain_text="Mở cửa 9:00–17:00", size_hint_y=None, height=60))
    screen.add_widget(box)
    app.root.ids.screens.add_widget(screen)
    return screen


def test_a_30_px_button_and_an_unspoken_label_fail_with_their_paths(kiosk):
    screens = kiosk.app.root.ids.screens
    screen = fixture_screen(kiosk.app)
    try:
        walk = Walk(palettes=(STANDARD,), extra_states=(
            ("fixture", lambda app: app.open_screen("fixture")),), **ONE_COMBINATION)
        report = run_audit(kiosk.app, walk)
    finally:
        screens.remove_widget(screen)
    found = {(v.rule, v.path): v.message for v in report.violations if "fixture" in v.state}
    size = found.get(("target-size", "FixtureScreen/BoxLayout/Button"), "")
    assert size.startswith("target 30 × 30 px is 7.4 × 7.4 mm; at least 11.5 mm a side"), found
    assert ("unreachable", "FixtureScreen/BoxLayout/Button") in found
    assert found.get(("no-spoken-name", "FixtureScreen/BoxLayout/ScriptLabel")) == (
        "text that speech never reads ('Mở cửa 9:00–17:00')"), found
    assert [v for v in report.violations if "fixture" not in v.state] == []


def test_the_command_exits_1_and_names_the_widget(catalog_path):
    env = {**os.environ, "KIVY_NO_ARGS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.a11y.cli", "--catalog", str(catalog_path),
         "--languages", "en", "--sizes", "100", "--one-of-each",
         "--palette", str(FIXTURES / "faded-palette.toml")],
        capture_output=True, text=True, env=env, timeout=240,
    )
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if "[text-contrast]" in line]
    assert any(line.startswith("en 100% faded: treaty ") and "Fact/TextBlock" in line
               and "needs 4.5:1" in line for line in lines), done.stdout[-2000:]
