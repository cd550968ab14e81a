"""Noticing that the visitor has walked away, after asking first.

After `timeout_seconds` without input the kiosk asks "Still there?" (`on_warning`); one touch
or key within `warning_seconds` keeps the session (`on_extend`), otherwise it resets for the
next visitor (`on_idle`). WCAG 2.2.1 asks for a warning and at least 20 s to extend with one
action; a visitor may extend any number of times.

While `paused()` is true (speech or narration playing) the timer does not run: a visitor
listening to a long page is not idle. The clock is injected (any callable returning seconds)
so tests can advance time instead of sleeping; the app feeds it input and calls `check` a
few times a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
ACTIVE, WARNING = "active", "warning"
MIN_WARNING_SECONDS = 20


def _nothing() -> None:
    pass


class IdleWatch:
    def __init__(
        self,
        timeout_seconds: float,
        on_idle: Callable[[], None],
        clock: Clock = time.monotonic,
        *,
        warning_seconds: float = 30,
        on_warning: Callable[[], None] = _nothing,
        on_extend: Callable[[], None] = _nothing,
        paused: Callable[[], bool] = lambda: False,
    ) -> None:
        self.timeout_seconds = timeout_seconds
        self.warning_seconds = max(MIN_WARNING_SECONDS, warning_seconds)
        self.on_idle = on_idle
        self.on_warning = on_warning
        self.on_extend = on_extend
        self.paused = paused
        self.clock = clock
        self.state = ACTIVE
        self.last_activity = clock()
        self.warned_at = 0.0

    def note_activity(self) -> None:
        self.last_activity = self.clock()
        if self.state == WARNING:
            self.state = ACTIVE
            self.on_extend()

    def restart(self) -> None:
        """A new session: no warning showing, the full timeout ahead."""
        self.state = ACTIVE
        self.last_activity = self.clock()

    def seconds_idle(self) -> float:
        return self.clock() - self.last_activity

    def seconds_left_to_extend(self) -> float:
        return max(0.0, self.warned_at + self.warning_seconds - self.clock())

    def check(self) -> bool:
        """Warn, or reset, when it is time; True if it reset."""
        now = self.clock()
        if self.paused():
            self.last_activity = now
            if self.state == WARNING:
                self.warned_at = now  # the countdown starts when the warning has been said
            return False
        if self.state == ACTIVE:
            if now - self.last_activity >= self.timeout_seconds:
                self.state = WARNING
                self.warned_at = now
                self.on_warning()
            return False
        if now - self.warned_at >= self.warning_seconds:
            self.restart()
            self.on_idle()
            return True
        return False
