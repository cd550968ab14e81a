"""Content problems as values: where (file and line), what is wrong, and how to fix it.

Curators read these in a terminal and staff read them in the staff panel, so every problem
carries a location and a hint; nothing in content checking raises to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.shown import shown


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str
    hint: str = ""

    def __post_init__(self) -> None:  # text from files cannot hide or forge anything
        for name in ("path", "message"):
            object.__setattr__(self, name, shown(str(getattr(self, name))))
        # a hint may show an example over several lines (our own text); nothing else moves
        object.__setattr__(self, "hint", "\n".join(shown(line) for line in
                                                   str(self.hint).split("\n")))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class ProblemList(list):
    """Collects problems with paths shown relative to the content folder."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def _where(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, message: str, hint: str = "") -> None:
        self.append(Problem(self._where(path), max(line, 1), "error", message, hint))

    def warning(self, path: Path, line: int, message: str, hint: str = "") -> None:
        self.append(Problem(self._where(path), max(line, 1), "warning", message, hint))

    def add_from(self, base: Path, found: Iterable[Problem]) -> None:
        """Add problems whose paths are relative to `base` (an item's problems, collected
        before and apart from the rest: kiosk.content.checks.item_problems)."""
        for problem in found:
            self.append(Problem(self._where(base / problem.path), problem.line, problem.severity,
                                problem.message, problem.hint))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]
