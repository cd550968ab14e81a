"""A `video` item into the catalog: the film (and its sign-language and described versions)
copied into the media folder under the hash of its bytes, a poster and a thumbnail cut from it,
and its caption and description cues and transcripts per language, in the item's `data`
(docs/catalog.md). Kept in the item's row rather than new tables, so catalogs of schema 4 stay
readable both ways.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from kiosk.content.markdown import split_front_matter
from kiosk.content.model import Item
from kiosk.content.problems import Problem
from kiosk.content.video import FilmTracks, film_tracks
from kiosk.content.webvtt import Cue, read_track
from kiosk.media.images import DISPLAY_MAX, THUMB_MAX, derive_image
from kiosk.media.video import VideoProblem, grab_frame, probe_video

FILM_FILE_KEYS = ("file", "poster", "thumbnail")


class FilmBuildError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def film_data(item: Item, media_folder: Path) -> dict:
    """What the kiosk needs to play the film with every track, as JSON-ready values."""
    tracks = film_tracks(item)
    assert tracks is not None  # checked before the build
    meta = item.meta
    try:
        info = probe_video(tracks.film)
    except VideoProblem as exc:  # the file changed since it was checked
        raise FilmBuildError(Problem(str(tracks.film), 1, "error", str(exc),
                                     "run kiosk check again")) from None
    name = _copy(tracks.film, media_folder)
    poster, thumbnail = _poster(item, tracks, name, media_folder)
    return {
        "file": name, "duration_s": info.duration_s, "width": info.width,
        "height": info.height, "video_codec": info.video_codec,
        "audio_codec": info.audio_codec, "size_bytes": info.size_bytes,
        "language": str(meta.get("language", "")), "speech": meta.get("speech") != "none",
        "poster": poster, "thumbnail": thumbnail,
        "captions": _cues(tracks.captions, info.duration_s),
        "descriptions": _cues(tracks.descriptions, info.duration_s),
        "transcripts": _transcripts(tracks),
        "sign": {tag: _copy(path, media_folder) for tag, path in tracks.sign.items()},
        "described": _copy(tracks.described, media_folder) if tracks.described else None,
    }


def film_files(data: dict) -> set[str]:
    """The media files an item's data names (for pruning the media folder)."""
    film = data.get("film") or {}
    names = {film.get(key) for key in FILM_FILE_KEYS} | set((film.get("sign") or {}).values())
    names.add(film.get("described"))
    return {name for name in names if name}


def _copy(source: Path, folder: Path) -> str:
    digest = _digest(source)
    name = f"{digest}-film{source.suffix.lower()}"
    target = folder / name
    if not target.exists():
        partial = target.with_name(f".{name}.partial")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    return name


def _digest(source: Path) -> str:
    digest = hashlib.sha256()
    with source.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:24]


def _poster(item: Item, tracks: FilmTracks, film_name: str, folder: Path) -> tuple[str, str]:
    """The poster (display size) and the thumbnail: from `poster:` or the frame at
    `poster_time`."""
    given = item.meta.get("poster")
    if isinstance(given, str):
        source = item.folder / given
        key = _digest(source)
    else:
        at = float(item.meta.get("poster_time", 0))
        key = f"{film_name.split('-')[0]}-{at:g}"
        source = folder / f"{key}-frame.jpg"
        if not source.exists():
            partial = source.with_name(f".{source.name}.partial.jpg")
            grab_frame(tracks.film, at, partial, DISPLAY_MAX)
            os.replace(partial, source)
    names = []
    for size, limit in (("poster", DISPLAY_MAX), ("thumb", THUMB_MAX)):
        name = f"{key}-{size}.jpg"
        target = folder / name
        if not target.exists():
            partial = target.with_name(f".{name}.partial.jpg")
            derive_image(source, partial, limit)
            os.replace(partial, target)
        names.append(name)
    if not isinstance(given, str):
        source.unlink(missing_ok=True)
    return names[0], names[1]


def _cues(files: dict[str, Path], duration_s: float) -> dict[str, list]:
    return {lang: [_cue(c) for c in read_track(path, duration_s).cues]
            for lang, path in sorted(files.items())}


def _cue(cue: Cue) -> list:
    return [round(cue.start, 3), round(cue.end, 3), cue.text]


def _transcripts(tracks: FilmTracks) -> dict[str, str]:
    """Per language: the Markdown given, or one made from the captions and descriptions in
    time order (descriptions in brackets, as transcripts for deaf-blind readers set them)."""
    out = {}
    for lang in sorted(set(tracks.captions) | set(tracks.descriptions) | set(tracks.transcripts)):
        if lang in tracks.transcripts:
            text = tracks.transcripts[lang].read_text(encoding="utf-8-sig")
            out[lang] = split_front_matter(text).body if text.startswith("---") else text
            continue
        parts = [(c.start, c.text) for c in read_track(tracks.captions[lang]).cues] \
            if lang in tracks.captions else []
        parts += [(c.start, f"[{c.text}]") for c in read_track(tracks.descriptions[lang]).cues] \
            if lang in tracks.descriptions else []
        out[lang] = "\n\n".join(text.replace("\n", " ") for _, text in sorted(parts))
    return out
