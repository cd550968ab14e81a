"""A visitor opens the Declaration in Chinese, then in Korean, and sees each country's forms.

The Han characters of the Chinese text come from the Simplified Chinese face of Noto Sans CJK,
the Korean text's from the Korean face, the Japanese text's from the Japanese face (see
tests/test_visitor_sees_regional_han_forms.py for the pixels of each face).
"""

from __future__ import annotations

import pytest

from kiosk.text.font_faces import face_families
from kiosk.text.fonts import find_font_file


@pytest.mark.skipif(find_font_file("NotoSansCJK-Regular.ttc") is None,
                    reason="fonts-noto-cjk is not installed")
@pytest.mark.parametrize("lang, family", [
    ("zh-Hans", "Noto Sans CJK SC"), ("ko", "Noto Sans CJK KR"), ("ja", "Noto Sans CJK JP")])
def test_the_declaration_is_drawn_in_the_forms_of_its_language(kiosk, lang, family):
    kiosk.reset()
    kiosk.app.open_item("udhr", lang=lang)
    kiosk.frames(3)
    document = kiosk.screen
    assert document.doc_lang == lang
    title = document.ids.doc_title
    assert title.lang == lang
    fonts = {title.font_name} if not title.markup else set(
        part.split("]", 1)[0] for part in title.text.split("[font=")[1:])
    han_fonts = [f for f in fonts if "CJK" in f]
    assert han_fonts, f"no CJK font used for {title.plain_text!r}: {fonts}"
    for path in han_fonts:
        assert face_families(path)[0] == family
    kiosk.screenshot(f"udhr-title-{lang}")


def test_chinese_paragraphs_fill_their_lines_and_no_line_starts_with_a_comma(kiosk):
    """Kivy alone moved a whole unspaced sentence to the next line, leaving the one before
    half empty; ICU's line breaks for Chinese fill each line and keep "，" at a line's end."""
    from kiosk.ui.labels import ScriptCoreLabel

    kiosk.reset()
    kiosk.app.open_item("udhr", lang="zh-Hans")
    kiosk.frames(3)
    paragraphs = [w for w in kiosk.screen.ids.transcript.walk()
                  if getattr(w, "plain_text", "") and w.script == "Hani" and "\n" in w.text]
    assert paragraphs, "no wrapped Chinese paragraph on the first page"
    for label in paragraphs:
        measure = ScriptCoreLabel(font_name=label.font_name, font_size=label.font_size,
                                  font_script_name=label.font_script_name)
        lines = label.text.split("\n")
        for line in lines[1:]:
            assert not line.startswith(("，", "。", "、", "」", "》")), line
        for line in lines[:-1]:
            assert measure.get_extents(line)[0] >= 0.8 * label.text_size[0], line
