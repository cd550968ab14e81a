"""Khmer, Thai and Lao lines break between words, never inside one, as their readers expect."""

from __future__ import annotations

import pytest

from kiosk.text.linebreak import break_opportunities, words, wrap

KHMER = "មនុស្សទាំងអស់កើតមកមានសេរីភាព"
THAI = "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกัน"
LAO = "ມະນຸດເກີດມາມີສິດເສລີພາບ"


@pytest.mark.parametrize(("text", "locale", "first_words"), [
    (KHMER, "km", ["មនុស្ស", "ទាំងអស់"]),
    (THAI, "th", ["มนุษย์", "ทั้ง"]),
    (LAO, "lo", ["ມະນຸດ", "ເກີດ"]),
])
def test_words_are_found_without_spaces(text, locale, first_words):
    assert words(text, locale)[:2] == first_words


def test_no_break_inside_a_khmer_cluster():
    # "មនុស្ស": the coeng (្) joins ស to the next ស: never a break around it.
    for cut in break_opportunities(KHMER, "km"):
        assert KHMER[cut - 1] != "\u17d2" and KHMER[cut] != "\u17d2"


def test_wrapping_uses_the_callers_measure_and_keeps_every_character():
    width_of = len  # one unit per character stands in for pixels
    lines = wrap(KHMER + " " + THAI, 13, width_of, "km")
    assert "".join(lines).replace(" ", "") == (KHMER + THAI)
    assert all(width_of(line) <= 13 for line in lines if len(words(line)) > 1)
    assert lines[0] == "មនុស្សទាំងអស់"


def test_han_nom_beyond_the_basic_plane_keeps_its_offsets():
    text = "畢哿每𠊛生𠚢調得自由"
    cuts = break_opportunities(text, "vi")
    assert cuts and all(0 < c < len(text) for c in cuts)
    assert "".join(wrap(text, 3, len, "vi")) == text


def test_word_counts_for_the_plain_language_check():
    assert len(words("Công ước này bảo vệ quyền của trẻ em.", "vi")) == 9
    assert len(words(THAI, "th")) == 11
