"""The site configuration as plain, immutable values with a default for every setting.

`kiosk.toml` describes one kiosk where it stands: its languages, timings, opening hours, audio,
trusted keys, staff PIN, the panel and how high it hangs, folders and keypad. Everything has a
default so a kiosk with no file runs; `kiosk.config.load` turns a file into these values.

The screen geometry lives here because sizes on a kiosk must be checked in millimetres, not in
Kivy's `dp` (docs/configuration.md, "Screen"): a 55" full-HD panel has 0.63 mm pixels, a 21.5"
one 0.25 mm, and the visitor stands at a known distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.config.keynames import DEFAULT_BINDINGS

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AUDIO_MODES = ("silent", "keypad", "always")

# WCAG2ICT: one reference pixel is the viewing distance / 2688 (0.26 mm at 70 cm).
REFERENCE_PX_DIVISOR = 2688
MIN_TARGET_REFERENCE_PX = 44  # WCAG 2.5.5 (AAA) target size
MIN_TARGET_FLOOR_MM = 9.0  # a fingertip: never smaller, however close the visitor stands
REACH_LOW_MM, REACH_HIGH_MM = 380, 1220  # ADA 308.2.1 forward reach from a wheelchair

Range = tuple[int, int]  # minutes after midnight, [start, end)


@dataclass(frozen=True)
class SiteSettings:
    name: str = ""
    languages: tuple[str, ...] = ()  # empty: the catalog's languages (content/site.yaml)
    default_language: str = ""  # empty: the catalog's default language
    serve: bool = False  # serve the exported site read-only on the local network (docs/export.md)
    serve_port: int = 8080

    def offered_languages(self, catalog_languages: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """This kiosk's languages, in its order, limited to those the catalog has."""
        if not self.languages:
            return tuple(catalog_languages)
        return tuple(lang for lang in self.languages if lang in catalog_languages)

    def default_for(self, catalog_default: str) -> str:
        return self.default_language or catalog_default


@dataclass(frozen=True)
class SessionSettings:
    idle_timeout_seconds: int | None = None  # None: the catalog's value (site.yaml)
    warning_seconds: int = 30  # "Still there?" shown this long, WCAG 2.2.1 asks >= 20 s

    def idle_timeout(self, catalog_value: int) -> int:
        return self.idle_timeout_seconds or catalog_value


ALL_DAY: tuple[Range, ...] = ((0, 24 * 60),)


@dataclass(frozen=True)
class OpeningHours:
    """When the screen is on. Days are Monday..Sunday; no ranges means closed all day."""

    days: tuple[tuple[Range, ...], ...] = (ALL_DAY,) * 7
    closed_dates: frozenset[date] = frozenset()
    wake_minutes: int = 10  # a touch or key while asleep wakes the screen this long; 0: never
    screen_off_command: tuple[str, ...] = ()  # empty: the session's display-power backend
    screen_on_command: tuple[str, ...] = ()

    def is_open(self, when: datetime) -> bool:
        """True when the screen should be awake at local time `when`."""
        if when.date() in self.closed_dates:
            return False
        minute = when.hour * 60 + when.minute
        return any(start <= minute < end for start, end in self.days[when.weekday()])

    @property
    def always_open(self) -> bool:
        return not self.closed_dates and all(day == ALL_DAY for day in self.days)


@dataclass(frozen=True)
class AudioSettings:
    default_volume: int = 60  # percent; every session starts here (EN 301 549 5.1.3.13)
    volume_step: int = 10  # one key press changes the volume by this much
    speech_rate: float = 1.0  # multiple of the engine's normal rate
    audio_mode_default: str = "keypad"  # silent | keypad | always, see docs/configuration.md

    def volume_levels(self) -> tuple[int, ...]:
        return tuple(range(0, 101, self.volume_step))


@dataclass(frozen=True)
class SecuritySettings:
    trusted_key_files: tuple[Path, ...] = ()
    trusted_keys_inline: tuple[str, ...] = ()  # base64 of raw 32-byte Ed25519 keys
    staff_pin_hash: str = ""  # empty: the staff panel cannot be opened on the screen

    def public_keys(self) -> list:
        """Every trusted key as an Ed25519PublicKey (loads the cryptography package)."""
        import base64

        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        from kiosk.staff.keys import load_trusted

        inline = [Ed25519PublicKey.from_public_bytes(base64.b64decode(text))
                  for text in self.trusted_keys_inline]
        return load_trusted(list(self.trusted_key_files)) + inline


