"""Make the sample's paged document: the Universal Declaration in Vietnamese and English, as a
printed bilingual edition, through the curator's own `kiosk import pdf`.

    python tools/make_sample_document.py [--content DIR] [--corpus DIR] [--keep-pdf FILE]

1. typesets the preamble and the thirty articles from ../shared/corpus/udhr (Vietnamese in the
   left column, English in the right, each article starting level in both) into an A4 PDF
   with a real text layer, written with PDFium's page-editing API (pypdfium2) in Noto Sans;
2. imports it with `kiosk import pdf --into DIR --id udhr-vi-en --lang vi --format jpg`, which
   renders each page to an image (JPEG: the build derives a JPEG's display copy ten times
   faster than a PNG's) and extracts its text, and checks that every word of each page's
   Vietnamese text came back out of the PDF;
3. completes the imported item as a curator would: item.yaml with the real credit, source,
   licence and public address, and the transcripts: vi.md and en.md with each page's text
   exactly as printed in that column, fr.md with the French text of the same preamble and
   articles (the page does not print it), each page marked `<!-- page: page-00N -->`.

Deterministic: the same corpus, fonts, PDFium and Pillow give the same page images.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from make_sample_typeset import (
    ACCENT,
    CORPUS,
    INK,
    LICENCE,
    PUBLIC_URL,
    ROOT,
    TEXT_CREDIT,
    Style,
    basic_width,
    escape_markdown,
    front_matter,
    page_text,
    require_raqm,
    translation,
    wrap_lines,
    write_text,
)

from kiosk.text.fonts import covers, font_for_script

ITEM_ID = "udhr-vi-en"
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 54.0, 60.0, 66.0
GUTTER = 26.0
COLUMN_W = (PAGE_W - 2 * MARGIN_X - GUTTER) / 2
BODY_SIZES = (10.5, 10.0, 9.5, 9.0)  # the largest at which the preamble fits on page 1
TITLE, NOTE, FOLIO = 14.0, 9.0, 9.0  # sizes in points; headings are the body's + 0.5
LEADING = 1.38  # line height as a multiple of the size
PARAGRAPH_GAP, HEADING_GAP, ROW_GAP = 3.5, 4.0, 11.0
DPI = 150
CREDIT = f"{TEXT_CREDIT}; bilingual layout: exhibition team"
SOURCE = {"title": "UDHR in XML project (translations from OHCHR)", "url": PUBLIC_URL}
COLUMNS = (("vi", "vie"), ("en", "eng"))  # (language, corpus key), left to right
TITLES = {
    "vi": "Tuyên ngôn toàn thế giới về nhân quyền, song ngữ Việt – Anh",
    "en": "The Universal Declaration in Vietnamese and English",
    "fr": "La Déclaration universelle en vietnamien et en anglais",
}
INTROS = {
    "vi": "Một bản in song ngữ do nhóm triển lãm trình bày. Mỗi trang in tiếng Việt ở cột trái "
          "và tiếng Anh ở cột phải. Mỗi điều bắt đầu ngang hàng ở cả hai cột.\n\n"
          "Văn bản kèm theo mỗi trang là đúng chữ in ở cột tiếng Việt.",
    "en": "A bilingual printed edition laid out by the exhibition team. Each page prints "
          "Vietnamese in the left column and English in the right. Each article starts level "
          "in both columns.\n\n"
          "The transcript of each page gives the text printed in its English column.",
    "fr": "Une édition bilingue imprimée, mise en page par l'équipe de l'exposition. Chaque page "
          "imprime le vietnamien dans la colonne de gauche et l'anglais dans celle de droite.\n\n"
          "La page n'imprime pas le français. Sa transcription donne le texte français du même "
          "préambule et des mêmes articles.",
}


@dataclass
class Column:
    """What one language prints on one page, for the page's transcript."""

    blocks: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, heading, paras)


@dataclass
class Page:
    number: int
    # (x, baseline y from the top, text, size, bold, accent colour), all in points
    lines: list[tuple[float, float, str, float, bool, bool]] = field(default_factory=list)
    columns: dict[str, Column] = field(default_factory=dict)
    title: dict[str, str] = field(default_factory=dict)  # printed on page 1 only
    note: dict[str, str] = field(default_factory=dict)  # the corpus's note, under the title


