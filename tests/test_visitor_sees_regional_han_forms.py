"""A Chinese reader sees Chinese character forms, a Korean reader Korean ones.

Noto Sans CJK draws 骨, 直 and 写 differently for each region, and Kivy opens only the
collection's first (Japanese) face. The kiosk copies the face the text's language needs out of
the collection; these tests compare its pixels with the collection's own face, drawn by Pillow.
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from kiosk.text import font_faces, fonts
from kiosk.text.fonts import cjk_region, font_for_script, font_runs

REGIONAL = "骨直写次平"  # the first three differ in Chinese, the last two in Korean
COLLECTION = fonts.find_font_file("NotoSansCJK-Regular.ttc")
needs_cjk = pytest.mark.skipif(COLLECTION is None, reason="fonts-noto-cjk is not installed")


@pytest.fixture(autouse=True)
def private_font_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(font_faces.CACHE_ENV, str(tmp_path / "fonts"))
    font_faces.face_file.cache_clear()
    fonts.font_for_script.cache_clear()
    yield
    font_faces.face_file.cache_clear()
    fonts.font_for_script.cache_clear()


def drawn(font: ImageFont.FreeTypeFont) -> Image.Image:
    image = Image.new("L", (360, 90))
    ImageDraw.Draw(image).text((4, 4), REGIONAL, font=font, fill=255)
    return image


def collection_face(family: str) -> ImageFont.FreeTypeFont:
    index = font_faces.face_families(COLLECTION).index(family)
    return ImageFont.truetype(COLLECTION, 64, index=index)


@pytest.mark.parametrize("lang, region", [
    ("zh", "SC"), ("zh-Hans", "SC"), ("cmn-Hans", "SC"), ("zh-Hant", "TC"), ("zh-TW", "TC"),
    ("zh-Hant-HK", "HK"), ("yue", "HK"), ("ko", "KR"), ("ja", ""), ("vi-Hani", ""), ("", ""),
])
def test_the_language_tag_picks_the_region_of_the_han_forms(lang, region):
    assert cjk_region(lang) == region


@needs_cjk
@pytest.mark.parametrize("lang, family", [
    ("zh-Hans", "Noto Sans CJK SC"), ("zh-Hant", "Noto Sans CJK TC"), ("ko", "Noto Sans CJK KR")])
def test_chinese_and_korean_text_is_drawn_with_its_own_face(lang, family):
    chosen = font_for_script("Hani", lang)
    assert chosen.path != COLLECTION and chosen.path.endswith(".otf")
    assert font_faces.face_families(chosen.path) == [family]
    ours = drawn(ImageFont.truetype(chosen.path, 64))
    assert ImageChops.difference(ours, drawn(collection_face(family))).getbbox() is None
    japanese = drawn(collection_face("Noto Sans CJK JP"))
    assert ImageChops.difference(ours, japanese).getbbox() is not None, "same as Japanese"


@needs_cjk
def test_japanese_and_untagged_han_keep_the_collection_and_runs_follow_the_language():
    assert font_for_script("Hani", "ja").path == COLLECTION
    assert font_for_script("Hani").path == COLLECTION
    chinese = font_for_script("Hani", "zh-Hans").path
    assert font_runs("第一条 Article 1", "zh-Hans")[0].font.path == chinese  # Latin-dominant
    assert font_runs("第一条", "zh-Hans")[0].font.path == chinese


@needs_cjk
def test_an_unwritable_cache_falls_back_to_the_collection(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv(font_faces.CACHE_ENV, str(blocked / "fonts"))
    assert font_for_script("Hani", "zh-Hans").path == COLLECTION
