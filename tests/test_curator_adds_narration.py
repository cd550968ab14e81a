"""A curator adds recorded narration: a reading of a treaty's summary, of an image's
description and of a document's pages, in OGG, MP3 and WAV. `kiosk check` decodes every
recording and says exactly what is wrong with a bad one; the build copies the good ones into
the catalog's media folder, and the screens get each recording with its duration and words."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from kiosk.media.audio import AudioProblem, probe_audio
from tests.conftest import write
from tests.narration_audio import to_mp3, to_ogg, tone_wav


def run_check(content):
    return CliRunner().invoke(main, ["check", str(content)])


def narrate(content, item="crc", lang="vi", audio="narration.vi.ogg", extra=""):
    """Give `lang`.md of `item` the front-matter line `audio: ...` (and `extra` lines)."""
    path = content / "items" / item / f"{lang}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2:2] = [f"audio: {audio}", *filter(None, extra.split("\n"))]  # after the title
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def narrated(small_exhibition):
    """The small exhibition with a Vietnamese OGG reading of the CRC summary, an English MP3
    of the photo's description, and WAV readings of both pages of the letter in Vietnamese."""
    crc = small_exhibition / "items/crc"
    to_ogg(tone_wav(crc / "source.wav.tmp", seconds=2.0), crc / "narration.vi.ogg")
    (crc / "source.wav.tmp").unlink()
    narrate(small_exhibition)
    photo = small_exhibition / "items/photo"
    to_mp3(tone_wav(photo / "tone.wav.tmp", seconds=1.5, pitch=330), photo / "said.en.mp3")
    (photo / "tone.wav.tmp").unlink()
    write(photo / "en.md", """
        ---
        title: Photo en
        alt: A red square (en)
        audio: said.en.mp3
        ---
        A red square on a white wall, photographed in 2024.
    """)
    letter = small_exhibition / "items/letter"
    tone_wav(letter / "p1.vi.wav", seconds=1.0, pitch=200)
    tone_wav(letter / "p2.vi.wav", seconds=3.0, rate=44100, channels=2, pitch=250)
    path = letter / "vi.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Bức thư\n", "title: Bức thư\npage_audio:\n"
                                 "  page-1: p1.vi.wav\n  page-2: p2.vi.wav\n"), encoding="utf-8")
    return small_exhibition


def test_recordings_in_all_three_formats_pass_the_check(narrated):
    result = run_check(narrated)
    assert result.exit_code == 0, result.output
    problems = [line for line in result.output.splitlines() if ": warning: " in line]
    assert not [line for line in problems if "audio" in line or "recording" in line], problems


def test_probing_decodes_to_the_end_and_gives_the_real_duration(narrated):
    ogg = probe_audio(narrated / "items/crc/narration.vi.ogg")
    assert (ogg.format, ogg.mime) == ("ogg", "audio/ogg")
    assert ogg.duration_s == pytest.approx(2.0, abs=0.05)
    mp3 = probe_audio(narrated / "items/photo/said.en.mp3")
    assert (mp3.format, mp3.mime) == ("mp3", "audio/mpeg")
    assert mp3.duration_s == pytest.approx(1.5, abs=0.1)  # LAME pads a frame or two
    wav = probe_audio(narrated / "items/letter/p2.vi.wav")
    assert (wav.format, wav.sample_rate, wav.channels) == ("wav", 44100, 2)
    assert wav.duration_s == pytest.approx(3.0, abs=0.01)


# -- what `kiosk check` says about bad recordings ------------------------------------------------

def _problem_lines(result) -> str:
    assert "Traceback" not in result.output
    return result.output


def test_a_missing_recording_names_the_line_and_how_to_fix_it(small_exhibition):
    narrate(small_exhibition, audio="naration.vi.ogg")
    result = run_check(small_exhibition)
    assert result.exit_code == 1
    assert ("content/items/crc/vi.md:3: error: the file naration.vi.ogg does not exist\n"
            "    hint: put the recording in the item's folder, or correct its name"
            in _problem_lines(result))


