"""The museum's look (site.yaml `look:`) as the catalog keeps it: its logo made a picture of the
catalog's media like any other (display size and thumbnail, at build time), its colours as
checked by kiosk.content.look."""

from __future__ import annotations

from typing import Any


def look_meta(site: Any, media: Any) -> dict:
    look = dict(site.look)
    if look.get("logo"):
        look["logo_media_id"] = media.add(site.path.parent / look["logo"])
    return look
