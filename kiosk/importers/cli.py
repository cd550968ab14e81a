"""`kiosk import pdf` and `kiosk import images`: click commands added to the `import` group.

Like the rest of the command line, a refused import is one readable line and exit status 1,
never a traceback; and each command ends by saying what the curator has to do next.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="pdf")
@click.argument("pdf_file", type=click.Path(path_type=Path))
@click.option("--into", "content_dir", required=True, type=click.Path(path_type=Path),
              help="The content folder (with site.yaml and items/).")
@click.option("--id", "item_id", required=True, help="The new document's id, e.g. letter-1948.")
@click.option("--lang", required=True, help="The language of the PDF's text, e.g. vi.")
@click.option("--title", default=None, help="The title (default: the PDF's, else its file name).")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(36, 600),
              help="Resolution of the page images.")
@click.option("--format", "image_format", default="png", show_default=True,
              type=click.Choice(["png", "jpg"]), help="png for text, jpg for photographs.")
@click.option("--replace", is_flag=True, help="Replace the item if it already exists.")
def import_pdf(pdf_file: Path, content_dir: Path, item_id: str, lang: str, title: str | None,
               dpi: int, image_format: str, replace: bool) -> None:
    """Import PDF_FILE as a document: page images and the text of each page as transcript."""
    from kiosk.importers.common import ImportProblem
    from kiosk.importers.pdf import import_pdf as run_import

    try:
        result = run_import(pdf_file, content_dir, item_id, lang, title, dpi, image_format,
                            replace)
    except ImportProblem as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"imported {result.pages} page(s) of {pdf_file.name} into {result.folder}: "
               f"{result.title!r}")
    for note in result.notes:
        click.echo(f"  note: {note}")
    if result.pages_without_text:
        shown = ", ".join(result.pages_without_text[:5])
        more = " ..." if len(result.pages_without_text) > 5 else ""
        click.echo(f"  {len(result.pages_without_text)} page(s) have no text layer (scans?): "
                   f"{shown}{more}; type their transcripts in {lang}.md")
    click.echo(f"next: check the credit in {result.folder / 'item.yaml'}, add '{item_id}' to a "
               f"section's items, then run: kiosk check {content_dir}")


@click.command(name="images")
@click.argument("image_dir", type=click.Path(path_type=Path))
@click.option("--into", "content_dir", required=True, type=click.Path(path_type=Path),
              help="The content folder (with site.yaml and items/).")
@click.option("--lang", default=None,
              help="The language of the titles and captions (default: the site's).")
def import_images(image_dir: Path, content_dir: Path, lang: str | None) -> None:
    """Import each JPEG or PNG in IMAGE_DIR as an image item (credit and caption from
    EXIF/IPTC); the alt text is left for you to write."""
    from kiosk.importers.common import ImportProblem
    from kiosk.importers.images import TODO_CREDIT
    from kiosk.importers.images import import_images as run_import

    try:
        result = run_import(image_dir, content_dir, lang)
    except ImportProblem as exc:
        raise click.ClickException(str(exc)) from None
    for line in result.skipped:
        click.echo(f"  skipped {line}")
    for note in result.notes:
        click.echo(f"  note: {note}")
    ids = [item_id for item_id, _ in result.imported]
    click.echo(f"imported {len(ids)} image(s) into {content_dir / 'items'}"
               + (": " + " ".join(ids) if ids else ""))
    if ids:
        click.echo(f"next: write the alt text (what each image shows, for blind visitors) in "
                   f"each item's {result.lang}.md: 'kiosk check {content_dir}' lists every image "
                   f"whose alt text is missing; replace '{TODO_CREDIT}' and 'TODO: licence' in "
                   "item.yaml, and add the ids to a section's items")
    if result.skipped and not ids:
        raise click.ClickException("no image was imported")


@click.command(name="video")
@click.argument("film", type=click.Path(path_type=Path))
@click.option("--into", "content_dir", required=True, type=click.Path(path_type=Path),
              help="The content folder (with site.yaml and items/).")
@click.option("--id", "item_id", default=None, help="The new item's id (default: from the name).")
@click.option("--lang", default="vi", show_default=True,
              help="The language of the title you give.")
@click.option("--spoken", default=None, help="The language spoken in the film (zxx: none; "
              "default: --lang).")
@click.option("--title", default=None, help="The title (default: the file name).")
@click.option("--replace", is_flag=True, help="Replace the item if it already exists.")
def import_video(film: Path, content_dir: Path, item_id: str | None, lang: str,
                 spoken: str | None, title: str | None, replace: bool) -> None:
    """Import FILM (MP4 or WebM) as a video item, with the .vtt/.srt captions and
    descriptions beside it (FILM-NAME.<lang>.vtt, .srt converted to WebVTT)."""
    from kiosk.importers.common import ImportProblem
    from kiosk.importers.video import import_video as run_import

    try:
        result = run_import(film, content_dir, item_id, lang, spoken or lang, title, replace)
    except ImportProblem as exc:
        raise click.ClickException(str(exc)) from None
    for note in result.notes:
        click.echo(f"  note: {note}")
    click.echo(f"imported {film.name} ({result.duration_s:.1f} s) into {result.folder}: "
               f"captions {' '.join(result.captions) or 'none'}, descriptions "
               f"{' '.join(result.descriptions) or 'none'}")
    click.echo(f"next: replace the TODOs in {result.folder}, add '{result.item_id}' to a "
               f"section's items, then run: kiosk check {content_dir}")


IMPORT_COMMANDS = [import_pdf, import_images, import_video]