@pytest.mark.parametrize("name, make, message, hint", [
    ("narration.vi.flac", lambda p: tone_wav(p),
     "narration.vi.flac: '.flac' is not a recording format the kiosk plays "
     "(OGG Vorbis .ogg, MP3 .mp3, WAV .wav)",
     "export the recording again as OGG Vorbis, MP3 or WAV"),
    ("narration.vi.ogg", lambda p: to_mp3(tone_wav(p.with_suffix(".tmp")), p),
     "narration.vi.ogg holds MP3 audio but is named .ogg", "rename it to narration.vi.mp3"),
    ("narration.vi.mp3", lambda p: p.write_bytes(b""),
     "narration.vi.mp3 is an empty file", "export the recording again as OGG Vorbis, MP3 or WAV"),
    ("narration.vi.mp3", lambda p: p.write_bytes(b"<html>404 Not Found</html>" * 40),
     "narration.vi.mp3 is not audio that the kiosk can read (not OGG Vorbis, MP3 or WAV)",
     "export the recording again as OGG Vorbis, MP3 or WAV"),
    ("narration.vi.mp3", lambda p: p.write_bytes(b"\xff\xfb" + bytes(range(256)) * 40),
     "narration.vi.mp3 is damaged: its MP3 header cannot be read",
     "export the recording again as OGG Vorbis, MP3 or WAV"),
    ("narration.vi.wav", lambda p: p.write_bytes(tone_wav(p.with_suffix(".tmp"), 2.0)
                                                 .read_bytes()[:20000]),
     "narration.vi.wav is damaged: the file is cut short (20,000 of 88,244 bytes)",
     "export the recording again as OGG Vorbis, MP3 or WAV"),
    ("narration.vi.wav", lambda p: p.write_bytes(tone_wav(p.with_suffix(".tmp"), 0.0)
                                                 .read_bytes()),
     "narration.vi.wav holds no sound (0 seconds)",
     "export the recording again as OGG Vorbis, MP3 or WAV"),
])
def test_a_bad_recording_is_an_error_with_its_reason(small_exhibition, name, make, message, hint):
    make(small_exhibition / "items/crc" / name)
    (small_exhibition / "items/crc" / name).with_suffix(".tmp").unlink(missing_ok=True)
    narrate(small_exhibition, audio=name)
    result = run_check(small_exhibition)
    assert result.exit_code == 1
    assert (f"content/items/crc/vi.md:3: error: {message}\n    hint: {hint}"
            in _problem_lines(result))


def test_a_recording_of_an_empty_text_has_no_transcript(narrated):
    write(narrated / "items/photo/en.md", """
        ---
        title: Photo en
        alt: A red square (en)
        audio: said.en.mp3
        ---
    """)
    result = run_check(narrated)
    assert result.exit_code == 1
    assert ("content/items/photo/en.md:4: error: the recording has no transcript: this "
            "file's text is empty\n    hint: write the text below the front matter, or give "
            "'transcript: |' with the words of the recording" in _problem_lines(result))


def test_an_explicit_transcript_stands_in_for_the_text(narrated):
    write(narrated / "items/photo/en.md", """
        ---
        title: Photo en
        alt: A red square (en)
        audio: said.en.mp3
        transcript: |
          Hello. This is the curator, telling you about the red square.
        ---
    """)
    assert run_check(narrated).exit_code == 0


def test_a_page_recording_needs_the_page_and_its_text(narrated):
    letter = narrated / "items/letter/vi.md"
    text = letter.read_text(encoding="utf-8")
    text = text.replace("  page-2: p2.vi.wav\n", "  page-2: p2.vi.wav\n  page-3: p1.vi.wav\n")
    letter.write_text(text, encoding="utf-8")
    km = narrated / "items/letter/km.md"
    tone_wav(narrated / "items/letter/p2.km.wav", 1.0)
    km.write_text(km.read_text(encoding="utf-8").replace(
        "title: សំបុត្រ\n", "title: សំបុត្រ\npage_audio: {page-2: p2.km.wav}\n"), encoding="utf-8")
    result = _problem_lines(run_check(narrated))
    assert ("content/items/letter/vi.md:6: error: page_audio names unknown page 'page-3'\n"
            "    hint: did you mean 'page-2'?" in result), result
    assert ("content/items/letter/km.md:3: error: the recording of page 'page-2' has no "
            "transcript: the page has no text in this file\n"
            "    hint: add <!-- page: page-2 --> and the page's words in this language" in result)


def test_page_audio_must_be_a_mapping_and_only_on_documents(small_exhibition):
    tone_wav(small_exhibition / "items/letter/p1.vi.wav")
    tone_wav(small_exhibition / "items/crc/p1.en.wav")
    narrate(small_exhibition, item="letter", audio="p1.vi.wav", extra="page_audio: p1.vi.wav")
    narrate(small_exhibition, item="crc", lang="en", audio="p1.en.wav",
            extra="page_audio: {page-1: p1.en.wav}")
    result = _problem_lines(run_check(small_exhibition))
    assert "content/items/letter/vi.md:4: error: 'page_audio' must map page ids to recordings" in result
    assert "content/items/crc/en.md:4: error: 'page_audio' is only for documents" in result


def test_a_recording_must_be_a_plain_file_name_in_the_folder(small_exhibition):
    narrate(small_exhibition, audio="../photo/photo.png")
    result = _problem_lines(run_check(small_exhibition))
    assert ("content/items/crc/vi.md:3: error: recording '../photo/photo.png' is not a plain "
            "file name" in result)


