"""One reader per `kiosk.toml` table: which keys it has, their ranges, and why those ranges.

Each function takes the parsed table and returns its settings value; every wrong setting is
reported through the `Reader` and keeps its default. docs/configuration.md explains each
setting for technicians; the reasons for the limits are in the hints shown with a problem.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import re

from kiosk.config.hours import read_hours
from kiosk.config.keynames import ACTIONS, DEFAULT_BINDINGS, KIVY_KEY_NAMES
from kiosk.config.model import (
    AUDIO_MODES,
    REACH_HIGH_MM,
    WEEKDAYS,
    AudioSettings,
    KeyBindings,
    PathSettings,
    ScreenSettings,
    SecuritySettings,
    SessionSettings,
    SiteSettings,
)
from kiosk.config.pin import PIN_PATTERN, PinFormatError, parse_pin_hash
from kiosk.config.plain_pin import is_plain_secret
from kiosk.config.reader import Reader
from kiosk.content.languages import normalize_tag

_RESOLUTION = re.compile(r"^\s*(\d+)\s*[x×X]\s*(\d+)\s*$")
_INLINE_KEY = re.compile(r"[A-Za-z0-9+/]{43}=")
TILT_TOLERANCE_MM = 20  # edges further apart than the panel is tall: a wrong height or size

# Every key each table may hold (kiosk.example.toml shows them all).
KEYS: dict[str, tuple[str, ...]] = {
    "site": ("name", "languages", "default_language", "serve", "serve_port"),
    "session": ("idle_timeout_seconds", "warning_seconds"),
    "hours": (*WEEKDAYS, "closed_dates", "wake_minutes", "screen_off_command",
              "screen_on_command"),
    "audio": ("default_volume", "volume_step", "speech_rate", "audio_mode_default"),
    "security": ("trusted_keys", "staff_pin_hash"),
    "screen": ("diagonal_inches", "resolution", "viewing_distance_mm", "bottom_height_mm",
               "top_height_mm"),
    "paths": ("data_dir", "watch_folders"),
    "keys": ACTIONS,
}


def read_site(r: Reader, values: dict) -> SiteSettings:
    r.unknown("site", values, KEYS["site"])
    name = r.text("site", values, "name", "")
    languages: list[str] = []
    for raw in r.items("site", values, "languages", (str,)) or []:
        tag = normalize_tag(raw)
        if tag is None:
            r.error("site", "languages", f"site.languages: '{raw}' is not a language tag",
                    "use the tags of the content file names: vi, en, fr, km, vi-Hani",
                    line=r.lines.value_line("site", "languages", raw))
        elif tag in languages:
            r.warning("site", "languages", f"site.languages lists '{tag}' twice",
                      line=r.lines.value_line("site", "languages", raw))
        else:
            languages.append(tag)
    default = r.text("site", values, "default_language", "")
    if default:
        tag = normalize_tag(default)
        if tag is None:
            r.error("site", "default_language", f"site.default_language: '{default}' is not "
                    "a language tag", "for example: default_language = \"vi\"")
            default = ""
        elif languages and tag not in languages:
            r.error("site", "default_language", f"site.default_language '{tag}' is not in "
                    "site.languages", f"add it to languages or choose one of {', '.join(languages)}")
            default = ""
        else:
            default = tag
    serve = r._typed("site", values, "serve", (bool,), False)  # noqa: SLF001 - no bool reader yet
    port = r.integer("site", values, "serve_port", 8080, 1024, 65535,
                     "a port above 1023, so the kiosk needs no root to serve")
    return SiteSettings(name, tuple(languages), default, serve, port)


def read_session(r: Reader, values: dict) -> SessionSettings:
    r.unknown("session", values, KEYS["session"])
    timeout = r.integer("session", values, "idle_timeout_seconds", None, 20, 3600,
                        "long enough to read a label (20 s at least), short enough that the "
                        "next visitor finds the start screen (an hour at most)")
    warning = r.integer("session", values, "warning_seconds", 30, 20, 300,
                        "WCAG 2.2.1 asks for at least 20 s to answer \"Still there?\"")
    return SessionSettings(timeout, warning)


def read_audio(r: Reader, values: dict) -> AudioSettings:
    r.unknown("audio", values, KEYS["audio"])
    default = AudioSettings()
    step = r.integer("audio", values, "volume_step", default.volume_step, 1, 50,
                     "one key press changes the volume by this many percent")
    if 100 % step:
        r.error("audio", "volume_step", f"audio.volume_step {step} does not divide 100",
                "use 5, 10, 20 or 25 so the steps reach 0 and 100")
        step = default.volume_step
    volume = r.integer("audio", values, "default_volume", default.default_volume, 0, 100,
                       "a percentage of the output's full volume")
    if volume % step:
        low = volume - volume % step
        r.error("audio", "default_volume", f"audio.default_volume {volume} is not a step of "
                f"{step}", f"use {low} or {min(low + step, 100)}")
        volume = default.default_volume - default.default_volume % step
    rate = r.number("audio", values, "speech_rate", default.speech_rate, 0.5, 2.0,
                    "1.0 is the speech engine's normal speed")
    mode = r.choice("audio", values, "audio_mode_default", default.audio_mode_default,
                    AUDIO_MODES)
    return AudioSettings(volume, step, rate, mode)


def read_security(r: Reader, values: dict) -> SecuritySettings:
    r.unknown("security", {k: v for k, v in values.items() if not is_plain_secret(k, v)},
              KEYS["security"])  # a PIN in plain is an error (kiosk.config.plain_pin)
    files, inline = [], []
    for entry in r.items("security", values, "trusted_keys", (str,)) or []:
        line = r.lines.value_line("security", "trusted_keys", entry)
        if _INLINE_KEY.fullmatch(entry.strip()):
            try:
                if len(base64.b64decode(entry.strip(), validate=True)) == 32:
                    inline.append(entry.strip())
                    continue
            except binascii.Error:
                pass
        key_file = r.path(entry)
        problem = _key_file_problem(key_file)
        if problem:
            r.error("security", "trusted_keys", f"security.trusted_keys: {problem}",
                    "give the path of a signing.pub made by 'kiosk keygen', or paste its one "
                    "line of base64", line=line)
        else:
            files.append(key_file)
    stored = r.text("security", values, "staff_pin_hash", "")
    if stored and PIN_PATTERN.fullmatch(stored.strip()):
        stored = ""  # the PIN itself: kiosk.config.plain_pin reports it
    if stored:
        try:
            parse_pin_hash(stored)
        except PinFormatError as exc:
            r.error("security", "staff_pin_hash", f"security.staff_pin_hash is not a PIN hash: "
                    f"{exc}", "make one with 'kiosk config hash-pin' and paste the whole line")
            stored = ""
    return SecuritySettings(tuple(files), tuple(inline), stored)


def _key_file_problem(path) -> str:
    if not path.is_file():
        return f"no key file at {path}"
    from kiosk.staff.errors import BundleError
    from kiosk.staff.keys import load_public_key

    try:
        load_public_key(path)
    except BundleError as exc:
        return str(exc)
    return ""


def read_screen(r: Reader, values: dict) -> ScreenSettings:
    r.unknown("screen", values, KEYS["screen"])
    d = ScreenSettings()
    diagonal = r.number("screen", values, "diagonal_inches", d.diagonal_inches, 5, 120,
                        "the panel's visible diagonal, as on its data sheet")
    resolution = _resolution(r, values, d.resolution)
    distance = r.number("screen", values, "viewing_distance_mm", d.viewing_distance_mm, 250,
                        3000, "where a visitor's eyes are when using it: 500-700 mm at arm's "
                        "length, 1000 mm and more for a wall screen")
    height = ScreenSettings(diagonal, resolution).size_mm[1]
    bottom = r.number("screen", values, "bottom_height_mm", d.bottom_height_mm, 0, 2500,
                      "the bottom edge of the picture, measured from the floor")
    top = r.number("screen", values, "top_height_mm", bottom + height, 0, 3000,
                   "the top edge of the picture, measured from the floor")
    if "bottom_height_mm" not in values and "top_height_mm" in values:
        bottom = max(top - height, 0.0)
    screen = ScreenSettings(diagonal, resolution, distance, bottom, top)
    _check_mounting(r, values, screen, height)
    return screen


def _resolution(r: Reader, values: dict, default: tuple[int, int]) -> tuple[int, int]:
    value = values.get("resolution")
    if value is None:
        return default
    found = _RESOLUTION.match(value) if isinstance(value, str) else None
    if found:
        width, height = int(found.group(1)), int(found.group(2))
    elif isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value):
        width, height = value
    else:
        r.error("screen", "resolution", f"screen.resolution {value!r} is not WIDTHxHEIGHT",
                'write resolution = "1920x1080" (or "1080x1920" for a portrait panel)')
        return default
    if not (320 <= width <= 16384 and 320 <= height <= 16384):
        r.error("screen", "resolution", f"screen.resolution {width}x{height} is not a "
                "panel's size", "each side is between 320 and 16384 pixels")
        return default
    return width, height


def _check_mounting(r: Reader, values: dict, screen: ScreenSettings, height: float) -> None:
    extent = screen.top_height_mm - screen.bottom_height_mm
    if extent <= 0:
        r.error("screen", "top_height_mm", f"screen.top_height_mm {screen.top_height_mm:g} is "
                f"not above bottom_height_mm {screen.bottom_height_mm:g}",
                "both are measured from the floor to the edges of the picture")
    elif extent > height + TILT_TOLERANCE_MM:
        r.warning("screen", "top_height_mm", f"the screen's edges are {extent:.0f} mm apart "
                  f"but a {screen.diagonal_inches:g}\" {screen.resolution[0]}x"
                  f"{screen.resolution[1]} panel is {height:.0f} mm tall",
                  "check diagonal_inches, resolution and the two heights")
    if screen.bottom_height_mm > REACH_HIGH_MM:
        r.warning("screen", "bottom_height_mm", "no part of the screen is within reach "
                  f"(380-{REACH_HIGH_MM} mm from the floor): a visitor in a wheelchair cannot "
                  "touch it", "lower the screen or put a keypad within reach (ADA 308)")


def read_paths(r: Reader, values: dict) -> PathSettings:
    from kiosk.staff.state import default_root

    r.unknown("paths", values, KEYS["paths"])
    raw = r.text("paths", values, "data_dir", "")
    data_dir = r.path(raw) if raw else default_root()
    folders = r.items("paths", values, "watch_folders", (str,))
    watch = tuple(r.path(f) for f in folders) if folders is not None \
        else PathSettings().watch_folders
    return PathSettings(data_dir, watch)


def read_keys(r: Reader, values: dict) -> KeyBindings:
    """Actions given in the file replace their defaults; a key the file binds is taken out
    of the defaults of actions it does not mention, so rebinding never collides."""
    r.unknown("keys", values, KEYS["keys"])
    given: dict[str, tuple[str | int, ...]] = {}
    owner: dict[str | int, str] = {}
    for action in ACTIONS:
        keys = r.items("keys", values, action, (str, int))
        if keys is None:
            continue
        given[action] = tuple(_valid_keys(r, action, keys, owner))
        if not given[action]:
            r.warning("keys", action, f"keys.{action} has no key",
                      "visitors using the keypad cannot use this action")
    actions = {action: given.get(action, tuple(k for k in DEFAULT_BINDINGS[action]
                                               if k not in owner))
               for action in ACTIONS}
    for action in ACTIONS:
        if action not in given and not actions[action]:
            taken = DEFAULT_BINDINGS[action][0]
            r.warning("keys", owner[taken], f"'{action}' has no key left: its default "
                      f"'{taken}' is bound to '{owner[taken]}'",
                      f"add {action} = [...] with another key",
                      line=r.lines.value_line("keys", owner[taken], taken))
    return KeyBindings(actions)


def _valid_keys(r: Reader, action: str, keys: list, owner: dict) -> list:
    kept = []
    for key in keys:
        line = r.lines.value_line("keys", action, key)
        name = key.lower() if isinstance(key, str) and len(key) > 1 else key
        if isinstance(name, str) and name not in KIVY_KEY_NAMES:
            close = difflib.get_close_matches(name, sorted(KIVY_KEY_NAMES), n=1)
            r.error("keys", action, f"keys.{action}: '{key}' is not a key name",
                    (f"did you mean '{close[0]}'? " if close else "")
                    + "names are Kivy's (up, enter, escape, f1, numpadadd...), or a key code "
                      "number", line=line)
        elif name in owner and owner[name] != action:
            r.error("keys", action, f"keys.{action}: '{key}' is already bound to "
                    f"'{owner[name]}'", "one key can trigger only one action", line=line)
        elif name not in kept:
            owner[name] = action
            kept.append(name)
    return kept


SECTIONS = {
    "site": read_site,
    "session": read_session,
    "hours": read_hours,
    "audio": read_audio,
    "security": read_security,
    "screen": read_screen,
    "paths": read_paths,
    "keys": read_keys,
}
