"""One line on stderr and exit status 1: how every `kiosk` command refuses or fails.

Technicians read these in a terminal or a log, so a refusal is one plain line with its reason,
never a traceback. Each command group names its own expected errors and the word it uses.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

import click


def fail(kind: str, reason: object) -> None:
    click.echo(f"{kind}: {' '.join(str(reason).split())}", err=True)
    sys.exit(1)


def one_line_errors(expected: Callable[[], tuple[type[BaseException], ...]], kind: str = "failed"):
    """Decorator: `expected()` errors print as `kind: reason`; anything else as `failed: …`.

    `expected` is called only when an error happens, so heavy imports stay off start-up.
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except click.exceptions.Exit:
                raise
            except Exception as exc:
                if isinstance(exc, expected()):
                    fail(kind, exc)
                if isinstance(exc, OSError):
                    fail("failed", f"{exc.strerror or exc}: {exc.filename}" if exc.filename else exc)
                fail("failed", f"unexpected {type(exc).__name__}: {exc}")  # never a traceback

        return wrapper

    return decorate
