"""Films on the site and in the books: the `<track>`s of every language a film has.

A film page plays the film with its captions in every language (the page's own chosen by
default) and its text descriptions as `kind="descriptions"` tracks, which screen readers can
voice; the transcript (captions and descriptions together) is on the page for those who
cannot play it at all. The cues come from the catalog (the kiosk's own, checked by
`kiosk check`) and are written back as WebVTT with webvtt-py.

On the site a track is a `data:` address inside the page, not a file beside it: Chromium
refuses to load a `<track>` file into a page opened from a folder or USB stick ("'file:' URLs
are treated as unique security origins"), and the site must work from one. EPUB forbids
`data:` addresses, so a book carries the tracks as .vtt files.
"""

from __future__ import annotations

import base64

import webvtt

from kiosk.catalog.views import FilmCue, FilmView


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def vtt_text(cues: tuple[FilmCue, ...]) -> str:
    return webvtt.WebVTT(captions=[webvtt.Caption(_stamp(c.start), _stamp(c.end), c.text)
                                   for c in cues]).content


def data_address(cues: tuple[FilmCue, ...]) -> str:
    return "data:text/vtt;base64," + base64.b64encode(vtt_text(cues).encode("utf-8")).decode("ascii")


def film_tracks(catalog, view: FilmView) -> list[dict]:
    """Captions then descriptions, one track per language the film has them in.

    `kind` is "captions" for the film's spoken language (or a film without speech) and
    "subtitles" for a translation, as WebVTT means them; `default` marks the page's own."""
    langs = sorted(set(view.caption_langs) | set(view.available_languages))
    each = {lang: catalog.film(view.id, lang) for lang in langs}
    tracks = []
    for lang in view.caption_langs:
        spoken = not view.has_speech or lang.split("-")[0] == view.spoken_lang.split("-")[0]
        tracks.append({"kind": "captions" if spoken else "subtitles", "lang": lang,
                       "cues": each[lang].captions, "default": lang == view.captions_lang,
                       "name": catalog.language_name(lang)})
    for lang in langs:
        if each[lang].descriptions_lang == lang and each[lang].descriptions:
            tracks.append({"kind": "descriptions", "lang": lang, "cues": each[lang].descriptions,
                           "default": False, "name": catalog.language_name(lang)})
    return tracks
