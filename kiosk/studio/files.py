"""Reading and writing content files so that a save looks like a careful hand edit.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and blank lines of what was not
edited; a Markdown file's front matter goes through it and its body is kept as text. Writes are
atomic (a temporary file renamed over the old one), so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

FENCE = "---"


# Lists are written as the file already writes them: indented under their key or not.
_STYLES = ((2, 4, 2), (2, 2, 0))


def _yaml(style=_STYLES[0]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the curator did not touch
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def _style_of(text: str):
    """The list indentation `text` uses: a '- ' at the same indent as its key, or deeper."""
    lines = text.split("\n")
    for above, line in zip(lines, lines[1:], strict=False):
        if line.lstrip().startswith("- ") and above.rstrip().endswith(":"):
            flush = len(line) - len(line.lstrip()) == len(above) - len(above.lstrip())
            return _STYLES[1] if flush else _STYLES[0]
    return _STYLES[0]


def load_mapping(text: str) -> CommentedMap:
    data = _yaml().load(text) if text.strip() else None
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump_mapping(data: CommentedMap, original: str = "") -> str:
    if not data and not original.strip():
        return ""
    stream = io.StringIO()
    _yaml(_style_of(original)).dump(data, stream)
    return stream.getvalue()


def yaml_round_trip(text: str) -> str:
    """Text as it would be saved after opening and changing nothing."""
    return dump_mapping(load_mapping(text), text) if text.strip() else text


class LanguageFile:
    """A `vi.md`-style file: front matter (round-trip YAML) and a Markdown body kept as text."""

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
        if not lines or lines[0].strip() != FENCE or end is None:
            self.opening, self.front_text, self.closing = f"{FENCE}\n", "", f"{FENCE}\n"
            self.body = text
        else:
            self.opening = lines[0] + "\n"
            self.front_text = "\n".join(lines[1:end]) + ("\n" if end > 1 else "")
            self.closing = lines[end] + "\n"
            self.body = "\n".join(lines[end + 1:])
        self.front = load_mapping(self.front_text)

    def text(self) -> str:
        front = dump_mapping(self.front, self.front_text) if self._front_changed() else \
            self.front_text
        return self.opening + front + self.closing + self.body

    def _front_changed(self) -> bool:
        return dump_mapping(load_mapping(self.front_text), self.front_text) != \
            dump_mapping(self.front, self.front_text)


def file_version(paths: list[Path]) -> str:
    """A digest of the files' bytes: what the page read, to tell whether they changed since."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` all at once (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
