"""Which paragraphs of a translation were made from a source text that has changed since.

A translator who finishes a file records, in its front matter, one short hash per paragraph of
the source they translated from:

    translated_from:
      language: en
      hashes: [3f0a9c1e2b7d, 9d41c0aa5e12]

Paragraph i of the source stands for paragraph i of the translation. When a curator later
edits paragraph i of the source, its hash no longer matches and that paragraph of the
translation is "stale": `kiosk check` points at it, the export for translators includes it.
Paragraphs are compared, not whole files, so fixing one typo in English does not send a whole
Khmer translation back to its translator.

No Kivy and no catalog here: the checker, the translation exchange and the curator studio all
read the same few functions, so their idea of "changed" cannot drift apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SYNC_KEY = "translated_from"
HASH_DIGITS = 12

_MARKER = re.compile(r"^<!--\s*(page:\s*[^\s>]*|easy-read)\s*-->$")
_SPACE = re.compile(r"\s+")


def paragraph_spans(markdown_body: str) -> list[tuple[int, str]]:
    """(line offset within the body, text) of each paragraph: blocks separated by blank
    lines, with `<!-- page: ID -->` and `<!-- easy-read -->` markers blocks of their own
    (they mark structure, and a translation must keep them where the source has them)."""
    spans: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0

    def close() -> None:
        if current:
            spans.append((start, "\n".join(current)))
            current.clear()

    for offset, line in enumerate(markdown_body.replace("\r\n", "\n").split("\n")):
        stripped = line.strip()
        if not stripped:
            close()
        elif _MARKER.match(stripped):
            close()
            spans.append((offset, stripped))
        else:
            if not current:
                start = offset
            current.append(line.rstrip())
    close()
    return spans


def paragraphs(markdown_body: str) -> list[str]:
    """The body's paragraphs, in order (see `paragraph_spans`)."""
    return [text for _, text in paragraph_spans(markdown_body)]


def paragraph_hash(paragraph: str) -> str:
    """A short, stable fingerprint of a paragraph: sha256 of its NFC text with runs of white
    space made one space (re-wrapping a paragraph in an editor is not a change), first 12 hex
    digits (enough to tell edits apart, short enough to sit in front matter)."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", paragraph)).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def body_hashes(markdown_body: str) -> list[str]:
    """The hashes to record in `translated_from.hashes` for a translation made from this
    source body now."""
    return [paragraph_hash(p) for p in paragraphs(markdown_body)]


def stale_paragraphs(source_body: str, target_body: str, recorded_hashes: list[str]) -> list[int]:
    """Indexes of the target's paragraphs whose source paragraph no longer has the recorded
    hash: edited, removed, or (past the end of the record) added to the source since."""
    current = body_hashes(source_body)
    stale = []
    for index in range(len(paragraphs(target_body))):
        recorded = recorded_hashes[index] if index < len(recorded_hashes) else None
        now = current[index] if index < len(current) else None
        if recorded != now:
            stale.append(index)
    return stale


def recorded_sync(front) -> tuple[str, list[str]] | None:
    """(source language, hashes) from a translation's front matter mapping, or None when it
    records none or records it in a shape other than `{language: .., hashes: [..]}`."""
    value = front.get(SYNC_KEY) if hasattr(front, "get") else None
    if not hasattr(value, "get"):
        return None
    language, hashes = value.get("language"), value.get("hashes")
    if not isinstance(language, str) or not language.strip() or not isinstance(hashes, list):
        return None
    return language.strip(), [str(h).strip().lower() for h in hashes]


# The front matter's words are kept in step the same way as the body's paragraphs: one hash
# per field, `translated_from: {language: en, hashes: [...], fields: {title: .., caption: ..}}`
# (an image's caption and alt text live there, not in its body).
FIELDS_KEY = "fields"


def field_hash(value) -> str | None:
    """The hash to record for a front-matter field's text (None for a field with no text)."""
    return paragraph_hash(value) if isinstance(value, str) and value.strip() else None


def recorded_fields(front) -> dict[str, str]:
    """{field: hash} recorded in `translated_from.fields`; empty when none is recorded."""
    value = front.get(SYNC_KEY) if hasattr(front, "get") else None
    fields = value.get(FIELDS_KEY) if hasattr(value, "get") else None
    if not hasattr(fields, "items"):
        return {}
    return {str(k): str(v).strip().lower() for k, v in fields.items()}


def stale_fields(source_front, recorded: dict[str, str]) -> list[str]:
    """The fields whose source text no longer has the recorded hash (edited or removed)."""
    return [key for key, old in recorded.items()
            if field_hash(source_front.get(key) if hasattr(source_front, "get") else None)
            != old]


def is_marker(paragraph: str) -> bool:
    """A `<!-- page: ID -->` or `<!-- easy-read -->` paragraph: structure, not words."""
    return bool(_MARKER.match(paragraph.strip()))
