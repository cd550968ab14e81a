"""`kiosk check`'s view of translation freshness: a warning at each paragraph of a translation
whose source paragraph changed after it was translated (kiosk/content/translation_sync.py)."""

from __future__ import annotations

from kiosk.content.languages import normalize_tag
from kiosk.content.model import Item
from kiosk.content.problems import ProblemList
from kiosk.content.translation_sync import (
    FIELDS_KEY,
    SYNC_KEY,
    body_hashes,
    field_hash,
    paragraph_spans,
    recorded_fields,
    recorded_sync,
    stale_fields,
    stale_paragraphs,
)


def check_translation_sync(item: Item, problems: ProblemList) -> None:
    """Warn, at its line, for each stale paragraph of each translation that records which
    source it was made from; a badly shaped record or an absent source is reported too."""
    for translation in item.translations.values():
        front = translation.front
        if SYNC_KEY not in front:
            continue
        line = front.line_of(SYNC_KEY)
        record = recorded_sync(front)
        if record is None:
            problems.warning(translation.path, line, f"'{SYNC_KEY}' is not understood",
                             f"write {SYNC_KEY}: {{language: en, hashes: [...]}}")
            continue
        language, hashes = record
        source = item.translations.get(normalize_tag(language) or language)
        if source is None or source is translation:
            problems.warning(translation.path, line,
                             f"'{SYNC_KEY}' names '{language}', which this item has no file for",
                             "name the language file this one was translated from")
            continue
        spans = paragraph_spans(translation.body)
        now = body_hashes(source.body)
        for index in stale_paragraphs(source.body, translation.body, hashes):
            where = translation.body_line + spans[index][0]
            new = now[index] if index < len(now) else None
            fix = (f"then make hash {index + 1} in '{SYNC_KEY}' {new}" if new
                   else f"the source has no paragraph {index + 1} any more; remove it here")
            problems.warning(translation.path, where, "source changed since translated",
                             f"compare paragraph {index + 1} with {source.path.name}; {fix}")
        _check_fields(translation, source, problems)


def _check_fields(translation, source, problems: ProblemList) -> None:
    """The same for the front matter's words (title, caption, alt text...), at their line."""
    front = translation.front
    fields = front[SYNC_KEY].get(FIELDS_KEY)
    if fields is not None and not isinstance(fields, dict):
        problems.warning(translation.path, front.line_of(SYNC_KEY),
                         f"'{SYNC_KEY}' has '{FIELDS_KEY}' that is not a mapping",
                         f"write {FIELDS_KEY}: {{title: HASH, caption: HASH}}")
    for key in stale_fields(source.front, recorded_fields(front)):
        new = field_hash(source.front.get(key))
        fix = (f"then make fields.{key} in '{SYNC_KEY}' {new}" if new
               else f"the source has no '{key}' any more; remove it from '{SYNC_KEY}'")
        problems.warning(translation.path, front.line_of(key if key in front else SYNC_KEY),
                         "source changed since translated",
                         f"compare '{key}' with {source.path.name}; {fix}")
