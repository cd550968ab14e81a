"""The Publish page: check, build and pack the exhibition into a signed bundle from the
browser, with its progress shown as it runs (kiosk/studio/publishing.py)."""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route

from kiosk.studio.pages import _page
from kiosk.studio.site_edit import SiteSettings


def _edition(settings: SiteSettings) -> int | None:
    value = settings.values()["site.edition"] or "1"
    return int(value) if value.isdigit() else None


async def publish_page(request: Request):
    studio = request.app.state.studio
    settings = SiteSettings(studio.store.root)
    if request.method == "POST":
        form = await request.form()
        if form.get("csrf") != request.state.csrf:
            return HTMLResponse("missing or wrong CSRF token", 403)
        folder = Path(str(form.get("folder") or studio.publish_dir)).expanduser()
        before = None
        if form.get("raise_edition") and _edition(settings) is not None:
            version, user, git = settings.version(), request.state.user, studio.git
            new = str(_edition(settings) + 1)

            def before() -> None:  # the edition is a line of site.yaml, saved as any edit
                settings.save(version, {"site.edition": new}, user, git)

        job = studio.publisher.start(folder, before)
        return RedirectResponse(f"/publish/{job.id}", 303)
    problems = await run_in_threadpool(studio.store.all_problems)
    errors = [p for p in problems if p["severity"] == "error"]
    edition = _edition(settings)
    folder = Path(request.query_params.get("folder") or studio.publish_dir)
    exists = edition is not None and (folder / f"edition-{edition}.kiosk").is_file()
    bundles = sorted(folder.glob("edition-*.kiosk")) if folder.is_dir() else []
    return _page(request, "publish.html", title="Publish", errors=errors, edition=edition,
                 folder=folder, exists=exists, bundles=bundles,
                 running=studio.publisher.running())


async def job_page(request: Request):
    studio = request.app.state.studio
    job = studio.publisher.jobs.get(request.path_params["job_id"])
    if job is None:
        return _page(request, "index.html", 404, items=[], title="No such publish")
    if request.url.path.startswith("/api/"):
        return JSONResponse(job.as_json())
    name = "publish_panel.html" if request.headers.get("hx-request") else "publish_job.html"
    heading = {"running": "Publishing…", "published": "Published", "refused": "Not published",
               "failed": "Publishing failed"}[job.state]
    return _page(request, name, title="Publish", heading=heading, job=job)


ROUTES = [
    Route("/publish", publish_page, methods=["GET", "POST"]),
    Route("/publish/{job_id}", job_page),
    Route("/api/publish/{job_id}", job_page),
]
