"""/fonts/fonts.css and the font files it names (kiosk/studio/fonts.py), open to every page,
the login page too: they are the system's fonts, nothing of the exhibition's."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from kiosk.studio import fonts

CACHE = {"Cache-Control": "public, max-age=86400"}


async def stylesheet(request: Request) -> Response:
    css = await run_in_threadpool(fonts.stylesheet)  # the first call reads every cmap
    return Response(css, media_type="text/css", headers=CACHE)


async def font_file(request: Request) -> Response:
    face = await run_in_threadpool(fonts.face_named, request.path_params["name"])
    if face is None:
        return PlainTextResponse("no such font", 404)
    return FileResponse(face.path, media_type=face.mime, headers=CACHE)


ROUTES = [Route("/fonts/fonts.css", stylesheet), Route("/fonts/{name}", font_file)]
