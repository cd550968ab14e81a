"""What the kiosk remembers about the visitor in front of it, and forgets when they leave.

A session is the interface language, the trail of screens visited (for Back) and the
visitor's preferences: text size, colours, reading style, motion, reach, speech, volume.
The idle reset replaces it with a fresh one, so nothing one visitor chose is seen by the next
(EN 301 549 5.1.3.13: volume back to the default after each use).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

ATTRACT = "attract"
HOME = "home"


@dataclass(frozen=True)
class Route:
    """A screen and what it shows: enough to show it again, e.g. in another language."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)

    def with_params(self, **changes: Any) -> Route:
        return Route(self.name, {**self.params, **changes})


@dataclass(frozen=True)
class Preferences:
    """One visitor's choices; every field has the value a new visitor starts with."""

    text_scale: float = 1.0  # 1.0, 1.5 or 2.0
    palette: str = "standard"  # "standard" | "high_contrast"
    dyslexic: bool = False  # the dyslexia-friendly reading style
    reduce_motion: bool = False
    reach_mode: bool = False  # controls kept within 380-1220 mm of the floor
    audio_mode: bool = False  # self-voicing: every focus move and screen is spoken
    volume: int = 60  # percent
    speech_rate: float = 1.0  # times the engine's normal rate
    easy_read: bool = False  # treaty summaries in their Easy Read version where one exists

    def changed(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


@dataclass
class Session:
    language: str
    history: list[Route] = field(default_factory=list)
    prefs: Preferences = field(default_factory=Preferences)
    keypad_used: bool = False  # a keypad key was pressed in this session

    @classmethod
    def start(cls, language: str, prefs: Preferences | None = None) -> Session:
        return cls(language=language, history=[Route(ATTRACT)], prefs=prefs or Preferences())

    @property
    def current(self) -> Route:
        return self.history[-1]

    def push(self, route: Route) -> None:
        if route != self.current:
            self.history.append(route)

    def replace(self, route: Route) -> None:
        """Change what the current screen shows (another page) without a new Back step."""
        self.history[-1] = route

    def go_back(self) -> Route:
        """Drop the current screen and return the one before; never goes behind home."""
        if len(self.history) > 1 and self.history[-2].name != ATTRACT:
            self.history.pop()
        return self.current

    def go_home(self) -> Route:
        self.history = [Route(ATTRACT), Route(HOME)]
        return self.current
