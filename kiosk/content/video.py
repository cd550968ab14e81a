"""The `video` kind: a film and its access tracks, found beside it by name, and the rules
`kiosk check` holds them to.

What the Canadian Museum for Human Rights found hard was keeping every track complete in every
language, so completeness is checked here: captions in each language the film is offered in
(unless it has no speech), a transcript in each (given, or made from captions and
descriptions), a poster; a warning where descriptions or a sign-language track are missing.

    items/making-of/
      item.yaml          kind: video, file: film.mp4, language: vi, poster_time: 4
      film.mp4
      film.vi.vtt  film.en.vtt            captions, one per language
      film.en.descriptions.vtt            text descriptions, spoken by the kiosk
      film.en.transcript.md               optional: a transcript written by hand
      film-vsl.mp4                        sign: {vsl: film-vsl.mp4}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.languages import normalize_tag
from kiosk.content.model import Item
from kiosk.content.problems import ProblemList
from kiosk.content.webvtt import Track, read_track
from kiosk.media.video import VideoInfo, VideoProblem, probe_video

VIDEO_KEYS = {"file", "language", "poster", "poster_time", "described", "sign", "speech",
              "credit", "licence"}
VIDEO_FRONT_KEYS = {"title"}
NO_LANGUAGE = "zxx"  # ISO 639: no linguistic content


@dataclass
class FilmTracks:
    film: Path
    captions: dict[str, Path] = field(default_factory=dict)
    descriptions: dict[str, Path] = field(default_factory=dict)
    transcripts: dict[str, Path] = field(default_factory=dict)
    sign: dict[str, Path] = field(default_factory=dict)
    described: Path | None = None


def film_tracks(item: Item) -> FilmTracks | None:
    """The film's file and every track beside it, by name (None without a usable `file`)."""
    name = item.meta.get("file")
    if not _plain_name(name):
        return None
    film = item.folder / name
    stem = film.stem
    tracks = FilmTracks(film)
    for path in sorted(item.folder.glob(f"{stem}.*")):
        rest = path.name[len(stem) + 1:]
        parts = rest.split(".")
        tag = normalize_tag(parts[0]) if parts else None
        if tag is None:
            continue
        if parts[1:] == ["vtt"]:
            tracks.captions[tag] = path
        elif parts[1:] == ["descriptions", "vtt"]:
            tracks.descriptions[tag] = path
        elif parts[1:] == ["transcript", "md"]:
            tracks.transcripts[tag] = path
    sign = item.meta.get("sign")
    if isinstance(sign, dict):
        tracks.sign = {str(tag): item.folder / str(file) for tag, file in sign.items()
                       if _plain_name(file)}
    described = item.meta.get("described")
    if _plain_name(described):
        tracks.described = item.folder / described
    return tracks


def _plain_name(name) -> bool:
    return isinstance(name, str) and bool(name) and "/" not in name and "\\" not in name \
        and not name.startswith(".")


def check_video(item: Item, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    tracks = film_tracks(item)
    if tracks is None:
        problems.error(path, meta.line_of("file") if "file" in meta else meta.line,
                       "'file' is missing or not a plain file name",
                       "file: film.mp4 (H.264/AAC MP4 or VP9/Opus WebM, in the item's folder)")
        return
    info = _probe(tracks.film, path, meta.line_of("file"), problems)
    _check_language(item, problems)
    _check_poster(item, info, problems)
    for key, files in (("sign", tracks.sign.values()), ("described", [tracks.described])):
        for file in files:
            if file is not None:
                _probe(file, path, meta.line_of(key), problems)
    tracks_read = {lang: read_track(p, info.duration_s if info else None)
                   for lang, p in tracks.captions.items()}
    descriptions_read = {lang: read_track(p, info.duration_s if info else None)
                         for lang, p in tracks.descriptions.items()}
    for kind_tracks, files in ((tracks_read, tracks.captions),
                               (descriptions_read, tracks.descriptions)):
        for lang, track in kind_tracks.items():
            _report_track(files[lang], track, problems)
    _check_completeness(item, tracks, problems)


def _probe(film: Path, path: Path, line: int, problems: ProblemList) -> VideoInfo | None:
    if not film.is_file():
        problems.error(path, line, f"{film.name} is not in the item's folder",
                       "copy the film beside item.yaml, or correct the name")
        return None
    try:
        return probe_video(film)
    except VideoProblem as exc:
        problems.error(path, line, str(exc), "export it again as H.264/AAC MP4 (e.g. 1280x720)")
        return None


def _check_language(item: Item, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    language = meta.get("language")
    if not isinstance(language, str) or normalize_tag(language) is None:
        problems.error(path, meta.line_of("language") if "language" in meta else meta.line,
                       "'language' (the language spoken in the film) is missing or not a tag",
                       "e.g. language: vi; zxx for a film without words")
    speech = meta.get("speech")
    if speech is not None and speech != "none":
        problems.error(path, meta.line_of("speech"), f"unknown speech value {speech!r}",
                       "leave it out, or write speech: none for a film without spoken words")


def _check_poster(item: Item, info: VideoInfo | None, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    poster, at = meta.get("poster"), meta.get("poster_time")
    if poster is None and at is None:
        problems.error(path, meta.line, "the film has no poster",
                       "poster_time: 4 (the frame at 4 s) or poster: poster.jpg")
    if poster is not None and not (_plain_name(poster) and (item.folder / poster).is_file()):
        problems.error(path, meta.line_of("poster"), f"poster {poster!r} is not in the item's folder",
                       "give the name of a JPEG or PNG beside item.yaml")
    if at is not None:
        if isinstance(at, bool) or not isinstance(at, int | float) or at < 0:
            problems.error(path, meta.line_of("poster_time"), "'poster_time' must be seconds",
                           "e.g. poster_time: 4.5")
        elif info is not None and at >= info.duration_s:
            problems.error(path, meta.line_of("poster_time"),
                           f"poster_time {at} is after the film ends ({info.duration_s:.1f} s)",
                           "choose a moment within the film")


def _report_track(file: Path, track: Track, problems: ProblemList) -> None:
    for problem in track.problems:
        problems.error(file, problem.line, problem.message, problem.hint)


def _check_completeness(item: Item, tracks: FilmTracks, problems: ProblemList) -> None:
    meta, path = item.meta, item.meta_path
    stem = tracks.film.stem
    silent = meta.get("speech") == "none"
    for lang, translation in sorted(item.translations.items()):
        if not silent and lang not in tracks.captions:
            problems.error(translation.path, 1, f"the film has no captions in '{lang}'",
                           f"add {stem}.{lang}.vtt beside the film (WebVTT), or write "
                           "speech: none in item.yaml for a film without words")
        has_transcript = (lang in tracks.transcripts or lang in tracks.captions
                          or lang in tracks.descriptions)
        if not has_transcript:
            problems.error(translation.path, 1, f"the film has no transcript in '{lang}'",
                           f"add {stem}.{lang}.transcript.md, or captions or descriptions in "
                           f"'{lang}' to make it from")
        if lang not in tracks.descriptions and tracks.described is None:
            problems.warning(translation.path, 1, f"no audio description in '{lang}'",
                             f"add {stem}.{lang}.descriptions.vtt (spoken by the kiosk) or "
                             "described: FILM-described.mp4, for blind visitors")
    if not tracks.sign:
        problems.warning(path, meta.line, "the film has no sign-language track",
                         "record one and add sign: {vsl: " + stem + "-vsl.mp4}; many deaf "
                         "visitors read sign language more easily than captions")
