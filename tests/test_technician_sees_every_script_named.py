"""A technician checks that text in scripts the old table missed is no longer called Latin."""

from kiosk.text.scripts import direction, dominant_script, script_of

# Real words (the names of the languages, in their own script).
SAMPLES = {
    "Gujr": "ગુજરાતી",
    "Telu": "తెలుగు",
    "Mlym": "മലയാളം",
    "Cans": "ᐃᓄᒃᑎᑐᑦ",
    "Tfng": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
    "Vaii": "ꕙꔤ",
    "Yiii": "ꆈꌠꁱꂷ",
}


def test_technician_sees_scripts_the_hand_table_missed():
    for code, text in SAMPLES.items():
        assert dominant_script(text) == code, text


def test_technician_sees_marks_and_punctuation_stay_neutral():
    assert script_of("\u0301") == "Zinh"
    assert script_of(",") == "Zyyy"
    assert script_of("\U0010FFFF") == "Zyyy"


def test_technician_sees_rare_rtl_scripts_run_right_to_left():
    assert direction("Samr") == "rtl"  # Samaritan, never in the old list
    assert direction("Arab") == "rtl"
    assert direction("Gujr") == "ltr"
