"""A curator adds a film with its access tracks: `kiosk check` holds every track to
completeness, names each WebVTT mistake by line, refuses films the kiosk could not play with
one clear sentence while the rest of the exhibition still builds, and `kiosk import video`
brings a film with its SubRip captions in."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.catalog.build import BuildError, build_catalog
from kiosk.catalog.read import Catalog
from kiosk.content.checks import check_exhibition
from kiosk.content.webvtt import parse_track
from kiosk.media.video import VideoLimits, VideoProblem, probe_video
from tests.films import film_item, make_film

REPO = Path(__file__).resolve().parents[1]
KIOSK = [sys.executable, "-m", "kiosk.cli"]
EN = [("00:00:00.500", "00:00:01.800", "Hello from the film."),
      ("00:00:02.000", "00:00:03.500", "Goodbye.")]


@pytest.fixture
def content(tmp_path) -> Path:
    """A small exhibition: a site with one section holding one image."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "items" / "timeline-vn", root / "items" / "timeline-vn")
    (root / "site.yaml").write_text("title: {en: Test}\nlanguages: [en, fr]\n"
                                    "default_language: en\nidle_timeout_seconds: 60\nedition: 1\n",
                                    encoding="utf-8")
    (root / "items" / "films").mkdir()
    (root / "items" / "films" / "item.yaml").write_text(
        "kind: section\nitems: [timeline-vn]\n", encoding="utf-8")
    (root / "items" / "films" / "en.md").write_text("---\ntitle: Films\n---\n", encoding="utf-8")
    return root


def problems_of(content: Path) -> list[str]:
    _, problems = check_exhibition(content)
    return [p.format() for p in problems]


def test_curator_film_in_the_documented_layout_builds_and_is_played_from_the_catalog(content,
                                                                                      tmp_path):
    film_item(content, "talk", {"en": "A talk", "fr": "Un entretien"}, section="films",
              captions={"en": EN, "fr": [("00:00:00.500", "00:00:01.800", "Bonjour.")]},
              descriptions={"en": [("00:00:00.000", "00:00:00.400", "A red picture.")]},
              sign=True)
    found = problems_of(content)
    assert not [p for p in found if ": error:" in p], found
    assert any("talk/fr.md:1: warning: no audio description in 'fr'" in p for p in found)
    result = build_catalog(content, tmp_path / "catalog.db")
    assert result.items == 3
    catalog = Catalog(tmp_path / "catalog.db")
    view = catalog.film("talk", "en")
    assert Path(view.film).is_file() and Path(view.poster).is_file()
    assert view.captions[0].text == "Hello from the film." and view.captions[0].start == 0.5
    assert view.descriptions[0].text == "A red picture."
    assert [tag for tag, _ in view.sign] == ["ase"]
    assert "[A red picture.]" in [b.text for b in view.transcript]
    assert catalog.film("talk", "fr").captions[0].text == "Bonjour."
    info = subprocess.run([*KIOSK, "info", "-c", str(tmp_path / "catalog.db")],
                          capture_output=True, text=True, check=True).stdout
    assert "films: access tracks per language" in info
    rows = {line.split()[1]: line.split() for line in info.splitlines() if line.startswith("  talk")}
    assert rows["en"][3:7] == ["yes", "yes", "yes", "ase"]
    assert rows["fr"][3:7] == ["yes", "NO", "yes", "ase"]


def test_curator_is_told_each_missing_track(content):
    folder = film_item(content, "talk", {"en": "A talk", "fr": "Un entretien"}, section="films",
                       captions={"en": EN})
    (folder / "item.yaml").write_text(
        (folder / "item.yaml").read_text().replace("poster_time: 1\n", ""), encoding="utf-8")
    found = problems_of(content)
    assert any("talk/fr.md:1: error: the film has no captions in 'fr'" in p for p in found)
    assert any("talk/fr.md:1: error: the film has no transcript in 'fr'" in p for p in found)
    assert any("talk/item.yaml:1: error: the film has no poster" in p for p in found)
    assert any("talk/item.yaml:1: warning: the film has no sign-language track" in p
               for p in found)
    (folder / "item.yaml").write_text((folder / "item.yaml").read_text() + "speech: none\n"
                                      "poster_time: 1\n", encoding="utf-8")
    found = problems_of(content)
    assert not any("no captions" in p for p in found), "a film without words needs none"
    assert any("no transcript in 'fr'" in p for p in found)


