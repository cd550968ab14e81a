"""Caption and description tracks (WebVTT) read with their line numbers, and judged.

webvtt-py parses the cues (and converts SRT), but its errors name no line ("Invalid format"),
and a curator with a 400-cue file needs the line. So each cue's timing line is found here
first, with its number, and checked: the header, the times themselves, a start before the
end, cues in order and not overlapping, cues past the film's end, and markup. The kiosk draws
captions with its own text code, so only WebVTT's own cue tags (b, i, u, v, c, lang, ruby, rt)
are allowed, and they are dropped from the text shown; anything else (`<font>`, `<br>`, HTML
left by an editor) is an error rather than text shown as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import webvtt

TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(.*)$")
TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
TAG = re.compile(r"<(/?)([^\s>./]*)[^>]*>")
TIMESTAMP_TAG = re.compile(r"^\d")
CUE_TAGS = {"b", "i", "u", "v", "c", "lang", "ruby", "rt"}
PAST_END_TOLERANCE_S = 0.5


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str  # plain text, tags removed, lines joined by "\n"
    line: int  # the timing line's number in the file


@dataclass(frozen=True)
class TrackProblem:
    line: int
    message: str
    hint: str


class Track:
    """One WebVTT file: its cues and what is wrong with it."""

    def __init__(self, cues: list[Cue], problems: list[TrackProblem]):
        self.cues = cues
        self.problems = problems


def parse_time(text: str) -> float | None:
    match = TIMESTAMP.match(text)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def format_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def read_track(path: Path, duration_s: float | None = None) -> Track:
    """The cues of `path` and its problems (none raised); `duration_s`, the film's length,
    catches cues that would never be shown."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return Track([], [TrackProblem(1, f"cannot read the file: {exc.strerror}",
                                       "check its permissions")])
    except UnicodeDecodeError:
        return Track([], [TrackProblem(1, "the file is not UTF-8 text",
                                       "save it as UTF-8 in your editor")])
    return parse_track(text.replace("\r\n", "\n"), duration_s)


def parse_track(text: str, duration_s: float | None = None) -> Track:
    lines = text.split("\n")
    problems: list[TrackProblem] = []
    if not lines or not lines[0].startswith("WEBVTT"):
        return Track([], [TrackProblem(1, "the file does not start with 'WEBVTT'",
                                       "a WebVTT file's first line is WEBVTT; convert SRT "
                                       "with: kiosk import video FILE --into content")])
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        match = TIMING.match(lines[index]) if "-->" in lines[index] else None
        if match is None:
            index += 1
            continue
        body: list[str] = []
        end_index = index + 1
        while end_index < len(lines) and lines[end_index].strip():
            body.append(lines[end_index])
            end_index += 1
        cue = _cue(index + 1, match, body, problems)
        if cue is not None:
            _check_order(cue, cues, duration_s, problems)
            cues.append(cue)
        index = end_index
    if not cues and not problems:
        problems.append(TrackProblem(1, "the file has no cues",
                                     "add cues: 00:00:01.000 --> 00:00:04.000, then the text"))
    return Track(cues, problems)


def _cue(line: int, match: re.Match, body: list[str], problems: list[TrackProblem]) -> Cue | None:
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    for raw, value in ((match.group(1), start), (match.group(2), end)):
        if value is None:
            problems.append(TrackProblem(line, f"'{raw}' is not a WebVTT time",
                                         "write times as HH:MM:SS.mmm or MM:SS.mmm, "
                                         "e.g. 00:01:02.500 (a dot before the milliseconds)"))
    if start is None or end is None:
        return None
    if end <= start:
        problems.append(TrackProblem(line, f"the cue ends ({match.group(2)}) before it starts "
                                     f"({match.group(1)})", "swap or correct the two times"))
        return None
    for offset, text_line in enumerate(body, start=1):
        for tag in TAG.finditer(text_line):
            name = tag.group(2)
            if name and not TIMESTAMP_TAG.match(name) and name not in CUE_TAGS:
                problems.append(TrackProblem(line + offset, f"markup <{tag.group(1)}{name}> is not "
                                             "WebVTT cue markup",
                                             "remove it; captions may use only <b>, <i>, <u>, "
                                             "<v Name>, <c>, <lang>, <ruby>, <rt>"))
        if "<" in TAG.sub("", text_line):
            problems.append(TrackProblem(line + offset, "an unclosed '<' in the cue text",
                                         "write &lt; for a '<' shown as text"))
    if not body:
        problems.append(TrackProblem(line, "the cue has no text",
                                     "give it text, or remove its timing line"))
    plain = webvtt.from_string("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n"
                               + "\n".join(body) + "\n").captions if body else []
    text = plain[0].text if plain else ""
    return Cue(start, end, _unescape(text), line)


def _check_order(cue: Cue, cues: list[Cue], duration_s: float | None,
                 problems: list[TrackProblem]) -> None:
    if cues and cue.start < cues[-1].end - 0.0005:
        before = cues[-1]
        problems.append(TrackProblem(cue.line, f"the cue starts at {format_time(cue.start)}, "
                                     f"before the cue on line {before.line} ends "
                                     f"({format_time(before.end)})",
                                     "cues must be in order and not overlap: captions are shown "
                                     "one at a time"))
    if duration_s is not None and cue.end > duration_s + PAST_END_TOLERANCE_S:
        problems.append(TrackProblem(cue.line, f"the cue ends at {format_time(cue.end)}, after "
                                     f"the film ends ({format_time(duration_s)})",
                                     "correct its times, or check that the film is the right file"))


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
            .replace("&lrm;", "\u200e").replace("&rlm;", "\u200f").replace("&amp;", "&"))


def cue_at(cues: list[Cue] | tuple[Cue, ...], position_s: float) -> Cue | None:
    """The cue showing at `position_s`, if any (cues are in order)."""
    for cue in cues:
        if cue.start <= position_s < cue.end:
            return cue
        if cue.start > position_s:
            return None
    return None


def srt_to_webvtt(source: Path, target: Path) -> None:
    """Convert a SubRip file with webvtt-py (its own errors say what is wrong)."""
    webvtt.from_srt(str(source)).save(str(target))
