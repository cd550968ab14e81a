"""Draw the sample's deep-zoom poster: the whole Universal Declaration in Vietnamese.

    python tools/make_sample_poster.py [--content DIR] [--corpus DIR]

writes items/udhr-poster/poster.jpg, 6000 x 8500 pixels: the title and note, the preamble and
the thirty articles from ../shared/corpus/udhr/udhr_vie.xml, set in four columns at the
largest size that fits. Seen whole on a kiosk screen the body text is a few pixels high, so a
visitor zooms in to read it: the catalog build turns it into a Deep Zoom tile pyramid. Also
writes the item's item.yaml and vi.md, en.md, fr.md (alt text, caption and long description).

Deterministic (same corpus, fonts and Pillow: same bytes). A baseline JPEG of about 4.5 MB:
as a PNG it is a quarter of the size, but the build then decodes all 51 million pixels four
times (check, display copy, thumbnail, tiles) and re-encodes a PNG display copy, which made
the sample's build twice as slow.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from make_sample_typeset import (
    ACCENT,
    BACKGROUND,
    CORPUS,
    INK,
    LICENCE,
    PUBLIC_URL,
    ROOT,
    TEXT_CREDIT,
    Style,
    draw_line,
    front_matter,
    measure,
    require_raqm,
    save_jpeg,
    translation,
    wrap_lines,
    write_text,
)
from PIL import Image, ImageDraw

WIDTH, HEIGHT = 6000, 8500
MARGIN = 300
COLUMNS = 4
GUTTER = 180
TITLE_SIZE, NOTE_SIZE, FOOTER_SIZE = 190, 86, 64
BODY_SIZES = (40, 90)  # the body is set at the largest size in this range that fits
ITEM_ID = "udhr-poster"
FILE = "poster.jpg"
QUALITY = 80  # tiles are re-encoded at 85; text edges stay clean
LANG = "vi"
CREDIT = (f"{TEXT_CREDIT}; poster design: exhibition team")
FOOTER = ("Bản dịch: Dự án dịch Tuyên ngôn của Văn phòng Cao ủy Liên Hợp Quốc về quyền con người "
          "(OHCHR), qua dự án UDHR in XML (efele.net/udhr). Trình bày: nhóm triển lãm.")


@dataclass(frozen=True)
class Line:
    text: str
    style: Style
    space_before: float  # extra space above, in pixels


def text_lines(blocks: list[tuple[str, list[str]]], width: float, size: int) -> list[Line]:
    """Headings and paragraphs, wrapped to the column width at this body size."""
    body = Style(size, lang=LANG)
    head = Style(size, bold=True, fill=ACCENT, lang=LANG)
    by_words = word_measure(body)
    lines: list[Line] = []
    for heading, paragraphs in blocks:
        lines.append(Line(heading, head, size * 1.1 if lines else 0))
        for paragraph in paragraphs:
            for n, text in enumerate(wrap_lines(paragraph, width, body, by_words)):
                lines.append(Line(text, body, size * 0.45 if n == 0 else 0))
    return lines


def word_measure(style: Style):
    """The width of a piece of Vietnamese text as the sum of its words and spaces, each word
    shaped once: wrapping the Declaration measures each line's words many times."""
    widths: dict[str, float] = {}
    space = measure(" ", style)

    def width(piece: str) -> float:
        words = piece.split(" ")
        for word in words:
            if word not in widths:
                widths[word] = measure(word, style)
        return sum(widths[w] for w in words) + space * (len(words) - 1)

    return width


def flow(lines: list[Line], height: float) -> list[list[Line]] | None:
    """Lines in columns, filled in turn; None if they need more than COLUMNS columns.

    A heading never ends a column: it moves to the next one with its first line.
    """
    columns: list[list[Line]] = [[]]
    used = 0.0
    for index, line in enumerate(lines):
        step = _step(line, first=not columns[-1])
        is_heading = line.style.bold
        next_step = _step(lines[index + 1], False) if is_heading and index + 1 < len(lines) else 0
        if used + step + next_step > height:
            columns.append([])
            if len(columns) > COLUMNS:
                return None
            step, used = _step(line, first=True), 0.0
        columns[-1].append(line)
        used += step
    return columns


