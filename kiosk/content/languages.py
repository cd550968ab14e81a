"""BCP 47 language tags as curators write them in file names."""

from __future__ import annotations

import re

_TAG = re.compile(
    r"^(?P<language>[a-z]{2,3})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|\d{3}))?"
    r"(?P<variants>(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)"
    r"(?P<private>-x(?:-[a-z0-9]{1,8})+)?$",
    re.IGNORECASE,
)


def normalize_tag(tag: str) -> str | None:
    """Canonical casing (`vi-Hani`, `zh-Hans-CN`, `de-1996`), or None if not a valid tag."""
    match = _TAG.match(tag)
    if not match:
        return None
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    if match["variants"]:
        parts.extend(v.lower() for v in match["variants"].strip("-").split("-"))
    if match["private"]:  # private use, e.g. und-x-maya: translations told apart by a key
        parts.append(match["private"].strip("-").lower())
    return "-".join(parts)


def base_language(tag: str) -> str:
    return tag.split("-")[0]
