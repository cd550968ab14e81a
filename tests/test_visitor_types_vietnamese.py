"""A Vietnamese visitor types words with their tones on the kiosk's touch keyboard."""

from __future__ import annotations

import pytest

from kiosk.text.vietnamese import apply_tone, apply_tone_to_text


@pytest.mark.parametrize(("typed", "tone", "shown"), [
    ("quyên", "grave", "quyền"),  # qu is a consonant; ê carries the tone
    ("nguoi", "grave", "nguòi"),  # no hat yet: first vowel of a final group
    ("ngươi", "grave", "người"),  # ươ: on the ơ
    ("dieu", "grave", "dièu"),  # three vowels, none hatted: the middle one
    ("điêu", "grave", "điều"),
    ("toan", "grave", "toàn"),  # followed by a consonant: the last vowel
    ("hoa", "grave", "hoà"),  # oa: the second vowel (new style)
    ("thuy", "acute", "thuý"),
    ("gia", "grave", "già"),  # gi + vowel: gi is a consonant
    ("viêt", "dot", "việt"),
    ("dân", "dot", "dận"),
    ("tôc", "dot", "tộc"),
    ("Điêu", "grave", "Điều"),
    ("nhân", "tilde", "nhẫn"),
    ("tư", "hook", "tử"),
])
def test_a_tone_key_marks_the_right_vowel(typed, tone, shown):
    assert apply_tone(typed, tone) == shown


def test_the_same_tone_again_takes_it_off():
    assert apply_tone("người", "grave") == "ngươi"


def test_another_tone_replaces_the_first():
    assert apply_tone("quyền", "acute") == "quyến"


def test_words_without_vowels_are_left_alone():
    assert apply_tone("1948", "acute") == "1948"


def test_the_tone_key_acts_on_the_last_word_typed():
    assert apply_tone_to_text("dân tôc", "dot") == "dân tộc"
    assert apply_tone_to_text("dieu ", "grave") == "dièu "
    assert apply_tone_to_text("", "grave") == ""
