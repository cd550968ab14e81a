"""`kiosk export site` and `kiosk export epub`: a thin layer over kiosk.export.site / .epub."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click


def _open(catalog: Path):
    from kiosk.catalog.read import Catalog, CatalogError

    try:
        return Catalog(catalog)
    except CatalogError as error:
        click.echo(f"{catalog}: {error}", err=True)
        sys.exit(1)


@click.group(name="export")
def export() -> None:
    """The edition as a website and as e-books, for visitors' own devices (docs/export.md)."""


@export.command(name="site")
@click.option("--catalog", type=click.Path(path_type=Path), default=Path("build/catalog.db"),
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="folder to write (re-exporting rewrites only what changed)")
def site_command(catalog: Path, out: Path) -> None:
    """Write the edition as a static website: every item in every language it has."""
    from kiosk.export.site import export_site

    started = time.monotonic()
    result = export_site(_open(catalog), out)
    click.echo(f"exported {result.pages} pages to {out} ({len(result.rendered)} rendered, the rest "
               f"unchanged since the last export): {len(result.written)} files written, "
               f"{result.unchanged} unchanged, {len(result.removed)} removed "
               f"in {time.monotonic() - started:.1f} s")


@export.command(name="epub")
@click.option("--catalog", type=click.Path(path_type=Path), default=Path("build/catalog.db"),
              show_default=True)
@click.option("--lang", "lang", default=None, help="the book's language (a BCP 47 tag: vi, km)")
@click.option("--all-languages", is_flag=True, help="one book per language, into the --out folder")
@click.option("--item", "item_id", default=None, help="only this section or document")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="the .epub file (a folder with --all-languages)")
def epub_command(catalog: Path, lang: str | None, all_languages: bool, item_id: str | None,
                 out: Path) -> None:
    """Write the edition (or one section or document) as an EPUB 3 book."""
    from kiosk.export.epub import EpubError, book_languages, write_epub

    opened = _open(catalog)
    if all_languages == bool(lang):
        click.echo("kiosk export epub: give either --lang L or --all-languages", err=True)
        sys.exit(2)
    try:
        if all_languages:
            out.mkdir(parents=True, exist_ok=True)
            for each in book_languages(opened, item_id):
                path = out / f"{item_id or 'exhibition'}-{each}.epub"
                write_epub(opened, each, path, item_id)
                click.echo(f"wrote {path}")
        else:
            write_epub(opened, lang, out, item_id)
            click.echo(f"wrote {out}")
    except EpubError as error:
        click.echo(f"kiosk export epub: {error}", err=True)
        sys.exit(1)


COMMANDS = [export]
