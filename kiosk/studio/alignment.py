"""A source text and its translation side by side: paragraphs paired, and the translation
written back as the plain file `kiosk check` reads, with `translated_from` recorded.

Paragraphs are paired part by part: a `<!-- page: ID -->` or `<!-- easy-read -->` marker starts
a part, and within a part paragraph i of the translation stands for paragraph i of the source.
A translation that strays from the source's shape (a paragraph more before a page marker) is
still shown beside the right source text; when it is saved from here it takes the source's
shape, which is what the positional hashes of translation_sync.py need.

No web framework here: the page (translate.py) and the tests use the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.content.translation_sync import (
    FIELDS_KEY,
    SYNC_KEY,
    field_hash,
    is_marker,
    paragraph_hash,
    paragraph_spans,
    paragraphs,
    recorded_fields,
    recorded_sync,
)
from kiosk.studio.forms import text_fields

# Front-matter keys that are not words to translate (files, directions, the record itself);
# a narration's transcript is a block edited on the item page.
NOT_WORDS = {"audio", "transcript", "page_audio", "direction", SYNC_KEY}
LONG_WORDS = {"alt", "caption", "content_warning"}
WORD_NAMES = {"alt": "alt text"}

MISSING, OUTDATED, UNRECORDED, CURRENT = "missing", "outdated", "unrecorded", "current"


@dataclass
class Pair:
    """One source paragraph (or field) and what the translation has for it."""

    key: str  # the box's name: "p3" for paragraph 3 (0-based), "f-title" for a field
    source: str
    target: str
    state: str  # missing / outdated / unrecorded / current; "marker" for structure
    label: str = ""
    recorded: str | None = None  # the hash the translation recorded for it, if any

    @property
    def marker(self) -> bool:
        return self.state == "marker"

    @property
    def name(self) -> str:
        """What the box is called on the page: "alt text", "paragraph 3" (counted as `kiosk
        check` counts them in its hints, markers included)."""
        if self.key.startswith("f-"):
            return WORD_NAMES.get(self.label, self.label.replace("_", " "))
        return f"paragraph {int(self.key[1:]) + 1}"


@dataclass
class SideBySide:
    source_lang: str
    target_lang: str
    fields: list[Pair]
    paragraphs: list[Pair]
    extras: list[str] = field(default_factory=list)  # translation paragraphs with no source
    recorded_from: str | None = None  # the language the translation says it came from
    breaks: list[str] = field(default_factory=list)  # what follows each source paragraph


def word_fields(kind: str) -> list[str]:
    return [f.name for f in text_fields(kind) if f.name not in NOT_WORDS]


def _parts(body: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """(marker, [(index in the body, paragraph)]) for each part; the first part's marker is ""."""
    parts: list[tuple[str, list[tuple[int, str]]]] = [("", [])]
    for index, text in enumerate(paragraphs(body)):
        if is_marker(text):
            parts.append((" ".join(text.split()), [(index, text)]))
        else:
            parts[-1][1].append((index, text))
    return parts


def marker_label(text: str) -> str:
    inner = text.strip()[4:-3].strip()
    if inner == "easy-read":
        return "The Easy Read version starts here"
    return f"Page '{inner.split(':', 1)[1].strip()}' starts here"


def pair_up(kind: str, source_lang: str, source: dict, target_lang: str,
            target: dict | None) -> SideBySide:
    """`source` and `target` are language files as the store reads them (front-matter keys and
    "body"); `target` is None when the item has no file in that language yet."""
    target = target or {}
    record = recorded_sync(target)
    recorded_from = record[0] if record else None
    tracked = recorded_from == source_lang
    hashes = record[1] if tracked else []
    field_record = recorded_fields(target) if tracked else {}

    def state(text: str, old: str | None, now: str | None) -> str:
        if not text.strip():
            return MISSING
        if not tracked:
            return UNRECORDED
        return CURRENT if old == now else OUTDATED

    pairs_f = []
    for name in word_fields(kind):
        src, tgt = _text(source.get(name)), _text(target.get(name))
        if src or tgt:
            old = field_record.get(name)
            pairs_f.append(Pair(f"f-{name}", src, tgt, state(tgt, old, field_hash(src)), name,
                                old))
    target_parts = dict(_parts(str(target.get("body") or "")))
    pairs_p, extras = [], []
    for marker, members in _parts(str(source.get("body") or "")):
        theirs = target_parts.pop(marker, [])
        if marker:
            (index, text), members = members[0], members[1:]
            pairs_p.append(Pair(f"p{index}", text, text, "marker", marker_label(text)))
            theirs = theirs[1:]
        for slot, (index, text) in enumerate(members):
            mine = theirs[slot] if slot < len(theirs) else None
            old = hashes[mine[0]] if mine and mine[0] < len(hashes) else None
            tgt = mine[1] if mine else ""
            pairs_p.append(Pair(f"p{index}", text, tgt, state(tgt, old, paragraph_hash(text)),
                                recorded=old))
        extras += [text for _, text in theirs[len(members):]]
    for members in target_parts.values():  # parts the source does not have
        extras += [text for _, text in members]
    return SideBySide(source_lang, target_lang, pairs_f, pairs_p, extras, recorded_from,
                      _breaks(str(source.get("body") or "")))


