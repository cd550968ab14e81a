"""Typed, range-checked access to one parsed TOML table, collecting problems as it goes.

Each getter returns the value, or the setting's default after recording a problem at the
key's line, so a section reader is a straight list of settings with no error handling of its
own, and every mistake in a file is reported in one pass.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, time
from pathlib import Path

from kiosk.config.lines import KeyLines
from kiosk.content.problems import Problem

_TYPE_NAMES = {str: "text in quotes", int: "a whole number", float: "a number",
               bool: "true or false", list: "a list [...]", dict: "a table",
               date: "a date", datetime: "a date and time", time: "a time"}


def type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Reader:
    def __init__(self, where: str, lines: KeyLines, base: Path) -> None:
        self.where = where
        self.lines = lines
        self.base = base  # relative paths in the file are relative to its folder
        self.problems: list[Problem] = []

    # -- problems --------------------------------------------------------------------------
    def line(self, table: str, key: str | None = None) -> int:
        if not table and key is not None:
            return self.lines.keys.get(("", key)) or self.lines.tables.get(key) or 1
        return self.lines.line(table, key)

    def error(self, table: str, key: str | None, message: str, hint: str = "",
              line: int | None = None) -> None:
        self.problems.append(Problem(self.where, line or self.line(table, key), "error",
                                     message, hint))

    def warning(self, table: str, key: str | None, message: str, hint: str = "",
                line: int | None = None) -> None:
        self.problems.append(Problem(self.where, line or self.line(table, key), "warning",
                                     message, hint))

    # -- structure -------------------------------------------------------------------------
    def table(self, data: dict, name: str) -> dict:
        value = data.get(name, {})
        if isinstance(value, dict):
            return value
        self.error("", name, f"'{name}' must be a table, not {type_name(value)}",
                   f"write [{name}] on a line of its own and its settings below it")
        return {}

    def unknown(self, table: str, values: dict, known) -> None:
        """Warn about every key not in `known`, suggesting the closest known one."""
        known = list(known)
        for key, value in values.items():
            if key in known:
                continue
            name = f"{table}.{key}" if table else key
            kind = "table" if not table and isinstance(value, dict) else "setting"
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'?" if close
                    else f"known in {'[' + table + ']' if table else 'the file'}: "
                         + ", ".join(known))
            self.warning(table, key, f"unknown {kind} '{name}' is ignored", hint)

    # -- typed getters ---------------------------------------------------------------------
    def _typed(self, table: str, values: dict, key: str, kinds: tuple[type, ...], default):
        if key not in values:
            return default
        value = values[key]
        if isinstance(value, bool) and bool not in kinds:
            value = object()  # true/false is never a number here
        if not isinstance(value, kinds):
            self.error(table, key, f"{table}.{key} must be {_TYPE_NAMES[kinds[0]]}, "
                                   f"not {type_name(values[key])}",
                       f"for example: {key} = {_example(kinds[0])}")
            return default
        return value

    def text(self, table: str, values: dict, key: str, default: str) -> str:
        return self._typed(table, values, key, (str,), default)

    def integer(self, table: str, values: dict, key: str, default, low: int, high: int,
                hint: str = ""):
        value = self._typed(table, values, key, (int,), default)
        if value is default or low <= value <= high:
            return value
        self.error(table, key, f"{table}.{key} is {value}; it must be from {low} to {high}", hint)
        return default

    def number(self, table: str, values: dict, key: str, default: float, low: float,
               high: float, hint: str = "") -> float:
        value = self._typed(table, values, key, (float, int), default)
        if value is default or low <= value <= high:
            return float(value)
        self.error(table, key, f"{table}.{key} is {value:g}; it must be from {low:g} to {high:g}",
                   hint)
        return default

    def choice(self, table: str, values: dict, key: str, default: str,
               options: tuple[str, ...]) -> str:
        value = self.text(table, values, key, default)
        if value in options:
            return value
        close = difflib.get_close_matches(value, options, n=1)
        self.error(table, key, f"{table}.{key} is '{value}'; it must be one of "
                               + ", ".join(options),
                   f"did you mean '{close[0]}'?" if close else "")
        return default

    def items(self, table: str, values: dict, key: str, kinds: tuple[type, ...]) -> list | None:
        """A list whose elements have one of `kinds` (a single value counts as a list of one);
        None when absent. Wrong elements are reported and left out."""
        if key not in values:
            return None
        value = values[key]
        if not isinstance(value, list):
            value = [value]
        kept = []
        for element in value:
            if isinstance(element, kinds) and not (isinstance(element, bool) and bool not in kinds):
                kept.append(element)
            else:
                self.error(table, key, f"{table}.{key}: {element!r} must be "
                                       f"{_TYPE_NAMES[kinds[0]]}, not {type_name(element)}",
                           line=self.lines.value_line(table, key, element))
        return kept

    def path(self, raw: str) -> Path:
        return (self.base / Path(raw).expanduser()) if raw else self.base


def _example(kind: type) -> str:
    return {str: '"text"', int: "90", float: "1.0", list: '["a", "b"]'}.get(kind, "...")
