"""The content folder as the studio edits it: items read for a form, saved as plain files.

Each save names the version (a digest of the item's files) the page read; a save against an
older version is refused with both versions, so nobody's edit is overwritten unseen. Edits are
checked with `kiosk check`'s own rules on a copy before anything is written.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from kiosk.content import loader
from kiosk.content.checks import check_exhibition, item_problems
from kiosk.content.languages import normalize_tag
from kiosk.content.model import KINDS
from kiosk.content.problems import Problem, ProblemList
from kiosk.content.yamlfile import YamlError, load_yaml
from kiosk.studio import files
from kiosk.studio.forms import LONG, as_json
from kiosk.studio.paths import OutsideContent, inside, item_folder


class Conflict(Exception):
    def __init__(self, current: dict) -> None:
        super().__init__("the item was changed since you opened it")
        self.current = current


class Invalid(Exception):
    def __init__(self, problems: list[dict]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Saved:
    version: str
    problems: list[dict]
    written: list[Path] = field(default_factory=list)


def _typed(new, old):
    """A value as typed in a form, stored as the type the file had (a date stays a date,
    a quoted string keeps its quotes)."""
    if not isinstance(new, str):
        return new
    text = new.strip()
    if isinstance(old, bool):
        return text.lower() in ("true", "yes", "1")
    if isinstance(old, int) and text.lstrip("-").isdigit():
        return int(text)
    if isinstance(old, dt.date) or (old is None and _looks_like_date(text)):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if old is None and text.isdigit():
        return int(text)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new


def _looks_like_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-"


def _block(new):
    """A list or mapping typed as YAML in a text area, parsed as the file would parse it."""
    if not isinstance(new, str):
        return new
    data = files.load_mapping(f"v:\n{_indent(new)}") if new.strip() else None
    return None if data is None else data.get("v")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.lock = threading.Lock()  # one write at a time; readers never see half a save

    # reading -------------------------------------------------------------------------------
    def site(self) -> files.CommentedMap:
        return files.load_mapping((self.root / loader.SITE_FILE).read_text(encoding="utf-8"))

    def languages(self) -> list[str]:
        langs = self.site().get("languages") or []
        return [normalize_tag(str(tag)) or str(tag) for tag in langs]

    def item_ids(self) -> list[str]:
        folder = self.root / loader.ITEMS_DIR
        return sorted(p.name for p in folder.iterdir()
                      if p.is_dir() and not p.is_symlink() and loader.ITEM_ID.match(p.name))

    def _files_of(self, folder: Path) -> list[Path]:
        return [p for p in [folder / "item.yaml", *sorted(folder.glob("*.md"))]
                if p.is_file() and not p.is_symlink()]

    def version(self, item_id: str) -> str:
        return files.file_version(self._files_of(item_folder(self.root, item_id)))

    def list_items(self) -> list[dict]:
        result = []
        for item_id in self.item_ids():
            folder = self.root / loader.ITEMS_DIR / item_id
            try:  # the checker's fast loader: the list only needs the kind
                meta = load_yaml((folder / "item.yaml").read_text(encoding="utf-8")) or {}
            except (OSError, UnicodeDecodeError, YamlError):  # listed; shown by its problems
                meta = {}
            langs = sorted(normalize_tag(p.stem) or p.stem for p in folder.glob("*.md"))
            result.append({"id": item_id, "kind": str(meta.get("kind", "")), "languages": langs})
        return result

    def read_item(self, item_id: str) -> dict:
        folder = item_folder(self.root, item_id)
        if not (folder / "item.yaml").is_file():
            raise KeyError(item_id)
        meta = files.load_mapping((folder / "item.yaml").read_text(encoding="utf-8"))
        texts = {}
        for path in sorted(folder.glob("*.md")):
            lang_file = files.LanguageFile(path.read_text(encoding="utf-8"))
            entry = {str(k): as_json(v) for k, v in lang_file.front.items()}
            entry["body"] = lang_file.body
            texts[path.stem] = entry
        fields = {str(k): as_json(v) for k, v in meta.items() if k != "kind"}
        return {"id": item_id, "kind": str(meta.get("kind", "")), "fields": fields,
                "texts": texts, "version": self.version(item_id)}

    # changing ------------------------------------------------------------------------------
    def _changed_texts(self, folder: Path, fields: dict, texts: dict) -> dict[Path, str]:
        """The new text of every file the edit touches (only those)."""
        out: dict[Path, str] = {}
        if fields:
            meta_path = folder / "item.yaml"
            original = meta_path.read_text(encoding="utf-8") if meta_path.is_file() else ""
            meta = files.load_mapping(original)
            _apply(meta, fields)
            out[meta_path] = files.dump_mapping(meta, original)
        for lang, entry in (texts or {}).items():
            tag = normalize_tag(str(lang))
            if tag is None:
                raise Invalid([{"field": f"texts.{lang}", "severity": "error",
                                "message": f"'{lang}' is not a language tag",
                                "hint": "use BCP 47 tags such as vi, en, fr, km"}])
            path = inside(folder.parent.parent, Path("items") / folder.name / f"{tag}.md")
            original = path.read_text(encoding="utf-8") if path.is_file() else "---\n---\n"
            lang_file = files.LanguageFile(original)
            entry = dict(entry)
            if "body" in entry:
                lang_file.body = str(entry.pop("body")).replace("\r\n", "\n")
            _apply(lang_file.front, entry)
            out[path] = lang_file.text()
        return out

    def check_draft(self, item_id: str, fields: dict, texts: dict) -> list[dict]:
        """The problems the item would have with this edit, found on a copy."""
        folder = item_folder(self.root, item_id)
        with tempfile.TemporaryDirectory(prefix="kiosk-studio-") as tmp:
            copy = Path(tmp) / "items" / item_id
            if folder.is_dir():
                shutil.copytree(folder, copy, symlinks=True)
            else:
                copy.mkdir(parents=True)
            for path, text in self._changed_texts(copy, fields, texts).items():
                path.write_text(text, encoding="utf-8")
            return self._problems_in(copy)

    def _problems_in(self, folder: Path) -> list[dict]:
        found = ProblemList(folder.parent)
        item = loader._load_item(folder, found)
        problems = list(found)
        if item is not None:
            problems += item_problems(item, self.languages())
        return [self.describe(p, folder.parent) for p in sorted(problems)]

    def save(self, item_id: str, version: str | None, fields: dict | None = None,
             texts: dict | None = None, author: str = "", git=None,
             message: str | None = None) -> Saved:
        folder = item_folder(self.root, item_id)
        with self.lock:
            if not folder.is_dir():
                raise KeyError(item_id)
            if version != self.version(item_id):
                raise Conflict(self.read_item(item_id))
            before = {p["message"] for p in self._problems_in(folder) if p["severity"] == "error"}
            draft = self.check_draft(item_id, fields or {}, texts or {})
            new_errors = [p for p in draft if p["severity"] == "error"
                          and p["message"] not in before]
            if new_errors:
                raise Invalid(new_errors)
            changed = self._changed_texts(folder, fields or {}, texts or {})
            written = []
            for path, text in changed.items():
                old = path.read_text(encoding="utf-8") if path.is_file() else None
                if text != old:
                    files.atomic_write(path, text)
                    written.append(path)
            if git is not None and written:
                git.commit(written, message or f"studio: edit {item_id}", author)
            return Saved(self.version(item_id), self._problems_in(folder), written)

    def create(self, item_id: str, kind: str, titles: dict[str, str], author: str = "",
               git=None) -> Saved:
        if kind not in KINDS:
            raise Invalid([{"field": "kind", "severity": "error",
                            "message": f"unknown kind '{kind}'",
                            "hint": f"use one of: {', '.join(KINDS)}"}])
        try:
            folder = item_folder(self.root, item_id)
        except OutsideContent:
            raise Invalid([{"field": "id", "severity": "error",
                            "message": f"'{item_id}' is not a valid item id",
                            "hint": "use lower-case letters, digits and '-', starting with a "
                                    "letter"}]) from None
        with self.lock:
            if folder.exists():
                raise Invalid([{"field": "id", "severity": "error",
                                "message": f"an item '{item_id}' already exists",
                                "hint": "choose another id"}])
            folder.mkdir(parents=True)
            written = [folder / "item.yaml"]
            files.atomic_write(written[0], f"kind: {kind}\n")
            for lang, title in titles.items():
                tag = normalize_tag(lang)
                if tag and title.strip():
                    text = files.LanguageFile("---\n---\n")
                    text.front["title"] = title.strip()
                    written.append(folder / f"{tag}.md")
                    files.atomic_write(written[-1], text.text())
            if git is not None:
                git.commit(written, f"studio: new {kind} {item_id}", author)
        return Saved(self.version(item_id), self._problems_in(folder), written)

    # problems ------------------------------------------------------------------------------
    def all_problems(self) -> list[dict]:
        _, problems = check_exhibition(self.root)
        return [self.describe(p, self.root.parent) for p in problems]

    def describe(self, problem: Problem, base: Path) -> dict:
        """A problem as the API gives it: `kiosk check`'s path, line, message and hint, plus
        the item and the form field it concerns."""
        path = base / problem.path
        rel = path.relative_to(base)
        parts = Path(problem.path).parts
        item = field_name = None
        if "items" in parts[:-1] or len(parts) == 2:
            folder_index = parts.index("items") + 1 if "items" in parts[:-1] else 0
            if folder_index < len(parts):
                item = parts[folder_index]
            field_name = _field_at(path, problem.line)
        elif path.name == loader.SITE_FILE:
            field_name = "site." + (_field_at(path, problem.line) or "").split(".")[-1]
        shown = Path(self.root.name) / "items" / item / path.name if item else rel
        return {"path": str(shown), "line": problem.line, "severity": problem.severity,
                "message": problem.message, "hint": problem.hint, "item": item,
                "field": field_name}


def _apply(mapping, changes: dict) -> None:
    for key, value in changes.items():
        old = mapping.get(key)
        new = _block(value) if key in LONG else _typed(value, old)
        if new is None or new == "":
            if key in mapping:
                del mapping[key]
        elif new != old or type(new) is not type(old):
            if isinstance(old, str) and isinstance(new, str) and new == old:
                continue
            _keep_comment_gap(mapping, key, old, new)
            mapping[key] = new


def _keep_comment_gap(mapping, key: str, old, new) -> None:
    """A comment after a one-line list (`items: [a, b]   # why`) keeps its distance from the
    list when the list grows or shrinks, as a hand edit would leave it."""
    comment = (getattr(mapping, "ca", None) and mapping.ca.items.get(key) or [None] * 3)[2]
    if comment is None or not all(isinstance(v, list) for v in (old, new)) or \
            not (hasattr(old, "fa") and old.fa.flow_style()):
        return
    width = len(", ".join(str(v) for v in new)) - len(", ".join(str(v) for v in old))
    comment.column = max(comment.column + width, 0)


def _field_at(path: Path, line: int) -> str | None:
    """The form field a file's line belongs to: `fields.adopted`, `texts.en.title`, ...."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    lines = text.split("\n")
    if path.suffix == ".md":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
        prefix = f"texts.{normalize_tag(path.stem) or path.stem}."
        if line - 1 > end:
            return prefix + "body"
        key = _key_above(lines[1:end], line - 2)
        return prefix + (key or "title")
    key = _key_above(lines, line - 1)
    return f"fields.{key}" if key else None


def _key_above(lines: list[str], index: int) -> str | None:
    for i in range(min(index, len(lines) - 1), -1, -1):
        line = lines[i]
        if line and not line[0].isspace() and ":" in line and not line.startswith("#"):
            return line.split(":", 1)[0].strip()
    return None
