"""A staff PIN written into kiosk.toml as it is: an error, wherever it is put.

kiosk.toml is copied off kiosks on USB sticks and kept in folders synced between them, so a PIN
in it as typed is a PIN given away; only its scrypt hash (`[security] staff_pin_hash`, from
`kiosk config hash-pin`) may be stored. A key named like a PIN or password, in any table, or a
`staff_pin_hash` that holds the digits themselves, is refused with that command as the hint:
a warning ("unknown setting ignored") would leave the secret in the file.
"""

from __future__ import annotations

import re

from kiosk.config.pin import PIN_PATTERN
from kiosk.config.reader import Reader

HASH_KEY = "staff_pin_hash"
_SECRET_NAME = re.compile(r"(^|[_.-])(staff_?)?(pin(_?code|_?number)?|pass(word|code|wd)?|secret)"
                          r"([_.-]|$)|password|passcode", re.IGNORECASE)
HINT = ("delete the line and paste the one 'kiosk config hash-pin' prints instead "
        "(staff_pin_hash = \"scrypt$…\"): kiosk.toml is copied to USB sticks and other kiosks")


def is_plain_secret(key: str, value) -> bool:
    """A key named like a PIN or password whose value is not a hash (a misspelt
    staff_pin_hash with a real hash in it is only an unknown setting)."""
    if key == HASH_KEY or not _SECRET_NAME.search(key) or isinstance(value, dict | bool):
        return False
    return not (isinstance(value, str) and value.startswith("scrypt$"))


def check_plain_pins(reader: Reader, data: dict) -> None:
    """An error for every PIN or password in plain, top level or in a table."""
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, secret in value.items():
                _check(reader, key, inner, secret)
        else:
            _check(reader, "", key, value)


def _check(reader: Reader, table: str, key: str, value) -> None:
    name = f"{table}.{key}" if table else key
    if key == HASH_KEY and isinstance(value, int | str) and not isinstance(value, bool) \
            and PIN_PATTERN.fullmatch(str(value).strip()):
        reader.error(table, key, f"{name} holds the PIN itself, not its hash", HINT)
    elif is_plain_secret(key, value):
        reader.error(table, key, f"{name}: a PIN or password is never written in kiosk.toml "
                     "as it is", HINT)
