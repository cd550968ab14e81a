"""Line numbers for TOML keys, found by scanning the text.

`tomllib` reports a line only for syntax errors; for a value that parses but is wrong (a
timeout out of range, an unknown key) it gives a plain dict with no positions. A technician
needs `kiosk.toml:12`, so this module reads the text once and records where each `[table]`
header and each `key =` line is. It is a line scanner, not a TOML parser: it skips comments and
the insides of multi-line strings, and understands quoted and dotted keys. Keys written inside
inline tables (`screen = { diagonal_inches = 55 }`) get their table's line. That is enough for
hand-written configuration files, and a wrong guess only costs a less precise line number.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[(?!\[)\s*([^\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*""")


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(dotted)]


class KeyLines:
    """Where each table and key of a TOML text is, by 1-based line number."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[str, int] = {}
        self.keys: dict[tuple[str, str], int] = {}
        self._scan()

    def _scan(self) -> None:
        table, closing = "", None
        for number, line in enumerate(self.lines, 1):
            if closing:  # inside a multi-line string
                if line.count(closing) % 2:
                    closing = None
                continue
            header = _HEADER.match(line)
            if header:
                table = ".".join(_parts(header.group(1)))
                self.tables.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                parts = _parts(key.group(1))
                owner = ".".join([table, *parts[:-1]]).strip(".")
                self.keys.setdefault((owner, parts[-1]), number)
                self.tables.setdefault(owner, number)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2:
                    closing = quotes

    def line(self, table: str, key: str | None = None) -> int:
        """The key's line; else its table's header; else the nearest enclosing table's; else 1."""
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        while table:
            if table in self.tables:
                return self.tables[table]
            table = table.rpartition(".")[0]
        return 1

    def value_line(self, table: str, key: str, value: object) -> int:
        """The line of one element of a (maybe multi-line) array value, found by its text."""
        start = self.line(table, key)
        needles = (f'"{value}"', f"'{value}'") if isinstance(value, str) else (str(value),)
        for number in range(start, min(start + 200, len(self.lines) + 1)):
            text = self.lines[number - 1]
            if number > start and (_HEADER.match(text) or _KEY.match(text)):
                break
            if any(needle in text for needle in needles):
                return number
        return start
