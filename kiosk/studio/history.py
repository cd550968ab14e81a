"""The content folder's history as a curator reads it: who changed what item, in which
language, when, and the words that changed, from the git repository the studio commits to.

Everything comes from `git log` and `git show --word-diff` limited to the content folder, so
hand edits committed outside the studio appear too. A file is named by what it is to a
curator ("French text", "facts", "the site's settings"), not by its path alone.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field

from babel.dates import format_datetime
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from kiosk.content import loader
from kiosk.content.languages import normalize_tag
from kiosk.content.translation_sync import SYNC_KEY
from kiosk.studio.names import language_label
from kiosk.studio.paths import OutsideContent, item_folder

PAGE = 50  # changes a page
MAX_FILES, MAX_LINES = 40, 200  # a change shown in full up to this; a whole import is long
COMMIT = re.compile(r"\A[0-9a-f]{7,40}\Z")
STATUS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


@dataclass
class FileChange:
    path: str
    status: str  # added / changed / removed
    item: str | None
    what: str  # "French text", "facts (item.yaml)", "picture poster.jpg", ...
    lang: str | None = None


@dataclass
class Change:
    commit: str
    author: str
    when: str  # as a person writes it: "7 December 2026, 16:49"
    iso: str
    message: str
    files: list[FileChange] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        return sorted({f.item for f in self.files if f.item})


def describe_file(path: str, status: str) -> FileChange:
    parts = path.split("/")
    what = STATUS.get(status[:1], "changed")
    if parts[0] == loader.ITEMS_DIR and len(parts) == 3:
        item, name = parts[1], parts[2]
        if name == "item.yaml":
            return FileChange(path, what, item, "facts (item.yaml)")
        if name.endswith(".md"):
            tag = normalize_tag(name[:-3]) or name[:-3]
            return FileChange(path, what, item, f"{language_label(tag)} text", tag)
        return FileChange(path, what, item, f"file {name}")
    if path == loader.SITE_FILE:
        return FileChange(path, what, None, "the site's settings (site.yaml)")
    return FileChange(path, what, None, f"file {path}")


def _when(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return format_datetime(moment, "d MMMM y, HH:mm", locale="en")


def changes(git, item_id: str | None = None, skip: int = 0, limit: int = PAGE) -> list[Change]:
    """The newest changes to the content folder (or to one item), newest first."""
    where = f"{loader.ITEMS_DIR}/{item_id}" if item_id else "."
    out = git._git("log", f"--skip={skip}", f"-n{limit}", "--no-renames", "--relative",
                   "--name-status", "--format=%x1e%H%x1f%an%x1f%aI%x1f%s", "--", where)
    return [_parse(record) for record in out.split("\x1e")[1:]]


def _parse(record: str) -> Change:
    """One commit as `--format=%x1e%H%x1f%an%x1f%aI%x1f%s --name-status` prints it."""
    head, _, names = record.partition("\n")
    commit, author, iso, message = (head.split("\x1f") + ["", "", ""])[:4]
    change = Change(commit, author, _when(iso), iso, message)
    for line in names.splitlines():
        status, _, path = line.partition("\t")
        if path:
            change.files.append(describe_file(path, status))
    return change


@dataclass
class Piece:
    kind: str  # "same", "gone" (removed words), "added"
    text: str


def word_diff(git, commit: str, path: str) -> list[list[Piece]]:
    """The file's changed lines in that commit, each line as pieces of kept, removed and added
    words (git's porcelain word diff), the line of the translation record said in words."""
    out = git._git("show", "--format=", "--relative", "--no-renames", "-U0",
                   "--word-diff=porcelain", commit, "--", path)
    lines: list[list[Piece]] = []
    current: list[Piece] = []
    for raw in out.split("\n"):
        if raw.startswith(("diff --git", "index ", "--- ", "+++ ", "@@", "new file",
                           "deleted file", "old mode", "new mode", "Binary files")):
            if raw.startswith("Binary files"):
                lines.append([Piece("same", "(a file that is not text: not shown)")])
            continue
        if raw == "~":
            if current:
                lines.append(current)
            current = []
        elif raw[:1] in (" ", "-", "+"):
            kind = {" ": "same", "-": "gone", "+": "added"}[raw[0]]
            current.append(Piece(kind, raw[1:]))
    if current:
        lines.append(current)
    return [_plain_record(line) for line in lines
            if "".join(p.text for p in line).strip() != "---"]  # front matter's fences


def _plain_record(line: list[Piece]) -> list[Piece]:
    text = "".join(p.text for p in line).lstrip("-+ ")
    if text.startswith(f"{SYNC_KEY}:"):
        return [Piece("same", "(the record of what this translation was made from was "
                              "updated)")]
    return line


def _page(request, name, status=200, **context):
    from kiosk.studio.pages import _page as page

    return page(request, name, status, **context)


async def history_page(request: Request):
    """Every change to the content, or one item's (with a way to go back to a version)."""
    studio = request.app.state.studio
    item_id = request.path_params.get("item_id")
    if item_id is not None:
        try:
            if not item_folder(studio.store.root, item_id).is_dir():
                raise OutsideContent(item_id)
        except OutsideContent:
            return _page(request, "index.html", 404, items=[], title="No such item")
    title = f"History of {item_id}" if item_id else "History of the exhibition"
    if studio.git is None:
        return _page(request, "history.html", changes=None, item_id=item_id, title=title)
    skip = max(0, int(request.query_params.get("skip", "0") or 0)) \
        if request.query_params.get("skip", "0").isdigit() else 0
    found = await run_in_threadpool(changes, studio.git, item_id, skip, PAGE + 1)
    return _page(request, "history.html", changes=found[:PAGE], item_id=item_id,
                 more=len(found) > PAGE, skip=skip, page=PAGE, title=title,
                 restored=request.query_params.get("restored"))


async def change_page(request: Request):
    """One change: who, when, and for each file the words removed and added."""
    studio = request.app.state.studio
    commit = request.path_params["commit"]
    if studio.git is None or not COMMIT.match(commit):
        return _page(request, "index.html", 404, items=[], title="No such change")
    try:
        found = await run_in_threadpool(_one_change, studio.git, commit)
    except subprocess.CalledProcessError:
        found = None
    if found is None:
        return _page(request, "index.html", 404, items=[], title="No such change")
    diffs = [(f, await run_in_threadpool(word_diff, studio.git, found.commit, f.path))
             for f in found.files[:MAX_FILES]]
    return _page(request, "change.html", change=found, diffs=diffs, max_lines=MAX_LINES,
                 rest=found.files[MAX_FILES:], title=f"Change of {found.when} by {found.author}")


def _one_change(git, commit: str) -> Change | None:
    out = git._git("show", "--no-renames", "--relative", "--name-status",
                   "--format=%x1e%H%x1f%an%x1f%aI%x1f%s", commit, "--", ".")
    change = _parse(out.lstrip("\x1e"))
    return change if change.files else None


async def restore(request: Request):
    """Put an item back as it was after a change: a new change, so nothing is lost."""
    studio = request.app.state.studio
    item_id = request.path_params["item_id"]
    form = await request.form()
    if form.get("csrf") != request.state.csrf:
        return HTMLResponse("missing or wrong CSRF token", 403)
    commit = str(form.get("commit", ""))
    if studio.git is None or not COMMIT.match(commit):
        return HTMLResponse("no such change", 404)
    try:
        item_folder(studio.store.root, item_id)
        with studio.store.lock:
            await run_in_threadpool(studio.git.restore, item_id, commit, request.state.user)
    except (OutsideContent, subprocess.CalledProcessError):
        return HTMLResponse("that change cannot be restored", 422)
    await run_in_threadpool(studio.after_save)
    return RedirectResponse(f"/history/{item_id}?restored={commit[:8]}", 303)


ROUTES = [
    Route("/history", history_page),
    Route("/history/{item_id}", history_page),
    Route("/history/{item_id}/restore", restore, methods=["POST"]),
    Route("/changes/{commit}", change_page),
]
