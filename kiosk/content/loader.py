"""Reading an exhibition folder into the content model, collecting every problem on the way.

Loading never raises for bad content: a file that cannot be read is reported with its line and
left out, so one broken translation does not hide the problems in all the others.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from kiosk.content.attract import check_attract, read_attract
from kiosk.content.edition import EDITION_HINT, MAX_EDITION, is_valid_edition
from kiosk.content.files import FileTooLarge, NotRegularFile, read_regular_file
from kiosk.content.languages import normalize_tag
from kiosk.content.look import read_look
from kiosk.content.markdown import FrontMatterError, split_front_matter
from kiosk.content.model import Exhibition, Item, Site, Translation
from kiosk.content.problems import ProblemList
from kiosk.content.shown import id_hint, shown_id
from kiosk.content.yamlfile import LineDict, YamlError, load_yaml

ITEM_ID = re.compile(r"\A[a-z][a-z0-9-]{0,63}\Z")  # \Z: "$" would let a final newline in
SITE_FILE = "site.yaml"
ITEMS_DIR = "items"
MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024


def load_exhibition(root: Path) -> tuple[Exhibition | None, ProblemList]:
    root = Path(root)
    problems = ProblemList(root)
    if not root.is_dir():
        problems.error(root, 1, f"no content folder at {root}", "give the folder with site.yaml")
        return None, problems
    _refuse_links_leaving(root, problems)
    site = _load_site(root / SITE_FILE, problems)
    items: dict[str, Item] = {}
    items_dir = root / ITEMS_DIR
    if not items_dir.is_dir():
        problems.error(items_dir, 1, "the 'items' folder is missing", "create content/items/")
    else:
        for folder in sorted(p for p in items_dir.iterdir() if p.is_dir()):
            item = _load_item(folder, problems)
            if item is not None:
                items[item.id] = item
    if site is None:
        return None, problems
    check_attract(site, items, problems)
    return Exhibition(root, site, items), problems


def _refuse_links_leaving(root: Path, problems: ProblemList) -> None:
    """A symbolic link whose target lies outside the content folder is an error.

    The build and `kiosk pack` would otherwise copy whatever it names (a key, /etc/passwd)
    into the catalog and a signed bundle, silently. Links within the folder are fine."""
    inside = root.resolve()
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(directory) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if not target.is_relative_to(inside):
                problems.error(path, 1, f"a link to {target}, outside the content folder",
                               "copy the file into the content folder instead of linking to it")


def read_text(path: Path, problems: ProblemList) -> str | None:
    """UTF-8 text in NFC, or None (with a problem) when it cannot be read as such."""
    try:
        raw = read_regular_file(path, MAX_TEXT_FILE_BYTES)
    except NotRegularFile:
        problems.error(path, 1, "not a regular file (a device, pipe or folder)",
                       "replace it with a plain text file")
        return None
    except FileTooLarge:
        problems.error(path, 1, "the file is larger than 4 MB", "split it into smaller items")
        return None
    except OSError as exc:
        problems.error(path, 1, f"cannot read the file: {exc.strerror}", "check its permissions")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, line, "the file is not UTF-8 text", "save it as UTF-8 in your editor")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.error(path, line, "the file contains a NUL character", "remove it")
        return None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def read_yaml_mapping(path: Path, problems: ProblemList, first_line: int = 1, text=None):
    """A YAML mapping (LineDict) from a file, or None with the problem recorded."""
    if text is None:
        text = read_text(path, problems)
        if text is None:
            return None
    try:
        data = load_yaml(text, first_line)
    except YamlError as exc:
        if exc.syntax:
            problems.error(path, exc.line, f"YAML syntax error: {exc.message}", exc.hint)
        else:  # the YAML is fine; one value in it cannot be used (kiosk.content.yamlfile)
            problems.error(path, exc.line, exc.message, exc.hint)
        return None
    if data is None:
        data = LineDict()
        data.line, data.key_lines = first_line, {}
    if not isinstance(data, LineDict):
        problems.error(path, first_line, "expected 'key: value' lines", "see docs/content-format.md")
        return None
    return data


def _load_site(path: Path, problems: ProblemList) -> Site | None:
    if not path.is_file():
        problems.error(path, 1, "site.yaml is missing", "copy the example in docs/content-format.md")
        return None
    data = read_yaml_mapping(path, problems)
    if data is None:
        return None
    languages = data.get("languages")
    valid_languages: list[str] = []
    if not isinstance(languages, list) or not languages:
        problems.error(path, data.line_of("languages"), "'languages' must be a list of tags",
                       "for example: languages: [vi, en, fr]")
    else:
        for tag in languages:
            normal = normalize_tag(str(tag))
            if normal is None:
                problems.error(path, data.line_of("languages"), f"'{tag}' is not a language tag",
                               "use BCP 47 tags such as vi, en, fr, km")
            else:
                valid_languages.append(normal)
    default = normalize_tag(str(data.get("default_language", "")))
    if default is None:
        problems.error(path, data.line_of("default_language"), "'default_language' is missing",
                       "name one of the languages, e.g. default_language: vi")
    elif valid_languages and default not in valid_languages:
        problems.error(path, data.line_of("default_language"),
                       f"default language '{default}' is not in 'languages'",
                       f"use one of: {', '.join(valid_languages)}")
    title = data.get("title")
    if not isinstance(title, dict) or not all(isinstance(v, str) for v in title.values()):
        problems.error(path, data.line_of("title"), "'title' must give the name per language",
                       "title:\n      vi: ...\n      en: ...")
        title = {}
    timeout = data.get("idle_timeout_seconds", 90)
    if not isinstance(timeout, int) or isinstance(timeout, bool) or not 20 <= timeout <= 3600:
        problems.error(path, data.line_of("idle_timeout_seconds"),
                       "'idle_timeout_seconds' must be a whole number from 20 to 3600",
                       "90 suits most exhibits")
        timeout = 90
    edition = data.get("edition", 1)
    if not is_valid_edition(edition):
        problems.error(path, data.line_of("edition"),
                       f"'edition' must be a whole number from 1 to {MAX_EDITION:,}", EDITION_HINT)
        edition = 1
    names = data.get("language_names") or {}
    if not isinstance(names, dict):
        problems.error(path, data.line_of("language_names"), "'language_names' must map tags to names",
                       "language_names:\n      hnj: Hmong Njua")
        names = {}
    return Site(
        path=path,
        title={normalize_tag(str(k)) or str(k): v for k, v in title.items()},
        languages=valid_languages,
        default_language=default or (valid_languages[0] if valid_languages else "en"),
        idle_timeout_seconds=timeout,
        edition=edition,
        language_names={normalize_tag(str(k)) or str(k): str(v) for k, v in names.items()},
        public_address=_public_address(path, data, problems),
        attract=read_attract(data, path, problems),
        look=read_look(data, path, problems),
    )


def _public_address(path: Path, data, problems: ProblemList) -> str:
    """site.yaml `public_address`: the web address the exported site is published at."""
    from kiosk.media.qr import QrProblem, check_url

    value = data.get("public_address")
    if value is None:
        return ""
    try:
        return check_url(value if isinstance(value, str) else "").rstrip("/") + "/"
    except QrProblem as exc:
        problems.error(path, data.line_of("public_address"), f"'public_address' {exc}",
                       "public_address: https://museum.example/exhibition/")
        return ""


def _load_item(folder: Path, problems: ProblemList) -> Item | None:
    meta_path = folder / "item.yaml"
    if not ITEM_ID.match(folder.name):
        problems.error(folder, 1, f"{shown_id(folder.name)} is not a valid item id",
                       id_hint(folder.name, "use lower-case letters, digits and '-', starting "
                               "with a letter, at most 64"))
        return None
    if not meta_path.is_file():
        problems.error(meta_path, 1, "item.yaml is missing", "every item folder needs item.yaml")
        return None
    meta = read_yaml_mapping(meta_path, problems)
    if meta is None:
        return None
    item = Item(folder.name, folder, meta)
    for path in sorted(folder.glob("*.md")):
        tag = normalize_tag(path.stem)
        if tag is None:
            problems.error(path, 1, f"'{path.name}' is not named by a language tag",
                           "name language files like vi.md, en.md, km.md, zh-Hans.md")
            continue
        if tag in item.translations:
            problems.error(path, 1, f"a second file for language '{tag}'",
                           f"merge it with {item.translations[tag].path.name}")
            continue
        translation = _load_translation(path, tag, problems)
        if translation is not None:
            item.translations[tag] = translation
    return item


def _load_translation(path: Path, tag: str, problems: ProblemList) -> Translation | None:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        parts = split_front_matter(text)
    except FrontMatterError as exc:
        problems.error(path, 1, str(exc), "start the file with ---, then 'title: ...', then ---")
        return None
    front = read_yaml_mapping(path, problems, parts.front_line, parts.front)
    if front is None:
        return None
    return Translation(tag, path, front, parts.body, parts.body_line)
