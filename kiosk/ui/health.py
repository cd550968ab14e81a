"""The running kiosk's health note (kiosk.fleet.health): at start, daily, and on change.

Why from the app: only the app knows the edition it shows, whether its screen sleeps, when it
was last touched, and what its attract screen looks like on this panel. It writes the note
into the send-only usage folder; `kiosk fleet report` reads it on the curator's side.

The picture is taken only of the attract screen with no dialog open and the screen awake,
shrunk to a quarter: never a visitor's session. `kiosk doctor`'s quick checks (not the OpenGL
and display ones, which open a window) run on a thread at start and each day.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from kivy.clock import Clock

from kiosk.ui.session import ATTRACT

log = logging.getLogger("kiosk.health")
CHECK_SECONDS = 300.0
FIRST_NOTE_SECONDS = 3.0  # after the first frames, so the picture shows the attract screen
SHOT_SCALE = 0.25


class HealthReporter:
    def __init__(self, app: Any, now: Any = datetime.now) -> None:
        self.app = app
        self.now = now
        self.root: Path | None = app.staff.services.root
        self.started_at = now()
        self.last_touch: datetime | None = None
        self.doctor: list[dict] | None = None
        self._written: tuple | None = None
        self._doctor_day: Any = None

    @property
    def out_dir(self) -> Path | None:
        from kiosk.fleet.setup import kiosk_paths

        return kiosk_paths(self.root)[1] if self.root else None

    def start(self) -> list[Any]:
        from kivy.core.window import Window

        if self.root is None:
            return []
        from kiosk.fleet.health import note_start

        try:
            note_start(self.root)
        except OSError as error:
            log.warning("starts not counted: %s", error)
        Window.bind(on_touch_down=self._touched, on_key_down=self._touched)
        return [Clock.schedule_once(self.check, FIRST_NOTE_SECONDS),
                Clock.schedule_interval(self.check, CHECK_SECONDS)]

    def stop(self) -> None:
        from kivy.core.window import Window

        Window.unbind(on_touch_down=self._touched, on_key_down=self._touched)
        if self.root is not None:
            from kiosk.fleet.health import note_clean_stop

            note_clean_stop(self.root)

    def _touched(self, *_args: Any) -> None:
        self.last_touch = self.now()

    def check(self, *_args: Any) -> None:
        """Write the note if the day or anything worth telling changed since the last one."""
        if self.root is None:
            return
        today = self.now().date()
        if self._doctor_day != today:
            self._doctor_day = today
            threading.Thread(target=self._run_doctor, name="health-doctor", daemon=True).start()
        summary = self._summary(today)
        if summary != self._written:
            self.write()

    def _summary(self, today: Any) -> tuple:
        from kiosk.staff.watch import last_update

        sleep = self.app.sleep
        update = last_update(self.root)
        return (today, self.app.site.edition, sleep.asleep, update, str(self.doctor))

    def write(self) -> Path | None:
        from kiosk.fleet.health import collect, write

        if self.root is None:
            return None
        try:
            shot = self._screenshot()
            note = collect(self.root, edition=self.app.site.edition, started_at=self.started_at,
                           doctor=self.doctor, screen=self.app.sleep.state(),
                           last_touch=self.last_touch, now=self.now)
            written = write(self.out_dir, note, shot)
        except Exception as error:  # noqa: BLE001 - a health note never stops the kiosk
            log.warning("health note not written: %r", error)
            return None
        self._written = self._summary(self.now().date())
        return written

    def _screenshot(self) -> Path | None:
        """The attract screen, a quarter size, or None when it is not what is shown."""
        from kiosk.ui.dialogs import open_dialogs

        app = self.app
        if app.screen_name != ATTRACT or app.sleep.asleep or open_dialogs():
            return None
        target = self.root / ".attract-shot.png"
        app.root.export_to_png(str(target), scale=SHOT_SCALE)
        return target if target.is_file() else None

    def _run_doctor(self) -> None:
        try:
            from kiosk.ops.doctor import run_doctor

            checks = run_doctor(self.app.site_config, [], self.app.staff.services.catalog_path,
                                skip=("opengl", "display"))
            results = [{"name": c.name, "status": c.status, "message": c.message}
                       for c in checks]
        except Exception as error:  # noqa: BLE001
            results = [{"name": "doctor", "status": "FAIL", "message": repr(error)}]

        def done(_dt: float) -> None:
            self.doctor = results
            self.check()

        Clock.schedule_once(done, 0)
