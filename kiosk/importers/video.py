"""`kiosk import video FILE --into content`: a film and the caption files beside it become a
`video` item, laid out as docs/content-format.md says (film.mp4, film.<lang>.vtt, ...).

Caption files are taken from beside the film by name: `Talk.vi.vtt`, `Talk.en.srt`,
`Talk.en.descriptions.vtt`. SubRip (.srt), what most subtitling tools write, is converted to
WebVTT with webvtt-py. The film is probed first, so a film the kiosk could not play is refused
before anything is written; a caption file with errors is imported and `kiosk check` then
names its lines.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.languages import normalize_tag
from kiosk.importers.common import (
    ImportProblem,
    check_item_id,
    check_lang,
    front_matter,
    slugify,
    staged_item,
    yaml_text,
)
from kiosk.media.video import VideoProblem, probe_video

TODO_CREDIT = "TODO: who made the film"


@dataclass
class VideoImport:
    folder: Path
    item_id: str
    duration_s: float
    captions: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_video(film: Path, content_dir: Path, item_id: str | None, lang: str,
                 spoken: str, title: str | None, replace: bool = False) -> VideoImport:
    film, content_dir = Path(film), Path(content_dir)
    if not film.is_file():
        raise ImportProblem(f"{film}: no such file")
    if not (content_dir / "site.yaml").is_file():
        raise ImportProblem(f"{content_dir} has no site.yaml: give the content folder")
    try:
        info = probe_video(film)
    except VideoProblem as exc:
        raise ImportProblem(f"{film}: {exc}") from None
    item_id = check_item_id(item_id or slugify(film.stem, "film"))
    lang, spoken = check_lang(lang), (spoken if spoken == "zxx" else check_lang(spoken))
    ext = film.suffix.lower()
    result = VideoImport(content_dir / "items" / item_id, item_id, info.duration_s)
    with staged_item(content_dir, item_id, replace) as folder:
        shutil.copyfile(film, folder / f"film{ext}")
        for source, tag, kind in _tracks_beside(film):
            target = folder / (f"film.{tag}.descriptions.vtt" if kind == "descriptions"
                               else f"film.{tag}.vtt")
            _bring_track(source, target, result)
            (result.descriptions if kind == "descriptions" else result.captions).append(tag)
        meta = {"kind": "video", "file": f"film{ext}", "language": spoken,
                "poster_time": round(min(4.0, info.duration_s / 3), 1),
                "credit": TODO_CREDIT, "licence": "TODO: licence"}
        if spoken == "zxx":
            meta["speech"] = "none"
        (folder / "item.yaml").write_text(
            yaml_text(meta, f"Imported from {film.name} by kiosk import video"), encoding="utf-8")
        (folder / f"{lang}.md").write_text(
            front_matter({"title": title or film.stem},
                         "TODO: what the film is about, in a few sentences."), encoding="utf-8")
    return result


def _tracks_beside(film: Path):
    """(path, language tag, captions|descriptions) for each .vtt/.srt named after the film."""
    for path in sorted(film.parent.glob(f"{film.stem}.*")):
        parts = path.name[len(film.stem) + 1:].split(".")
        if len(parts) < 2 or parts[-1].lower() not in ("vtt", "srt"):
            continue
        tag = normalize_tag(parts[0])
        if tag is None:
            continue
        kind = "descriptions" if parts[1:-1] == ["descriptions"] else "captions"
        if parts[1:-1] not in ([], ["descriptions"]):
            continue
        yield path, tag, kind


def _bring_track(source: Path, target: Path, result: VideoImport) -> None:
    if source.suffix.lower() == ".vtt":
        shutil.copyfile(source, target)
        return
    import webvtt

    try:
        webvtt.from_srt(str(source)).save(str(target))
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError,
            UnicodeDecodeError, ValueError) as exc:
        raise ImportProblem(f"{source}: not a SubRip file webvtt-py can read ({exc}); fix it "
                            "or save it as WebVTT") from None
    result.notes.append(f"{source.name} converted from SubRip to WebVTT as {target.name}")
