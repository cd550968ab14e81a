"""Every shipped UDHR language is drawn with real shaping: proved against HarfBuzz itself.

For the title and Article 1 in each of the 16 languages, each font run the kiosk draws is
(a) fully covered by its font: HarfBuzz maps no character to .notdef (glyph 0);
(b) drawn by Kivy exactly as HarfBuzz shapes it: the width Kivy measures equals the sum of
    HarfBuzz's advances for the same text, font and size, and Kivy's pixels match an
    independent rendering of HarfBuzz's layout (Pillow + libraqm, i.e. FreeType + HarfBuzz +
    FriBiDi) — while a deliberately wrong shaping (Khmer without its script) does not;
(c) Arabic is laid out right to left.
Crops of both renderings are kept in test-artifacts/shaping/ for people to look at.
"""

from __future__ import annotations

import pytest
import uharfbuzz as hb
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, features

from kiosk.catalog.read import Catalog
from kiosk.text.fonts import TextRun, font_runs
from kiosk.text.scripts import dominant_script, protect_ltr_runs

pytestmark = pytest.mark.app

SIZE = 40
ARTEFACTS = "test-artifacts/shaping"
LANGUAGES = ["ar", "blt", "de-1996", "en", "es", "fr", "hnj", "ja", "km", "ko", "lo", "ru",
             "th", "vi", "vi-Hani", "zh-Hans"]
RAQM = pytest.mark.skipif(not features.check("raqm"), reason="Pillow built without libraqm")


def udhr_texts(catalog: Catalog, lang: str) -> list[str]:
    document = catalog.document("udhr", lang)
    article = next(p for p in document.pages if p.page_id == "article-1")
    return [document.title, *(block.text for block in article.text)]


def harfbuzz_shape(run: TextRun, text: str):
    blob = hb.Blob.from_file_path(run.font.path)
    face = hb.Face(blob)
    font = hb.Font(face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return buffer, face.upem


def kivy_pixels(run: TextRun, text: str, script_name: str | None = None):
    """The run drawn by the kiosk's own label class, on the CPU: alpha coverage, 0-255."""
    from kiosk.ui.widgets import ScriptCoreLabel, _kivy_script_name

    label = ScriptCoreLabel(text=text, font_name=run.font.path, font_size=SIZE,
                            font_script_name=script_name or _kivy_script_name(run.font),
                            font_direction=run.font.direction)
    label.resolve_font_name()
    size = label.render()
    label._size = size
    lines = label._cached_lines
    label._render_begin()
    label.render_lines(lines, label._default_line_options(lines), label._render_text, 0, size)
    data = label._render_end()
    image = Image.frombytes("RGBA", (data.width, data.height), bytes(data.data))
    return image.getchannel("A"), label.get_extents(text)[0]


def harfbuzz_pixels(run: TextRun, text: str) -> Image.Image:
    font = ImageFont.truetype(run.font.path, SIZE, layout_engine=ImageFont.Layout.RAQM)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right - left + 8, bottom - top + 8), 0)
    ImageDraw.Draw(image).text((4 - left, 4 - top), text, font=font, fill=255)
    return image


def ink(pixels: Image.Image) -> Image.Image:
    """The ink, cropped to its bounding box, thickened by a pixel to forgive rounding."""
    mask = pixels.point(lambda v: 255 if v > 110 else 0).filter(ImageFilter.MaxFilter(3))
    return mask.convert("1").crop(mask.getbbox())


def _count(mask: Image.Image) -> int:
    return mask.convert("L").histogram()[255]


def agreement(a: Image.Image, b: Image.Image) -> float:
    """Intersection over union of two ink masks, after scaling b onto a's box."""
    b = b.resize(a.size, Image.Resampling.NEAREST)
    union = _count(ImageChops.logical_or(a, b))
    return _count(ImageChops.logical_and(a, b)) / union if union else 1.0


