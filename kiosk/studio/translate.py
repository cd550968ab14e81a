"""The side-by-side translation page: the source language's words on the left, the target's
boxes on the right, saved as the target's plain language file with `translated_from`.

Saving goes through the store like every other save (same version check, same `kiosk check`
rules on a copy first, same commit); typing is checked the same way, 600 ms after the last key.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from kiosk.content.languages import normalize_tag
from kiosk.content.translation_sync import paragraph_spans
from kiosk.studio.alignment import (
    LONG_WORDS,
    NotAligned,
    SideBySide,
    pair_up,
    written,
)
from kiosk.studio.names import language_label, site_language_names
from kiosk.studio.paths import OutsideContent, item_folder
from kiosk.studio.store import Conflict, Invalid

_markdown = MarkdownIt("commonmark", {"html": False})  # the source shown as it reads


def rendered(text: str) -> Markup:
    return Markup(_markdown.render(text))  # noqa: S704 - markdown-it escapes, html is off


def _page(request, name, status=200, **context):
    from kiosk.studio.pages import _page as page  # one template environment for the studio

    return page(request, name, status, **context)


def _languages(store, data: dict) -> tuple[list[str], list[str]]:
    """(languages the item has, languages it could be translated into: the site's first)."""
    have = list(data["texts"])
    offered = store.languages()
    return have, [*offered, *(t for t in have if t not in offered)]


def _chosen(request: Request, store, data: dict) -> tuple[str | None, str | None]:
    q = request.query_params
    have, _ = _languages(store, data)
    source = normalize_tag(q.get("from", "")) if q.get("from") else None
    target = normalize_tag((q.get("other") or q.get("to") or "").strip()) \
        if (q.get("other") or q.get("to")) else None
    default = store.site().get("default_language")
    if source not in have:
        source = next((t for t in (default, "en") if t in have), have[0] if have else None)
    return source, target


def _side(store, data: dict, source: str, target: str) -> SideBySide:
    return pair_up(data["kind"], source, data["texts"][source], target,
                   data["texts"].get(target))


def _typed(form) -> tuple[dict[str, str], set[str]]:
    typed = {k[3:]: str(v) for k, v in form.items() if k.startswith("in.")}
    confirmed = {k[3:] for k, v in form.items() if k.startswith("ok.") and v}
    return typed, confirmed


def _box_problems(store, data, target, entry, problems) -> dict[str, list[dict]]:
    """Each problem of the target file under the box it concerns: a front-matter field's, or
    the paragraph whose lines hold the problem's line (in the file as it would be written)."""
    folder = item_folder(store.root, data["id"])
    text = next(iter(store._changed_texts(folder, {}, {target: entry}).values()), "")
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
    starts = [(end + 2 + offset, index) for index, (offset, _) in
              enumerate(paragraph_spans("\n".join(lines[end + 1:])))]
    boxes: dict[str, list[dict]] = {}
    for problem in problems:
        if not str(problem.get("path", "")).endswith(f"/{target}.md"):
            continue
        field = str(problem.get("field") or "")
        key = "f-" + _named_field(problem["message"], field.rsplit(".", 1)[-1])
        if field.endswith(".body"):
            index = max((i for line, i in starts if line <= problem["line"]), default=0)
            key = f"p{index}"  # saved from here, paragraph i stands for source paragraph i
        problem["box"] = key  # the summary's link goes to the box
        boxes.setdefault(key, []).append(problem)
    return boxes


def _named_field(message: str, near: str) -> str:
    """The field a problem is about: the one it names ("alt text is missing" is reported at
    the front matter's first line, next to the title), else the one at its line."""
    for name, words in (("alt", "alt text"), ("caption", "caption"), ("title", "title")):
        if message.startswith(words) or f"'{name}'" in message:
            return name
    return near


async def translate_page(request: Request):
    studio = request.app.state.studio
    store = studio.store
    item_id = request.path_params["item_id"]
    try:
        data = store.read_item(item_id)
    except (KeyError, OutsideContent):
        return _page(request, "index.html", 404, items=[], title="No such item")
    source, target = _chosen(request, store, data)
    names = site_language_names(store.site())
    have, targets = _languages(store, data)
    targets += [target] if target and target not in targets else []  # typed in: now listed
    context = dict(item=data, source=source, target=target, have=have, targets=targets,
                   label=lambda tag: language_label(tag, names), rendered=rendered,
                   long_words=LONG_WORDS, title=f"Translate {item_id}", problems=[],
                   boxes={}, typed={}, confirmed=set(), conflict=False, saved=False)
    asked = (request.query_params.get("other") or "").strip()
    if asked and normalize_tag(asked) is None:
        context["choose_error"] = (f"'{asked}' is not a language tag: use a tag such as km, "
                                   "fr or vi-Hani")
        target = None
    if source is None or target is None or target == source:
        if target is not None and target == source:
            context["choose_error"] = "Choose a target language other than the source."
        return _page(request, "translate.html", side=None, **context)
    if request.method == "POST":
        return await _save(request, data, source, target, context)
    side = _side(store, data, source, target)
    problems = [p for p in store._problems_in(item_folder(store.root, item_id))
                if str(p["path"]).endswith(f"/{target}.md")]
    context.update(problems=problems, saved=request.query_params.get("saved") == "1",
                   boxes=_box_problems(store, data, target, data["texts"].get(target) or {},
                                       problems) if target in data["texts"] else {})
    return _page(request, "translate.html", side=side, **context)


async def _save(request: Request, data: dict, source: str, target: str, context: dict):
    studio = request.app.state.studio
    form = await request.form()
    if form.get("csrf") != request.state.csrf:
        return HTMLResponse("missing or wrong CSRF token", 403)
    side = _side(studio.store, data, source, target)
    typed, confirmed = _typed(form)
    context.update(typed=typed, confirmed=confirmed, title=f"Translate {data['id']}")
    entry: dict = {}
    try:
        entry = written(side, typed, confirmed)
        await run_in_threadpool(save_translation, studio.store, data, side, entry,
                                form.get("version"), request.state.user, studio.git)
    except NotAligned as exc:
        problem = {"path": f"items/{data['id']}/{target}.md", "line": 0, "severity": "error",
                   "message": exc.message, "hint": exc.hint, "box": exc.key}
        context.update(problems=[problem], boxes={exc.key: [problem]})
        return _page(request, "translate.html", 422, side=side, **context)
    except Invalid as exc:
        context.update(problems=exc.problems,
                       boxes=_box_problems(studio.store, data, target, entry, exc.problems))
        return _page(request, "translate.html", 422, side=side, **context)
    except Conflict:
        context.update(conflict=True)
        fresh = studio.store.read_item(data["id"])
        return _page(request, "translate.html", 409, side=_side(studio.store, fresh, source,
                                                                 target),
                     **{**context, "item": fresh})
    await run_in_threadpool(studio.after_save)
    return RedirectResponse(f"/items/{data['id']}/translate?from={source}&to={target}&saved=1",
                            303)


def save_translation(store, data: dict, side: SideBySide, entry: dict, version: str | None,
                     author: str, git=None):
    """Write the translation (`written`'s entry) as one save of the item: the store's version
    check, `kiosk check`'s rules first, one commit that says what was translated."""
    if side.target_lang not in data["texts"] and not _has_words(entry):
        raise NotAligned("", "nothing is translated yet",
                         "type the translation in the boxes on the right, then save")
    return store.save(data["id"], version, None, {side.target_lang: entry}, author, git,
                      f"studio: translate {data['id']} from {side.source_lang} into "
                      f"{side.target_lang}")


def _has_words(entry: dict) -> bool:
    return any(str(v).strip() for k, v in entry.items() if k != "translated_from")


async def live(request: Request):
    """The translation as typed, checked on a copy by `kiosk check`'s rules; nothing written.
    The answer is the list of problems (a polite live region) and, out of band, each box's."""
    studio = request.app.state.studio
    item_id = request.path_params["item_id"]
    form = await request.form()
    if form.get("csrf") != request.state.csrf:
        return HTMLResponse("missing or wrong CSRF token", 403)
    try:
        data = studio.store.read_item(item_id)
    except (KeyError, OutsideContent):
        return HTMLResponse("no such item", 404)
    source, target = _chosen(request, studio.store, data)
    if source is None or target is None or target == source:
        return HTMLResponse("choose two languages", 422)
    side = _side(studio.store, data, source, target)
    typed, confirmed = _typed(form)
    try:
        entry = written(side, typed, confirmed)
    except NotAligned as exc:
        problem = {"path": f"items/{item_id}/{target}.md", "line": 0, "severity": "error",
                   "message": exc.message, "hint": exc.hint, "box": exc.key}
        problems, boxes = [problem], {exc.key: [problem]}
    else:
        found = await run_in_threadpool(studio.store.check_draft, item_id, {}, {target: entry})
        problems = [p for p in found if str(p["path"]).endswith(f"/{target}.md")]
        boxes = _box_problems(studio.store, data, target, entry, problems)
    keys = [p.key for p in [*side.fields, *side.paragraphs] if not p.marker]
    keys += ["extras"] if side.extras else []
    return _page(request, "translate_live.html", problems=problems, boxes=boxes, keys=keys,
                 item=data, target=target)


ROUTES = [
    Route("/items/{item_id}/translate", translate_page, methods=["GET", "POST"]),
    Route("/items/{item_id}/translate/live", live, methods=["POST"]),
]
