"""A technician's kiosk.toml and a curator's captions, whatever is in them: each is either read
or refused with path:line problems; nothing raises."""

import string

from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.load import load_config
from kiosk.content.webvtt import parse_track, read_track

TOML_BITS = st.sampled_from(["[", "]", "=", '"', "'", "\n", "[kiosk]", "[paths]", "[staff]",
                             "[hours]", "idle_seconds", "language", "data_dir", "staff_pin",
                             "1", "-1", "1e999", "true", "{", "}", ",", "#", "\ufeff", "\\u0000",
                             "2026-02-30", "[[", "]]", "."])
TOML = st.lists(st.one_of(TOML_BITS, st.text(max_size=8)), max_size=40).map("".join)
VTT_BITS = st.sampled_from(["WEBVTT\n", "\n", "-->", " --> ", "00:00:01.000", "99:59:59.999",
                            "00:61:00.000", "1:00.5", "<b>", "</i>", "&amp;", "&", "NOTE",
                            "\r\n", "\x00"])
VTT = st.lists(st.one_of(VTT_BITS, st.text(string.printable, max_size=6)), max_size=60).map("".join)


@given(text=TOML)
def test_technician_any_kiosk_toml_is_read_or_refused_by_line(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("cfg") / "kiosk.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    config, problems = load_config(path)
    assert config is not None or any(p.is_error for p in problems)
    for problem in problems:
        assert str(problem.path) == str(path) and problem.line >= 1
        assert problem.message and "\n" not in problem.message
    fallback, _ = load_config(path, fallback=True)
    assert fallback is not None


@given(data=st.binary(max_size=200))
def test_technician_any_bytes_as_kiosk_toml_never_raise(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("cfg") / "kiosk.toml"
    path.write_bytes(data)
    config, problems = load_config(path)
    assert config is not None or problems


@given(text=VTT, duration=st.one_of(st.none(), st.floats(0, 10_000)))
def test_curator_any_caption_file_gives_cues_or_problems_with_lines(text, duration):
    track = parse_track(text, duration)
    lines = text.count("\n") + 1
    for problem in track.problems:
        assert 1 <= problem.line <= lines and problem.message
    for cue in track.cues:
        assert 0 <= cue.start <= cue.end and 1 <= cue.line <= lines
    assert track.cues or track.problems


@given(data=st.binary(max_size=300))
def test_curator_any_bytes_as_captions_never_raise(tmp_path, data):
    path = tmp_path / "film.vi.vtt"
    path.write_bytes(data)
    track = read_track(path)
    assert track.cues or track.problems
