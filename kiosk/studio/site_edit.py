"""The site settings (site.yaml) as the studio's Site page edits them.

The fields are what kiosk/content/loader.py reads from site.yaml; the page shows each as the
curator would type it (the name per language one box each, the languages as `vi, en, fr`, the
look as YAML), and a save changes only the lines of the fields that changed (ruamel.yaml round
trip, kiosk/studio/files.py): a list written `[vi, en, fr]` stays on one line. Before anything
is written the new file is checked with the loader's own rules on a copy, and a save that adds
an error is refused with `path:line` problems, the typed values kept.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.content import loader
from kiosk.content.attract import check_attract
from kiosk.content.interface import check_interface_languages
from kiosk.content.languages import normalize_tag
from kiosk.content.problems import Problem, ProblemList
from kiosk.content.yamlfile import YamlError, load_yaml
from kiosk.studio import files
from kiosk.studio.forms import shown


@dataclass(frozen=True)
class SiteField:
    name: str  # the form field: site.KEY, or site.title.LANG / site.language_names.TAG
    label: str
    hint: str = ""
    kind: str = "text"  # text | number | list | yaml | language


# site.yaml's keys, in the order the loader reads them (kiosk/content/loader.py: _load_site).
FIELDS = (
    SiteField("languages", "Languages offered to visitors, in the picker's order",
              "BCP 47 tags separated by commas: vi, en, fr, km", "list"),
    SiteField("default_language", "Language a new visitor starts in", "one of the languages",
              "language"),
    SiteField("idle_timeout_seconds", "Seconds without a touch before the kiosk starts again",
              "a whole number from 20 to 3600; 90 suits most exhibits", "number"),
    SiteField("edition", "Edition", "a whole number; each published edition must be larger "
              "than the one installed on the kiosks", "number"),
    SiteField("public_address", "Public web address of the exported site (optional)",
              "https://museum.example/exhibition/ — items' QR codes then lead to their page"),
    SiteField("attract", "Highlights of the attract loop (optional)",
              "item ids separated by commas, in order: images, documents with page images, "
              "films", "list"),
    SiteField("look", "The museum's look (YAML, optional)",
              "logo, logo_alt per language, accent and accent_2 colours: see "
              "docs/content-format.md", "yaml"),
)
_LIST_SPLIT = re.compile(r"[\s,]+")


class SiteConflict(Exception):
    def __init__(self, on_disk: str) -> None:
        super().__init__("site.yaml was changed since you opened it")
        self.on_disk = on_disk


class SiteInvalid(Exception):
    def __init__(self, problems: list[dict]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class SiteSettings:
    """site.yaml of one content folder: read for the form, checked and saved."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.path = self.root / loader.SITE_FILE

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def version(self) -> str:
        return files.file_version([self.path])

    def values(self, text: str | None = None) -> dict[str, str]:
        """Every form field's value as the form shows it."""
        data = files.load_mapping(self.text() if text is None else text)
        out = {f"site.{f.name}": _shown(data.get(f.name), f.kind) for f in FIELDS}
        for tag, name in self.per_language(data, "title").items():
            out[f"site.title.{tag}"] = name
        for tag, name in self.per_language(data, "language_names").items():
            out[f"site.language_names.{tag}"] = name
        return out

    def per_language(self, data: CommentedMap, key: str) -> dict[str, str]:
        """`title` or `language_names` by tag: the offered languages first, in order."""
        mapping = data.get(key)
        mapping = mapping if isinstance(mapping, dict) else {}
        tags = [str(t) for t in (data.get("languages") or [])] if key == "title" else []
        tags += [str(t) for t in mapping if str(t) not in tags]
        return {tag: shown(mapping.get(tag)) for tag in tags}

    # -- changing ------------------------------------------------------------------------
    def draft(self, form: dict[str, str]) -> str:
        """site.yaml as it would be with the form's values (only changed fields differ)."""
        original = self.text()
        data = files.load_mapping(original)
        before = self.values(original)
        for name, value in form.items():
            value = str(value).replace("\r\n", "\n")
            if name not in before and not name.startswith(("site.title.",
                                                            "site.language_names.")):
                continue
            if value.strip() == before.get(name, "").strip():
                continue
            _set(data, name.split(".")[1:], value)
        return files.dump_mapping(data, original)

    def problems(self, text: str) -> list[dict]:
        """`kiosk check`'s problems of site.yaml with this text, found on a copy beside the
        real files (the logo it names is the one in the content folder)."""
        with tempfile.TemporaryDirectory(prefix="kiosk-studio-site-") as tmp:
            copy = Path(tmp) / loader.SITE_FILE
            copy.write_text(text, encoding="utf-8")
            for entry in self.root.iterdir():  # the logo and anything else site.yaml names
                if entry.name != loader.SITE_FILE and not entry.name.startswith("."):
                    os.symlink(entry, Path(tmp) / entry.name)
            found = ProblemList(Path(tmp))
            site = loader._load_site(copy, found)
            interface = ProblemList(Path(tmp))
            if site is not None:
                check_attract(site, _Kinds(self.root), found)
                check_interface_languages(site.languages, interface)
            shown_problems = [self.describe(p, text) for p in sorted(found)]
            line = _line_of(text, "languages")
            return shown_problems + [  # about the languages offered: shown beside them
                {**self.describe(p, text), "line": line, "field": "site.languages"}
                for p in interface]

    def describe(self, problem: Problem, text: str) -> dict:
        field = _field_at(text, problem.line)
        return {"path": f"{self.root.name}/{loader.SITE_FILE}", "line": problem.line,
                "severity": problem.severity, "message": problem.message, "hint": problem.hint,
                "item": None, "field": field}

    def save(self, version: str | None, form: dict[str, str], author: str = "",
             git=None) -> list[dict]:
        """Write the form's changes; the file's problems afterwards. Refused (SiteConflict)
        when the file changed since `version` was read, or (SiteInvalid) when it adds errors."""
        if version != self.version():
            raise SiteConflict(self.text())
        text = self.draft(form)
        found = self.problems(text)
        before = {p["message"] for p in self.problems(self.text()) if p["severity"] == "error"}
        new_errors = [p for p in found if p["severity"] == "error" and p["message"] not in before]
        if new_errors:
            raise SiteInvalid(new_errors)
        if text != self.text():
            files.atomic_write(self.path, text)
            if git is not None:
                git.commit([self.path], "studio: edit the site settings", author)
        return found


