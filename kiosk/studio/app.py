"""The studio as one Starlette application: the API, the pages, and the guard in front."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from kiosk.studio import (
    api,
    completeness,
    font_pages,
    history,
    pages,
    publish_pages,
    site_pages,
    translate,
)
from kiosk.studio.auth import Sessions
from kiosk.studio.gitlog import Git
from kiosk.studio.publish import publish_bundle
from kiosk.studio.publishing import Publisher
from kiosk.studio.store import Store

HERE = Path(__file__).parent
OPEN_PATHS = ("/api/session", "/login", "/static/", "/fonts/")
MAX_BODY = 64 << 20  # uploads and edits larger than this are refused


class Studio:
    """What every request needs: the content, the sessions, git, and the preview."""

    def __init__(self, root: Path, password_hash: str | None, work_dir: Path | None = None,
                 key_path: Path | None = None, config_path: Path | None = None) -> None:
        self.store = Store(root)
        self.sessions = Sessions(password_hash)
        self.git = Git.find(self.store.root)
        self.work_dir = Path(work_dir or tempfile.mkdtemp(prefix="kiosk-studio-"))
        self.key_path = key_path or self.work_dir / "keys" / "signing.key"
        self.publish_dir = self.work_dir / "published"
        self.catalog_path = self.work_dir / "catalog.db"
        self.config_path, self.preview_size = kiosk_screen(config_path)
        self.publisher = Publisher(self.publish)  # the Publish page's jobs
        self._preview = None
        self._preview_lock = threading.Lock()

    def after_save(self, item_id: str | None = None) -> None:
        """Rebuild the preview's catalog and reload it, so the next picture shows what was
        just saved: only the saved item when one is named (kiosk/catalog/patch.py), else the
        whole exhibition (unchanged items reused)."""
        with self._preview_lock:
            if self._preview is None:
                return
            if self._build(item_id):
                self._preview.reload(self.catalog_path)

    def _build(self, item_id: str | None = None) -> bool:
        from kiosk.catalog.build import BuildError, build_catalog
        from kiosk.catalog.patch import NotPatchable, rebuild_item

        try:
            if item_id is not None:
                try:
                    rebuild_item(self.store.root, self.catalog_path, item_id)
                    return True
                except NotPatchable:
                    pass  # a new item, a new language, the site changed: build it all
            build_catalog(self.store.root, self.catalog_path)
        except (BuildError, OSError):
            return False  # the last good catalog stays; the problems page says why
        return True

    def preview(self):
        """The kiosk preview, started on first use (the catalog built first)."""
        from kiosk.preview import KioskPreview, PreviewError  # no Kivy in this process

        with self._preview_lock:
            if self._preview is None:
                if not self._build() and not self.catalog_path.exists():
                    raise PreviewError("the exhibition does not build yet: "
                                             "see the problems page")
                self._preview = KioskPreview(self.catalog_path, self.preview_size,
                                             self.config_path)
            return self._preview

    def preview_png(self, item_id: str, lang: str, palette: str, text_scale: float) -> bytes:
        if palette not in ("standard", "high-contrast") or text_scale not in (1.0, 1.5, 2.0):
            raise ValueError("palette is standard or high-contrast; text is 1.0, 1.5 or 2.0")
        return self.preview().render(item_id, lang=lang, palette=palette, text_scale=text_scale)

    def spoken(self, item_id: str, lang: str) -> list[tuple[str, str]]:
        """(words, language) pieces, as audio mode says them."""
        return self.preview().spoken_runs(item_id, lang)

    def close(self) -> None:
        if self._preview is not None:
            self._preview.close()

    def publish(self, folder: Path, progress=None) -> dict:
        return publish_bundle(self.store.root, self.key_path, folder, progress)


class Guard(BaseHTTPMiddleware):
    """No session: 401 for /api/, the login page for pages. Unsafe calls need the CSRF token."""

    async def dispatch(self, request, call_next):
        studio = request.app.state.studio
        path = request.url.path
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return JSONResponse({"error": "too large"}, 413)
        if path.startswith(OPEN_PATHS):
            return await call_next(request)
        session = studio.sessions.get(request.cookies.get("studio_session"))
        if session is None:
            if path.startswith("/api/"):
                return JSONResponse({"error": "log in first: POST /api/session"}, 401)
            return RedirectResponse("/login", 303)
        # Pages' forms carry the token as a field, checked by the page (kiosk/studio/pages.py):
        # reading the body here would take it from the page.
        if request.method not in ("GET", "HEAD") and path.startswith("/api/"):
            if request.headers.get("x-csrf-token") != session["csrf"]:
                return JSONResponse({"error": "missing or wrong CSRF token"}, 403)
        request.state.user = session["name"]
        request.state.csrf = session["csrf"]
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        return response


def kiosk_screen(config_path: Path | None) -> tuple[Path | None, tuple[int, int]]:
    """The kiosk.toml the preview follows (the one given, else $KIOSK_CONFIG, else
    /etc/kiosk/kiosk.toml) and its screen's size: the preview is drawn as that kiosk draws."""
    from kiosk.config.load import default_config_path, load_config

    path = Path(config_path) if config_path else default_config_path()
    config, _problems = load_config(path, fallback=True)  # `kiosk config check` says why
    return (path if path.is_file() else None), tuple(config.screen.resolution)


def create_app(root: Path, password_hash: str | None = None, work_dir: Path | None = None,
               key_path: Path | None = None, config_path: Path | None = None) -> Starlette:
    app = Starlette(routes=[*api.ROUTES, *pages.ROUTES, *translate.ROUTES,
                            *completeness.ROUTES, *history.ROUTES, *site_pages.ROUTES,
                            *publish_pages.ROUTES, *font_pages.ROUTES,
                            Mount("/static", StaticFiles(directory=HERE / "static"),
                                  name="static")],
                    middleware=[Middleware(Guard)])
    studio = Studio(root, password_hash, work_dir, key_path, config_path)
    app.state.studio = studio
    app.add_event_handler("shutdown", studio.close)
    return app
