"""Doctor checks for the exhibition's languages: is there a font for every character the
catalog shows, and a speech voice for every language it holds?

Why read the catalog: a kiosk's fonts are whatever Debian packages were installed, and the
SDL2 text provider has no font fallback, so a missing Khmer font shows empty boxes with no
error anywhere. The only reliable test is every character of the real content against the
real font files' character maps (`kiosk.text.fonts`, the same choice the screens make).

The text is read with a plain read-only sqlite3 query rather than through `Catalog`, whose
API serves one item at a time to screens; the doctor is a staff tool that needs all of it
once. Language names come through `Catalog.language_name`, as the language picker shows them.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import unicodedata
from collections import defaultdict
from pathlib import Path

from kiosk.ops.checks import FAIL, OK, WARN, Check
from kiosk.text.fonts import (
    FontChoice,
    fallback_font,
    font_charmap,
    font_for_script,
    other_fonts_for,
)
from kiosk.text.scripts import COMMON, INHERITED, dominant_script, is_neutral, script_of

_CJK = {"Hani", "Hira", "Kana", "Bopo", "Hang"}
UNKNOWN = "Zzzz"  # ISO 15924: a script not identified
_SHARED_FALLBACK = {"Latn", "Cyrl", "Grek", COMMON}  # scripts Noto Sans itself is meant for
_SKIP = set("\n\r\t\u00ad\u200b\u200c\u200d\u2060\ufeff")  # breaks and invisible joiners


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def catalog_text(catalog: Path) -> dict[str, set[str]]:
    """Every distinct string shown, by language: titles, fields, blocks, page texts and the
    language's own name."""
    texts: dict[str, set[str]] = defaultdict(set)
    db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT lang, title, fields, blocks FROM translations "
                          "UNION ALL SELECT lang, title, '{}', blocks FROM page_texts")
        for lang, title, fields, blocks in rows:
            texts[lang].add(title or "")
            for raw in (fields, blocks):
                texts[lang].update(_strings(json.loads(raw or "null")))
    finally:
        db.close()
    from kiosk.catalog.read import Catalog

    opened = Catalog(catalog)
    try:
        for lang in opened.content_languages():
            texts[lang].add(opened.language_name(lang))
    finally:
        opened.close()
    return dict(texts)


def _font_name(font: FontChoice) -> str:
    return Path(font.path).name


def _shown(char: str, main: FontChoice) -> bool:
    """Whether the screens can show `char` in text whose main font is `main`: the same order
    of fonts `kiosk.text.fonts.font_runs` tries."""
    script = script_of(char)
    fonts = [main, *other_fonts_for(script)]
    return any(ord(char) in font_charmap(font.path) for font in fonts)


def font_report(texts_by_lang: dict[str, set[str]]) -> dict[str, dict]:
    """Per script: its font, the languages using it, characters no font shows, and whether
    it has a font of its own or borrows a general one (which may shape it wrongly).

    A character is judged in its text, as the screens show it: punctuation inside Chinese
    text must be in the CJK font's map or the fallback's, not merely somewhere.
    """
    seen: set[tuple[str, str, str]] = set()  # (main script, char, language)
    for lang, texts in texts_by_lang.items():
        for text in texts:
            main = dominant_script(text)
            seen.update((main, char, lang) for char in set(text))
    report: dict[str, dict] = {}
    for main, char, lang in seen:
        script = script_of(char)
        if char in _SKIP or char.isspace() or script == INHERITED:
            continue
        owner = _owner(char, script, main)
        entry = report.setdefault(owner, {"font": _font_name(font_for_script(owner)),
                                          "languages": set(), "missing": set(),
                                          "missing_in": set()})
        entry["languages"].add(lang)
        if not _shown(char, font_for_script(main)):
            entry["missing"].add(char)
            entry["missing_in"].add(lang)
    fallback = fallback_font().path
    for script, entry in report.items():
        entry["own_font"] = script in _SHARED_FALLBACK or font_for_script(script).path != fallback
        for key in ("languages", "missing_in"):
            entry[key] = sorted(entry[key])
        entry["missing"] = "".join(sorted(entry["missing"]))
    return report


