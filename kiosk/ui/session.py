"""What the kiosk remembers about the visitor in front of it, and forgets when they leave.

A session is the interface language and the trail of screens visited (for Back). The idle
watch replaces it with a fresh one, so nothing one visitor did is seen by the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Session:
    language: str
    history: list[Route] = field(default_factory=list)

    @classmethod
    def start(cls, language: str) -> Session:
        return cls(language=language, history=[Route(ATTRACT)])

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
