"""Reading `[hours]`: when the screen is awake, per weekday, and the dates the museum is shut.

Why the kiosk knows opening hours: a panel lit all night wears out its backlight and, in a
dark gallery, invites nobody. Outside the hours the app blanks the screen (any touch or key
still wakes it, for the guard and the cleaner). Ranges may not cross midnight: a range that
ends before it starts is almost always a typo ("09:00-05:00"), and late openings are written
as two days.
"""

from __future__ import annotations

import re
import shlex
from datetime import date

from kiosk.config.model import ALL_DAY, WEEKDAYS, OpeningHours, Range
from kiosk.config.reader import Reader, type_name

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
HOURS_HINT = 'write "09:00-17:00", "09:00-12:00, 13:00-17:00", "closed" or "always"'


class HoursError(ValueError):
    pass


def parse_day(value: str | list) -> tuple[Range, ...]:
    """One weekday's value as sorted, non-overlapping minute ranges; HoursError if wrong."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("closed", ""):
            return ()
        if word in ("always", "open"):
            return ALL_DAY
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = value
    else:
        raise HoursError(f"{value!r} must be text like \"09:00-17:00\", not {type_name(value)}")
    ranges = sorted(_parse_range(part) for part in parts)
    for (_s1, end1), (start2, _e2) in zip(ranges, ranges[1:], strict=False):
        if start2 < end1:
            raise HoursError("two of its ranges overlap")
    return tuple(ranges)


def _parse_range(text: str) -> Range:
    found = _RANGE.match(text)
    if not found:
        raise HoursError(f"'{text.strip()}' is not a range of hours HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(g) for g in found.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise HoursError(f"'{text.strip()}' is not a time of day (00:00 to 24:00)")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise HoursError(f"'{text.strip()}' ends before it starts; a range cannot cross "
                         "midnight (write the hours after midnight on the next day)")
    return start, end


def read_hours(r: Reader, values: dict) -> OpeningHours:
    r.unknown("hours", values, (*WEEKDAYS, "closed_dates", "wake_minutes", "screen_off_command",
                                "screen_on_command"))
    days: list[tuple[Range, ...]] = []
    for day in WEEKDAYS:
        if day not in values:
            days.append(ALL_DAY)
            continue
        try:
            days.append(parse_day(values[day]))
        except HoursError as exc:
            r.error("hours", day, f"hours.{day}: {exc}", HOURS_HINT)
            days.append(ALL_DAY)
    unset = [day for day in WEEKDAYS if day not in values]
    if unset and len(unset) < len(WEEKDAYS):
        r.warning("hours", None, f"hours: {', '.join(unset)} not set, so the screen stays on "
                  "all day then", f'write {unset[0]} = "closed" or {unset[0]} = "09:00-17:00"')
    wake = r.integer("hours", values, "wake_minutes", 10, 0, 24 * 60,
                     "minutes a touch keeps the screen awake after hours; 0: touches do nothing")
    off, on = (_command(r, values, key) for key in ("screen_off_command", "screen_on_command"))
    if bool(off) != bool(on):
        r.error("hours", "screen_off_command" if on else "screen_on_command",
                "hours: screen_off_command and screen_on_command go together",
                'write both, e.g. screen_off_command = "xset dpms force off" and '
                'screen_on_command = "xset dpms force on"')
        off = on = ()
    return OpeningHours(tuple(days), _closed_dates(r, values), wake, off, on)


def _command(r: Reader, values: dict, key: str) -> tuple[str, ...]:
    """A command line, split as a shell would but run without one (no pipes, no $VARS)."""
    text = r.text("hours", values, key, "")
    try:
        return tuple(shlex.split(text))
    except ValueError as exc:
        r.error("hours", key, f"hours.{key}: {exc}", 'write a command line: "vcgencmd '
                'display_power 0"')
        return ()


def _closed_dates(r: Reader, values: dict) -> frozenset[date]:
    dates = set()
    for value in r.items("hours", values, "closed_dates", (date, str)) or []:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                r.error("hours", "closed_dates", f"hours.closed_dates: '{value}' is not a date",
                        "write dates as 2025-12-25 (with or without quotes)",
                        line=r.lines.value_line("hours", "closed_dates", value))
                continue
        if hasattr(value, "hour"):  # a datetime is a date too: a time makes no sense here
            r.error("hours", "closed_dates", f"hours.closed_dates: {value} has a time of day",
                    "write the date alone: 2025-12-25")
            continue
        dates.add(value)
    return frozenset(dates)
