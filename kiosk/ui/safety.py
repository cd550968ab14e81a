"""Keeping the kiosk running when a screen fails.

A kiosk has no one at the keyboard: an exception in a button handler must not end the app.
It is logged with its traceback and the visitor is taken back to the home screen.
`guarded` wraps screen callbacks; `ReturnHomeOnError` catches whatever reaches Kivy's main
loop anyway.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.logger import Logger

F = TypeVar("F", bound=Callable[..., Any])


def recover_from(error: BaseException, where: str) -> None:
    Logger.error(f"Kiosk: error in {where}: {error!r}", exc_info=error)
    app = App.get_running_app()
    recover = getattr(app, "recover_after_error", None)
    if recover is not None:
        recover()


def guarded(handler: F) -> F:
    """Run `handler`; on an exception, log it and send the visitor home instead of crashing."""

    @functools.wraps(handler)
    def run_guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - a kiosk must survive any handler bug
            recover_from(error, handler.__qualname__)
            return None

    return run_guarded  # type: ignore[return-value]


class ReturnHomeOnError(ExceptionHandler):
    """Installed while the app runs: errors that escape a handler go home, not to a crash."""

    def handle_exception(self, inst: BaseException) -> int:
        if isinstance(inst, KeyboardInterrupt | SystemExit):
            return ExceptionManager.RAISE
        recover_from(inst, "main loop")
        return ExceptionManager.PASS