@pytest.mark.parametrize("text, line, message", [
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02,500\nHi\n", 3, "'00:00:02,500' is not a WebVTT time"),
    ("WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nHi\n", 3, "ends (00:00:02.000) before it starts"),
    ("WEBVTT\n\n00:01.000 --> 00:03.000\nOne\n\n00:02.000 --> 00:04.000\nTwo\n", 6,
     "before the cue on line 3 ends"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\nToo late\n", 3, "after the film ends"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<font color=red>Hi</font>\n", 4,
     "markup <font> is not WebVTT cue markup"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", 1, "does not start with 'WEBVTT'"),
])
def test_curator_webvtt_mistakes_are_named_by_line(content, text, line, message):
    folder = film_item(content, "talk", {"en": "A talk"}, section="films", captions={"en": EN})
    (folder / "film.en.vtt").write_text(text, encoding="utf-8")
    found = problems_of(content)
    assert any(p.startswith(f"content/items/talk/film.en.vtt:{line}: error:") and message in p
               for p in found), found


def test_curator_webvtt_good_markup_is_dropped_from_the_text():
    track = parse_track("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Lan><i>Xin chào</i> &amp; "
                        "bye</v>\n")
    assert not track.problems
    assert track.cues[0].text == "Xin chào & bye"


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage, message", [
    ("zero", "is empty (0 bytes)"),
    ("renamed", "is not a film the kiosk can read"),
    ("truncated", "film.mp4 is cut short"),
    ("codec", "its picture is mpeg4, which the kiosk does not play"),
    ("huge", "is 1920x1088, over the limit of 1920x1080"),
])
def test_curator_bad_films_are_refused_clearly_and_the_rest_builds(content, tmp_path, damage,
                                                                   message):
    folder = film_item(content, "talk", {"en": "A talk", "fr": "Un entretien"}, section="films",
                       captions={"en": EN, "fr": EN})
    film = folder / "film.mp4"
    if damage == "zero":
        film.write_bytes(b"")
    elif damage == "renamed":
        shutil.copyfile(REPO / "content" / "items" / "timeline-vn" / "timeline.png", film)
    elif damage == "truncated":
        _truncated(film)
    elif damage == "codec":
        make_film(film, codec="mpeg4")
    elif damage == "huge":
        make_film(film, 1.0, size=(1920, 1088))
    found = [p for p in problems_of(content) if ": error:" in p]
    assert len(found) == 1 and found[0].startswith("content/items/talk/item.yaml:2: error:") \
        and message in found[0], found
    if damage == "huge":
        with pytest.raises(VideoProblem, match="over the limit of 1280x720"):
            probe_video(film, VideoLimits(max_width=1280, max_height=720))
        with pytest.raises(VideoProblem, match=r"MB, over the limit of 0\.01 MB"):
            probe_video(film, VideoLimits(max_megabytes=0.01))
    with pytest.raises(BuildError):
        build_catalog(content, tmp_path / "catalog.db")
    shutil.rmtree(folder)  # the curator takes the film out: everything else builds
    meta = content / "items" / "films" / "item.yaml"
    meta.write_text(meta.read_text().replace("talk, ", ""), encoding="utf-8")
    assert build_catalog(content, tmp_path / "catalog.db").items == 2


def test_curator_imports_a_film_with_subrip_captions(content, tmp_path):
    source = tmp_path / "incoming"
    make_film(source / "Interview 2024.mp4")
    (source / "Interview 2024.en.srt").write_text(
        "1\n00:00:00,500 --> 00:00:01,800\nHello from the film.\n\n"
        "2\n00:00:02,000 --> 00:00:03,500\nGoodbye.\n", encoding="utf-8")
    run = subprocess.run([*KIOSK, "import", "video", str(source / "Interview 2024.mp4"),
                          "--into", str(content), "--lang", "en"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "converted from SubRip to WebVTT" in run.stdout
    folder = content / "items" / "interview-2024"
    vtt = (folder / "film.en.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and "00:00:00.500 --> 00:00:01.800" in vtt
    assert not parse_track(vtt, 4.0).problems
    found = [p for p in problems_of(content) if "interview-2024" in p and ": error:" in p]
    assert not found, found
    bad = subprocess.run([*KIOSK, "import", "video", str(REPO / "content" / "items" /
                                                          "timeline-vn" / "timeline.png"),
                          "--into", str(content)], capture_output=True, text=True)
    assert bad.returncode == 1 and "a film must be an .mp4" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
