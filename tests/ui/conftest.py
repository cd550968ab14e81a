"""The real kiosk app in a real window (Xvfb in CI), driven frame by frame without mocks.

One app for the whole session (Kivy has one window per process): the sample exhibition in
`content/` is built into a temporary catalog, the app is started without its main loop
(`_run_prepare` + `runTouchApp(embedded=True)`) and each test starts from the attract screen
with a fresh visitor session. Time for the idle reset comes from a `FakeClock` the test moves.

Run with: KIVY_NO_ARGS=1 xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX" pytest tests/ui
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

# Kivy reads these when it is first imported: isolate its config and logs per test run.
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")

import pytest  # noqa: E402

from kiosk.ui.app import configure_kivy  # noqa: E402

# 1920x1080 is the kiosk's panel; another size (KIOSK_TEST_WINDOW=1280x800) checks the layout
# on a development window.
WINDOW_SIZE = tuple(int(n) for n in os.environ.get("KIOSK_TEST_WINDOW", "1920x1080").split("x"))
if "kivy.core.window" not in sys.modules:
    configure_kivy(windowed=True, size=WINDOW_SIZE)

REPO = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO / "content"
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class KioskDriver:
    """What a test does to the kiosk: tap widgets, press keys, wait, take screenshots."""

    def __init__(self, app, clock: FakeClock) -> None:
        self.app = app
        self.clock = clock

    # -- looking ----------------------------------------------------------------------------

    @property
    def screen(self):
        return self.app.current_screen()

    @property
    def screen_name(self) -> str:
        return self.app.screen_name

    @property
    def nav(self):
        return self.app.root.ids.nav

    # -- time -------------------------------------------------------------------------------

    def frames(self, count: int = 3) -> None:
        from kivy.base import EventLoop

        for _ in range(count):
            EventLoop.idle()

    def wait_until(
        self, condition: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> None:
        import time

        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            self.frames(1)

    # -- doing ------------------------------------------------------------------------------

    def tap(self, widget) -> None:
        """Touch the middle of `widget` as a finger would, scrolling it into view first."""
        from kivy.core.window import Window
        from kivy.tests.common import UnitTestTouch
        from kivy.uix.scrollview import ScrollView

        assert widget is not None, "nothing to tap"
        self._scroll_into_view(widget, ScrollView)
        x, y = widget.to_window(*widget.center)
        assert 0 <= x < Window.width and 0 <= y < Window.height, f"{widget} is off screen"
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.frames(2)
        touch.touch_up()
        self.frames(3)

    def double_tap(self, widget) -> None:
        """Two taps at the same moment: in audio mode the first speaks, the second activates."""
        self.tap(widget)
        self.tap(widget)

    def drag(self, start: tuple[float, float], end: tuple[float, float], steps: int = 8,
             release: bool = True):
        """One finger from `start` to `end` (window pixels), a frame between moves; returns the
        touch, still down when `release` is False (to hold it, or to add a second finger)."""
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(*start)
        touch.touch_down()
        self.frames(1)
        for step in range(1, steps + 1):
            t = step / steps
            touch.touch_move(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)
            self.frames(1)
        if release:
            touch.touch_up()
            self.frames(3)
        return touch

    def swipe(self, widget, direction: str, fraction: float = 0.6, steps: int = 6) -> None:
        """A quick finger swipe across `widget` ('left', 'right', 'up' or 'down')."""
        cx, cy = widget.to_window(*widget.center)
        dx = {"left": -1, "right": 1}.get(direction, 0) * widget.width * fraction / 2
        dy = {"down": -1, "up": 1}.get(direction, 0) * widget.height * fraction / 2
        self.drag((cx - dx, cy - dy), (cx + dx, cy + dy), steps=steps)

    def pinch(self, widget, factor: float, steps: int = 8, centre: tuple | None = None) -> None:
        """Two fingers on `widget` moving apart (factor > 1, zoom in) or together (< 1)."""
        from kivy.tests.common import UnitTestTouch

        cx, cy = centre or widget.to_window(*widget.center)
        gap = min(widget.width, widget.height) / 8
        a, b = UnitTestTouch(cx - gap, cy), UnitTestTouch(cx + gap, cy)
        a.touch_down()
        b.touch_down()
        self.frames(1)
        for step in range(1, steps + 1):
            spread = gap * (1 + (factor - 1) * step / steps)
            a.touch_move(cx - spread, cy)
            b.touch_move(cx + spread, cy)
            self.frames(1)
        a.touch_up()
        b.touch_up()
        self.frames(3)

    def _scroll_into_view(self, widget, scroll_class) -> None:
        from kivy.uix.recycleview import RecycleView

        parent = widget.parent
        while parent is not None and parent.parent is not parent:  # the Window is its own parent
            # Kivy's ScrollView.scroll_to fails on a RecycleView; one that can scroll to a
            # child says so with its own scroll_to (the page strip, the section's rows).
            recycled = isinstance(parent, RecycleView) and type(parent).scroll_to is \
                scroll_class.scroll_to
            if isinstance(parent, scroll_class) and not recycled:
                parent.scroll_to(widget, padding=10, animate=False)
                self.frames(2)
            parent = parent.parent

    def press(self, key: str, codepoint: str | None = None, modifiers: list | None = None):
        """Press and release a physical key by name ('a', 'backspace', 'right', 'escape')."""
        from kivy.core.window import Keyboard, Window

        keycode = Keyboard.keycodes[key]
        if codepoint is None and len(key) == 1:
            codepoint = key
        Window.dispatch("on_key_down", keycode, 0, codepoint, modifiers or [])
        Window.dispatch("on_key_up", keycode, 0)
        self.frames(2)

    def focus_down_to(self, widget) -> None:
        """Press Down, as a keypad user does, until `widget` has the focus."""
        for _ in range(60):
            if self.app.focus.current is widget:
                return
            self.press("down")
        raise AssertionError(f"Down never reaches {widget}")

    def key(self, action: str) -> None:
        """Press the keypad key bound to `action` (kiosk.toml [keys]) without drawing a frame:
        for walks of thousands of presses. Layout and labels still settle."""
        from kivy.core.window import Keyboard, Window

        from kiosk.a11y.audit import settle

        name = self.app.site_config.keys.actions[action][0]
        code = name if isinstance(name, int) else Keyboard.keycodes[name]
        Window.dispatch("on_key_down", code, 0, None, [])
        Window.dispatch("on_key_up", code, 0)
        settle(3)

    def screenshot(self, name: str) -> Path:
        from kivy.core.window import Window

        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        self.frames(3)
        target = SCREENSHOT_DIR / f"{name}.png"
        written = Window.screenshot(name=str(SCREENSHOT_DIR / f"{name}-.png"))
        os.replace(written, target)
        return target

    @contextlib.contextmanager
    def showing(self, catalog_file):
        """The running kiosk on another catalog (built by the test) until the block ends."""
        from kiosk.catalog.read import Catalog

        saved = self.app.catalog
        self.app.staff.use_catalog(Catalog(catalog_file), owned=True)
        self.reset()
        try:
            yield self
        finally:
            self.app.staff.use_catalog(saved, owned=False)
            self.reset()

    def reset(self) -> None:
        self.app.reset_visitor()
        self.frames(3)

    @property
    def speech(self):
        """The speech engine: a `RecordingEngine` unless a test swapped in a real one."""
        return self.app.narrator.engine


@pytest.fixture(scope="session")
def catalog_path(tmp_path_factory) -> Path:
    from kiosk.catalog.build import build_catalog

    out = tmp_path_factory.mktemp("catalog") / "catalog.db"
    build_catalog(CONTENT_DIR, out)
    return out


@pytest.fixture(scope="session")
def catalog(catalog_path):
    from kiosk.catalog.read import Catalog

    opened = Catalog(catalog_path)
    yield opened
    opened.close()


def site_config_for_tests(**screen: object):
    """The kiosk.toml a test kiosk runs on: defaults, the panel this window pretends to be."""
    from dataclasses import replace

    from kiosk.config import default_config

    config = default_config()
    return replace(config, screen=replace(config.screen, resolution=WINDOW_SIZE, **screen))


@pytest.fixture
def make_site_config():
    """A factory: `make_site_config(top_height_mm=1500)` for a panel hung higher."""
    return site_config_for_tests


@pytest.fixture(scope="session")
def kiosk_session(catalog) -> Iterator[KioskDriver]:
    from kivy.base import runTouchApp, stopTouchApp

    from kiosk.speech import RecordingEngine
    from kiosk.ui.app import KioskApp

    clock = FakeClock()
    app = KioskApp(
        catalog,
        clock=clock,
        site_config=site_config_for_tests(),
        speech_engine=RecordingEngine(),
        headphone_probe=lambda: None,
    )
    app._run_prepare()
    runTouchApp(embedded=True)
    driver = KioskDriver(app, clock)
    driver.frames(5)
    # the first visits rehearsed out of sight while the attract screen waits (ui/warm_up.py)
    driver.wait_until(lambda: app.warm_up.finished, timeout=60, what="the warm-up")
    yield driver
    app.stop()
    stopTouchApp()


@pytest.fixture
def kiosk(kiosk_session: KioskDriver) -> KioskDriver:
    """The running kiosk, on the attract screen with a new visitor's session."""
    kiosk_session.reset()
    assert kiosk_session.screen_name == "attract"
    return kiosk_session
