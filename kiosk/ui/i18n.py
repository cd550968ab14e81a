"""Interface strings in the visitor's language, from gettext catalogs read at start-up.

The catalogs are the `.po` files in `kiosk/locale/<lang>/LC_MESSAGES/kiosk.po`, read with
Babel directly: no compile step to forget when a translator edits one. English is the source
language, so an untranslated or missing string shows in English rather than as a blank.

Python code calls `_("Back")` (the current session language); kv rules call
`translate("Back", app.language)` so that Kivy re-evaluates them when the language changes;
`N_("Back")` marks a string kept in a table and translated later.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

_current_language = SOURCE_LANGUAGE


@cache
def _messages(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        base = lang.split("-")[0]
        return _messages(base) if base != lang else {}
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=None)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def available_interface_languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def translate(msgid: str, lang: str, **values: object) -> str:
    """`msgid` in `lang` (English if not translated), with `{name}` placeholders filled."""
    text = _messages(lang).get(msgid, msgid)
    return text.format(**values) if values else text


def set_language(lang: str) -> None:
    global _current_language
    _current_language = lang


def current_language() -> str:
    return _current_language


def N_(msgid: str) -> str:
    """Marks a string for translation where it is defined; translated where it is shown."""
    return msgid


def _(msgid: str, **values: object) -> str:
    """`msgid` in the current session language."""
    return translate(msgid, _current_language, **values)
