"""The one rule for edition numbers, shared by site.yaml, the build, bundles and installs.

An edition is a whole number from 1 to MAX_EDITION. The bound is what every place that holds
one can hold: an installed edition's folder is `editions/<edition>-<8 hex>/`
(`kiosk.staff.state.EDITION_DIR` allows 18 digits) and SQLite stores it as a 64-bit integer.
A number past it used to be "installed" into a folder the kiosk then could not read back.
"""

from __future__ import annotations

MAX_EDITION = 10**18 - 1  # 18 digits: the install folder pattern, and well inside int64


def is_valid_edition(value: object, *, allow_zero: bool = False) -> bool:
    """True for a whole number (not a bool) within 1..MAX_EDITION (0 too when allowed)."""
    if type(value) is not int:
        return False
    return (0 if allow_zero else 1) <= value <= MAX_EDITION


EDITION_HINT = f"use a whole number from 1 to {MAX_EDITION:,}; raise it by one for every new edition"
