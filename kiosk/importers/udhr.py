"""Import translations of the Universal Declaration from the UDHR-in-XML format.

The UDHR in XML project publishes the OHCHR translations (~500 languages, any script, either
direction) in one uniform schema. Each file becomes one ordinary language file of a document
item, with one page for the preamble and one per article, so curators can edit the result like
any other content.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml

from kiosk.content.languages import normalize_tag

NS = "{http://efele.net/udhr}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CREDIT = ("Translation: OHCHR UDHR Translation Project; "
          "XML: UDHR in XML project (efele.net/udhr)")
SOURCE = {"title": "UDHR in XML project (translations from OHCHR)", "url": "https://efele.net/udhr/"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)?([#>+\-=.)])")


class UdhrImportError(Exception):
    pass


@dataclass(frozen=True)
class Translation:
    lang: str
    direction: str
    script: str
    name: str
    title: str
    key: str
    note: str
    pages: list[tuple[str, str, list[str]]]  # (page id, heading, paragraphs)


def parse_udhr(path: Path) -> Translation:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise UdhrImportError(f"{path}: not a readable XML file: {exc}") from None
    if root.tag != f"{NS}udhr":
        raise UdhrImportError(f"{path}: not a UDHR-in-XML file (root element is {root.tag})")
    script = root.get("iso15924", "")
    lang = normalize_tag(root.get(XML_LANG, "") or root.get("iso639-3", ""))
    if lang is None:
        raise UdhrImportError(f"{path}: no valid xml:lang attribute")
    if script in ("Hans", "Hant") and "-" not in lang:
        lang = f"{lang}-{script}"
    direction = root.get("dir", "ltr")
    if direction not in ("ltr", "rtl"):
        raise UdhrImportError(f"{path}: dir must be ltr or rtl, not {direction!r}")
    pages = []
    preamble = root.find(f"{NS}preamble")
    if preamble is not None:
        pages.append(("preamble", _text(preamble.find(f"{NS}title")), _paragraphs(preamble)))
    for article in root.findall(f"{NS}article"):
        number = article.get("number", str(len(pages)))
        pages.append((f"article-{number}", _text(article.find(f"{NS}title")), _paragraphs(article)))
    if not pages:
        raise UdhrImportError(f"{path}: no preamble or articles found")
    note = root.find(f"{NS}note")
    return Translation(
        lang=lang,
        direction=direction,
        script=script,
        name=root.get("n", lang),
        key=root.get("key") or path.stem.removeprefix("udhr_"),
        title=_text(root.find(f"{NS}title")),
        note="\n\n".join(_paragraphs(note)) if note is not None else "",
        pages=pages,
    )


def _text(element) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _paragraphs(element) -> list[str]:
    """Paragraphs and list items in document order; list items keep their tag, if any."""
    result = []
    for child in element:
        if child.tag == f"{NS}para":
            result.append(_text(child))
        elif child.tag == f"{NS}orderedlist":
            for index, listitem in enumerate(child.findall(f"{NS}listitem"), start=1):
                tag = listitem.get("tag") or f"{index}."
                body = " ".join(_text(p) for p in listitem if p.tag == f"{NS}para")
                result.append(f"{tag} {body}")
    return [p for p in result if p]


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows exactly as written."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (m.group(2) or "") + "\\" + m.group(3), escaped)


def render_language_file(translation: Translation) -> str:
    front = {"title": translation.title or translation.name}
    if translation.direction == "rtl":
        front["direction"] = "rtl"
    lines = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip(), "---"]
    if translation.note:
        lines += [escape_markdown(translation.note), ""]
    for page_id, heading, paragraphs in translation.pages:
        lines += ["", f"<!-- page: {page_id} -->"]
        if heading:
            lines.append(f"## {escape_markdown(heading)}")
        lines += [escape_markdown(p) + "\n" for p in paragraphs]
    return "\n".join(lines).rstrip() + "\n"


def import_udhr(files: list[Path], content_dir: Path, item_id: str = "udhr",
                progress=None):
    """Write one language file per readable XML file into `content_dir/items/<item_id>/`.

    A file that cannot be read is skipped and named in the summary (kiosk.importers.
    udhr_batch.BatchSummary); several translations of one language and undetermined ones get
    tags of their own from their keys. A file already holding exactly what would be written
    is left alone, so a re-run writes nothing. `progress` is called once per file read.
    """
    from kiosk.importers.udhr_batch import BatchSummary, assign_tags, parse_all

    summary = BatchSummary()
    parsed = parse_all(list(files), summary, progress)
    if not parsed:
        return summary
    translations = [t for _, t in parsed]
    tags = assign_tags(translations)
    folder = Path(content_dir) / "items" / item_id
    folder.mkdir(parents=True, exist_ok=True)
    page_ids = _merged_page_ids(folder / "item.yaml", translations)
    _write_if_changed(folder / "item.yaml", _item_yaml(page_ids))
    for (path, translation), tag in zip(parsed, tags, strict=True):
        if tag != translation.lang:  # a variant: say which one in its title
            translation = dataclasses.replace(
                translation, title=f"{translation.title or translation.name} ({translation.name})")
        if not _write_if_changed(folder / f"{tag}.md", render_language_file(translation)):
            summary.unchanged.append(tag)
        summary.imported.append((tag, translation.name, path))
    return summary


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    _write_atomically(path, text)
    return True


def _merged_page_ids(item_yaml: Path, translations: list[Translation]) -> list[str]:
    ids: list[str] = []
    if item_yaml.is_file():
        existing = yaml.safe_load(item_yaml.read_text(encoding="utf-8")) or {}
        ids = [str(p["id"]) for p in existing.get("pages", []) if isinstance(p, dict)]
    for translation in translations:
        for page_id, _, _ in translation.pages:
            if page_id not in ids:
                ids.append(page_id)
    return ids


def _item_yaml(page_ids: list[str]) -> str:
    data = {"kind": "document", "credit": CREDIT, "source": SOURCE,
            "pages": [{"id": page_id} for page_id in page_ids]}
    return ("# Generated by `kiosk import udhr`; safe to edit.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
