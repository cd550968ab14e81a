"""Noticing that the visitor has walked away.

The clock is injected (any callable returning seconds) so tests can advance time instead of
sleeping; the app feeds it input events and calls `check` a few times a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class IdleWatch:
    def __init__(
        self, timeout_seconds: float, on_idle: Callable[[], None], clock: Clock = time.monotonic
    ) -> None:
        self.timeout_seconds = timeout_seconds
        self.on_idle = on_idle
        self.clock = clock
        self.last_activity = clock()

    def note_activity(self) -> None:
        self.last_activity = self.clock()

    def seconds_idle(self) -> float:
        return self.clock() - self.last_activity

    def check(self) -> bool:
        """Call `on_idle` once when the timeout has passed; True if it did."""
        if self.seconds_idle() < self.timeout_seconds:
            return False
        self.note_activity()
        self.on_idle()
        return True
