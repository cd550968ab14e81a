"""Dates and numbers written the way the visitor's language writes them (CLDR, via Babel)."""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


def babel_locale(lang: str) -> Locale:
    """The CLDR locale for a language tag ('vi', 'zh-Hans'), English when CLDR has none."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def long_date(iso_date: str, lang: str) -> str:
    """'21 tháng 12, 1965' / 'December 21, 1965' / '21 décembre 1965'; the raw text if odd."""
    try:
        day = date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return format_date(day, format="long", locale=babel_locale(lang))


def language_name_in(tag: str, lang: str) -> str:
    """The name of language `tag` in language `lang` ("tiếng Khmer" for km in vi); "" if
    CLDR does not know it (the catalog's own names are the fallback)."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ""
    return locale.get_display_name(babel_locale(lang)) or ""
