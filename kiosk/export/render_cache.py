"""What the last export rendered, so a re-export renders only the pages whose inputs changed.

Rendering a page and folding its text for the search index is most of an export's time (on
1,000 titles, 5,000 pages: about 16 s of templates and 12 s of folding). Each page's *inputs*
are the views it shows (frozen dataclasses from `kiosk.catalog.read`, whose repr is their
whole content), the edition's settings (site title, languages, language names, edition; not
the build time) and the code that turns them into HTML (templates, this package, the interface
translations, the catalog's readers). Their hash is the page's key. When a page's key is the
one recorded here and its file is still in the folder, the page is not rendered again: the
characters it uses (for the subset fonts), its search documents and the media it links are
taken from here instead.

The record is a SQLite file in the export folder (`.export-cache.db`, hidden: the kiosk's
server never serves dot-files). Losing it only costs time: the next export renders every page
and still writes only the files whose bytes changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CACHE = ".export-cache.db"
_FORMAT = "2"  # bump when what a row holds changes
_CODE_DIRS = ("export", "locale")
_CODE_FILES = ("catalog/read.py", "catalog/read_film.py", "catalog/views.py", "ui/i18n.py",
               "text/scripts.py", "search/fold.py")
_COLUMNS = "path TEXT PRIMARY KEY, key TEXT, chars TEXT, bold TEXT, docs TEXT, media TEXT"
_UNUSED_META = {"built_at", "schema_version", "media_dir", "attract", "look"}


@dataclass(frozen=True)
class Rendered:
    """What a rendered page contributes beyond its own file."""

    key: str
    chars: str  # every character the page uses, once
    bold: str  # the characters it shows in bold (webfonts.bold_characters)
    docs: str  # its search documents: JSON array items without the brackets ("" for none)
    media: tuple[str, ...]  # files under media/ it links


@cache
def code_key() -> str:
    """A hash of the code that renders pages: a changed template renders everything again."""
    package = Path(__file__).resolve().parents[1]
    from importlib.metadata import version

    # Babel gives the languages' names (CLDR); Jinja and MarkupSafe write the HTML.
    libraries = "|".join(version(name) for name in ("Babel", "Jinja2", "MarkupSafe"))
    digest = hashlib.sha256(f"{_FORMAT}|{libraries}".encode())
    paths = [p for d in _CODE_DIRS for p in sorted((package / d).rglob("*"))
             if p.is_file() and p.suffix in (".py", ".html", ".css", ".js", ".po")]
    paths += [package / f for f in _CODE_FILES]
    for path in paths:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def edition_key(meta: dict) -> str:
    """The catalog settings pages show (not the build time, which changes every build)."""
    shown = {k: v for k, v in meta.items() if k not in _UNUSED_META}
    return hashlib.sha256((code_key() + json.dumps(shown, sort_keys=True, ensure_ascii=False,
                                                   default=str)).encode()).hexdigest()


def page_key(edition: str, path: str, template: str, context: dict, media_dir: str) -> str:
    """Views name media by absolute path in the catalog's media folder, which moves with the
    catalog (each edition is a new file); the files are named by their content, so the
    folder is left out of the key."""
    text = f"{edition}\n{path}\n{template}\n{sorted(context.items())!r}".replace(media_dir, "")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RenderCache:
    def __init__(self, out: Path):
        self.path = out / CACHE
        self.db = sqlite3.connect(self.path)
        try:
            self.db.execute(f"CREATE TABLE IF NOT EXISTS pages ({_COLUMNS})")
            self.old = {row[0]: Rendered(row[1], row[2], row[3], row[4], tuple(json.loads(row[5])))
                        for row in self.db.execute("SELECT path, key, chars, bold, docs, media FROM pages")}
        except sqlite3.DatabaseError:  # not a cache of ours, or damaged: start again
            self.db.close()
            self.path.unlink(missing_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute(f"CREATE TABLE pages ({_COLUMNS})")
            self.old = {}
        self.seen: set[str] = set()
        self.changed: dict[str, Rendered] = {}

    def get(self, path: str, key: str) -> Rendered | None:
        self.seen.add(path)
        hit = self.old.get(path)
        return hit if hit is not None and hit.key == key else None

    def put(self, path: str, rendered: Rendered) -> None:
        self.seen.add(path)
        self.changed[path] = rendered

    def save(self) -> None:
        """Record this export (called after its files are written, so a crash re-renders)."""
        with self.db:
            self.db.executemany("DELETE FROM pages WHERE path = ?",
                                [(p,) for p in set(self.old) - self.seen])
            self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                                [(p, r.key, r.chars, r.bold, r.docs, json.dumps(list(r.media)))
                                 for p, r in self.changed.items()])
        self.db.close()