class Fonts:
    """Noto Sans regular and bold, the kiosk's own font for Latin text."""

    def __init__(self) -> None:
        choice = font_for_script("Latn")
        self.regular, self.bold = choice.path, choice.path_for(True)

    def path(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def width(self, text: str, size: float, bold: bool) -> float:
        return basic_width(text, self.path(bold), size)

    def wrap(self, text: str, size: float, bold: bool, lang: str) -> list[str]:
        return wrap_lines(text, COLUMN_W, Style(round(size), lang=lang),
                          lambda piece: self.width(piece, size, bold))


# --- layout ----------------------------------------------------------------------------------

def layout(corpus: Path, fonts: Fonts) -> list[Page]:
    """Pages of rows at the largest body size that keeps the preamble on page 1."""
    for size in BODY_SIZES:
        pages = layout_at(corpus, fonts, size)
        if pages is not None:
            print(f"body text {size} pt")
            return pages
    raise SystemExit("make_sample_document: the preamble does not fit on page 1")


def layout_at(corpus: Path, fonts: Fonts, body: float) -> list[Page] | None:
    """Pages of rows: one row per preamble or article, starting level in both columns."""
    found = {lang: translation(key, corpus) for lang, key in COLUMNS}
    page_ids = [pid for pid, _, _ in found["vi"].pages]
    pages = [Page(1)]
    y = _title_block(pages[0], found, fonts)
    bottom = PAGE_H - MARGIN_BOTTOM
    for page_id in page_ids:
        rows = {lang: _block_lines(page_text(found[lang], page_id), fonts, lang, body)
                for lang, _ in COLUMNS}
        height = max(sum(step for step, *_ in lines) for lines in rows.values())
        if y + height > bottom:
            if page_id == page_ids[0]:
                return None
            pages.append(Page(len(pages) + 1))
            y = MARGIN_TOP
        page = pages[-1]
        for index, (lang, _) in enumerate(COLUMNS):
            x = MARGIN_X + index * (COLUMN_W + GUTTER)
            line_y = y
            for step, text, size, bold, accent in rows[lang]:
                line_y += step
                page.lines.append((x, line_y, text, size, bold, accent))
            heading, paragraphs = page_text(found[lang], page_id)
            page.columns.setdefault(lang, Column()).blocks.append((page_id, heading, paragraphs))
        y += height + ROW_GAP
    return pages


def _title_block(page: Page, found: dict, fonts: Fonts) -> float:
    """The Declaration's title in each column, and the Vietnamese note on its adoption."""
    bottom = MARGIN_TOP
    for index, (lang, _) in enumerate(COLUMNS):
        x = MARGIN_X + index * (COLUMN_W + GUTTER)
        y = MARGIN_TOP
        page.title[lang] = found[lang].title
        page.note[lang] = found[lang].note
        for line in fonts.wrap(found[lang].title, TITLE, True, lang):
            y += TITLE * LEADING
            page.lines.append((x, y, line, TITLE, True, True))
        if found[lang].note:
            y += 3
            for line in fonts.wrap(found[lang].note, NOTE, False, lang):
                y += NOTE * LEADING
                page.lines.append((x, y, line, NOTE, False, False))
        bottom = max(bottom, y)
    return bottom + 2 * ROW_GAP


def _block_lines(block: tuple[str, list[str]], fonts: Fonts, lang: str,
                 body: float) -> list[tuple]:
    """(space above the baseline, text, size, bold, accent) for a heading and its paragraphs."""
    heading, paragraphs = block
    head = body + 0.5
    lines = [(head * LEADING, line, head, True, True)
             for line in fonts.wrap(heading, head, True, lang)]
    for paragraph in paragraphs:
        for n, line in enumerate(fonts.wrap(paragraph, body, False, lang)):
            gap = HEADING_GAP if not n and len(lines) == 1 else (PARAGRAPH_GAP if not n else 0)
            lines.append((body * LEADING + gap, line, body, False, False))
    return lines


# --- the PDF ---------------------------------------------------------------------------------

def write_pdf(pages: list[Page], fonts: Fonts, out: Path) -> None:
    """An A4 PDF whose text is real text (Identity-H CID fonts with a ToUnicode map), so
    `kiosk import pdf` and any PDF reader can extract it."""
    for page in pages:
        for _x, _y, text, *_ in page.lines:
            if not covers(font_for_script("Latn"), text):
                raise SystemExit(f"make_sample_document: Noto Sans lacks a character of {text!r}")
    document = pdfium.PdfDocument.new()
    keep_alive = []
    loaded = {}
    for bold in (False, True):
        data = Path(fonts.path(bold)).read_bytes()
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        keep_alive.append(buffer)
        loaded[bold] = pdfium_c.FPDFText_LoadFont(document.raw, buffer, len(data),
                                                  pdfium_c.FPDF_FONT_TRUETYPE, True)
    for page in pages:
        pdf_page = document.new_page(PAGE_W, PAGE_H)
        for x, y, text, size, bold, accent in page.lines:
            _add_text(document, pdf_page, loaded[bold], x, PAGE_H - y, text, size,
                      ACCENT if accent else INK, keep_alive)
        folio = str(page.number)
        _add_text(document, pdf_page, loaded[False],
                  (PAGE_W - fonts.width(folio, FOLIO, False)) / 2, MARGIN_BOTTOM / 2, folio,
                  FOLIO, INK, keep_alive)
        rule = pdfium_c.FPDFPageObj_CreateNewRect(PAGE_W / 2 - 0.3, MARGIN_BOTTOM, 0.6,
                                                   PAGE_H - MARGIN_TOP - MARGIN_BOTTOM)
        pdfium_c.FPDFPageObj_SetFillColor(rule, *ACCENT, 255)
        pdfium_c.FPDFPath_SetDrawMode(rule, pdfium_c.FPDF_FILLMODE_WINDING, False)
        pdfium_c.FPDFPage_InsertObject(pdf_page.raw, rule)
        pdfium_c.FPDFPage_GenerateContent(pdf_page.raw)
        pdf_page.close()
    document.save(out)
    document.close()


def _add_text(document, page, font, x: float, baseline: float, text: str, size: float,
              colour: tuple[int, int, int], keep_alive: list) -> None:
    obj = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, size)
    encoded = (text + "\0").encode("utf-16-le")
    buffer = ctypes.create_string_buffer(encoded, len(encoded))
    keep_alive.append(buffer)
    if not pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING)):
        raise SystemExit(f"make_sample_document: PDFium refused the text {text!r}")
    pdfium_c.FPDFPageObj_SetFillColor(obj, *colour, 255)
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, baseline)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


