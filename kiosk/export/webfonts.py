"""Fonts for every script the site uses, so a phone without Khmer, Lao, Tai Viet or Han-Nom
fonts shows them right.

The kiosk's own font choice (`kiosk.text.fonts`) picks the file per script; fontTools cuts it
down to the characters the exported texts use (with the font's layout features kept, so the
browser's HarfBuzz shapes Khmer clusters and Arabic joining as the kiosk does) and writes WOFF.
A full Noto CJK face is 16 MB; the few hundred Han characters of an edition are a few hundred
kilobytes. Each script is its own family; the CSS stack lists them all and the browser picks,
character by character, the first that has it.

Headings, the site's title, the current language and the key dates' labels are bold. Where the
kiosk has a bold file for a script (`FontChoice.bold_path`), it is subset too, to the
characters that appear in bold (`bold_characters`), and declared with `font-weight: 700` in
the same family; otherwise the browser thickens the regular face, as it would anyway.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import unicodedata
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
    file: str  # relative to the export folder ("fonts/Khmr-1a2b3c.woff", "fonts/Khmr.bold-...")
    script: str
    weight: int = 400


# What the site's templates and style.css show in bold (h1-h6 and <dt>, <label>, the site's
# title, the current language); a test in Chromium checks no bold text is thickened instead.
_BOLD = re.compile(r'<(h[1-6]|dt|label)\b[^>]*>(.*?)</\1>|<p class="site-title">(.*?)</p>'
                   r'|<a [^>]*aria-current="page"[^>]*>(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def bold_characters(page: str) -> str:
    """The characters of an HTML page that are shown in bold, once each."""
    found = set()
    for match in _BOLD.finditer(page):
        text = next(g for g in match.groups()[1:] if g is not None)
        found.update(html.unescape(_TAG.sub("", text)))
    return "".join(sorted(found))


def _group(text: str, han_lang: str, bold: bool = False) -> dict[tuple[str, str], set[int]]:
    """(script, font path) -> code points of `text` that font must show; with `bold`, the
    bold files (a script without one is left out: its regular face is thickened)."""
    groups = _group_regular(text, han_lang)
    if not bold:
        return groups
    out: dict[tuple[str, str], set[int]] = {}
    for (family, path), points in groups.items():
        heavy = _bold_path(family, path, han_lang)
        if heavy and heavy != path:
            out[(family, heavy)] = points
    return out


def _bold_path(family: str, path: str, han_lang: str) -> str:
    if family == "Latn":
        return fallback_font().path_for(True)
    if family == "HanNom":
        return ""  # HanaMin has no bold
    script = {"Hani": "Hani", "Kore": "Hang"}.get(family, family)
    choice = font_for_script(script, han_lang if family == "Hani" else "")
    return choice.bold_path if choice.path == path else ""


def _group_regular(text: str, han_lang: str) -> dict[tuple[str, str], set[int]]:
    groups: dict[tuple[str, str], set[int]] = {}
    latin = fallback_font().path
    latin_map = font_charmap(latin)
    # Punctuation, symbols and combining marks belong to no one script ("، ّ" in Arabic,
    # "、。《》" in Chinese): the Latin face takes those it has; each script's face also takes
    # those it has that the Latin face lacks, and every mark (it combines with that script).
    shared: set[int] = set()
    for char in set(text):
        if char in "\n\r\t\f":
            continue
        script = script_of(char)
        if char.isspace() or is_neutral(script) or script in ("Latn", "Cyrl", "Grek", "Zinh"):
            if ord(char) in latin_map:
                groups.setdefault(("Latn", latin), set()).add(ord(char))
            if ord(char) not in latin_map or script == "Zinh":
                shared.add(ord(char))
            continue
        family = _FAMILY_SCRIPTS.get(script, script)
        path = font_for_script(script, han_lang if family == "Hani" else "").path
        if ord(char) not in font_charmap(path) and family == "Hani":
            from kiosk.text.fonts import other_fonts_for  # Han-Nom beyond the CJK face
            path = next((f.path for f in other_fonts_for(script) if ord(char) in font_charmap(f.path)), path)
            family = "HanNom" if path != font_for_script(script, han_lang).path else family
        groups.setdefault((family, path), set()).add(ord(char))
    # Marks and digits inside a script's text must come from that script's font too, and
    # what a character decomposes into: HarfBuzz shapes Lao and Thai "am" (ຳ, ำ) as its two
    # parts, which a subset without them draws from another font.
    for (family, path), points in groups.items():
        points.update(_parts(points))
        if family != "Latn":
            points.update(ord(c) for c in "0123456789 .,:;()-\u200b\u200c\u200d")
            if family != "HanNom":  # the CJK face has the Han punctuation HanaMin also has
                cmap = font_charmap(path)
                points.update(p for p in shared if p in cmap)
    return groups


def _parts(points: set[int]) -> set[int]:
    found = set()
    for point in points:
        found.update(int(part, 16) for part in unicodedata.decomposition(chr(point)).split()
                     if not part.startswith("<"))
    return found


def build_fonts(text: str, out_dir: Path, han_lang: str = "zh-Hans", bold: str = "") -> list[WebFont]:
    """Subset a font for each script `text` uses into `out_dir`/fonts, and a bold one for
    each script of `bold` (the characters shown in bold) that has a bold file."""
    fonts_dir = out_dir / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    written: list[WebFont] = []
    wanted = [(k, v, 400) for k, v in sorted(_group(text, han_lang).items())]
    wanted += [(k, v, 700) for k, v in sorted(_group(bold, han_lang, bold=True).items())]
    for (family, path), points, weight in wanted:
        # Named by what goes in (font file, characters, fontTools): an unchanged set of
        # characters is not subset again, and a re-export rewrites no font.
        key = f"{Path(path).name}|{Path(path).stat().st_size}|{sorted(points)}|{fontTools.version}"
        stem = family if weight == 400 else f"{family}.bold"
        name = f"{stem}-{hashlib.sha256(key.encode()).hexdigest()[:12]}.woff"
        target = fonts_dir / name
        if not target.exists():
            partial = target.with_name(f".{name}.partial")
            partial.write_bytes(_subset(path, sorted(points)))
            partial.replace(target)
        written.append(WebFont(f"Kiosk {family}", f"fonts/{name}", family, weight))
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
             f'font-weight: {f.weight}; font-display: swap; }}' for f in fonts]
    return "\n".join(rules)


def family_stack(fonts: list[WebFont]) -> str:
    regular = [f for f in fonts if f.weight == 400]  # one name per family, whatever its weights
    latin = [f for f in regular if f.script == "Latn"]
    others = [f for f in regular if f.script != "Latn"]
    return ", ".join(f'"{f.family}"' for f in latin + others) + ", sans-serif"
