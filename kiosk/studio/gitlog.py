"""When the content folder is a git repository, each save is a commit in the curator's name."""

from __future__ import annotations

import subprocess
from pathlib import Path


class Git:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @staticmethod
    def find(root: Path) -> Git | None:
        probe = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                               capture_output=True, text=True)
        return Git(root) if probe.returncode == 0 else None

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.root), *args], check=True,
                              capture_output=True, text=True).stdout

    def commit(self, paths: list[Path], message: str, author: str) -> None:
        name = author.strip() or "Studio"
        self._git("add", "--", *(str(p) for p in paths))
        self._git("-c", f"user.name={name}", "-c", "user.email=studio@localhost", "commit",
                  "-q", "--author", f"{name} <studio@localhost>", "-m", message)

    def history(self, item_id: str) -> list[dict]:
        out = self._git("log", "--format=%H%x09%an%x09%aI%x09%s", "--", f"items/{item_id}")
        rows = [line.split("\t", 3) for line in out.splitlines() if line]
        return [{"commit": c, "author": a, "date": d, "message": m} for c, a, d, m in rows]

    def restore(self, item_id: str, commit: str, author: str) -> None:
        if not commit.isalnum():
            raise ValueError("not a commit")
        self._git("checkout", commit, "--", f"items/{item_id}")
        self._git("-c", f"user.name={author or 'Studio'}", "-c", "user.email=studio@localhost",
                  "commit", "-q", "--allow-empty", "-m", f"studio: restore {item_id} to {commit[:8]}")
