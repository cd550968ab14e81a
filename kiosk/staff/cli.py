"""`kiosk keygen|pack|verify|install|rollback|status`: the technician's commands.

Plain click commands, listed in COMMANDS for the main `kiosk` group to register (and for
`python -m kiosk.staff` until then). Scripts rely on the interface in docs/bundles.md: exit 0
on success, 1 with one line `refused: <reason>` or `failed: <reason>` on stderr otherwise, and
never a traceback, since the person reading it is at a kiosk with a USB stick, not a debugger.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from kiosk.cli_errors import fail, one_line_errors
from kiosk.content.edition import MAX_EDITION
from kiosk.staff.errors import BundleError

_one_line_errors = one_line_errors(lambda: (BundleError,), "refused")

ROOT_HELP = "Data directory (default: $KIOSK_DATA_DIR or /var/lib/kiosk)."




def _root(root: Path | None) -> Path:
    from kiosk.staff.state import default_root

    return root if root else default_root()


def _limits(max_file_mib: int, max_total_mib: int):
    from kiosk.staff.bundle import Limits

    return Limits(max_file_bytes=max_file_mib << 20, max_total_bytes=max_total_mib << 20)


def _limit_options(func):
    func = click.option("--max-total-mib", type=click.IntRange(min=1), default=4096,
                        show_default=True, help="Refuse bundles whose files total more.")(func)
    return click.option("--max-file-mib", type=click.IntRange(min=1), default=1024,
                        show_default=True, help="Refuse any one file larger than this.")(func)


root_option = click.option("--root", type=click.Path(path_type=Path), default=None, help=ROOT_HELP)


@click.command()
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for signing.key (private, mode 0600) and signing.pub.")
@_one_line_errors
def keygen(out_dir: Path) -> None:
    """Make an Ed25519 key pair for signing bundles (never overwrites one)."""
    from kiosk.staff.keys import key_id, load_public_key
    from kiosk.staff.keys import keygen as make_keys

    private, public = make_keys(out_dir)
    click.echo(f"wrote {private} (keep it secret) and {public} "
               f"(key {key_id(load_public_key(public))}; copy it to DATA_DIR/trusted/ on kiosks)")


@click.command()
@click.argument("content_dir", type=click.Path(path_type=Path))
@click.option("--key", "key_path", required=True, type=click.Path(path_type=Path),
              help="The private signing key (from 'kiosk keygen').")
@click.option("--edition", required=True, type=click.IntRange(min=0, max=MAX_EDITION),
              help="Edition number; kiosks only install editions newer than their own.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Bundle file to write.")
@_one_line_errors
def pack(content_dir: Path, key_path: Path, edition: int, out: Path) -> None:
    """Build CONTENT_DIR's catalog at EDITION and write one signed bundle file."""
    from kiosk.catalog.build import BuildError
    from kiosk.staff.bundle import pack as make_bundle

    try:
        result = make_bundle(content_dir, key_path, edition, out)
    except BuildError as exc:
        for problem in exc.problems:
            click.echo(problem.format())
        fail("failed", f"{exc}; no bundle written")
    click.echo(f"packed edition {result.edition}: {result.files} files, "
               f"{result.total_bytes / 1e6:.1f} MB, signed by key {result.key_id} -> {result.path}")


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("--trust", multiple=True, type=click.Path(path_type=Path),
              help="A trusted public key (repeatable; default: DATA_DIR/trusted/*.pub).")