def word_agreement(run: TextRun, script_name: str | None = None) -> float:
    """Mean ink agreement of each word drawn by Kivy and by HarfBuzz (short, so no drift)."""
    scores = []
    for word in run.text.split():
        if sum(c.isalpha() for c in word) < 2:
            continue
        shown = protect_ltr_runs(word) if run.font.direction == "rtl" else word
        kivy = ink(kivy_pixels(TextRun(word, run.font), shown, script_name)[0])
        scores.append(agreement(kivy, ink(harfbuzz_pixels(run, word))))
    return sum(scores) / len(scores) if scores else 1.0


def runs_to_check(text: str) -> list[TextRun]:
    """The kiosk's font runs with letters in them (lone spaces and digits are trivial)."""
    return [r for r in font_runs(text) if any(c.isalpha() for c in r.text)]


@pytest.fixture(scope="module")
def udhr_catalog(sample_catalog):
    return Catalog(sample_catalog)


@RAQM
@pytest.mark.parametrize("lang", LANGUAGES)
def test_udhr_title_and_article_1_are_shaped_as_harfbuzz_shapes_them(udhr_catalog, lang):
    from pathlib import Path

    out = Path(ARTEFACTS)
    out.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(udhr_texts(udhr_catalog, lang)):
        for run in runs_to_check(text):
            shown = protect_ltr_runs(run.text) if run.font.direction == "rtl" else run.text
            buffer, upem = harfbuzz_shape(run, run.text)
            glyphs = [info.codepoint for info in buffer.glyph_infos]
            assert 0 not in glyphs, f"{lang}: .notdef in {run.text[:30]!r} with {run.font.path}"
            if dominant_script(run.text) == "Arab":
                assert buffer.direction == "rtl"
                clusters = [info.cluster for info in buffer.glyph_infos]
                assert clusters == sorted(clusters, reverse=True), "Arabic must run right to left"

            kivy, kivy_width = kivy_pixels(run, shown)
            harfbuzz_width = sum(p.x_advance for p in buffer.glyph_positions) * SIZE / upem
            tolerance = 2 + 0.6 * len(glyphs)  # Kivy/SDL_ttf rounds each advance to a pixel
            assert abs(kivy_width - harfbuzz_width) <= tolerance, (
                f"{lang}: Kivy {kivy_width} px vs HarfBuzz {harfbuzz_width:.1f} px")

            score = word_agreement(run)
            assert score > 0.80, f"{lang}: only {score:.2f} of the ink agrees for {run.text[:30]!r}"
            reference = harfbuzz_pixels(run, run.text)
        kivy.save(out / f"{lang}-{number}-kivy.png")
        reference.save(out / f"{lang}-{number}-harfbuzz.png")


@RAQM
def test_the_comparison_catches_wrong_shaping(udhr_catalog):
    """Negative control: Khmer drawn without its script tag must not pass for shaped."""
    text = max(udhr_texts(udhr_catalog, "km"), key=len)
    run = max(runs_to_check(text), key=lambda r: len(r.text))
    right, wrong = word_agreement(run), word_agreement(run, script_name="Zyyy")
    assert right > 0.80 > wrong, (right, wrong)


def test_khmer_thai_and_lao_lines_break_between_words(kiosk):
    """Long unspaced text in a narrow label is broken by ICU, never inside a word."""
    from kiosk.text.linebreak import words
    from kiosk.ui.labels import ScriptLabel

    for lang, text in (("km", "មនុស្សទាំងអស់កើតមកមានសេរីភាពនិងសមភាពក្នុងផ្នែកសេចក្ដីថ្លៃថ្នូរនិងសិទ្ធិ"),
                       ("th", "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักดิ์และสิทธิ"),
                       ("lo", "ມະນຸດເກີດມາມີສິດເສລີພາບແລະສະເໝີໜ້າກັນໃນທາງກຽດຕິສັກແລະທາງສິດ")):
        label = ScriptLabel(plain_text=text, font_size=40, text_size=(300, None))
        lines = label.text.split("\n")
        assert len(lines) > 2, lang
        assert "".join(lines) == text, "no character lost or added"
        whole_words = set(words(text, lang))
        for line in lines:
            assert set(words(line, lang)) <= whole_words, f"{lang}: a word was cut: {line!r}"