def _breaks(body: str) -> list[str]:
    """The line breaks after each paragraph of the source ("\n" after a marker written right
    above its text, "\n\n" for a blank line), so the translation is laid out like it."""
    spans = paragraph_spans(body)
    ends = [start + text.count("\n") + 1 for start, text in spans]
    return ["\n" * max(1, nxt[0] - end + 1) for end, nxt in zip(ends, spans[1:], strict=False)]


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


class NotAligned(ValueError):
    """A translation that cannot be saved in the source's shape; `key` is the box concerned."""

    def __init__(self, key: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.key, self.message, self.hint = key, message, hint


def written(side: SideBySide, typed: dict[str, str], confirmed: set[str]) -> dict:
    """The target language file's new front-matter keys and body, as the store saves them.

    A paragraph or field is recorded as made from today's source when the translator changed
    it here or ticked "still matches the source"; an outdated one left as it was keeps its old
    hash, so it stays flagged until someone looks at it.
    """
    entry: dict = {}
    field_hashes = CommentedMap()
    for pair in side.fields:
        new = typed.get(pair.key, pair.target).replace("\r\n", "\n").strip()
        entry[pair.label] = new
        if new and pair.source:
            field_hashes[pair.label] = _hash_for(pair, new, confirmed, field_hash(pair.source))
    texts = [typed.get(pair.key, pair.target).replace("\r\n", "\n").strip()
             if not pair.marker else pair.source for pair in side.paragraphs]
    if typed.get("extras", "\n\n".join(side.extras)).strip():
        raise NotAligned("extras", "the translation has paragraphs the source does not have",
                         "move their words into the boxes beside the source, then empty "
                         "the box 'Not in the source'")
    last = max((i for i, (pair, text) in enumerate(zip(side.paragraphs, texts, strict=True))
                if text and not pair.marker), default=-1)
    body_hashes = CommentedSeq()
    for pair, text in zip(side.paragraphs[:last + 1], texts[:last + 1], strict=True):
        number = int(pair.key[1:]) + 1
        if not text:
            raise NotAligned(pair.key, f"paragraph {number} is not translated, but later "
                             "ones are", "translate it too: paragraph 1 of a translation "
                             "stands for paragraph 1 of the source, and so on")
        if "\n\n" in text or (not pair.marker and is_marker(text)):
            raise NotAligned(pair.key, f"paragraph {number} holds more than one paragraph",
                             "one paragraph a box: join its lines, or leave out the blank line")
        body_hashes.append(_hash_for(pair, text, confirmed, paragraph_hash(pair.source)))
    entry["body"] = "".join(text + (side.breaks[i] if i < min(last, len(side.breaks)) else "")
                            for i, text in enumerate(texts[:last + 1])) + \
        ("\n" if last >= 0 else "")
    record = CommentedMap(language=side.source_lang, hashes=body_hashes)
    body_hashes.fa.set_flow_style()
    if field_hashes:
        field_hashes.fa.set_flow_style()
        record[FIELDS_KEY] = field_hashes
    record.fa.set_flow_style()
    entry[SYNC_KEY] = record
    return entry


def _hash_for(pair: Pair, new: str, confirmed: set[str], now: str) -> str:
    if pair.state != OUTDATED or pair.key in confirmed or paragraph_hash(new) != \
            paragraph_hash(pair.target):
        return now
    return pair.recorded or now


def missing_count(side: SideBySide) -> int:
    return sum(p.state == MISSING for p in [*side.fields, *side.paragraphs])