@root_option
@_limit_options
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object: {"ok": true, edition, files, ...} or {"ok": false, "refused"}.')
@_one_line_errors
def verify(bundle: Path, trust: tuple[Path, ...], root: Path | None, max_file_mib: int,
           max_total_mib: int, as_json: bool = False) -> None:
    """Check BUNDLE's signature and every file's size and SHA-256, without installing."""
    from kiosk.staff.bundle import verify_bundle
    from kiosk.staff.keys import load_trusted, trusted_dir_keys

    files = list(trust) or trusted_dir_keys(_root(root) / "trusted")
    try:
        manifest, signer = verify_bundle(bundle, load_trusted(files),
                                         _limits(max_file_mib, max_total_mib))
    except BundleError as exc:
        if as_json:  # the object for a script, and the one line for the log
            click.echo(json.dumps({"ok": False, "bundle": str(bundle),
                                   "refused": " ".join(str(exc).split())}))
        raise
    if as_json:
        click.echo(json.dumps({"ok": True, "bundle": str(bundle), "edition": manifest.edition,
                               "files": len(manifest.files), "bytes": manifest.total_bytes,
                               "created": manifest.created, "signed_by": signer}, indent=2))
        return
    click.echo(f"ok: edition {manifest.edition}, {len(manifest.files)} files, "
               f"{manifest.total_bytes / 1e6:.1f} MB, created {manifest.created}, "
               f"signed by key {signer}")


@click.command()
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("--trust", multiple=True, type=click.Path(path_type=Path),
              help="A trusted public key (repeatable; default: DATA_DIR/trusted/*.pub).")
@root_option
@click.option("--allow-older", is_flag=True,
              help="Install an edition not newer than the current one (a deliberate downgrade).")
@_limit_options
@_one_line_errors
def install(bundle: Path, trust: tuple[Path, ...], root: Path | None, allow_older: bool,
            max_file_mib: int, max_total_mib: int) -> None:
    """Verify BUNDLE, unpack it beside the current edition and switch to it atomically."""
    from kiosk.staff.install import install as install_bundle

    result = install_bundle(bundle, _root(root), list(trust) or None, allow_older,
                            _limits(max_file_mib, max_total_mib))
    was = "none" if result.previous_edition is None else result.previous_edition
    click.echo(f"installed edition {result.edition} (previous: {was}) at {result.folder}")


@click.command()
@root_option
@_one_line_errors
def rollback(root: Path | None) -> None:
    """Swap the current and previous editions."""
    from kiosk.staff.install import rollback as swap

    result = swap(_root(root))
    click.echo(f"now showing edition {result.edition} (previous: {result.previous_edition})")


@click.command()
@root_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@_one_line_errors
def status(root: Path | None, as_json: bool) -> None:
    """Which edition is installed, the previous one, and the catalog the kiosk opens."""
    from kiosk.staff.state import status as read_status

    state = read_status(_root(root))
    if as_json:
        click.echo(json.dumps(state, indent=2))
    elif state["edition"] is None:
        click.echo(f"no edition installed in {state['root']}")
    else:
        click.echo(f"edition {state['edition']} (previous: {state['previous_edition']}), "
                   f"created {state['created']}: {state['catalog']}")
    if not as_json and state.get("screen"):
        from kiosk.ops.schedule import describe

        click.echo(f"screen: {describe(state['screen'])}")


@click.command()
@click.option("--folder", "folders", multiple=True, required=True, type=click.Path(path_type=Path),
              help="A folder to watch for bundles (a USB mount point, the synced editions folder).")
@root_option
@click.option("--usage-db", type=click.Path(path_type=Path), default=None,
              help="Usage figures to copy onto the stick after an install.")
@click.option("--once", is_flag=True, help="Look once and exit (for cron or a udev rule).")
@click.option("--interval", default=10, show_default=True, help="Seconds between looks.")
def watch(folders: tuple[Path, ...], root: Path | None, usage_db: Path | None, once: bool,
          interval: int) -> None:
    """Install newer valid bundles found in FOLDERs; report refusals with their reason."""
    from kiosk.staff.watch import BundleWatcher

    watcher = BundleWatcher(folders, _root(root), usage_db=usage_db)
    while True:
        for outcome in watcher.scan():
            detail = f"edition {outcome.edition}" if outcome.edition else outcome.reason
            click.echo(f"{outcome.outcome}: {Path(outcome.bundle).name}: {detail}")
        if once:
            return
        time.sleep(interval)


COMMANDS = [keygen, pack, verify, install, rollback, status, watch]
