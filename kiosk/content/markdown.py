"""Language files: YAML front matter, a Markdown body, and page markers for documents.

The body is turned into `Block`s of plain text at build time, so the UI never parses Markdown
and never interprets content as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from kiosk.catalog.views import Block

_FENCE = "---"
PAGE_MARKER = re.compile(r"^<!--\s*page:\s*(?P<id>[^\s>]*)\s*-->\s*$")
EASY_READ_MARKER = "<!-- easy-read -->"
_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class LanguageFileText:
    front: str  # YAML text between the fences ("" when there is none)
    front_line: int  # line number of the first front-matter line
    body: str
    body_line: int  # line number of the first body line


class FrontMatterError(ValueError):
    pass


def split_front_matter(text: str) -> LanguageFileText:
    """Split `---` fenced YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise FrontMatterError("the file does not start with '---' front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return LanguageFileText(front, 2, body, index + 2)
    raise FrontMatterError("the front matter is not closed by a second '---' line")


@dataclass(frozen=True)
class PageText:
    page_id: str
    text: str
    line: int  # line of the page marker


def split_pages(body: str, body_line: int) -> tuple[str, list[PageText]]:
    """Split a document body at `<!-- page: ID -->` markers: (introduction, pages)."""
    intro: list[str] = []
    pages: list[PageText] = []
    current: list[str] = intro
    current_id, current_line = None, 0
    for offset, line in enumerate(body.split("\n")):
        match = PAGE_MARKER.match(line.strip())
        if match:
            if current_id is not None:
                pages.append(PageText(current_id, "\n".join(current).strip(), current_line))
            current, current_id, current_line = [], match["id"], body_line + offset
        else:
            current.append(line)
    if current_id is not None:
        pages.append(PageText(current_id, "\n".join(current).strip(), current_line))
    return "\n".join(intro).strip(), pages


def split_easy_read(body: str) -> tuple[str, str]:
    """(the text, its Easy Read version): what follows a `<!-- easy-read -->` line."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == EASY_READ_MARKER:
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index + 1 :]).strip()
    return body.strip(), ""


def markdown_blocks(markdown: str) -> list[Block]:
    """Markdown to headings, paragraphs and list items of plain text."""
    blocks: list[Block] = []
    heading_level = 0
    list_depth = 0
    for token in _md.parse(markdown):
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline":
            text = _inline_text(token)
            if not text:
                continue
            if heading_level:
                blocks.append(Block("heading", text, heading_level))
            elif list_depth:
                blocks.append(Block("list_item", text, list_depth))
            else:
                blocks.append(Block("paragraph", text))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(Block("paragraph", token.content.strip()))
    return blocks


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def first_heading(blocks: list[Block]) -> str:
    return next((b.text for b in blocks if b.kind == "heading"), "")


def plain_text(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks)
