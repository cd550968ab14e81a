"""site.yaml `look:`: the museum's own look, without code: its logo and its colours.

    look:
      logo: logo.png              # a file in the content folder, shown on the attract screen
      logo_alt:                   # what the logo says, for speech (per interface language)
        vi: Bảo tàng ...
        en: The ... Museum
      accent: "#2E6B4F"           # marks: the band of a tile without a picture, rules
      accent_2:                   # optional: the exhibition's name on the attract screen
        standard: "#7A2E12"
        high_contrast: "#FFC9A8"

A colour is one "#RRGGBB" for both palettes, or one per palette (`standard`,
`high_contrast`). Each is held to the backgrounds it is drawn on, in every palette it is used
in, by `kiosk check` and `kiosk audit`: an accent is a mark (WCAG 1.4.11: 3:1 against the
paper and the tiles' panel), the second accent is text (1.4.3/1.4.6: 4.5:1 on the paper, 7:1 in
the high-contrast palette, as the audit asks of all text). A failing colour is refused with
its ratio, so a curator sees why and by how much.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.languages import normalize_tag
from kiosk.content.problems import ProblemList
from kiosk.ui.palettes import PALETTES, contrast_ratio, rgba

LOOK_KEY = "look"
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
LOGO_TYPES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class ColourUse:
    what: str  # how a curator would name the use
    backgrounds: tuple[str, ...]  # palette roles it is drawn on
    minimum: dict[str, float]  # palette name -> least contrast


USES = {
    "accent": ColourUse("a mark (tile band, rule)", ("paper", "panel"),
                        {"standard": 3.0, "high_contrast": 3.0}),
    "accent_2": ColourUse("text (the exhibition's name)", ("paper",),
                          {"standard": 4.5, "high_contrast": 7.0}),
}
HINT = ('give a darker or lighter colour, or one per palette:\n'
        '      accent: {standard: "#2E6B4F", high_contrast: "#7FD6A8"}')


def read_look(data, path: Path, problems: ProblemList) -> dict:
    """The `look:` settings, checked: {"logo", "logo_alt", "accent", "accent_2"}; colours as
    {palette name: "#RRGGBB"}. What fails is reported and left out (the kiosk's own look)."""
    raw = data.get(LOOK_KEY)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.error(path, data.line_of(LOOK_KEY), "'look' must be a mapping",
                       "look:\n      logo: logo.png\n      accent: \"#2E6B4F\"")
        return {}
    look: dict = {}
    for key in raw:
        if key not in ("logo", "logo_alt", *USES):
            problems.error(path, raw.line_of(key), f"'look' has no setting '{key}'",
                           "known: logo, logo_alt, accent, accent_2")
    logo = _logo(raw, path, problems)
    if logo:
        look["logo"] = logo
        look["logo_alt"] = _logo_alt(raw, path, problems)
    for key, use in USES.items():
        colours = _colours(raw, key, use, path, problems)
        if colours:
            look[key] = colours
    return look


def _logo(raw, path: Path, problems: ProblemList) -> str:
    name = raw.get("logo")
    if name is None:
        return ""
    line = raw.line_of("logo")
    file = path.parent / str(name)
    if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
        problems.error(path, line, "'logo' must name a file in the content folder",
                       "logo: logo.png")
        return ""
    if file.suffix.lower() not in LOGO_TYPES or not file.is_file():
        problems.error(path, line, f"no logo picture at {name}",
                       "put a PNG or JPEG next to site.yaml and name it here")
        return ""
    if "logo_alt" not in raw:
        problems.error(path, line, "the logo has no 'logo_alt'",
                       "say what the logo says, per language: logo_alt: {vi: ..., en: ...}")
        return ""
    return name


def _logo_alt(raw, path: Path, problems: ProblemList) -> dict[str, str]:
    alt = raw.get("logo_alt")
    if not isinstance(alt, dict) or not all(isinstance(v, str) and v for v in alt.values()):
        problems.error(path, raw.line_of("logo_alt"), "'logo_alt' must give the text per language",
                       "logo_alt:\n      vi: ...\n      en: ...")
        return {}
    return {normalize_tag(str(k)) or str(k): v for k, v in alt.items()}


def _colours(raw, key: str, use: ColourUse, path: Path, problems: ProblemList) -> dict:
    value = raw.get(key)
    if value is None:
        return {}
    line = raw.line_of(key)
    given = value if isinstance(value, dict) else {name: value for name in PALETTES}
    colours: dict[str, str] = {}
    for palette_name, colour in given.items():
        if palette_name not in PALETTES:
            problems.error(path, line, f"'{key}' names no palette '{palette_name}'",
                           f"use: {', '.join(PALETTES)}")
            continue
        if not isinstance(colour, str) or not HEX.match(colour):
            problems.error(path, line, f"'{key}' must be a colour like \"#2E6B4F\", not {colour!r}",
                           "six hexadecimal digits after #, in quotes")
            continue
        failures = contrast_failures(colour, use, palette_name)
        for failure in failures:
            problems.error(path, line, f"{key} {colour} {failure}", HINT)
        if not failures:
            colours[palette_name] = colour.upper()
    return colours if len(colours) == len(given) else {}


def contrast_failures(colour: str, use: ColourUse, palette_name: str) -> list[str]:
    """What is wrong with `colour` for `use` in a palette, each with its ratio; [] if nothing."""
    palette = PALETTES[palette_name]
    found = []
    for role in use.backgrounds:
        background = getattr(palette, role)
        ratio = contrast_ratio(rgba(colour), background)
        least = use.minimum[palette_name]
        if ratio < least:
            shade = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in background[:3]))
            found.append(f"has contrast {ratio:.2f}:1 against the {palette_name} palette's "
                         f"{role} ({shade}); {use.what} needs at least {least:g}:1")
    return found


def look_failures(look: dict) -> list[str]:
    """Every colour of a built catalog's look that fails (for `kiosk audit`), with its ratio."""
    found = []
    for key, use in USES.items():
        for palette_name, colour in (look.get(key) or {}).items():
            if palette_name in PALETTES:
                found += [f"site look: {key} {colour} {failure}"
                          for failure in contrast_failures(colour, use, palette_name)]
    return found
