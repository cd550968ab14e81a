"""Films from the catalog: the view a screen plays from, and the table of access tracks that
`kiosk info` prints (which languages have captions, descriptions, a transcript; which sign
languages), so a technician sees gaps without opening the content."""

from __future__ import annotations

import json

from kiosk.catalog.views import Block, FilmCue, FilmView
from kiosk.content.markdown import markdown_blocks


def film_view(catalog, item_id: str, lang: str) -> FilmView:
    kind, data = catalog._item_row(item_id)
    shown, title, _fields, blocks = catalog._translation(item_id, lang)
    film = data["film"]
    media = catalog._media
    captions_lang = _pick(catalog, film["captions"], lang)
    descriptions_lang = _pick(catalog, film["descriptions"], lang)
    transcript_lang = _pick(catalog, film["transcripts"], lang)
    return FilmView(
        id=item_id, title=title, lang=shown, requested_lang=lang, film=str(media / film["file"]),
        poster=str(media / film["poster"]), duration_s=film["duration_s"],
        width=film["width"], height=film["height"], spoken_lang=film["language"],
        has_speech=film["speech"], introduction=blocks,
        captions=_cues(film["captions"].get(captions_lang, [])), captions_lang=captions_lang,
        descriptions=_cues(film["descriptions"].get(descriptions_lang, [])),
        descriptions_lang=descriptions_lang,
        transcript=tuple(Block(b.kind, b.text, b.level) for b in
                         markdown_blocks(film["transcripts"].get(transcript_lang, ""))),
        sign=tuple((tag, str(media / name)) for tag, name in sorted(film["sign"].items())),
        described=str(media / film["described"]) if film.get("described") else None,
        credit=data.get("credit", ""), licence=data.get("licence", ""),
        available_languages=catalog.available_languages(item_id),
        caption_langs=tuple(sorted(film["captions"])), transcript_lang=transcript_lang)


def _pick(catalog, per_lang: dict, lang: str) -> str:
    return catalog._pick_language(list(per_lang), lang) if per_lang else ""


def _cues(rows: list) -> tuple[FilmCue, ...]:
    return tuple(FilmCue(float(s), float(e), str(t)) for s, e, t in rows)


def access_table(catalog) -> list[dict]:
    """One row per film and language: captions, descriptions, transcript (yes/no), and the
    film's sign languages."""
    rows = []
    for item_id, raw in catalog._rows("SELECT id, data FROM items WHERE kind = 'video' "
                                      "ORDER BY id"):
        film = json.loads(raw)["film"]
        langs = sorted(set(catalog.available_languages(item_id)) | set(film["captions"])
                       | set(film["descriptions"]))
        for lang in langs:
            rows.append({"film": item_id, "lang": lang, "spoken": film["language"],
                         "captions": lang in film["captions"],
                         "descriptions": lang in film["descriptions"] or bool(film["described"]),
                         "transcript": lang in film["transcripts"],
                         "sign": " ".join(sorted(film["sign"])) or "-",
                         "duration_s": round(film["duration_s"], 1)})
    return rows
