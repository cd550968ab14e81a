"""Importing a whole UDHR-in-XML corpus in one go: every readable file becomes a translation.

The corpus holds several translations of one language (other orthographies, periods, regions)
and translations of undetermined language (`und`), told apart only by their file's key. Each
gets a tag of its own, derived from the key alone so a re-run gives the same tags; a file that
cannot be read is reported and skipped, and the rest are imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.importers.udhr import Translation, UdhrImportError, parse_udhr

_SUBTAG = re.compile(r"[a-z0-9]+")


@dataclass
class BatchSummary:
    imported: list[tuple[str, str, Path]] = field(default_factory=list)  # (tag, name, file)
    unchanged: list[str] = field(default_factory=list)  # tags whose file was already so
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)

    def lines(self) -> list[str]:
        written = len(self.imported) - len(self.unchanged)
        out = [f"imported {len(self.imported)} translation(s) ({written} written, "
               f"{len(self.unchanged)} unchanged), skipped {len(self.skipped)}"]
        out += [f"  skipped {path}: {why}" for path, why in self.skipped]
        return out


def private_use_tag(base: str, key: str) -> str:
    """`base-x-…` from the file's key (`und_maya` → `und-x-und-maya`): a private-use tag
    (BCP 47 section 2.2.7) that only this key gives, however the batch is made up."""
    parts = [p[:8] for p in _SUBTAG.findall(key.lower())] or ["unnamed"]
    return f"{base}-x-{'-'.join(parts)}"


def assign_tags(translations: list[Translation]) -> list[str]:
    """One distinct tag per translation. `und` always takes a private-use tag from its key;
    of several translations sharing a tag, the one with the shortest key (then the first in
    key order: `spa` before `spa_2`) keeps it and the others take private-use tags."""
    tags: list[str] = []
    by_tag: dict[str, list[int]] = {}
    for index, translation in enumerate(translations):
        by_tag.setdefault(translation.lang, []).append(index)
    tags = [t.lang for t in translations]
    for tag, indexes in by_tag.items():
        if tag != "und" and len(indexes) == 1:
            continue
        ordered = sorted(indexes, key=lambda i: (len(translations[i].key), translations[i].key))
        keep = ordered[1:] if tag != "und" else ordered
        for index in keep:
            tags[index] = private_use_tag(tag, translations[index].key)
    seen: dict[str, int] = {}
    for index, tag in enumerate(tags):  # two files with the same key: number the later ones
        if tag in seen:
            tags[index] = f"{tag}-{index}" if "-x-" in tag else f"{tag}-x-{index}"
        seen[tag] = index
    return tags


def parse_all(files: list[Path], summary: BatchSummary,
              progress: Callable[[], None] | None = None) -> list[tuple[Path, Translation]]:
    """The files that parse, in key order; the others recorded in `summary.skipped`."""
    parsed = []
    for path in files:
        try:
            parsed.append((Path(path), parse_udhr(Path(path))))
        except UdhrImportError as exc:
            summary.skipped.append((Path(path), str(exc).removeprefix(f"{path}: ")))
        if progress is not None:
            progress()
    return sorted(parsed, key=lambda pair: (pair[1].key, str(pair[0])))
