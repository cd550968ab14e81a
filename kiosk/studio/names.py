"""Languages and items named the way a curator says them: "French (fr)", not a bare tag."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from kiosk.content.languages import normalize_tag


def language_label(tag: str, site_names: dict | None = None) -> str:
    """The language's English name (the studio speaks English) and its tag: "Khmer (km)";
    the site's `language_names:` where CLDR has none ("Hmong Njua (hnj)")."""
    name = str((site_names or {}).get(tag) or "")
    for guess in (tag, tag.split("-")[0]):  # "es-x-spa-2" is a Spanish translation
        if guess.split("-")[0] == "und":  # undetermined: Babel would say English
            break
        if name:
            break
        try:
            name = Locale.parse(guess.replace("-", "_")).get_display_name("en") or ""
        except (UnknownLocaleError, ValueError):
            name = ""
    return f"{name} ({tag})" if name else tag


def site_language_names(site) -> dict:
    names = site.get("language_names") if hasattr(site, "get") else None
    return {normalize_tag(str(k)) or str(k): str(v) for k, v in (names or {}).items()}
