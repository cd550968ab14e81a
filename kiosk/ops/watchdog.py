"""Telling systemd the kiosk is up and still drawing: sd_notify in a few lines, no package.

The unit `kiosk service install` writes is `Type=notify` with `WatchdogSec=30`: systemd
counts the app as started when it sends READY=1, and kills and restarts it when WATCHDOG=1
stops arriving. The app sends the heartbeat from Kivy's clock on the UI thread, so a UI that
freezes (a deadlock, a runaway layout, a hung GL driver) stops the heartbeat and is restarted,
while a busy background thread is not mistaken for a healthy screen.

The protocol is one datagram of `KEY=value` lines to the unix socket named in $NOTIFY_SOCKET
(a leading `@` means the abstract namespace). Without that variable (a developer's terminal,
the tests) every call is a no-op. $WATCHDOG_PID is deliberately not required to match: under
`cage` or `xinit` the kiosk is a child of the unit's main process and the unit says
NotifyAccess=all.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)


def notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send `state` (e.g. "READY=1", "WATCHDOG=1", "STATUS=...") to systemd.

    True if sent; False when not run by systemd or the socket is gone. Never raises: a failed
    notification must not take the kiosk down.
    """
    address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(state.encode("utf-8"), address)
        return True
    except OSError as exc:
        log.warning("systemd notification failed", extra={"error": str(exc)})
        return False


class Watchdog:
    """READY=1 once, then WATCHDOG=1 at most every half watchdog interval.

    Call `tick()` as often as is convenient (every frame, or once a second from
    `Clock.schedule_interval`); it sends only when half of $WATCHDOG_USEC has passed since the
    last heartbeat, as sd_watchdog_enabled(3) recommends. `now` is injectable for tests.
    """

    def __init__(self, environ: Mapping[str, str] | None = None,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.environ = dict(os.environ if environ is None else environ)
        self.now = now
        self.interval = self._interval(self.environ.get("WATCHDOG_USEC", ""))
        self.ready_sent = False
        self.last_sent: float | None = None

    @staticmethod
    def _interval(usec: str) -> float | None:
        """Half the watchdog period in seconds, or None when systemd set no watchdog."""
        try:
            value = int(usec)
        except ValueError:
            return None
        return value / 2_000_000 if value > 0 else None

    @property
    def enabled(self) -> bool:
        return bool(self.environ.get("NOTIFY_SOCKET"))

    def ready(self, status: str = "") -> bool:
        """Say the kiosk has drawn its first screen; sent once, later calls do nothing."""
        if self.ready_sent:
            return False
        self.ready_sent = True
        message = "READY=1" + (f"\nSTATUS={status}" if status else "")
        return notify(message, self.environ)

    def tick(self) -> bool:
        """Send WATCHDOG=1 if half the interval has passed; True when it sent one."""
        if self.interval is None or not self.enabled:
            return False
        now = self.now()
        if self.last_sent is not None and now - self.last_sent < self.interval:
            return False
        self.last_sent = now
        return notify("WATCHDOG=1", self.environ)

    def status(self, text: str) -> bool:
        """A one-line status shown by `systemctl status kiosk`."""
        return notify(f"STATUS={text}", self.environ)

    def stopping(self) -> bool:
        return notify("STOPPING=1", self.environ)