def test_unsupported_formats_never_raise_from_probing(tmp_path):
    for name, data in (("a.ogg", b"OggS" + bytes(60) + b"OpusHead"), ("b.wav", b"RIFF"),
                       ("c.mp3", b"ID3\x04" + bytes(200)), ("d.ogg", b"OggS" + bytes(300))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(AudioProblem):
            probe_audio(tmp_path / name)
    assert "Ogg Opus, which the kiosk cannot play" in _reason(tmp_path / "a.ogg")


def _reason(path) -> str:
    try:
        probe_audio(path)
    except AudioProblem as problem:
        return str(problem)
    return ""


# -- the build and what the screens get ----------------------------------------------------------

def test_the_build_copies_recordings_and_the_views_carry_them(narrated, tmp_path):
    result = build_catalog(narrated, tmp_path / "out/catalog.db")
    catalog = Catalog(result.catalog)
    media = tmp_path / "out/catalog.media"

    treaty = catalog.treaty("crc", "vi")
    assert treaty.narration is not None
    narration = treaty.narration
    assert narration.lang == "vi" and narration.mime == "audio/ogg"
    assert narration.duration_s == pytest.approx(2.0, abs=0.05)
    copied = media / narration.audio.rsplit("/", 1)[-1]
    assert narration.audio == str(copied) and copied.name.endswith("-audio.ogg")
    assert copied.read_bytes() == (narrated / "items/crc/narration.vi.ogg").read_bytes()
    assert [b.text for b in narration.transcript] == [b.text for b in treaty.summary]
    assert catalog.treaty("crc", "en").narration is None  # the English text has no recording
    assert catalog.treaty("crc", "km").narration.lang == "vi"  # shown in vi: vi's recording

    photo = catalog.image("photo", "en")
    assert photo.narration.mime == "audio/mpeg"
    assert photo.narration.transcript[0].text.startswith("A red square on a white wall")

    letter = catalog.document("letter", "vi")
    assert letter.narration is None
    one, two = letter.pages
    assert one.narration.duration_s == pytest.approx(1.0, abs=0.01)
    assert two.narration.duration_s == pytest.approx(3.0, abs=0.01)
    assert one.narration.transcript == one.text and one.narration.transcript[0].text == "Trang một"
    assert catalog.document("letter", "km").pages[0].narration is None
    assert catalog.stats()["recordings"] == 4

    with sqlite3.connect(result.catalog) as db:  # the front-matter names do not leak into fields
        fields = json.loads(db.execute("SELECT fields FROM translations WHERE item_id = 'crc' "
                                       "AND lang = 'vi'").fetchone()[0])
    assert "audio" not in fields


def test_an_explicit_transcript_is_what_the_view_gives(narrated, tmp_path):
    write(narrated / "items/photo/en.md", """
        ---
        title: Photo en
        alt: A red square (en)
        audio: said.en.mp3
        transcript: |
          Hello. This is the **curator**.

          The square is red.
        ---
        A long description that the recording does not read.
    """)
    catalog = Catalog(build_catalog(narrated, tmp_path / "c.db").catalog)
    narration = catalog.image("photo", "en").narration
    assert [b.text for b in narration.transcript] == ["Hello. This is the curator.",
                                                      "The square is red."]
    assert catalog.image("photo", "en").description[0].text.startswith("A long description")


def test_a_rebuild_reuses_unchanged_recordings_and_drops_removed_ones(narrated, tmp_path):
    out = tmp_path / "c.db"
    first = build_catalog(narrated, out)
    assert first.items_reused == 0
    media = out.with_name("c.media")
    recordings = sorted(p.name for p in media.glob("*-audio.*"))
    assert len(recordings) == 4

    again = build_catalog(narrated, out)
    assert again.items_reused == first.items and again.media_written == 0
    assert Catalog(out).treaty("crc", "vi").narration.duration_s == pytest.approx(2.0, abs=0.05)
    assert Catalog(out).document("letter", "vi").pages[1].narration is not None

    # The curator drops the photo's recording: only that item is rebuilt, its file is pruned.
    write(narrated / "items/photo/en.md", "---\ntitle: Photo en\nalt: A red square (en)\n---\n")
    (narrated / "items/photo/said.en.mp3").unlink()
    third = build_catalog(narrated, out)
    assert third.items_reused == first.items - 1
    assert Catalog(out).image("photo", "en").narration is None
    assert len(list(media.glob("*-audio.*"))) == 3
    assert Catalog(out).treaty("crc", "vi").narration is not None  # reused, file still there


def test_a_reused_item_whose_recording_vanished_from_the_media_folder_is_rebuilt(narrated,
                                                                                  tmp_path):
    out = tmp_path / "c.db"
    build_catalog(narrated, out)
    audio = Catalog(out).treaty("crc", "vi").narration.audio
    (tmp_path / "c.media" / audio.rsplit("/", 1)[-1]).unlink()
    result = build_catalog(narrated, out)
    assert result.media_written == 1  # the recording was copied again
    assert (tmp_path / "c.media" / audio.rsplit("/", 1)[-1]).is_file()