def _owner(char: str, script: str, main: str) -> str:
    """The script a character is reported under: its own; for punctuation and digits, the
    text's; `Zzzz` (unknown) for letters of a script kiosk.text.scripts does not know."""
    if not is_neutral(script):
        return script
    return UNKNOWN if unicodedata.category(char).startswith("L") else main


def font_package(script: str) -> str:
    if script == UNKNOWN:
        return ("a font for the unknown script, and teach kiosk/text/scripts.py and fonts.py "
                "about it (a developer's change)")
    if script in _CJK or script in ("Jpan", "Kore"):
        return "fonts-noto-cjk (and fonts-hanazono for rare Han characters)"
    return "fonts-noto-core, or fonts-noto-extra for less common scripts"


def check_fonts(catalog: Path) -> Check:
    report = font_report(catalog_text(catalog))
    details = {script: {k: v for k, v in entry.items()} for script, entry in sorted(report.items())}
    missing = {s: e for s, e in report.items() if e["missing"]}
    summary = ", ".join(f"{s} {e['font']}" for s, e in sorted(report.items()))
    if missing:
        parts = [f"{s}: {len(e['missing'])} character(s) such as {e['missing'][:5]!r} in "
                 f"{', '.join(e['missing_in'])} have no glyph" for s, e in sorted(missing.items())]
        fixes = sorted({font_package(s) for s in missing})
        return Check("fonts", FAIL, "; ".join(parts), "install " + "; ".join(fixes)
                     + " (or add a folder to $KIOSK_FONT_DIRS)", details)
    borrowed = sorted(s for s, e in report.items() if not e["own_font"])
    if borrowed:
        return Check("fonts", WARN, f"no font of their own for {', '.join(borrowed)}: shown "
                     f"with {_font_name(fallback_font())}, which may shape them wrongly",
                     "install " + "; ".join(sorted({font_package(s) for s in borrowed})),
                     details)
    return Check("fonts", OK, f"every character has a glyph: {summary}", "", details)


# -- speech -----------------------------------------------------------------------------------
_OTHER = re.compile(r"\(([^\s()]+)\s+\d+\)")


def espeak_voices() -> set[str] | None:
    """Lower-cased language tags espeak-ng has voices for, or None if it is not installed."""
    if not shutil.which("espeak-ng"):
        return None
    try:
        out = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True,
                             timeout=15).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    tags: set[str] = set()
    for line in out.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2:
            tags.add(fields[1].lower())
            tags.update(t.lower() for t in _OTHER.findall(line))
    return tags


def _likely_script(language: str) -> str | None:
    from babel.core import get_global

    likely = get_global("likely_subtags").get(language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


def voice_for(tag: str, voices: set[str]) -> str | None:
    """The espeak-ng voice that reads `tag`, or None. A tag naming a script other than its
    language's usual one (vi-Hani: Vietnamese in Han characters) has no voice: reading it
    with the Latin-script voice would be the wrong language, which is worse than silence."""
    lowered = tag.lower()
    if lowered in voices:
        return lowered
    base, *rest = lowered.split("-")
    script = next((p for p in rest if len(p) == 4 and p.isalpha()), None)
    if script and script != (_likely_script(base) or "").lower():
        return None
    if base in voices:
        return base
    return next((v for v in sorted(voices) if v.startswith(base + "-")), None)


def check_voices(languages: list[str]) -> Check:
    voices = espeak_voices()
    if voices is None:
        return Check("voices", FAIL, "espeak-ng is not installed: nothing can be spoken",
                     "sudo apt-get install espeak-ng")
    found = {lang: voice_for(lang, voices) for lang in languages}
    silent = [lang for lang, voice in found.items() if voice is None]
    details = {"voices": found}
    if silent:
        return Check("voices", WARN, f"no speech voice for {', '.join(silent)} "
                     f"({len(languages) - len(silent)} of {len(languages)} languages have one)",
                     "record narration for these languages, or install a voice for them "
                     "(Piper, sherpa-onnx); until then texts in them cannot be read aloud",
                     details)
    return Check("voices", OK, f"a voice for each of {len(languages)} languages", "", details)
