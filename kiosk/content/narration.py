"""Recorded narration in content: which recording goes with which text, and `kiosk check`'s
rules for it (docs/content-format.md, "Recorded narration").

A language file names its recordings in its front matter: `audio` for the item, `page_audio`
(page id -> file) for a document's pages. Every recording needs its words for visitors who
cannot hear it: the transcript is the text the recording belongs to (a treaty's summary, an
image's description, a document's introduction, a page's text) unless `transcript` gives
them. The build (kiosk/catalog/build.py) asks the same functions, so what is checked is what
is built.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.markdown import split_easy_read, split_pages
from kiosk.content.model import Item, Translation
from kiosk.content.problems import ProblemList
from kiosk.content.shown import id_hint, shown_id
from kiosk.content.yamlfile import LineDict
from kiosk.media.audio import AudioProblem, probe_audio

NARRATED_KINDS = ("treaty", "document", "image")
NARRATION_KEYS = {"audio", "transcript"}  # in the language file of a narrated kind
PAGE_KEY = "page_audio"  # documents only


@dataclass(frozen=True)
class Recording:
    """A recording named in a language file: the name as written, and the line that names it."""

    folder: Path
    name: object  # from YAML: a file name, unless the curator wrote something else
    line: int

    @property
    def is_plain_name(self) -> bool:
        name = self.name
        return (isinstance(name, str) and bool(name) and not name.startswith(".")
                and "/" not in name and "\\" not in name)

    @property
    def path(self) -> Path:
        return self.folder / str(self.name)


def item_recording(translation: Translation) -> Recording | None:
    if "audio" not in translation.front:
        return None
    return Recording(translation.path.parent, translation.front["audio"],
                     translation.front.line_of("audio"))


def page_recordings(translation: Translation) -> dict[str, Recording]:
    """page id -> recording, from `page_audio` (empty when it is missing or malformed)."""
    pages = translation.front.get(PAGE_KEY)
    if not isinstance(pages, LineDict):
        return {}
    return {str(page_id): Recording(translation.path.parent, name, pages.line_of(page_id))
            for page_id, name in pages.items()}


def item_transcript(item: Item, translation: Translation) -> str:
    """The Markdown the item's recording says: `transcript`, else the file's own text."""
    explicit = translation.front.get("transcript")
    if explicit is not None:
        return explicit.strip() if isinstance(explicit, str) else ""
    body = translation.body
    if item.kind == "treaty":
        return split_easy_read(body)[0]
    if item.kind == "document":
        return split_pages(body, translation.body_line)[0]
    return body.strip()


def page_texts(translation: Translation) -> dict[str, str]:
    _, pages = split_pages(translation.body, translation.body_line)
    return {page.page_id: page.text for page in pages}


def check_narration(item: Item, page_ids: list[str], problems: ProblemList) -> None:
    """Every recording of `item` exists, decodes and has a transcript in its language."""
    if item.kind not in NARRATED_KINDS:
        return
    for translation in item.translations.values():
        recording = item_recording(translation)
        if recording is not None and _check_file(translation, recording, problems):
            if not isinstance(translation.front.get("transcript", ""), str):
                problems.error(translation.path, translation.front.line_of("transcript"),
                               "'transcript' must be text",
                               "transcript: |\n      the words of the recording, as Markdown")
            elif not item_transcript(item, translation):
                problems.error(translation.path, recording.line,
                               "the recording has no transcript: this file's text is empty",
                               "write the text below the front matter, or give 'transcript: |' "
                               "with the words of the recording")
        if item.kind == "document":
            _check_pages(translation, page_ids, problems)
        elif PAGE_KEY in translation.front:
            problems.error(translation.path, translation.front.line_of(PAGE_KEY),
                           f"'{PAGE_KEY}' is only for documents",
                           "give the item's recording as 'audio: narration.vi.ogg'")


def _check_pages(translation: Translation, page_ids: list[str], problems: ProblemList) -> None:
    if PAGE_KEY not in translation.front:
        return
    if not isinstance(translation.front[PAGE_KEY], LineDict):
        problems.error(translation.path, translation.front.line_of(PAGE_KEY),
                       f"'{PAGE_KEY}' must map page ids to recordings",
                       f"{PAGE_KEY}:\n      article-1: article-1.{translation.lang}.mp3")
        return
    texts = page_texts(translation)
    for page_id, recording in page_recordings(translation).items():
        if page_id not in page_ids:
            close = difflib.get_close_matches(page_id, page_ids, n=1)
            problems.error(translation.path, recording.line,
                           f"{PAGE_KEY} names unknown page {shown_id(page_id)}",
                           id_hint(page_id, f"did you mean '{close[0]}'?" if close
                                   else "use a page id from pages in item.yaml"))
            continue
        if _check_file(translation, recording, problems) and not texts.get(page_id):
            problems.error(translation.path, recording.line,
                           f"the recording of page '{page_id}' has no transcript: the page has "
                           f"no text in this file",
                           f"add <!-- page: {page_id} --> and the page's words in this language")


def _check_file(translation: Translation, recording: Recording, problems: ProblemList) -> bool:
    """True when the recording is a plain file name of a file that decodes."""
    if not recording.is_plain_name:
        problems.error(translation.path, recording.line,
                       f"recording {recording.name!r} is not a plain file name",
                       "put the recording in the item's folder and give its name, "
                       "e.g. narration.vi.ogg")
        return False
    try:
        probe_audio(recording.path)
    except AudioProblem as problem:
        problems.error(translation.path, recording.line, str(problem), problem.hint)
        return False
    return True