def _largest_fitting(blocks, column_width: float, height: float) -> tuple[int, list]:
    """Binary search for the largest body size at which the text fits the columns."""
    low, high = BODY_SIZES
    best = None
    while low <= high:
        size = (low + high) // 2
        columns = flow(text_lines(blocks, column_width, size), height)
        if columns is None:
            high = size - 1
        else:
            best, low = (size, columns), size + 1
    if best is None:
        raise SystemExit("make_sample_poster: the Declaration does not fit")
    return best


def _step(line: Line, first: bool) -> float:
    return line.style.line_height(line.text) + (0 if first else line.space_before)


def render(corpus: Path) -> Image.Image:
    found = translation("vie", corpus)
    blocks = [(heading, paragraphs) for _, heading, paragraphs in found.pages]
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = _draw_centred(draw, found.title, Style(TITLE_SIZE, bold=True, fill=ACCENT, lang=LANG),
                      MARGIN)
    y = _draw_centred(draw, found.note, Style(NOTE_SIZE, lang=LANG), y + NOTE_SIZE * 0.6)
    y += NOTE_SIZE
    draw.rectangle([MARGIN, y, WIDTH - MARGIN, y + 12], fill=ACCENT)
    top = y + 12 + NOTE_SIZE
    footer = Style(FOOTER_SIZE, lang=LANG)
    bottom = HEIGHT - MARGIN - footer.line_height(FOOTER) - FOOTER_SIZE
    column_width = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
    size, columns = _largest_fitting(blocks, column_width, bottom - top)
    for number, column in enumerate(columns):
        x, y = MARGIN + number * (column_width + GUTTER), top
        for line in column:
            y += _step(line, first=line is column[0])
            draw_line(draw, x, y - line.style.line_height(line.text) * 0.28, line.text, line.style)
    draw.rectangle([MARGIN, bottom + FOOTER_SIZE * 0.4, WIDTH - MARGIN,
                    bottom + FOOTER_SIZE * 0.4 + 6], fill=INK)
    _draw_centred(draw, FOOTER, footer, bottom + FOOTER_SIZE)
    print(f"body text {size} px in {len(columns)} columns")
    return image


def _draw_centred(draw: ImageDraw.ImageDraw, text: str, style: Style, top: float) -> float:
    """Draw `text` centred, in lines of even length; return the y below it."""
    width = WIDTH - 2 * MARGIN
    count = len(wrap_lines(text, width, style))
    while width > 0 and len(wrap_lines(text, width - 100, style)) == count:
        width -= 100  # narrower, for as long as that adds no line: no lone word on the last
    y = top
    for line in wrap_lines(text, width, style):
        step = style.line_height(line)
        y += step
        draw_line(draw, (WIDTH - measure(line, style)) / 2, y - step * 0.28, line, style)
    return y


def item_yaml() -> str:
    return ("# Generated by tools/make_sample_poster.py from the UDHR corpus; run it again "
            "rather than editing.\n"
            f"kind: image\nfile: {FILE}\ncredit: \"{CREDIT}\"\nlicence: \"{LICENCE}\"\n"
            f"url: {PUBLIC_URL}\n")


