"""Publishing from the browser as a job that runs while the page shows how far it is.

Building a thousand titles takes seconds to minutes, so the Publish page starts the work in a
thread and shows its step and percentage: the page reloads itself without script (a refresh
inside <noscript>) and htmx swaps only the progress panel with it. One publish runs at a time.
Nothing is lost when it fails: the catalog is built in a temporary folder and the bundle is
written under a temporary name and renamed only when complete (kiosk/staff/bundle.py), so the
folder keeps the bundle it held and the studio's preview catalog is untouched.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# Each step's share of the bar: checking, building the catalog, signing and writing.
STEPS = {"check": ("Checking the exhibition", 0, 10), "build": ("Building the catalog", 10, 85),
         "pack": ("Signing and writing the bundle", 85, 100), "done": ("Published", 100, 100)}


@dataclass
class Job:
    id: str
    folder: Path
    step: str = "check"
    done: int = 0
    total: int = 1
    what: str = ""
    state: str = "running"  # running | published | refused | failed
    result: dict = field(default_factory=dict)
    error: str = ""
    hint: str = ""
    problems: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None

    @property
    def label(self) -> str:
        return STEPS[self.step][0]

    @property
    def percent(self) -> int:
        _, low, high = STEPS[self.step]
        return int(low + (high - low) * self.done / max(self.total, 1))

    @property
    def seconds(self) -> float:
        return round((self.ended or time.monotonic()) - self.started, 1)

    def as_json(self) -> dict:
        return {"id": self.id, "state": self.state, "step": self.step, "label": self.label,
                "percent": self.percent, "done": self.done, "total": self.total,
                "result": self.result, "error": self.error, "hint": self.hint, "problems": self.problems}


class Publisher:
    """The studio's publish jobs (the last few kept, for their pages)."""

    def __init__(self, publish) -> None:
        self._publish = publish  # Studio.publish(folder, progress) -> dict
        self._lock = threading.Lock()
        self.jobs: dict[str, Job] = {}

    def running(self) -> Job | None:
        return next((j for j in self.jobs.values() if j.state == "running"), None)

    def start(self, folder: Path, before=None) -> Job:
        """Start publishing into `folder` (after `before()`, e.g. raising the edition), or
        give the job already running."""
        with self._lock:
            job = self.running()
            if job is not None:
                return job
            job = Job(secrets.token_urlsafe(8), Path(folder))
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-5]:
                del self.jobs[old]
        threading.Thread(target=self._run, args=(job, before), daemon=True,
                         name=f"publish-{job.id}").start()
        return job

    def _run(self, job: Job, before) -> None:
        def progress(step: str, done: int, total: int, what: str) -> None:
            job.step, job.done, job.total, job.what = step, done, total, what

        try:
            if before is not None:
                before()
            result = self._publish(job.folder, progress)
            if "error" in result:
                job.state, job.error = "refused", result["error"]
                job.problems = result.get("problems", [])
            else:
                job.result, job.state = result, "published"
                progress("done", 1, 1, "")
        except OSError as exc:  # the folder: a stick pulled out, full, read-only, a file
            job.state = "failed"
            job.error = f"cannot write to {exc.filename or job.folder}: {exc.strerror or exc}"
            job.hint = "choose a folder that exists or can be made there, with room to spare"
        except Exception as exc:  # noqa: BLE001 - shown on the page; nothing was replaced
            job.state = "failed"
            job.error = f"{type(exc).__name__}: {exc}".split("\n")[0]
        finally:
            job.ended = time.monotonic()
