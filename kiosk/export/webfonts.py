"""Fonts for every script the site uses, so a phone without Khmer, Lao, Tai Viet or Han-Nom
fonts shows them right.

The kiosk's own font choice (`kiosk.text.fonts`) picks the file per script; fontTools cuts it
down to the characters the exported texts use (with the font's layout features kept, so the
browser's HarfBuzz shapes Khmer clusters and Arabic joining as the kiosk does) and writes WOFF.
A full Noto CJK face is 16 MB; the few hundred Han characters of an edition are a few hundred
kilobytes. Each script is its own family; the CSS stack lists them all and the browser picks,
character by character, the first that has it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

from kiosk.text.fonts import fallback_font, font_charmap, font_for_script
from kiosk.text.scripts import is_neutral, script_of

logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" is no news

_FAMILY_SCRIPTS = {"Hani": "Hani", "Hira": "Hani", "Kana": "Hani", "Hang": "Kore"}


@dataclass(frozen=True)
class WebFont:
    family: str  # "Kiosk Khmr"
    file: str  # relative to the export folder ("fonts/Khmr-1a2b3c.woff")
    script: str


def _group(text: str, han_lang: str) -> dict[tuple[str, str], set[int]]:
    """(script, font path) -> code points of `text` that font must show."""
    groups: dict[tuple[str, str], set[int]] = {}
    latin = fallback_font().path
    for char in set(text):
        script = script_of(char)
        if char.isspace() or script == "Zinh":
            continue
        if is_neutral(script) or script in ("Latn", "Cyrl", "Grek"):
            key = ("Latn", latin)
        else:
            family = _FAMILY_SCRIPTS.get(script, script)
            path = font_for_script(script, han_lang if family == "Hani" else "").path
            if ord(char) not in font_charmap(path) and family == "Hani":
                from kiosk.text.fonts import other_fonts_for  # Han-Nom beyond the CJK face
                path = next((f.path for f in other_fonts_for(script) if ord(char) in font_charmap(f.path)), path)
                family = "HanNom" if path != font_for_script(script, han_lang).path else family
            key = (family, path)
        groups.setdefault(key, set()).add(ord(char))
    # Marks and digits inside a script's text must come from that script's font too.
    for (family, _path), points in groups.items():
        if family != "Latn":
            points.update(ord(c) for c in "0123456789 .,:;()-\u200b\u200c\u200d")
    return groups


def build_fonts(text: str, out_dir: Path, han_lang: str = "zh-Hans") -> list[WebFont]:
    """Subset a font for each script `text` uses into `out_dir`/fonts; the fonts written."""
    fonts_dir = out_dir / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    written: list[WebFont] = []
    for (family, path), points in sorted(_group(text, han_lang).items()):
        # Named by what goes in (font file, characters, fontTools): an unchanged set of
        # characters is not subset again, and a re-export rewrites no font.
        key = f"{Path(path).name}|{Path(path).stat().st_size}|{sorted(points)}|{fontTools.version}"
        name = f"{family}-{hashlib.sha256(key.encode()).hexdigest()[:12]}.woff"
        target = fonts_dir / name
        if not target.exists():
            partial = target.with_name(f".{name}.partial")
            partial.write_bytes(_subset(path, sorted(points)))
            partial.replace(target)
        written.append(WebFont(f"Kiosk {family}", f"fonts/{name}", family))
    return written


def _subset(path: str, points: list[int]) -> bytes:
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]  # every shaping feature: Khmer and Arabic need them
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG"]
    font = TTFont(path, fontNumber=0, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    import io

    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()


def font_face_css(fonts: list[WebFont], prefix: str = "") -> str:
    rules = [f'@font-face {{ font-family: "{f.family}"; src: url("{prefix}{f.file}") format("woff"); '
             'font-display: swap; }' for f in fonts]
    return "\n".join(rules)


def family_stack(fonts: list[WebFont]) -> str:
    latin = [f for f in fonts if f.script == "Latn"]
    others = [f for f in fonts if f.script != "Latn"]
    return ", ".join(f'"{f.family}"' for f in latin + others) + ", sans-serif"
