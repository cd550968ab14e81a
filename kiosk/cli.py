"""`kiosk`: the command line for curators and technicians.

A thin layer over the library: each command parses its options, calls one function, and turns
problems into readable lines and an exit status. Bad content never produces a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kiosk.cli_errors import one_line_errors

DEFAULT_CATALOG = Path("build/catalog.db")


def _catalog_errors() -> tuple[type[BaseException], ...]:
    from kiosk.catalog.read import CatalogError

    return (CatalogError,)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="exhibit-kiosk")
def main() -> None:
    """An accessible, offline exhibit kiosk: check and build content, search it, run the app."""


@main.command()
@click.argument("content_dir", default="content", type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: counts and problems.")
def check(content_dir: Path, quiet: bool, as_json: bool) -> None:
    """Check CONTENT_DIR and print every problem as path:line: message, with a hint."""
    from kiosk.content.checks import check_exhibition

    _, problems = check_exhibition(content_dir)
    shown = problems.errors if quiet else problems
    if as_json:
        from kiosk import cli_json

        cli_json.echo(cli_json.problems_object(str(content_dir), problems, shown))
        sys.exit(1 if problems.errors else 0)
    for problem in shown:
        click.echo(problem.format())
    errors, warnings = len(problems.errors), len(problems.warnings)
    click.echo(f"{errors} error(s), {warnings} warning(s) in {content_dir}", err=True)
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("content_dir", default="content", type=click.Path(path_type=Path))
@click.option("--out", "-o", default=str(DEFAULT_CATALOG), type=click.Path(path_type=Path),
              show_default=True, help="The catalog file to write (media go beside it).")
@click.option("--edition", type=int, help="Edition number (default: from site.yaml).")
def build(content_dir: Path, out: Path, edition: int | None) -> None:
    """Compile CONTENT_DIR into one SQLite catalog, replacing OUT only when complete."""
    from kiosk.catalog.build import BuildError, build_catalog

    show = sys.stderr.isatty()

    def progress(done: int, total: int, item_id: str) -> None:
        if show:
            click.echo(f"\r  building {done}/{total}: {item_id:<30}", nl=False, err=True)

    try:
        result = build_catalog(content_dir, out, edition, progress)
    except BuildError as exc:
        for problem in exc.problems:
            click.echo(problem.format())
        click.echo(f"build failed: {exc}; {out} was not changed", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"build failed: {exc}; {out} was not changed", err=True)
        sys.exit(1)
    if show:
        click.echo("", err=True)
    click.echo(f"built {result.catalog}: {result.items} items ({result.items_reused} unchanged) "
               f"in {len(result.languages)} languages; "
               f"media {result.media_written} written, {result.media_reused} reused"
               + (f"; {len(result.warnings)} warning(s) (see 'kiosk check')" if result.warnings else ""))


def _open_catalog(catalog: Path):
    from kiosk.catalog.read import Catalog

    return Catalog(catalog)  # a CatalogError is one line (one_line_errors)


def _refuse_damaged(catalog: Path) -> None:
    """CatalogError when the catalog cannot be shown, checked whole (kiosk.catalog.integrity)."""
    from kiosk.catalog import integrity
    from kiosk.catalog.read import Catalog, CatalogError

    Catalog(catalog).close()
    problem = integrity.damage(catalog)
    if problem:
        raise CatalogError(f"{catalog.resolve()} {problem}; install or build it again")


@main.command()
@click.option("--catalog", "-c", default=str(DEFAULT_CATALOG), type=click.Path(path_type=Path),
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@one_line_errors(_catalog_errors, "Error")
def info(catalog: Path, as_json: bool) -> None:
    """What a catalog holds: items by kind, languages, pages, images, edition."""
    _refuse_damaged(catalog)  # checked whole first: a damaged one would show half its content
    stats = _open_catalog(catalog).stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(f"edition {stats['edition']}, built {stats['built_at']}")
    click.echo("items: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["items"].items())))
    click.echo(f"languages ({len(stats['languages'])}): {' '.join(stats['languages'])}")
    click.echo(f"pages {stats['pages']}, images {stats['images']}")
    _echo_film_access(_open_catalog(catalog).film_access())


def _echo_film_access(rows: list[dict]) -> None:
    """The access tracks of every film, per language: what deaf and blind visitors get."""
    if not rows:
        return
    click.echo("films: access tracks per language (captions, descriptions, transcript, sign)")
    click.echo(f"  {'film':<20} {'lang':<8} {'spoken':<7} captions descr. transcript sign")
    for row in rows:
        yes = {True: "yes", False: "NO"}
        click.echo(f"  {row['film']:<20} {row['lang']:<8} {row['spoken']:<7} "
                   f"{yes[row['captions']]:<8} {yes[row['descriptions']]:<6} "
                   f"{yes[row['transcript']]:<10} {row['sign']}")


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--catalog", "-c", default=str(DEFAULT_CATALOG), type=click.Path(path_type=Path),
              show_default=True)
@click.option("--lang", "-l", default=None, help="The visitor's language (default: the site's).")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="A JSON list of hits.")
@one_line_errors(_catalog_errors, "Error")
def search(query: tuple[str, ...], catalog: Path, lang: str | None, limit: int,
           as_json: bool) -> None:
    """Search the catalog as the kiosk does (tones, đ and case ignored)."""
    _refuse_damaged(catalog)
    opened = _open_catalog(catalog)
    hits = opened.search(" ".join(query), lang or opened.site.default_language, limit)
    if as_json:
        click.echo(json.dumps([{"id": h.item_id, "kind": h.kind, "lang": h.lang,
                                "title": h.title, "snippet": h.snippet,
                                "page_index": h.page_index} for h in hits],
                              ensure_ascii=False, indent=2))
        return
    for hit in hits:
        click.echo(f"{hit.item_id} [{hit.lang}] {hit.title}\n    {hit.snippet}")
    if not hits:
        click.echo("no results", err=True)


@main.command()
@click.option("--catalog", "-c", default=None, type=click.Path(path_type=Path),
              help="A catalog file (default: the installed edition of the data folder).")
@click.option("--root", "data_dir", default=None, type=click.Path(path_type=Path),
              help="The data folder (default: kiosk.toml paths.data_dir).")
@click.option("--config", "config_path", default=None, type=click.Path(path_type=Path),
              help="kiosk.toml (default: $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml).")
@click.option("--windowed", is_flag=True, help="A window instead of full screen.")
@click.option("--size", default=None, help="Window size, e.g. 1920x1080.")
@click.option("--open", "open_item", default=None, metavar="ITEM",
              help="Show this item at once (and again whenever --catalog is rebuilt).")
@click.option("--lang", default=None, help="The language to show --open's item in.")
def run(catalog: Path | None, data_dir: Path | None, config_path: Path | None, windowed: bool,
        size: str | None, open_item: str | None, lang: str | None) -> None:
    """Start the kiosk app (full screen unless --windowed)."""
    if catalog is not None and data_dir is None and catalog.parent.name != "current":
        from kiosk.catalog.read import CatalogError

        try:  # else the app falls back to the data folder's previous edition
            _refuse_damaged(catalog)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from None
    if catalog is not None and open_item:
        from kiosk.ui.open_on import check_item

        opened = _open_catalog(catalog)
        problem = check_item(opened, open_item, lang) if open_item else None
        opened.close()
        if problem:
            raise click.ClickException(problem)
    dimensions = None
    if size:
        try:
            width, height = (int(v) for v in size.lower().split("x"))
            dimensions = (width, height)
        except ValueError:
            raise click.BadParameter("use WIDTHxHEIGHT, e.g. 1920x1080", param_hint="--size") from None
    from kiosk.ui.launch import run_kiosk

    run_kiosk(str(catalog) if catalog else None, windowed=windowed, size=dimensions,
              config_path=str(config_path) if config_path else None,
              data_dir=str(data_dir) if data_dir else None, open_item=open_item, lang=lang)


@main.group(name="import")
def import_() -> None:
    """Turn other formats into ordinary content files."""


@import_.command(name="udhr")
@click.argument("xml_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--into", "content_dir", required=True, type=click.Path(path_type=Path))
@click.option("--id", "item_id", default="udhr", show_default=True, help="The document's id.")
def import_udhr_command(xml_files: tuple[Path, ...], content_dir: Path, item_id: str) -> None:
    """Import UDHR-in-XML translations as one document item (one file per translation).

    A whole corpus at once: unreadable files are skipped and named in the summary."""
    from kiosk.importers.udhr import import_udhr

    with click.progressbar(length=len(xml_files), label="reading", file=sys.stderr) as bar:
        summary = import_udhr(list(xml_files), content_dir, item_id, lambda: bar.update(1))
    for line in summary.lines():
        click.echo(line)
    if summary.imported:
        click.echo(f"into {content_dir}/items/{item_id}: "
                   + " ".join(tag for tag, _, _ in summary.imported))
    else:
        raise click.ClickException("no file could be imported")


def _register_staff_commands() -> None:
    from kiosk.a11y.cli import COMMANDS as A11Y_COMMANDS
    from kiosk.export.cli import COMMANDS as EXPORT_COMMANDS
    from kiosk.fleet.cli import COMMANDS as FLEET_COMMANDS
    from kiosk.importers.cli import IMPORT_COMMANDS
    from kiosk.ops.cli import COMMANDS as OPS_COMMANDS
    from kiosk.staff.cli import COMMANDS as BUNDLE_COMMANDS
    from kiosk.studio.cli import COMMANDS as STUDIO_COMMANDS
    from kiosk.usage.cli import COMMANDS as USAGE_COMMANDS

    for command in (*BUNDLE_COMMANDS, *USAGE_COMMANDS, *OPS_COMMANDS, *FLEET_COMMANDS,
                    *A11Y_COMMANDS, *STUDIO_COMMANDS, *EXPORT_COMMANDS):
        main.add_command(command)
    for command in IMPORT_COMMANDS:
        import_.add_command(command)


_register_staff_commands()

if __name__ == "__main__":
    main()
