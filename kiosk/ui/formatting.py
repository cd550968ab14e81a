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
