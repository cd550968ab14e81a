"""The kiosk's operational log: JSON lines in DATA_DIR/logs, bounded in size, no personal data.

Why JSON lines: a technician greps them on the kiosk and a script can read them back without
parsing free text (`jq 'select(.level=="ERROR")' kiosk.log`). Why bounded: a kiosk runs for
years on a small SD card, so the log rotates at 2 MB and keeps 4 old files (10 MB in all).

What never goes in: anything a visitor typed or chose that could say who they are. The rule
is enforced here rather than left to each call site: a record tagged personal
(`extra=PERSONAL`) is dropped whole, and fields named like visitor input (`query`, `search`,
`typed_text`, `pin`, ...) are replaced by "[withheld]" before any handler formats them. Usage
figures are a separate, aggregated database (see the guide on usage figures), never this log.

Only the app process writes kiosk.log; staff commands print to the terminal instead, so two
processes never rotate the same file.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIR, LOG_NAME = "logs", "kiosk.log"
MAX_BYTES, BACKUP_COUNT = 2_000_000, 4  # 5 files of 2 MB at most
PERSONAL = {"personal": True}  # log.info("...", extra=PERSONAL) is never written
WITHHELD = "[withheld]"
WITHHELD_FIELDS = frozenset({"query", "search", "search_text", "search_query", "typed_text",
                             "text_input", "pin", "personal_data"})
_STANDARD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "personal"}


class PrivacyFilter(logging.Filter):
    """Drops records tagged personal and blanks fields that carry visitor input."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "personal", False):
            return False
        for name in WITHHELD_FIELDS.intersection(vars(record)):
            setattr(record, name, WITHHELD)
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, then the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_FIELDS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / LOG_DIR / LOG_NAME


def setup_logging(data_dir: str | Path, level: int = logging.INFO, *,
                  max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT) -> Path:
    """Send every logger's records (Kivy's included) to DATA_DIR/logs/kiosk.log as JSON lines.

    Safe to call again (tests, a changed data folder): the previous kiosk handler is removed
    first. Returns the log file's path.
    """
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backup_count,
                                  encoding="utf-8", delay=True)
    handler.kiosk_handler = True
    handler.setLevel(level)
    handler.setFormatter(JsonLinesFormatter())
    handler.addFilter(PrivacyFilter())
    targets = [logging.getLogger()]
    kivy = logging.getLogger("kivy")
    # Kivy's default log mode propagates to the root logger; its MIXED mode does not.
    if os.environ.get("KIVY_LOG_MODE") == "MIXED" or not kivy.propagate:
        targets.append(kivy)
    remove_logging()
    for logger in targets:
        logger.addHandler(handler)
    root = logging.getLogger()
    handler.previous_root_level = root.level
    if root.level > level:
        root.setLevel(level)
    return path


def remove_logging() -> None:
    """Detach and close the handler `setup_logging` added (at exit, or between tests)."""
    for logger in (logging.getLogger(), logging.getLogger("kivy")):
        for handler in [h for h in logger.handlers if getattr(h, "kiosk_handler", False)]:
            logger.removeHandler(handler)
            handler.close()
            if logger is logging.getLogger():
                logger.setLevel(handler.previous_root_level)
