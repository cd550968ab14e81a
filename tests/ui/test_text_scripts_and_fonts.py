"""Choosing fonts so that no script shows as empty boxes (pure Python, no window)."""

from __future__ import annotations

import pytest

from kiosk.text.fonts import covers, font_charmap, font_for_script, font_runs, single_font_for
from kiosk.text.scripts import direction, dominant_script, protect_ltr_runs, script_of


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Mọi người sinh ra đều được tự do và bình đẳng", "Latn"),
        ("Все люди рождаются свободными", "Cyrl"),
        ("មនុស្សទាំងអស់ កើតមកមានសេរីភាព ១៩៤៨", "Khmr"),
        ("ມະນຸດເກີດມາມີສິດເສລີພາບ", "Laoo"),
        ("มนุษย์ทั้งหลายเกิดมามีอิสระ [เกียรติศักดิ์]", "Thai"),
        ("ꪹꪖꪙ ꪁꪮꪣ", "Tavt"),
        ("يولد جميع الناس أحرارًا 1948", "Arab"),
        ("人人生而自由", "Hani"),
        ("すべての人間は、生まれながらにして自由", "Jpan"),
        ("모든 인간은 태어날 때부터 자유로우며", "Kore"),
        ("宣言全世界𧗱人權", "Hani"),
        ("सभी मनुष्यों को गौरव", "Deva"),
        ("1948 — 2006", "Latn"),
        ("", "Latn"),
    ],
)
def test_the_dominant_script_of_a_text(text, script):
    assert dominant_script(text) == script


def test_marks_and_shared_characters_belong_to_no_script():
    assert script_of(" ") == script_of("1") == script_of("«") == "Zyyy"
    assert script_of("\u0301") == "Zinh"
    assert script_of("ệ") == "Latn"


def test_arabic_and_hebrew_are_written_right_to_left():
    assert direction("Arab") == direction("Hebr") == "rtl"
    assert direction("Khmr") == direction("Latn") == "ltr"


@pytest.mark.parametrize(
    ("script", "file_name", "kivy_name"),
    [
        ("Latn", "NotoSans-Regular.ttf", "Latn"),
        ("Cyrl", "NotoSans-Regular.ttf", "Cyrl"),
        ("Khmr", "NotoSansKhmer-Regular.ttf", "Khmr"),
        ("Laoo", "NotoSansLao-Regular.ttf", "Laoo"),
        ("Thai", "NotoSansThai-Regular.ttf", "Thai"),
        ("Tavt", "NotoSansTaiViet-Regular.ttf", "Zyyy"),
        ("Arab", "NotoNaskhArabic-Regular.ttf", "Arab"),
        ("Hans", "NotoSansCJK-Regular.ttc", "Hani"),
        ("Kore", "NotoSansCJK-Regular.ttc", "Hang"),
    ],
)
def test_each_script_gets_its_noto_font(script, file_name, kivy_name):
    font = font_for_script(script)
    assert font.path.endswith(file_name)
    assert font.kivy_script_name == kivy_name
    assert font.direction == direction(script)


def test_an_unknown_script_falls_back_to_a_font_that_exists():
    font = font_for_script("Zzzz")
    assert font_charmap(font.path)  # a real, readable font


def test_the_font_charmap_matches_what_the_font_covers():
    khmer = font_for_script("Khmr")
    assert covers(khmer, "មនុស្ស")
    assert not covers(khmer, "UDHR 1948")  # Noto Sans Khmer has no Latin letters or digits


def test_text_one_font_cannot_show_is_split_into_runs_that_can():
    text = "ข้อ 1 [มนุษย์]"  # Noto Sans Thai has no digits and no brackets
    assert single_font_for(text) is None
    runs = font_runs(text)
    assert "".join(run.text for run in runs) == text
    for run in runs:
        assert covers(run.font, run.text.strip()), run


def test_han_nom_characters_beyond_the_cjk_font_come_from_a_supplementary_font():
    runs = font_runs("宣言全世界𧗱人權")
    assert "".join(r.text for r in runs) == "宣言全世界𧗱人權"
    for run in runs:
        assert covers(run.font, run.text), run


def test_right_to_left_text_keeps_numbers_in_reading_order_for_shaping():
    assert protect_ltr_runs("المادة 10 في 1948.") == "المادة 01 في 8491."
    assert protect_ltr_runs(protect_ltr_runs("عام 1948")) == "عام 1948"


def test_a_khmer_or_arabic_name_inside_vietnamese_is_its_own_run():
    for name, script in (("ខ្មែរ", "Khmr"), ("العربية", "Arab")):
        runs = font_runs(f"Ngôn ngữ: {name}")
        assert single_font_for(f"Ngôn ngữ: {name}") is None
        assert runs[-1].text == name
        assert runs[-1].font.path == font_for_script(script).path
