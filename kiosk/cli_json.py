"""`--json` for the checking commands: one JSON object on stdout that a script or a fleet tool
reads instead of the lines a person reads. The same problems, the same exit status.

    kiosk check content --json        {"target": "content", "errors": 0, "warnings": 0,
                                        "problems": [{"path", "line", "severity", "message",
                                                      "hint"}, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import click


def problem_dict(problem) -> dict:
    return {"path": problem.path, "line": problem.line, "severity": problem.severity,
            "message": problem.message, "hint": problem.hint}


def problems_object(target: str, problems: Iterable, shown: Iterable | None = None) -> dict:
    """Counts over every problem; `shown` (default: all) listed, e.g. errors only (--quiet)."""
    problems = list(problems)
    errors = sum(1 for p in problems if p.is_error)
    return {"target": target, "errors": errors, "warnings": len(problems) - errors,
            "problems": [problem_dict(p) for p in (problems if shown is None else shown)]}


def echo(value: dict, **kwargs) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2), **kwargs)
