"""One doctor check's result: a status, what was found, and what to do about it.

Kept apart from the checks themselves so each group of checks (display, languages, system)
can live in its own module without importing the others.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

OK, WARN, FAIL = "OK", "WARN", "FAIL"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # OK | WARN | FAIL
    message: str
    fix: str = ""  # what the technician should do; empty when nothing
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)
