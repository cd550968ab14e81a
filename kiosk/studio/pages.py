"""Server-rendered pages (Jinja2): the item list, an item's form, problems, and login."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from kiosk.studio.forms import item_fields, shown, text_fields
from kiosk.studio.paths import OutsideContent
from kiosk.studio.store import Conflict, Invalid

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape())


def _page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("csrf", getattr(request.state, "csrf", ""))
    return HTMLResponse(_env.get_template(name).render(**context), status)


async def login(request: Request):
    studio = request.app.state.studio
    if request.method == "POST":
        form = await request.form()
        client = request.client.host if request.client else "?"
        token = studio.sessions.login(client, str(form.get("password", "")),
                                      str(form.get("name", "")))
        if token is None:
            return _page(request, "login.html", 401, title="Log in to the studio", error="Wrong password, or too many tries.",
                         needs_password=studio.sessions.password_hash is not None)
        response = RedirectResponse("/", 303)
        response.set_cookie("studio_session", token, httponly=True, samesite="strict")
        return response
    return _page(request, "login.html", title="Log in to the studio", needs_password=studio.sessions.password_hash is not None)


async def index(request: Request):
    store = request.app.state.studio.store
    return _page(request, "index.html", items=store.list_items(), title="Items")


async def item_page(request: Request):
    store = request.app.state.studio.store
    item_id = request.path_params["item_id"]
    problems, conflict, typed = [], None, {}
    try:
        if request.method == "POST":
            form = await request.form()
            if form.get("csrf") != request.state.csrf:
                return HTMLResponse("missing or wrong CSRF token", 403)
            current = store.read_item(item_id)
            fields = {f.name: form[f"fields.{f.name}"] for f in item_fields(current["kind"])
                      if f"fields.{f.name}" in form
                      and form[f"fields.{f.name}"] != shown(current["fields"].get(f.name))}
            texts: dict = {}
            for lang, entry in current["texts"].items():
                for f in [*text_fields(current["kind"]), _Body]:
                    key = f"texts.{lang}.{f.name}"
                    if key in form and form[key].replace("\r\n", "\n") != shown(entry.get(f.name)):
                        texts.setdefault(lang, {})[f.name] = form[key]
            try:
                store.save(item_id, form.get("version"), fields, texts, request.state.user,
                           request.app.state.studio.git)
                await run_in_threadpool(request.app.state.studio.after_save, item_id)
            except Invalid as exc:
                problems, typed = exc.problems, dict(form)  # shown again: nothing lost
            except Conflict as exc:
                conflict = exc.current
        data = store.read_item(item_id)
    except (KeyError, OutsideContent):
        return _page(request, "index.html", 404, items=[], title="No such item")
    if not problems:
        problems = store._problems_in(store.root / "items" / item_id)
    by_field: dict = {}
    for problem in problems:
        by_field.setdefault(problem["field"], []).append(problem)
    return _page(request, "item.html", item=data, fields=item_fields(data["kind"]),
                 text_fields=[*text_fields(data["kind"]), _Body], shown=shown,
                 by_field=by_field, problems=problems, conflict=conflict, typed=typed,
                 title=f"Edit {item_id}")


class _Body:
    name, label, long = "body", "Text (Markdown)", True


async def live_problems(request: Request):
    """One field as typed (htmx, debounced): its problems with `kiosk check`'s words, drawn
    where the field's problems are shown; nothing is written."""
    store = request.app.state.studio.store
    form = await request.form()
    if form.get("csrf") != request.state.csrf:
        return HTMLResponse("missing or wrong CSRF token", 403)
    # htmx posts the whole form and names the field being typed in
    name = request.headers.get("hx-trigger-name") or next(
        (k for k in form if k.startswith(("fields.", "texts."))), "")
    if name not in form or not name.startswith(("fields.", "texts.")) or name.count(".") > 2:
        return HTMLResponse("name one field", 422)
    value = str(form[name])
    fields, texts = {}, {}
    if name.startswith("fields."):
        fields[name.split(".", 1)[1]] = value
    else:
        _, lang, key = name.split(".", 2)
        texts[lang] = {key: value}
    try:
        found = await run_in_threadpool(store.check_draft, request.path_params["item_id"],
                                        fields, texts)
    except OutsideContent:
        return HTMLResponse("no such item", 404)
    mine = [p for p in found if p["field"] == name]
    return _page(request, "field_problems.html", field=name, problems=mine)


async def preview_page(request: Request):
    """The item as the real kiosk draws it and the words audio mode says (kiosk.preview); a
    whole page without scripts, the panel alone for htmx on the item page."""
    studio = request.app.state.studio
    item_id = request.path_params["item_id"]
    q = request.query_params
    languages = studio.store.languages()
    try:
        version = studio.store.version(item_id)
        texts = sorted(p.stem for p in (studio.store.root / "items" / item_id).glob("*.md"))
    except OutsideContent:
        return _page(request, "index.html", 404, items=[], title="No such item")
    languages += [t for t in texts if t not in languages]
    lang = q.get("lang") if q.get("lang") in languages else languages[0]
    palette = q.get("palette") if q.get("palette") in ("standard", "high-contrast") else "standard"
    text = q.get("text") if q.get("text") in ("1.0", "1.5", "2.0") else "1.0"
    error, spoken = None, []
    try:
        spoken = await run_in_threadpool(studio.spoken, item_id, lang)
    except Exception as exc:  # noqa: BLE001 - shown to the curator, the page still works
        error = str(exc).split(": ", 1)[-1].split("\n")[0]
    name = "preview_panel.html" if request.headers.get("hx-request") else "preview.html"
    return _page(request, name, item_id=item_id, languages=languages, lang=lang,
                 palette=palette, text=text, version=version, spoken=spoken, error=error,
                 title=f"Preview of {item_id}")


async def problems_page(request: Request):
    store = request.app.state.studio.store
    return _page(request, "problems.html", problems=store.all_problems(), title="Problems")


ROUTES = [
    Route("/login", login, methods=["GET", "POST"]),
    Route("/", index),
    Route("/items/{item_id}", item_page, methods=["GET", "POST"]),
    Route("/items/{item_id}/preview", preview_page),
    Route("/items/{item_id}/live", live_problems, methods=["POST"]),
    Route("/problems", problems_page),
]