@dataclass(frozen=True)
class ScreenSettings:
    """The panel, how far away the visitor stands and how high it hangs (mm from the floor)."""

    diagonal_inches: float = 21.5
    resolution: tuple[int, int] = (1920, 1080)
    viewing_distance_mm: float = 700.0
    bottom_height_mm: float = 900.0
    # the default panel hung upright: bottom edge + its height (267.8 mm)
    top_height_mm: float = 900.0 + 21.5 * 25.4 * 1080 / math.hypot(1920, 1080)

    @property
    def mm_per_px(self) -> float:
        """Square pixels assumed: the diagonal in mm over the diagonal in pixels."""
        return self.diagonal_inches * 25.4 / math.hypot(*self.resolution)

    @property
    def size_mm(self) -> tuple[float, float]:
        return self.resolution[0] * self.mm_per_px, self.resolution[1] * self.mm_per_px

    @property
    def reference_px_mm(self) -> float:
        return self.viewing_distance_mm / REFERENCE_PX_DIVISOR

    @property
    def min_target_mm(self) -> float:
        return max(MIN_TARGET_REFERENCE_PX * self.reference_px_mm, MIN_TARGET_FLOOR_MM)

    @property
    def min_target_px(self) -> int:
        """The smallest touch target side, in this panel's pixels, rounded up."""
        return math.ceil(self.min_target_mm / self.mm_per_px - 1e-9)

    def mm_to_px(self, mm: float) -> float:
        return mm / self.mm_per_px

    def px_to_mm(self, px: float) -> float:
        return px * self.mm_per_px

    @property
    def reach_mode_default(self) -> bool:
        """Start with controls pulled down when the top of the screen is out of reach."""
        return self.top_height_mm > REACH_HIGH_MM

    @property
    def reachable_band_px(self) -> tuple[int, int] | None:
        """The rows between 380 and 1220 mm from the floor, as (lowest, highest) y in pixels
        counted up from the bottom edge (Kivy's y axis); None if no row is within reach.

        Heights are interpolated linearly between the bottom and top edges, which also holds
        for a tilted panel, whose vertical extent is smaller than its height.
        """
        rows = self.resolution[1]
        extent = self.top_height_mm - self.bottom_height_mm
        if extent <= 0:
            return None
        low = math.ceil((REACH_LOW_MM - self.bottom_height_mm) / extent * rows)
        high = math.floor((REACH_HIGH_MM - self.bottom_height_mm) / extent * rows)
        low, high = max(low, 0), min(high, rows)
        return (low, high) if low < high else None


@dataclass(frozen=True)
class PathSettings:
    data_dir: Path = Path("/var/lib/kiosk")  # default: $KIOSK_DATA_DIR if set, see load.py
    watch_folders: tuple[Path, ...] = (Path("/media"), Path("/run/media"))


@dataclass(frozen=True)
class KeyBindings:
    """Keypad action -> the keys (Kivy names, or numeric key codes) that trigger it."""

    actions: dict[str, tuple[str | int, ...]] = field(
        default_factory=lambda: dict(DEFAULT_BINDINGS))

    def action_for(self, key_name: str | None, keycode: int | None = None) -> str | None:
        """The action a key press means: pass Kivy's `keycode[1]` name and/or its number."""
        for action, keys in self.actions.items():
            if (key_name and key_name in keys) or (keycode is not None and keycode in keys):
                return action
        return None


@dataclass(frozen=True)
class KioskConfig:
    site: SiteSettings = SiteSettings()
    session: SessionSettings = SessionSettings()
    hours: OpeningHours = OpeningHours()
    audio: AudioSettings = AudioSettings()
    security: SecuritySettings = SecuritySettings()
    screen: ScreenSettings = ScreenSettings()
    paths: PathSettings = PathSettings()
    keys: KeyBindings = field(default_factory=KeyBindings)
    source: Path | None = None  # the file read, None when every setting is a default
