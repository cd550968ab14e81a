"""Which synthetic voice may read a language, and which may not.

The rule that matters: never read text with a voice for another language. espeak-ng's
Vietnamese voice will happily spell Khmer or Han characters letter by letter, which is worse
than silence; so a language gets a voice only when the engine has one for that language
and for the script the text is written in (`vi-Hani`, Vietnamese in Han-Nom characters, gets
none, although `vi` has one). What to do without a voice is the planner's business
(`kiosk.speech.plan`): a recording, or a spoken explanation in the interface language.

No Kivy, no subprocess at import: `espeak_voices()` asks espeak-ng once, when first needed.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from kiosk.text.scripts import script_of

# The script a language is written in when its tag does not say (ISO 15924). Languages not
# listed are assumed to be written in Latin letters.
USUAL_SCRIPTS: dict[str, frozenset[str]] = {
    "km": frozenset({"Khmr"}),
    "lo": frozenset({"Laoo"}),
    "th": frozenset({"Thai"}),
    "my": frozenset({"Mymr"}),
    "ar": frozenset({"Arab"}),
    "fa": frozenset({"Arab"}),
    "ur": frozenset({"Arab"}),
    "he": frozenset({"Hebr"}),
    "ru": frozenset({"Cyrl"}),
    "uk": frozenset({"Cyrl"}),
    "bg": frozenset({"Cyrl"}),
    "el": frozenset({"Grek"}),
    "hi": frozenset({"Deva"}),
    "ka": frozenset({"Geor"}),
    "hy": frozenset({"Armn"}),
    "zh": frozenset({"Hani", "Hans", "Hant", "Bopo"}),
    "cmn": frozenset({"Hani", "Hans", "Hant", "Bopo"}),
    "yue": frozenset({"Hani", "Hant"}),
    "ja": frozenset({"Hani", "Hira", "Kana", "Jpan"}),
    "ko": frozenset({"Hang", "Hani", "Kore"}),
    "blt": frozenset({"Tavt"}),
}
LATIN = frozenset({"Latn"})

# The language a run of letters in another script most likely is, when it turns up inside a
# text tagged with some other language ("Ngôn ngữ: ខ្មែរ" is Vietnamese with a Khmer word).
SCRIPT_LANGUAGES = {
    "Khmr": "km", "Laoo": "lo", "Thai": "th", "Mymr": "my", "Arab": "ar", "Hebr": "he",
    "Cyrl": "ru", "Grek": "el", "Deva": "hi", "Geor": "ka", "Armn": "hy", "Hang": "ko",
    "Hira": "ja", "Kana": "ja", "Hani": "zh", "Tavt": "blt",
}

# espeak-ng names some languages differently from BCP 47.
_ESPEAK_ALIASES = {"zh": "cmn", "zh-hans": "cmn", "zh-hant": "yue", "en": "en-gb"}


def split_tag(tag: str) -> tuple[str, str]:
    """('vi', 'Hani') for 'vi-Hani'; ('de', '') for 'de-1996'; lower-case language."""
    parts = tag.replace("_", "-").split("-")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    return parts[0].lower(), script


def usual_scripts(tag: str) -> frozenset[str]:
    language, script = split_tag(tag)
    return frozenset({script}) if script else USUAL_SCRIPTS.get(language, LATIN)


def written_in_usual_script(tag: str) -> bool:
    """False for a tag naming a script its language is not normally written in (vi-Hani)."""
    language, script = split_tag(tag)
    return not script or script in USUAL_SCRIPTS.get(language, LATIN) | {"Hans", "Hant"}


def language_for_script(script: str, surrounding: str) -> str:
    """The language of a run in `script` inside text tagged `surrounding`."""
    if script in usual_scripts(surrounding) or script == "Latn":
        return surrounding
    return SCRIPT_LANGUAGES.get(script, f"und-{script}")


def letters_script(text: str) -> str:
    """The script of the first letter in `text`, '' when it has none."""
    for char in text:
        script = script_of(char)
        if script not in ("Zyyy", "Zinh"):
            return script
    return ""


@cache
def espeak_voices(executable: str = "espeak-ng") -> frozenset[str]:
    """The language names espeak-ng accepts for `-v`, from `espeak-ng --voices`; empty if
    espeak-ng is not installed."""
    path = shutil.which(executable)
    if path is None:
        return frozenset()
    try:
        listing = subprocess.run(
            [path, "--voices"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names: set[str] = set()
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 5:
            continue
        names.add(fields[1].lower())
        for extra in fields[5:]:  # "(en 2)(fr 5)": other languages this voice speaks
            for part in extra.strip("()").split(")("):
                if part and not part[0].isdigit():
                    names.add(part.split()[0].lower())
    return frozenset(names)


class VoiceTable:
    """Language tag -> engine voice name, or None when no voice may read it."""

    def __init__(self, available: frozenset[str] | set[str]) -> None:
        self.available = frozenset(v.lower() for v in available)

    @classmethod
    def espeak(cls) -> VoiceTable:
        return cls(espeak_voices())

    def voice_for(self, tag: str) -> str | None:
        if not written_in_usual_script(tag):
            return None
        language, _script = split_tag(tag)
        lowered = tag.lower()
        for candidate in (
            _ESPEAK_ALIASES.get(lowered),
            lowered,
            _ESPEAK_ALIASES.get(language),
            language,
        ):
            if candidate and candidate in self.available:
                return candidate
        return None

    def has_voice(self, tag: str) -> bool:
        return self.voice_for(tag) is not None
