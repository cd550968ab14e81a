"""Staff mode in the real app: the hidden gesture, the PIN pad and its lockout, the panel, and
the only way out of the kiosk (docs/staff-mode.md).

The app is the session's one window: a test gives it a PIN hash for its duration and never
really stops it (`app.stop` is replaced by a recorder, so the call path is what is checked).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

import pytest

from kiosk.config import PinGuard, hash_pin
from kiosk.ui.i18n import _

PIN = "4321"
PIN_HASH = hash_pin(PIN, n=1024)  # cheap scrypt parameters: the test checks the flow


@pytest.fixture
def staff(kiosk, monkeypatch):
    """The kiosk with a staff PIN configured; `app.stop` only counts its calls."""
    app = kiosk.app
    config = app.site_config
    app.site_config = replace(config, security=replace(config.security, staff_pin_hash=PIN_HASH))
    stops: list[bool] = []
    monkeypatch.setattr(app, "stop", lambda *a, **k: stops.append(app.staff.authorized))
    app.staff.guard = PinGuard(now=app.clock)
    kiosk.stops = stops
    yield kiosk
    app.staff.leave()
    app.site_config = config
    app.staff.guard = PinGuard(now=app.clock)
    kiosk.reset()


def long_press(kiosk, corner: str, seconds: float = 3.2) -> None:
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    x = 4 if corner == "left" else Window.width - 4
    touch = UnitTestTouch(x, Window.height - 4)
    touch.touch_down()
    kiosk.frames(1)
    kiosk.clock.advance(seconds)
    kiosk.app.idle_watch.note_activity()
    touch.touch_up()
    kiosk.frames(2)


def enter_pin(kiosk, pin: str, tap: bool = True) -> str:
    """Type `pin` and OK on the pad: tapped like a finger, or (`tap=False`) pressed directly."""
    dialog = kiosk.app.staff.pin_dialog
    for key in [*pin, "ok"]:
        kiosk.tap(dialog.keys[key]) if tap else dialog.press(key)
    return dialog.status.plain_text


def open_pin_pad(kiosk) -> None:
    long_press(kiosk, "left")
    long_press(kiosk, "right")
    assert kiosk.app.staff.pin_dialog is not None, "the gesture should open the PIN pad"


def test_corner_gesture_and_right_pin_open_the_panel(staff):
    open_pin_pad(staff)
    enter_pin(staff, PIN)
    app = staff.app
    assert app.staff.authorized
    panel = app.staff.panel
    assert panel is not None and panel in app.root_window.children
    text = panel.info.plain_text
    assert _("Edition: {edition}", edition=app.site.edition) in text
    assert _("Usage recorder: {state}", state="off") in text  # the test app has no data folder
    staff.screenshot("staff-panel")


def test_short_presses_or_one_corner_do_not_open_anything(staff):
    long_press(staff, "left", seconds=1.0)
    long_press(staff, "right", seconds=1.0)
    assert staff.app.staff.pin_dialog is None
    long_press(staff, "right")  # the right corner alone, or in the wrong order
    long_press(staff, "left")
    assert staff.app.staff.pin_dialog is None
    long_press(staff, "left")
    staff.clock.advance(6)  # too late for the second corner
    long_press(staff, "right")
    assert staff.app.staff.pin_dialog is None


def test_key_chord_opens_the_pin_pad(staff):
    staff.press("k", modifiers=["ctrl", "alt"])
    assert staff.app.staff.pin_dialog is not None


def test_five_wrong_pins_lock_the_pad_for_a_while(staff):
    app = staff.app
    open_pin_pad(staff)
    assert enter_pin(staff, "0000") == _("Wrong PIN: {left} tries left", left=4)
    for left in (3, 2, 1):
        assert enter_pin(staff, "0000", tap=False) == _("Wrong PIN: {left} tries left", left=left)
    assert enter_pin(staff, "0000", tap=False) == _("Locked: try again in {seconds} s", seconds=30)
    staff.clock.advance(10)
    app.idle_watch.note_activity()
    assert enter_pin(staff, PIN, tap=False) == _("Locked: try again in {seconds} s", seconds=20)
    assert not app.staff.authorized  # the right PIN is refused while locked
    staff.clock.advance(21)
    app.idle_watch.note_activity()
    enter_pin(staff, PIN)
    assert app.staff.authorized


def test_visitors_cannot_leave(staff):
    from kivy.core.window import Window

    app = staff.app
    staff.tap(staff.screen.ids.get("start_button") or staff.screen)
    staff.press("escape")
    staff.press("f4", modifiers=["alt"])
    assert Window.dispatch("on_request_close") is True  # the window's close button: kept open
    assert app.staff.exit_to_desktop() is False  # not without the PIN
    assert staff.stops == []
    assert not app.allow_exit


def test_exit_works_only_from_the_panel(staff):
    app = staff.app
    open_pin_pad(staff)
    enter_pin(staff, PIN)
    staff.tap(app.staff.panel.buttons["exit"])
    assert staff.stops == [True]  # app.stop was reached with staff authorisation
    assert app.staff.exit_requested
    assert not app.staff.authorized  # and staff mode is left behind


def test_without_a_pin_hash_staff_mode_is_disabled(kiosk):
    assert kiosk.app.site_config.security.staff_pin_hash == ""
    long_press(kiosk, "left")
    long_press(kiosk, "right")
    kiosk.press("k", modifiers=["ctrl", "alt"])
    assert kiosk.app.staff.pin_dialog is None


def test_idle_reset_leaves_staff_mode(staff):
    open_pin_pad(staff)
    enter_pin(staff, PIN)
    assert staff.app.staff.authorized
    staff.reset()
    assert not staff.app.staff.authorized and staff.app.staff.panel is None


def test_systemd_hears_ready_only_once_a_frame_is_on_screen(kiosk, tmp_path, monkeypatch):
    """`Type=notify`: READY=1 means the kiosk shows something, so it waits for a frame drawn
    and swapped, not the first clock tick (which runs before anything is drawn)."""
    import socket

    from kivy.clock import Clock

    from kiosk.ops.watchdog import Watchdog

    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as systemd:
        systemd.bind(str(path))
        systemd.setblocking(False)

        def heard() -> list[str]:
            messages = []
            with contextlib.suppress(BlockingIOError):
                while True:
                    messages.append(systemd.recv(4096).decode())
            return messages

        staff = kiosk.app.staff
        monkeypatch.setattr(staff.services, "watchdog", Watchdog({"NOTIFY_SOCKET": str(path)}))
        staff.say_ready_after_the_next_frame()
        Clock.tick()  # the clock runs what is due; no frame is drawn
        assert heard() == []
        kiosk.frames(1)
        assert heard() == [f"READY=1\nSTATUS=edition {kiosk.app.site.edition}"]
        kiosk.frames(3)
        assert heard() == []  # once
