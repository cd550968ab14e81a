"""Reading `kiosk.toml` into a `KioskConfig`, every mistake a problem with `path:line`.

Nothing here raises for a bad file: a kiosk must start even when a technician mistyped one
setting, and `kiosk config check` must show every mistake at once. Each wrong value becomes a
`Problem` (the same value `kiosk check` uses for content, so the staff panel shows both alike)
and its setting keeps its default. `load_config` then returns None when any problem is an
error, for callers that must not run on a half-applied file; `fallback=True` returns the
config with defaults in place of the wrong values, for the app.

Where the file is: the path given, else $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml. No file is
not a problem: every setting has a default.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from kiosk.config.lines import KeyLines
from kiosk.config.model import KioskConfig, PathSettings
from kiosk.config.plain_pin import check_plain_pins, is_plain_secret
from kiosk.config.sections import SECTIONS, Reader
from kiosk.content.files import FileTooLarge, NotRegularFile, read_regular_file
from kiosk.content.problems import Problem

CONFIG_ENV = "KIOSK_CONFIG"
DEFAULT_CONFIG_PATH = Path("/etc/kiosk/kiosk.toml")
MAX_CONFIG_BYTES = 1024 * 1024  # a full kiosk.toml is ~5 KB
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def default_config_path() -> Path:
    """$KIOSK_CONFIG, or /etc/kiosk/kiosk.toml."""
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_PATH)


def default_config() -> KioskConfig:
    """Every setting at its default (the data folder follows $KIOSK_DATA_DIR)."""
    from kiosk.staff.state import default_root

    return KioskConfig(paths=PathSettings(data_dir=default_root()))


def load_config(path: str | Path | None = None, *,
                fallback: bool = False) -> tuple[KioskConfig | None, list[Problem]]:
    """Read the site configuration; (config, problems), config None if any problem is an error.

    With `fallback=True` the config is never None: wrong settings keep their defaults, and a
    file that cannot be read or parsed gives the defaults for everything.
    """
    path = Path(path) if path else default_config_path()
    if not path.exists():
        return default_config(), []
    where = str(path)
    unusable = default_config() if fallback else None
    try:
        # utf-8-sig: Windows editors start the file with a byte-order mark, which TOML forbids
        text = read_regular_file(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return unusable, [_unreadable(where, exc)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return unusable, [_syntax_problem(where, text, exc)]
    except RecursionError:  # tomllib recurses once per nested [ or {
        return unusable, [Problem(where, 1, "error", "TOML syntax: lists or tables nested too "
                                  "deep to read", "no setting nests more than two levels")]
    reader = Reader(where, KeyLines(text), path.parent)
    config = read_config(reader, data, path)
    problems = sorted(reader.problems, key=lambda p: (p.line, p.severity, p.message))
    if any(p.is_error for p in problems) and not fallback:
        return None, problems
    return config, problems


def _unreadable(where: str, exc: Exception) -> Problem:
    if isinstance(exc, NotRegularFile):
        reason = "it is not a regular file (a device, pipe or folder)"
    elif isinstance(exc, FileTooLarge):
        reason = f"it is larger than {MAX_CONFIG_BYTES // 1024} KB"
    elif isinstance(exc, UnicodeDecodeError):
        reason = "it is not UTF-8 text"
    else:
        reason = exc.strerror or str(exc)
    return Problem(where, 1, "error", f"cannot read the configuration: {reason}",
                   "it must be a readable UTF-8 text file (see kiosk.example.toml)")


def read_config(reader: Reader, data: dict, source: Path | None) -> KioskConfig:
    """Each known table through its section reader; unknown tables and keys as warnings."""
    check_plain_pins(reader, data)  # an error, not an "unknown setting" warning
    reader.unknown("", {k: v for k, v in data.items() if not is_plain_secret(k, v)}, SECTIONS)
    settings = {name: read(reader, reader.table(data, name)) for name, read in SECTIONS.items()}
    return KioskConfig(**settings, source=source)


def _syntax_problem(where: str, text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    """tomllib's message ends "(at line N, column M)"; turn that into path:line and a hint."""
    message = str(exc)
    found = _AT.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        message = f"{message[:found.start()]} (column {column})"
    else:  # "(at end of document)"
        line = max(len(text.splitlines()), 1)
        message = message.replace(" (at end of document)", " at the end of the file")
    hint = _syntax_hint(message) if found else ("something opened is never closed: a [list], "
                                                 "a \"string\" or an { inline table }")
    return Problem(where, line, "error", f"TOML syntax: {message}", hint)


def _syntax_hint(message: str) -> str:
    lowered = message.lower()
    if "overwrite" in lowered or "twice" in lowered:
        return "each key and each [table] may appear only once in the file"
    if "unclosed" in lowered or "unterminated" in lowered:
        return "close the string with \" or the list with ] on the same setting"
    if "invalid value" in lowered or "expected '='" in lowered:
        return ('text needs quotes and keys need "=": mon = "09:00-17:00", '
                'languages = ["vi", "en"], idle_timeout_seconds = 90')
    return "see kiosk.example.toml for how each setting is written"