class _Kinds(dict):
    """Item id -> an object with the item's kind, read from its item.yaml when asked: the
    attract list names a few items, so the others are never read."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def get(self, item_id, default=None):
        if not loader.ITEM_ID.match(str(item_id)):
            return default
        path = self.root / loader.ITEMS_DIR / str(item_id) / "item.yaml"
        try:
            meta = load_yaml(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, YamlError):
            return default
        return _Kind(str(meta.get("kind", ""))) if isinstance(meta, dict) else default


@dataclass(frozen=True)
class _Kind:
    kind: str


def _shown(value, kind: str) -> str:
    if kind == "list" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return textwrap.dedent(shown(value)) if kind == "yaml" else shown(value)


def _line_of(text: str, key: str) -> int:
    return next((n for n, line in enumerate(text.split("\n"), start=1)
                 if line.startswith(f"{key}:")), 1)


def _set(data: CommentedMap, keys: list[str], value: str) -> None:
    """One field's new value into the mapping, as the file would hold it."""
    if len(keys) == 2:  # title.LANG, language_names.TAG
        mapping = data.get(keys[0])
        if not isinstance(mapping, dict):
            mapping = data[keys[0]] = CommentedMap()
        tag = normalize_tag(keys[1]) or keys[1]
        if value.strip():
            mapping[tag] = value.strip()
        elif tag in mapping:
            del mapping[tag]
        return
    key = keys[0]
    kind = next(f.kind for f in FIELDS if f.name == key)
    new = _parsed(value, kind, data.get(key))
    if new is None:
        data.pop(key, None)
    else:
        data[key] = new


def _parsed(value: str, kind: str, old):
    text = value.strip()
    if not text:
        return None
    if kind == "number":
        return int(text) if text.lstrip("-").isdigit() else text  # the check says why
    if kind == "list":
        seq = CommentedSeq(v for v in _LIST_SPLIT.split(text) if v)
        if not isinstance(old, CommentedSeq) or old.fa.flow_style():
            seq.fa.set_flow_style()  # written [vi, en, fr], as the sample writes it
        return seq
    if kind == "yaml":
        parsed = files.load_mapping(f"v:\n{_indent(value)}").get("v")
        return parsed if parsed is not None else text
    return text


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.replace("\r\n", "\n").split("\n"))


def _field_at(text: str, line: int) -> str | None:
    """The form field of a site.yaml line: the top-level key above it (title.LANG inside)."""
    lines = text.split("\n")
    for index in range(min(line - 1, len(lines) - 1), -1, -1):
        current = lines[index]
        if current and not current[0].isspace() and ":" in current and \
                not current.startswith("#"):
            key = current.split(":", 1)[0].strip()
            if key in ("title", "language_names") and index != line - 1:
                sub = lines[line - 1].strip().split(":", 1)[0].strip()
                return f"site.{key}.{sub}"
            return f"site.{key}"
    return None