# --- import and completion -------------------------------------------------------------------

def import_pdf(pdf: Path, content: Path) -> Path:
    """Run the curator's command; the item it makes is replaced if it exists."""
    command = [sys.executable, "-m", "kiosk.cli", "import", "pdf", str(pdf),
               "--into", str(content), "--id", ITEM_ID, "--lang", "vi",
               "--title", TITLES["vi"], "--dpi", str(DPI), "--format", "jpg", "--replace"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
        str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"make_sample_document: kiosk import pdf failed:\n{done.stdout}"
                         f"{done.stderr}")
    print(done.stdout.strip())
    return content / "items" / ITEM_ID


def check_import(folder: Path, pages: list[Page]) -> None:
    """Every word printed in a page's Vietnamese column came back in its extracted text."""
    from kiosk.content.markdown import split_front_matter, split_pages

    imported = split_front_matter((folder / "vi.md").read_text(encoding="utf-8"))
    _, texts = split_pages(imported.body, 1)
    extracted = {t.page_id: " ".join(t.text.replace("\\", "").split()) for t in texts}
    for page in pages:
        words = [w for _, heading, paras in page.columns["vi"].blocks
                 for w in " ".join([heading, *paras]).split()]
        page_words = extracted.get(page_id(page), "").split()
        missing = [w for w in words if w not in page_words]
        if missing:
            raise SystemExit(f"make_sample_document: page {page.number}'s text layer lacks "
                             f"{missing[:5]}")


def page_id(page: Page) -> str:
    return f"page-{page.number:03d}"


def complete_item(folder: Path, pages: list[Page], corpus: Path) -> None:
    import yaml

    item = {"kind": "document", "credit": CREDIT, "licence": LICENCE, "source": SOURCE,
            "url": PUBLIC_URL,
            "pages": [{"id": page_id(p), "image": f"{page_id(p)}.jpg"} for p in pages]}
    write_text(folder / "item.yaml",
               "# Made by tools/make_sample_document.py: `kiosk import pdf`, then completed.\n"
               + yaml.safe_dump(item, allow_unicode=True, sort_keys=False, width=10_000))
    french = translation("fra", corpus)
    for lang in ("vi", "en", "fr"):
        parts = [INTROS[lang]]
        for page in pages:
            if lang == "fr":
                blocks = [(pid, *page_text(french, pid))
                          for pid, _, _ in page.columns["vi"].blocks]
                title = french.title if page.number == 1 else ""
                note = french.note if page.number == 1 else ""
            else:
                blocks, title = page.columns[lang].blocks, page.title.get(lang, "")
                note = page.note.get(lang, "")
            parts.append(_page_markdown(page, blocks, title, note))
        write_text(folder / f"{lang}.md", front_matter({"title": TITLES[lang]}, "\n\n".join(parts)))


def _page_markdown(page: Page, blocks, title: str, note: str) -> str:
    lines = [f"<!-- page: {page_id(page)} -->"]
    if title:
        lines.append(f"**{escape_markdown(title)}**\n")
    if note:
        lines.append(f"{escape_markdown(note)}\n")
    for _, heading, paragraphs in blocks:
        lines.append(f"## {escape_markdown(heading)}")
        lines.extend(f"{escape_markdown(p)}\n" for p in paragraphs)
    return "\n".join(lines).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="the exhibition folder (default: content/ in this repository)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="folder with the udhr_*.xml files (default: ../shared/corpus/udhr)")
    parser.add_argument("--keep-pdf", type=Path, default=None,
                        help="also keep the PDF here (it is not needed by the exhibition)")
    args = parser.parse_args(argv)
    require_raqm()
    content = args.content.resolve()
    fonts = Fonts()
    pages = layout(args.corpus, fonts)
    with tempfile.TemporaryDirectory() as scratch:
        pdf = Path(args.keep_pdf or Path(scratch) / "udhr-vi-en.pdf")
        write_pdf(pages, fonts, pdf)
        folder = import_pdf(pdf, content)
    folder.chmod(0o755)  # the importer's staging folder is private; content is shared
    check_import(folder, pages)
    size = sum(folder.joinpath(f"{page_id(p)}.jpg").stat().st_size for p in pages)
    complete_item(folder, pages, args.corpus)
    print(f"{len(pages)} pages in {folder.relative_to(content.parent)}: {size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
