"""Sleeping outside opening hours: the visit ends, the panel goes off, the app goes quiet.

Why the app itself does this (not a cron job): only the app knows whether a visitor is mid-
visit, and only the app can stop its own clock events so a sleeping kiosk costs no CPU. At
closing time it resets the visitor (the session ends as "idle"), blanks its window, turns the
panel off through `kiosk.ops.display_power`, stops the attract loop, the idle and headphone
polls and the bundle watcher, and lowers Kivy's frame rate to a few frames a second, enough to
notice a touch. The systemd watchdog event keeps running: a sleeping kiosk is not a hung one.

A touch or key while asleep wakes the screen for `[hours] wake_minutes` (for the guard, the
cleaner, a technician); that touch does nothing else. 0 minutes: it stays asleep. The opening
hour wakes it for good. The wall clock is `now`, injectable for tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from kivy.clock import Clock

from kiosk.ops import schedule
from kiosk.ops.display_power import DisplayPower, choose

log = logging.getLogger("kiosk.sleep")
CHECK_SECONDS = 15.0  # how late the screen may sleep or wake after the hour
SLEEP_FPS = 2.0  # frames a second while asleep: a touch is seen within half a second


class ScheduleSleep:
    def __init__(self, app: Any, now: Callable[[], datetime] = datetime.now) -> None:
        self.app = app
        self.now = now
        self.asleep = False
        self.until: datetime | None = None  # the next change of the opening hours
        self.woken_until: datetime | None = None  # a touch woke it until then
        self.power: DisplayPower | None = None
        self.state_dir = app.staff.services.root  # where screen.json goes; None: nowhere
        self._paused: list[Any] = []
        self._fps: float | None = None

    @property
    def hours(self) -> Any:
        return self.app.site_config.hours

    def start(self, paused_events: list[Any]) -> Any:
        """Check now and every CHECK_SECONDS; `paused_events` stop while asleep."""
        self._paused = paused_events
        self.check()
        return Clock.schedule_interval(self.check, CHECK_SECONDS)

    def check(self, *_args: Any) -> None:
        now = self.now()
        if self.woken_until is not None and now >= self.woken_until:
            self.woken_until = None
        awake = self.woken_until is not None or self.hours.is_open(now)
        until = schedule.next_change(self.hours, now)
        if not awake and not self.asleep:
            self.until = until
            self._sleep()
        elif awake and self.asleep:
            self.until = until
            self._wake()
        elif until != self.until:
            self.until = until
            self._write_state()

    def stop(self) -> None:
        """The app ends (a restart, staff leaving): never leave the panel dark behind it."""
        if self.asleep:
            self._power().on()

    def take_input(self) -> bool:
        """A touch or key: True when the sleeping kiosk takes it (to wake, or to ignore)."""
        if not self.asleep:
            return False
        minutes = self.hours.wake_minutes
        if minutes:
            self.woken_until = self.now() + timedelta(minutes=minutes)
            log.info("Kiosk: woken by a touch until %s", self.woken_until.isoformat("T", "minutes"))
            self._wake()
        return True

    def describe(self) -> str:
        return schedule.describe(self.state())

    def state(self) -> dict:
        return {"asleep": self.asleep,
                "until": self.until.isoformat("T", "minutes") if self.until else None,
                "woken_until": (self.woken_until.isoformat("T", "minutes")
                                if self.woken_until else None),
                "backend": self.power.name if self.power else None}

    # -- going to sleep and back -------------------------------------------------------------

    def _sleep(self) -> None:
        from kivy.core.window import Window

        app = self.app
        app.reset_visitor()  # the visit ends as at an idle reset, figures closed
        self.asleep = True
        self._attract("on_leave")
        for event in self._paused:
            event.cancel()
        app.staff.services.pause_watcher(True)
        app.root.opacity = 0
        Window.clearcolor = (0, 0, 0, 1)
        self._fps, Clock._max_fps = Clock._max_fps, SLEEP_FPS  # no public setter in Kivy 2.3
        self._power().off()
        log.info("Kiosk: %s", self.describe())
        self._write_state()

    def _wake(self) -> None:
        app = self.app
        self._power().on()
        self.asleep = False
        if self._fps is not None:
            Clock._max_fps = self._fps
        app.root.opacity = 1
        app._paint_window(app.theme, app.theme.paper)
        for event in self._paused:
            event()  # a cancelled Kivy event is scheduled again by calling it
        app.staff.services.pause_watcher(False)
        app.reset_visitor()
        self._attract("on_enter")
        log.info("Kiosk: %s", self.describe())
        self._write_state()

    def _attract(self, hook: str) -> None:
        screens = self.app.root.ids.screens
        if screens.current == "attract":
            getattr(screens.get_screen("attract"), hook)()

    def _power(self) -> DisplayPower:
        if self.power is None:
            hours = self.hours
            self.power = choose(hours.screen_off_command, hours.screen_on_command)
            log.info("Kiosk: display power by %s", self.power.name)
        return self.power

    def _write_state(self) -> None:
        if self.state_dir is None:
            return
        try:
            schedule.write_state(self.state_dir, self.state())
        except OSError as error:
            log.warning("screen state not written: %s", error)
