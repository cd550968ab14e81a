"""`[site] serve = true`: the running kiosk serves its exported site on the local network.

Visitors on the museum's network or the kiosk's hotspot read the same pages on their own
phones, with their own screen readers. The server is the standard library's (http.server,
kept with Python itself): GET and HEAD only, so nothing can be posted or changed; no folder
listings and no hidden files (the export manifest); and it writes no log at all, so no
visitor's address or page is ever recorded. The pages are static: no cookies, no scripts
that call home (the search runs in the visitor's browser).
"""

from __future__ import annotations

import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kiosk.catalog.read import Catalog


class _ReadOnlyHandler(SimpleHTTPRequestHandler):
    server_version = "kiosk"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - no visitor is ever logged
        return

    def list_directory(self, path):
        self.send_error(404)
        return None

    def send_head(self):
        if any(part.startswith(".") for part in self.path.split("?")[0].split("/")):
            self.send_error(404)
            return None
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()


class SiteServer:
    """An exported site folder, served in a background thread until `stop()`."""

    def __init__(self, folder: Path, host: str = "0.0.0.0", port: int = 8080):  # noqa: S104
        handler = partial(_ReadOnlyHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server",
                                       daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> SiteServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_catalog(catalog_path: Path, folder: Path, port: int,
                  host: str = "0.0.0.0") -> SiteServer:  # noqa: S104 - the local network
    """Export the kiosk's catalog into `folder` (only what changed) and serve it."""
    from kiosk.export.site import export_site

    catalog = Catalog(catalog_path)
    try:
        export_site(catalog, folder)
    finally:
        catalog.close()
    return SiteServer(folder, host, port).start()


class EditionFollower:
    """Keeps the served folder on the edition the kiosk shows: when `latest()` names another
    catalog than the one exported (a USB stick or a synced folder installed a new edition),
    that one is exported into the same folder. The render cache makes this cheap (only the
    pages that changed are rendered), and each file is replaced whole, so a phone reading
    meanwhile gets the old page or the new one, never half of one."""

    def __init__(self, folder: Path, exported: Path, latest):
        self.folder, self.exported, self.latest = Path(folder), Path(exported).resolve(), latest

    def check(self) -> bool:
        """Export the newest edition if it is not the one served; True when it did."""
        from kiosk.export.site import export_site

        newest = self.latest()
        if newest is None or Path(newest).resolve() == self.exported:
            return False
        catalog = Catalog(newest)
        try:
            export_site(catalog, self.folder)
        finally:
            catalog.close()
        self.exported = Path(newest).resolve()
        return True


def serve_in_background(catalog_path: Path, folder: Path, port: int, on_error,
                        latest=None, every: float = 60.0) -> threading.Thread:
    """Export then serve without delaying the kiosk's start (exporting takes seconds); with
    `latest` (the installed edition's catalog, or None), follow new editions every `every` s."""

    def work() -> None:
        try:
            serve_catalog(catalog_path, folder, port)
        except Exception as error:  # noqa: BLE001 - the kiosk runs on without its website
            on_error(error)
            return
        if latest is None:
            return
        follower = EditionFollower(folder, catalog_path, latest)
        while True:
            time.sleep(every)
            try:
                follower.check()
            except Exception as error:  # noqa: BLE001 - the old edition stays served
                on_error(error)

    thread = threading.Thread(target=work, name="site-export", daemon=True)
    thread.start()
    return thread
