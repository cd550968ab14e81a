"""`kiosk studio [CONTENT_DIR]` and `kiosk studio passwd`: the curators' editor."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click


class _StudioGroup(click.Group):
    """`kiosk studio content/` runs the studio; `kiosk studio passwd` sets its password."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            ctx.meta["content_dir"] = args.pop(0)
        return super().parse_args(ctx, args)


@click.group(name="studio", cls=_StudioGroup, invoke_without_command=True)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--listen", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs `kiosk studio passwd`.")
@click.option("--key", "key_path", default=None, type=click.Path(path_type=Path),
              help="Signing key for publishing (default: one made in the studio's work folder).")
@click.option("--password-file", default=None, type=click.Path(path_type=Path))
@click.option("--config", "config_path", default=None, type=click.Path(path_type=Path),
              help="The kiosk.toml whose screen the preview draws "
                   "(default: $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml).")
@click.pass_context
def studio(ctx, no_browser: bool, port: int, listen: str, key_path, password_file,
           config_path) -> None:
    """Edit CONTENT_DIR (default: content) in a browser, offline."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from kiosk.studio.app import create_app
    from kiosk.studio.auth import default_password_file

    root = Path(ctx.meta.get("content_dir", "content"))
    if not (root / "site.yaml").is_file():
        raise click.ClickException(f"{root}: no site.yaml here; give the content folder")
    password_file = password_file or default_password_file()
    password_hash = password_file.read_text().strip() if password_file.is_file() else None
    if listen not in ("127.0.0.1", "localhost", "::1") and password_hash is None:
        raise click.ClickException("--listen needs a password: run `kiosk studio passwd` first")
    url = f"http://{'127.0.0.1' if listen in ('localhost',) else listen}:{port}/"
    click.echo(f"kiosk studio on {url} editing {root}")
    if not no_browser:
        webbrowser.open(url)
    uvicorn.run(create_app(root, password_hash, key_path=key_path, config_path=config_path),
                host=listen, port=port,
                log_level="warning")


@studio.command()
@click.option("--password-file", default=None, type=click.Path(path_type=Path))
def passwd(password_file) -> None:
    """Set the studio's password (stored as a scrypt hash)."""
    from kiosk.studio.auth import default_password_file, hash_password

    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("use at least 8 characters")
    path = password_file or default_password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hash_password(password) + "\n")
    path.chmod(0o600)
    click.echo(f"password set in {path}")


COMMANDS = [studio]
