"""The studio's HTTP API under /api/ (docs/studio.md): what the pages use and scripts can too."""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.preview.client import PreviewError
from kiosk.studio.paths import OutsideContent
from kiosk.studio.store import Conflict, Invalid


def _state(request: Request):
    return request.app.state.studio


async def session(request: Request) -> Response:
    """POST {"password", "name"} -> a session cookie and the CSRF token for unsafe calls."""
    studio = _state(request)
    body = await request.json() if request.headers.get("content-type", "").startswith(
        "application/json") else dict(await request.form())
    client = request.client.host if request.client else "?"
    if studio.sessions.locked(client):
        return JSONResponse({"error": "too many wrong passwords; wait 5 minutes"}, 429)
    token = studio.sessions.login(client, str(body.get("password", "")), str(body.get("name", "")))
    if token is None:
        return JSONResponse({"error": "wrong password"}, 401)
    response = JSONResponse({"csrf": studio.sessions.get(token)["csrf"]})
    response.set_cookie("studio_session", token, httponly=True, samesite="strict")
    return response


async def items(request: Request) -> Response:
    store = _state(request).store
    if request.method == "POST":
        body = await request.json()
        try:
            saved = store.create(str(body.get("id", "")), str(body.get("kind", "")),
                                 dict(body.get("titles") or {}), request.state.user,
                                 _state(request).git)
        except Invalid as exc:
            return JSONResponse({"problems": exc.problems}, 422)
        await run_in_threadpool(_state(request).after_save)
        return JSONResponse({"id": body["id"], "version": saved.version,
                             "problems": saved.problems}, 201)
    return JSONResponse(store.list_items())


async def item(request: Request) -> Response:
    studio = _state(request)
    item_id = request.path_params["item_id"]
    try:
        if request.method == "PATCH":
            body = await request.json()
            saved = studio.store.save(item_id, body.get("version"), body.get("fields"),
                                      body.get("texts"), request.state.user, studio.git)
            await run_in_threadpool(studio.after_save, item_id)
            return JSONResponse({"version": saved.version, "problems": saved.problems})
        return JSONResponse(studio.store.read_item(item_id))
    except (KeyError, OutsideContent):
        return JSONResponse({"error": f"no item {item_id!r}"}, 404)
    except Conflict as exc:
        return JSONResponse({"error": str(exc), "current": exc.current}, 409)
    except Invalid as exc:
        return JSONResponse({"problems": exc.problems}, 422)


async def check(request: Request) -> Response:
    body = await request.json()
    try:
        found = _state(request).store.check_draft(request.path_params["item_id"],
                                                  body.get("fields") or {}, body.get("texts") or {})
    except OutsideContent:
        return JSONResponse({"error": "no such item"}, 404)
    return JSONResponse(found)


async def problems(request: Request) -> Response:
    return JSONResponse(_state(request).store.all_problems())


async def history(request: Request) -> Response:
    studio = _state(request)
    if studio.git is None:
        return JSONResponse([])
    item_id = request.path_params["item_id"]
    if request.method == "POST":
        body = await request.json()
        studio.git.restore(item_id, str(body.get("commit", "")), request.state.user)
        return JSONResponse({"version": studio.store.version(item_id)})
    return JSONResponse(studio.git.history(item_id))


async def preview(request: Request) -> Response:
    studio = _state(request)
    item_id = request.path_params["item_id"]
    q = request.query_params
    try:
        png = await run_in_threadpool(
            studio.preview_png, item_id, q.get("lang") or studio.store.languages()[0],
            q.get("palette", "standard"), float(q.get("text", "1.0")))
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, 422)
    except (ImportError, PreviewError) as exc:
        return _preview_failed(exc, item_id)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


async def spoken(request: Request) -> Response:
    """What audio mode says on arriving at the item, piece by piece."""
    studio = _state(request)
    item_id = request.path_params["item_id"]
    lang = request.query_params.get("lang") or studio.store.languages()[0]
    try:
        said = await run_in_threadpool(studio.spoken, item_id, lang)
    except (ImportError, PreviewError) as exc:
        return _preview_failed(exc, item_id)
    return JSONResponse({"item": item_id, "lang": lang, "spoken": [text for text, _ in said],
                         "languages": [tag for _, tag in said]})


def _preview_failed(exc: Exception, item_id: str) -> Response:
    message = str(exc)
    if "NoSuchItem" in message:  # not built into the catalog: errors, or a typo
        return JSONResponse({"error": message.split(": ", 1)[-1]}, 404)
    return JSONResponse({"error": f"the kiosk preview failed: {message}"}, 503)


async def publish(request: Request) -> Response:
    body = await request.json()
    studio = _state(request)
    folder = Path(str(body.get("folder") or studio.publish_dir))
    result = studio.publish(folder)
    if "problems" in result:
        return JSONResponse(result, 422)
    return JSONResponse(result)


ROUTES = [
    Route("/api/session", session, methods=["POST"]),
    Route("/api/items", items, methods=["GET", "POST"]),
    Route("/api/items/{item_id}", item, methods=["GET", "PATCH"]),
    Route("/api/items/{item_id}/check", check, methods=["POST"]),
    Route("/api/items/{item_id}/history", history, methods=["GET", "POST"]),
    Route("/api/preview/{item_id}.png", preview, methods=["GET"]),
    Route("/api/preview/{item_id}/spoken", spoken, methods=["GET"]),
    Route("/api/problems", problems, methods=["GET"]),
    Route("/api/publish", publish, methods=["POST"]),
]
