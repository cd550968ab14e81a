"""The Site and Sections pages: the exhibition's settings and its home screen's sections,
edited in the browser with plain forms (no script needed). The work is done by
kiosk/studio/site_edit.py and kiosk/studio/sections.py; this module reads forms and shows
pages."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from kiosk.studio import sections as section_work
from kiosk.studio.pages import _page
from kiosk.studio.paths import OutsideContent
from kiosk.studio.site_edit import FIELDS, SiteConflict, SiteInvalid, SiteSettings
from kiosk.studio.store import Conflict, Invalid


async def _form(request: Request):
    """The posted form, or None when its CSRF token is missing or wrong."""
    form = await request.form()
    return form if form.get("csrf") == request.state.csrf else None


def _by_field(problems: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for problem in problems:
        found.setdefault(problem.get("field") or "", []).append(problem)
    return found


async def site_page(request: Request):
    studio = request.app.state.studio
    settings = SiteSettings(studio.store.root)
    typed, conflict, saved, status = {}, None, False, 200
    if request.method == "POST":
        form = await _form(request)
        if form is None:
            return HTMLResponse("missing or wrong CSRF token", 403)
        fields = {k: str(v) for k, v in form.items() if k.startswith("site.")}
        tag = str(form.get("new_name_tag", "")).strip()
        if tag and str(form.get("new_name", "")).strip():
            fields[f"site.language_names.{tag}"] = str(form["new_name"])
        try:
            await run_in_threadpool(settings.save, form.get("version"), fields,
                                    request.state.user, studio.git)
            await run_in_threadpool(studio.after_save)  # the site changed: a whole build
            return RedirectResponse("/site?saved=1", 303)
        except SiteInvalid as exc:
            typed, problems, status = fields, exc.problems, 422
        except SiteConflict as exc:
            typed, conflict, status = fields, exc.on_disk, 409
    saved = request.query_params.get("saved") == "1"
    values = settings.values()
    if status == 200 or conflict is not None:
        problems = await run_in_threadpool(settings.problems, settings.text())
    languages = [t.strip() for t in typed.get("site.languages", values["site.languages"])
                 .split(",") if t.strip()]
    return _page(request, "site.html", status, title="Site settings", fields=FIELDS,
                 values={**values, **typed}, version=settings.version(), problems=problems,
                 by_field=_by_field(problems), conflict=conflict, saved=saved,
                 languages=languages,
                 titles=[k for k in {**values, **typed} if k.startswith("site.title.")],
                 names=[k for k in {**values, **typed} if k.startswith("site.language_names.")])


async def sections_page(request: Request):
    studio = request.app.state.studio
    store = studio.store
    problems: list[dict] = []
    status = 200
    if request.method == "POST":
        form = await _form(request)
        if form is None:
            return HTMLResponse("missing or wrong CSRF token", 403)
        try:
            if form.get("move"):
                section_id, step = str(form["move"]).rsplit(":", 1)
                await run_in_threadpool(section_work.move_section, store, section_id,
                                        -1 if step == "up" else 1, request.state.user,
                                        studio.git)
                await run_in_threadpool(studio.after_save)
                return RedirectResponse(f"/sections#s-{section_id}", 303)
            new_id = str(form.get("id", "")).strip()
            titles = {k.split(".", 1)[1]: str(v) for k, v in form.items()
                      if k.startswith("title.")}
            await run_in_threadpool(section_work.create_section, store, new_id, titles,
                                    str(form.get("first_item", "")), request.state.user,
                                    studio.git)
            await run_in_threadpool(studio.after_save)
            return RedirectResponse(f"/sections/{new_id}", 303)
        except Invalid as exc:
            problems, status = exc.problems, 422
        except (KeyError, Conflict, OutsideContent):
            problems, status = [{"severity": "error", "message": "that section is not there "
                                 "any more", "hint": "reload the page", "field": ""}], 409
    listed = section_work.sections(store)
    shown_in = {m for s in listed for m in s.members}
    items = [i for i in store.list_items() if i["kind"] != "section"]
    return _page(request, "sections.html", status, title="Sections", sections=listed,
                 languages=store.languages(), problems=problems,
                 unplaced=[i["id"] for i in items if i["id"] not in shown_in],
                 items=[i["id"] for i in items])


async def section_page(request: Request):
    studio = request.app.state.studio
    store = studio.store
    section_id = request.path_params["section_id"]
    problems, status, conflict, typed = [], 200, False, {}
    try:
        current = store.read_item(section_id)
    except (KeyError, OutsideContent):
        return _page(request, "index.html", 404, items=[], title="No such section")
    if current["kind"] != "section":
        return RedirectResponse(f"/items/{section_id}", 303)
    if request.method == "POST":
        form = await _form(request)
        if form is None:
            return HTMLResponse("missing or wrong CSRF token", 403)
        try:
            if form.get("change"):
                action, member = str(form["change"]).split(":", 1)
                await run_in_threadpool(section_work.change_members, store, section_id,
                                        form.get("version"), action, member,
                                        request.state.user, studio.git)
            elif form.get("add"):
                await run_in_threadpool(section_work.change_members, store, section_id,
                                        form.get("version"), "add", str(form["add"]),
                                        request.state.user, studio.git)
            else:
                texts = _texts(form, current, store.languages())
                typed = dict(form)
                await run_in_threadpool(store.save, section_id, form.get("version"), None,
                                        texts, request.state.user, studio.git)
            await run_in_threadpool(studio.after_save, section_id)
            return RedirectResponse(f"/sections/{section_id}?saved=1", 303)
        except Invalid as exc:
            problems, status = exc.problems, 422
        except Conflict:
            conflict, status = True, 409
    data = store.read_item(section_id)
    if not problems:
        problems = store._problems_in(store.root / "items" / section_id)
    members = [str(m) for m in data["fields"].get("items") or []]
    others = [i["id"] for i in store.list_items()
              if i["kind"] != "section" and i["id"] not in members]
    languages = store.languages() + [t for t in data["texts"] if t not in store.languages()]
    titles = {m: section_work.title_of(store, m, store.languages()) for m in members}
    return _page(request, "section.html", status, title=f"Section {section_id}",
                 section=data, members=members, titles=titles, others=others, languages=languages,
                 problems=problems, by_field=_by_field(problems), conflict=conflict,
                 typed=typed, saved=request.query_params.get("saved") == "1")


def _texts(form, current: dict, languages: list[str]) -> dict:
    """The titles and introductions that changed, per language."""
    texts: dict = {}
    for lang in dict.fromkeys([*languages, *current["texts"]]):
        entry = current["texts"].get(lang, {})
        for key in ("title", "body"):
            name = f"texts.{lang}.{key}"
            value = str(form.get(name, "")).replace("\r\n", "\n")
            if name in form and value.strip() != str(entry.get(key) or "").strip():
                if key == "body" and value.strip() and not value.endswith("\n"):
                    value += "\n"  # a text area drops the file's last line break
                texts.setdefault(lang, {})[key] = value
    return texts


ROUTES = [
    Route("/site", site_page, methods=["GET", "POST"]),
    Route("/sections", sections_page, methods=["GET", "POST"]),
    Route("/sections/{section_id}", section_page, methods=["GET", "POST"]),
]
