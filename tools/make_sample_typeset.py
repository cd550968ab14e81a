"""What the make_sample_* tools that draw the Universal Declaration share: the corpus, the
sixteen languages and their names, and text set with Pillow in the kiosk's own fonts.

Not a command: `make_sample_cards.py`, `make_sample_poster.py` and `make_sample_document.py`
import it. Every word drawn comes from the UDHR corpus (`../shared/corpus/udhr`: the OHCHR
translations as published by the UDHR in XML project), read with the kiosk's own importer, so
the pictures say exactly what the `udhr` item says.

Text is shaped by HarfBuzz (Pillow's raqm layout: Khmer, Lao and Thai clusters, Arabic joining
and right-to-left order) in the font the kiosk itself picks for each script
(`kiosk.text.fonts`), and lines break where ICU allows (`kiosk.text.linebreak`: between words
in Khmer, Lao and Thai, which are written without spaces). Needs Pillow built with raqm.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the kiosk package, when run from a plain checkout

from kiosk.importers.udhr import Translation, escape_markdown, parse_udhr  # noqa: E402
from kiosk.text.fonts import font_runs, single_font_for  # noqa: E402
from kiosk.text.linebreak import break_opportunities  # noqa: E402
from kiosk.text.scripts import dominant_script  # noqa: E402

__all__ = ["escape_markdown"]  # re-exported for the tools, with the kiosk on the path

CORPUS = ROOT.parent / "shared" / "corpus" / "udhr"
TEXT_CREDIT = ("Text: OHCHR UDHR Translation Project, via the UDHR in XML project "
               "(efele.net/udhr)")
# The corpus states no licence; it says the OHCHR project's stated aim is to disseminate the
# Declaration. The team's own layout is licensed as the sample's charts are.
LICENCE = ("Text: OHCHR UDHR Translation Project, published to disseminate the Declaration; "
           "design: CC BY 4.0")
PUBLIC_URL = "https://efele.net/udhr/"  # the UDHR in XML project, named in the corpus

BACKGROUND = (250, 247, 240)  # off-white paper, as the timeline charts
INK = (20, 20, 20)
ACCENT = (24, 58, 110)  # dark blue: headings and the card's edge; 10:1 on the background


@dataclass(frozen=True)
class Language:
    """One of the sixteen translations: corpus file key, the kiosk's language tag, and the
    names of the language and of its script in the sample's interface languages.

    Names come from CLDR (through ICU), except those CLDR lacks or writes in another script
    (Tai Dam, Hmong Njua, and Vietnamese in Chữ Nôm), written as the corpus's notes name them.
    """

    key: str
    tag: str
    name: dict[str, str]  # {"en": "Khmer", "vi": "tiếng Khmer", "fr": "khmer"}
    script: dict[str, str]  # {"en": "Khmer", "vi": "chữ Khơ-me", "fr": "khmer"}

    @property
    def item_id(self) -> str:
        return f"article-1-{self.tag.lower()}"


def _lang(key, tag, en, vi, fr, script_en, script_vi, script_fr) -> Language:
    return Language(key, tag, {"en": en, "vi": vi, "fr": fr},
                    {"en": script_en, "vi": script_vi, "fr": script_fr})


# In the corpus's order: Viet Nam's languages, its neighbours', East Asia's, then the UN's.
LANGUAGES: tuple[Language, ...] = (
    _lang("vie", "vi", "Vietnamese", "tiếng Việt", "vietnamien",
          "Latin", "chữ Quốc ngữ", "latin"),
    _lang("vie_han", "vi-Hani", "Vietnamese", "tiếng Việt", "vietnamien",
          "Han-Nom", "chữ Hán Nôm", "hán-nôm"),
    _lang("blt", "blt", "Tai Dam", "tiếng Thái Đen", "taï dam",
          "Tai Viet", "chữ Thái Việt", "taï viêt"),
    _lang("blu", "hnj", "Hmong Njua", "tiếng Hmong Njua", "hmong njua",
          "Latin", "chữ La tinh", "latin"),
    _lang("khm", "km", "Khmer", "tiếng Khmer", "khmer", "Khmer", "chữ Khơ-me", "khmer"),
    _lang("lao", "lo", "Lao", "tiếng Lào", "lao", "Lao", "chữ Lào", "lao"),
    _lang("tha", "th", "Thai", "tiếng Thái", "thaï", "Thai", "chữ Thái", "thaï"),
    _lang("cmn_hans", "zh-Hans", "Chinese", "tiếng Trung", "chinois",
          "Simplified Han", "chữ Hán giản thể", "sinogrammes simplifiés"),
    _lang("jpn", "ja", "Japanese", "tiếng Nhật", "japonais",
          "Japanese", "chữ Nhật Bản", "japonais"),
    _lang("kor", "ko", "Korean", "tiếng Hàn", "coréen", "Hangul", "chữ Hàn", "hangûl"),
    _lang("eng", "en", "English", "tiếng Anh", "anglais", "Latin", "chữ La tinh", "latin"),
    _lang("fra", "fr", "French", "tiếng Pháp", "français", "Latin", "chữ La tinh", "latin"),
    _lang("spa", "es", "Spanish", "tiếng Tây Ban Nha", "espagnol",
          "Latin", "chữ La tinh", "latin"),
    _lang("deu_1996", "de-1996", "German", "tiếng Đức", "allemand",
          "Latin", "chữ La tinh", "latin"),
    _lang("rus", "ru", "Russian", "tiếng Nga", "russe", "Cyrillic", "chữ Kirin", "cyrillique"),
    _lang("arb", "ar", "Arabic", "tiếng Ả Rập", "arabe", "Arabic", "chữ Ả Rập", "arabe"),
)


def require_raqm() -> None:
    """Without raqm, Pillow draws Khmer, Lao, Thai and Arabic as unjoined, misordered glyphs.
    Checks the colours too: text and headings at least 7:1 against the paper, as the charts."""
    if not features.check("raqm"):
        raise SystemExit("this tool needs Pillow with raqm (libraqm) for complex scripts")
    from make_sample_images import MIN_CONTRAST, contrast

    for name, colour in (("text", INK), ("heading", ACCENT)):
        if contrast(colour, BACKGROUND) < MIN_CONTRAST:
            raise SystemExit(f"the {name} colour has less than {MIN_CONTRAST}:1 contrast")


@cache
def translation(key: str, corpus: Path = CORPUS) -> Translation:
    path = Path(corpus) / f"udhr_{key}.xml"
    if not path.is_file():
        raise SystemExit(f"{path}: not found; give the corpus folder with --corpus")
    return parse_udhr(path)


def page_text(found: Translation, page_id: str) -> tuple[str, list[str]]:
    """(heading, paragraphs) of the preamble or an article (`article-1`)."""
    for pid, heading, paragraphs in found.pages:
        if pid == page_id:
            return heading, paragraphs
    raise SystemExit(f"the {found.name} UDHR has no {page_id}")


@cache
def _font(path: str, size: int, basic: bool) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.BASIC if basic else ImageFont.Layout.RAQM
    return ImageFont.truetype(path, size, layout_engine=engine)


@dataclass(frozen=True)
class Style:
    """How a piece of text is set: size in pixels, weight, colour, and its language."""

    size: int
    bold: bool = False
    fill: tuple[int, int, int] = INK
    lang: str = ""

    def line_height(self, text: str) -> int:
        return round(self.size * _LEADING.get(dominant_script(text), 1.45))


# Scripts with tall marks above and below (Khmer subscripts, Thai and Lao tone marks) need
# more room between lines than Latin does.
_LEADING = {"Khmr": 2.0, "Laoo": 1.9, "Thai": 1.8, "Tavt": 1.8, "Arab": 1.8,
            "Hani": 1.6, "Hans": 1.6, "Jpan": 1.6, "Hang": 1.6, "Kore": 1.6}


def is_rtl(text: str) -> bool:
    return dominant_script(text) in ("Arab", "Hebr")


def _runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """(text, font file) runs: one font for right-to-left text, else one per script run."""
    if is_rtl(text):
        single = single_font_for(text)
        if single is None:
            raise SystemExit(f"no single font shows this right-to-left text: {text[:30]}")
        return [(text, single.path_for(bold))]
    return [(run.text, run.font.path_for(bold)) for run in font_runs(text)]


def measure(text: str, style: Style) -> float:
    direction = "rtl" if is_rtl(text) else "ltr"
    return sum(_font(path, style.size, False).getlength(run, direction=direction,
                                                       language=style.lang or None)
               for run, path in _runs(text, style.bold))


def draw_line(draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str, style: Style,
              right_edge: float | None = None) -> None:
    """Draw one line with its left end at x, or, right-to-left, its right end at right_edge."""
    if is_rtl(text):
        ((run, path),) = _runs(text, style.bold)
        draw.text((right_edge if right_edge is not None else x + measure(text, style), baseline),
                  run, font=_font(path, style.size, False), fill=style.fill, anchor="rs",
                  direction="rtl", language=style.lang or None)
        return
    for run, path in _runs(text, style.bold):
        font = _font(path, style.size, False)
        draw.text((x, baseline), run, font=font, fill=style.fill, anchor="ls",
                  language=style.lang or None)
        x += font.getlength(run, language=style.lang or None)


def wrap_lines(text: str, width: float, style: Style, measure_with=None) -> list[str]:
    """Lines no wider than `width`, broken where ICU allows.

    Khmer, Lao and Thai put spaces between phrases, not words, and ICU finds the words with a
    dictionary, which can cut a word it does not know (the Thai text's own misspelling
    "เกียรติศักด" came out as "เกีย | รติศักด"). So a line that can end at a space and still be
    three quarters full ends there, as a typesetter in those scripts would break it.
    """
    size_of = measure_with or (lambda piece: measure(piece, style))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [*break_opportunities(paragraph, style.lang), len(paragraph)]
        start = 0
        while start < len(paragraph):
            fitting = []
            for cut in (c for c in cuts if c > start):
                if fitting and size_of(paragraph[start:cut].rstrip()) > width:
                    break
                fitting.append(cut)
            end = fitting[-1]
            if end < len(paragraph):
                at_spaces = [c for c in fitting if paragraph[c - 1].isspace()
                             and size_of(paragraph[start:c].rstrip()) >= 0.75 * width]
                end = at_spaces[-1] if at_spaces else end
            lines.append(paragraph[start:end].strip())
            start = end
    return lines


def basic_width(text: str, font_path: str, size_pt: float) -> float:
    """Width in points of `text` set without shaping, as PDFium sets a simple text object."""
    scale = 20  # measure at 20 x the size, for sub-point precision
    return _font(font_path, round(size_pt * scale), True).getlength(text) / scale


def save_jpeg(image: Image.Image, path: Path, quality: int = 88) -> int:
    """A baseline (not progressive) JPEG without metadata. The catalog build decodes a PNG in
    full to check it and re-encodes its display copy as PNG, a tenth of a second or more a
    picture (seconds for the poster); a JPEG is checked at 1/8 scale and its display copy
    costs a few hundredths. At these qualities the text keeps clean edges."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(path, format="JPEG", quality=quality, optimize=True)
    return path.stat().st_size


def front_matter(fields: dict[str, str], body: str) -> str:
    """A language file: YAML front matter (title first) and a Markdown body."""
    import yaml

    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000).strip()
    return f"---\n{front}\n---\n{body.strip()}\n" if body.strip() else f"---\n{front}\n---\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