LANGUAGE_FILES = {
    "en": {
        "title": "The whole Declaration on one poster",
        "caption": "The Universal Declaration of Human Rights in Vietnamese: the preamble and "
                   "all 30 articles. Zoom in to read it.",
        "alt": "A tall poster of dense Vietnamese text in four columns on a light background. "
               "At the top, in large dark blue letters, is the title “Tuyên ngôn toàn thế giới "
               "về nhân quyền của Liên Hợp Quốc”, with a line about its adoption below it. The "
               "columns hold the preamble and the 30 articles, each under a blue heading. The "
               "full text is in the item “Universal Declaration of Human Rights”.",
        "body": "The poster prints the whole Vietnamese translation of the Declaration. Seen "
                "whole, the text is too small to read: zoom in with two fingers, or with the "
                "zoom buttons.\n\n"
                "At the top is the title. Below it, a line says that the United Nations General "
                "Assembly adopted and proclaimed the Declaration by resolution 217 (III) on 10 "
                "December 1948.\n\n"
                "The text runs in four columns, from the top of the left column to the bottom "
                "of the right one. It starts with the preamble, “Lời nói đầu”. Then come the 30 "
                "articles, “Điều 1” to “Điều 30”, each under its own heading.\n\n"
                "A line at the bottom names the source of the translation. You can read the same "
                "text, in Vietnamese and in 15 other languages, in the item “Universal "
                "Declaration of Human Rights”.",
    },
    "vi": {
        "title": "Toàn văn Tuyên ngôn trên một tấm áp phích",
        "caption": "Tuyên ngôn toàn thế giới về nhân quyền bằng tiếng Việt: lời nói đầu và "
                   "cả 30 điều. Hãy phóng to để đọc.",
        "alt": "Một tấm áp phích khổ dọc in chữ tiếng Việt dày đặc, chia bốn cột trên nền sáng. "
               "Trên cùng là tiêu đề chữ lớn màu xanh đậm “Tuyên ngôn toàn thế giới về nhân quyền "
               "của Liên Hợp Quốc”, bên dưới là một dòng về việc thông qua Tuyên ngôn. Các cột "
               "gồm lời nói đầu và 30 điều, mỗi phần có tiêu đề màu xanh. Toàn văn có trong mục "
               "“Tuyên ngôn toàn thế giới về nhân quyền”.",
        "body": "Tấm áp phích in toàn bộ bản dịch tiếng Việt của Tuyên ngôn. Khi xem cả tấm, "
                "chữ quá nhỏ để đọc. Hãy phóng to bằng hai ngón tay, hoặc bằng các nút phóng "
                "to.\n\n"
                "Trên cùng là tiêu đề. Dòng bên dưới ghi rằng Đại hội đồng Liên Hợp Quốc đã thông "
                "qua và công bố Tuyên ngôn theo Nghị quyết số 217 (III), ngày 10 tháng 12 năm "
                "1948.\n\n"
                "Văn bản chạy trong bốn cột, từ đầu cột trái đến cuối cột phải. Mở đầu là “Lời "
                "nói đầu”. Tiếp theo là 30 điều, từ “Điều 1” đến “Điều 30”, mỗi điều có tiêu đề "
                "riêng.\n\n"
                "Dòng cuối cùng ghi nguồn của bản dịch. Bạn có thể đọc cùng văn bản này, bằng "
                "tiếng Việt và 15 ngôn ngữ khác, trong mục “Tuyên ngôn toàn thế giới về nhân "
                "quyền”.",
    },
    "fr": {
        "title": "Toute la Déclaration sur une affiche",
        "caption": "La Déclaration universelle des droits de l'homme en vietnamien : le préambule "
                   "et les 30 articles. Agrandissez pour lire.",
        "alt": "Une grande affiche en hauteur, couverte de texte vietnamien en quatre colonnes sur "
               "fond clair. En haut, en grandes lettres bleu foncé, le titre « Tuyên ngôn toàn "
               "thế giới về nhân quyền của Liên Hợp Quốc », et dessous une ligne sur son "
               "adoption. Les colonnes contiennent le préambule et les 30 articles, chacun sous un "
               "titre bleu. Le texte complet se trouve dans l'élément « Déclaration universelle "
               "des droits de l'homme ».",
        "body": "L'affiche reproduit toute la traduction vietnamienne de la Déclaration. Vue en "
                "entier, le texte est trop petit pour être lu : agrandissez-la avec deux doigts, "
                "ou avec les boutons de zoom.\n\n"
                "En haut se trouve le titre. La ligne suivante indique que l'Assemblée générale "
                "des Nations Unies a adopté et proclamé la Déclaration par sa résolution 217 "
                "(III), le 10 décembre 1948.\n\n"
                "Le texte court sur quatre colonnes, du haut de la colonne de gauche au bas de "
                "celle de droite. Il commence par le préambule, « Lời nói đầu ». Viennent ensuite "
                "les 30 articles, de « Điều 1 » à « Điều 30 », chacun sous son titre.\n\n"
                "Une ligne en bas nomme la source de la traduction. Le même texte, en vietnamien "
                "et en 15 autres langues, se lit dans l'élément « Déclaration universelle des "
                "droits de l'homme ».",
    },
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="the exhibition folder (default: content/ in this repository)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="folder with the udhr_*.xml files (default: ../shared/corpus/udhr)")
    args = parser.parse_args(argv)
    require_raqm()
    folder = args.content / "items" / ITEM_ID
    size = save_jpeg(render(args.corpus), folder / FILE, QUALITY)
    write_text(folder / "item.yaml", item_yaml())
    for lang, fields in LANGUAGE_FILES.items():
        fields = dict(fields)
        body = fields.pop("body")
        write_text(folder / f"{lang}.md", front_matter(fields, body))
    print(f"{(folder / FILE).relative_to(args.content.parent)}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
