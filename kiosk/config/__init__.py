"""The site configuration, `kiosk.toml`: what differs from one kiosk to the next.

The content says what the exhibition is; this says where one kiosk stands and how it is set
up: its languages, timings, opening hours, audio, trusted keys, staff PIN, the panel's size
and height, folders and keypad. See docs/configuration.md and kiosk.example.toml.

    config, problems = load_config(fallback=True)   # the app: never None
    config.screen.min_target_px, config.hours.is_open(datetime.now())
"""

from kiosk.config.load import (
    CONFIG_ENV,
    DEFAULT_CONFIG_PATH,
    default_config,
    default_config_path,
    load_config,
)
from kiosk.config.model import (
    AudioSettings,
    KeyBindings,
    KioskConfig,
    OpeningHours,
    PathSettings,
    ScreenSettings,
    SecuritySettings,
    SessionSettings,
    SiteSettings,
)
from kiosk.config.pin import PinAttempt, PinGuard, hash_pin, verify_pin

__all__ = [
    "CONFIG_ENV", "DEFAULT_CONFIG_PATH", "AudioSettings", "KeyBindings", "KioskConfig",
    "OpeningHours", "PathSettings", "PinAttempt", "PinGuard", "ScreenSettings",
    "SecuritySettings", "SessionSettings", "SiteSettings", "default_config",
    "default_config_path", "hash_pin", "load_config", "verify_pin",
]
