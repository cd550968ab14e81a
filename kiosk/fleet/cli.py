"""`kiosk fleet setup|snapshot|status|health|report`: the technician's commands for a Syncthing fleet.

A click group listed in COMMANDS for the main `kiosk` group to register. Like the bundle
commands: exit 0 on success, 1 with one line `failed: <reason>` on stderr otherwise, 2 for a
usage error, never a traceback. `setup` prints this machine's device ID prominently because
the technician has to carry it to the other side (read aloud, typed, or on a stick).
"""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli_errors import one_line_errors
from kiosk.fleet.config import DEFAULT_GUI, DEFAULT_LISTEN, EDITIONS_FOLDER, FleetError, Peer

KINDS = {"sendonly": "send-only", "receiveonly": "receive-only"}
_one_line_errors = one_line_errors(lambda: (FleetError,))


def _peers(ctx, param, specs: tuple[str, ...]) -> list[Peer]:
    """Parsed while click reads the options, so a bad one is a usage error (exit 2)."""
    try:
        return [Peer.parse(spec) for spec in specs]
    except FleetError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group()
def fleet() -> None:
    """Many kiosks, one exhibition: editions out and usage figures back through Syncthing."""


@fleet.command()
@click.option("--role", required=True, type=click.Choice(["curator", "kiosk"]),
              help="curator: sends editions, receives usage files; kiosk: the reverse.")
@click.option("--home", required=True, type=click.Path(path_type=Path),
              help="Syncthing's home (key, certificate, config.xml), e.g. "
                   "~kiosk/.config/syncthing.")
@click.option("--data", "data_dir", required=True, type=click.Path(path_type=Path),
              help="The kiosk's DATA_DIR (synced folders go in DATA_DIR/sync/), or the "
                   "curator's working folder.")
@click.option("--name", default=None,
              help="This machine's name (a kiosk's names its usage folder; default "
                   "kiosk-<first 7 of its device ID>, or curator).")
@click.option("--gui", default=DEFAULT_GUI, show_default=True,
              help="GUI and REST API address; loopback only.")
@click.option("--listen", default=DEFAULT_LISTEN, show_default=True,
              help="Where Syncthing accepts its peers (TCP only).")
@click.option("--peer", "peers", multiple=True, callback=_peers,
              metavar="[NAME=]ID[@tcp://HOST:PORT]",
              help="A machine to sync with (repeatable). On the curator: each kiosk, NAME as "
                   "given to that kiosk's --name. On a kiosk: the curator's machine.")
@click.option("--neighbour", "neighbours", multiple=True, callback=_peers,
              metavar="[NAME=]ID[@tcp://HOST:PORT]",
              help="Kiosk only: another kiosk that receives editions from and passes them to "
                   "this one (repeatable).")
@click.option("--editions", type=click.Path(path_type=Path), default=None,
              help="The editions folder (default DATA_DIR/sync/editions).")
@click.option("--usage", type=click.Path(path_type=Path), default=None,
              help="Kiosk: the outgoing usage folder (default DATA_DIR/sync/usage-out). "
                   "Curator: where each kiosk's folder goes (default DATA_DIR/sync/usage).")
@click.option("--local-discovery/--no-local-discovery", default=True, show_default=True,
              help="Find peers on the local network by broadcast (never beyond it).")
@_one_line_errors
def setup(role: str, home: Path, data_dir: Path, name: str | None, gui: str, listen: str,
          peers: list[Peer], neighbours: list[Peer], editions: Path | None,
          usage: Path | None, local_discovery: bool) -> None:
    """Write Syncthing's configuration for a kiosk or the curator's machine (idempotent)."""
    from kiosk.fleet.setup import setup as do_setup

    result = do_setup(role, home, data_dir, name=name, gui=gui, listen=listen,
                      peers=peers, neighbours=neighbours,
                      editions=editions, usage=usage, local_discovery=local_discovery)
    click.echo(f"Syncthing device ID of this machine, {result.name} ({role}):")
    click.echo(f"    {result.device_id}")
    made = "new identity and config" if result.generated else "config updated"
    click.echo(f"{made}: {result.config} (GUI and API on http://{result.gui}; API key in it)")
    for folder_id, kind, path, shared in result.folders:
        with_whom = ", ".join(shared) if shared else "no peers yet"
        click.echo(f"  {folder_id}: {KINDS[kind]} {path} (with {with_whom})")
    port = listen.rsplit(":", 1)[1]
    if role == "kiosk":
        click.echo(f"next: on the curator's machine, --peer {result.name}={result.device_id}"
                   f"@tcp://THIS-KIOSK:{port}; start Syncthing; watch "
                   f"{result.folders[0][2]} for editions (docs/fleet.md)")
    else:
        click.echo(f"next: on each kiosk, --peer curator={result.device_id}"
                   f"@tcp://THIS-MACHINE:{port}; start Syncthing (docs/fleet.md)")


@fleet.command()
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help="The usage database (default: DATA_DIR/usage.db).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="DATA_DIR (default: $KIOSK_DATA_DIR or /var/lib/kiosk).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="The outgoing folder (default: DATA_DIR/sync/usage-out).")
@_one_line_errors
def snapshot(db: Path | None, data_dir: Path | None, out_dir: Path | None) -> None:
    """Put a closed copy of the usage figures in the send-only folder (daily, from a timer)."""
    from kiosk.fleet.setup import kiosk_paths
    from kiosk.fleet.usage import snapshot_usage
    from kiosk.staff.state import default_root

    data_dir = data_dir or default_root()
    path = snapshot_usage(db or data_dir / "usage.db", out_dir or kiosk_paths(data_dir)[1])
    click.echo(f"wrote {path}")


@fleet.command()
@click.option("--home", required=True, type=click.Path(path_type=Path),
              help="Syncthing's home, as given to setup.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: peers and folders.")
@_one_line_errors
def status(home: Path, as_json: bool) -> None:
    """Which peers are connected and how far each kiosk folder is (asks the running Syncthing)."""
    import json

    state = _sync_state(home)
    if as_json:
        click.echo(json.dumps(state, indent=1, ensure_ascii=False))
        return
    for peer in state["peers"]:
        click.echo(f"peer {peer['name']}: "
                   f"{'connected' if peer['connected'] else 'NOT connected'}")
    for folder in state["folders"]:
        local = folder["local_changes"]
        extra = f", {local} local changes (revert them in the GUI)" if local else ""
        click.echo(f"folder {folder['id']} ({folder['type']}): "
                   f"{folder['state']}, {folder['files_to_fetch']} files to fetch{extra}")
    if not state["has_editions_folder"]:
        click.echo(f"no {EDITIONS_FOLDER} folder: run kiosk fleet setup")


def _sync_state(home: Path) -> dict:
    from kiosk.fleet.config import api_key_of, load
    from kiosk.fleet.syncthing import Rest

    root = load(Path(home) / "config.xml").getroot()
    gui = (root.findtext("gui/address") or "").strip()
    rest = Rest(gui, api_key_of(root))
    names = {d.get("id"): d.get("name") for d in root.findall("device")}
    me = rest.my_id()
    peers = [{"name": names.get(device, device), "id": device, "connected": bool(connected)}
             for device, connected in sorted(rest.connected().items()) if device != me]
    folders = []
    for folder in root.findall("folder"):
        fid = folder.get("id")
        state = rest.folder_status(fid)
        folders.append({"id": fid, "type": KINDS.get(folder.get("type"), folder.get("type")),
                        "state": state.get("state"),
                        "files_to_fetch": state.get("needFiles", 0),
                        "local_changes": state.get("receiveOnlyTotalItems", 0)})
    return {"device_id": me, "peers": peers, "folders": folders,
            "has_editions_folder": root.find(f"folder[@id='{EDITIONS_FOLDER}']") is not None}


COMMANDS = [fleet]


@fleet.command()
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write one offline HTML page (screenshots inside).")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, one object per kiosk.")
@click.option("--silent-after", default=48.0, show_default=True, type=click.FloatRange(min=0),
              help="Hours without a health note before a kiosk is flagged silent.")
@_one_line_errors
def report(folders: tuple[Path, ...], html_file: Path | None, as_json: bool,
           silent_after: float) -> None:
    """Every kiosk's health (found under FOLDERs): last heard, edition, doctor, disk, screen."""
    import json
    from datetime import datetime, timedelta

    from kiosk.fleet.report import find_notes, html_page, rows, text

    now = datetime.now().astimezone()
    table = rows(find_notes(folders), now, timedelta(hours=silent_after))
    if html_file is not None:
        html_file.write_text(html_page(table, now), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(table, indent=1, ensure_ascii=False))
    else:
        click.echo(text(table))
        if html_file is not None:
            click.echo(f"wrote {html_file}")


@fleet.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="DATA_DIR (default: $KIOSK_DATA_DIR or /var/lib/kiosk).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="The outgoing folder (default: DATA_DIR/sync/usage-out).")
@_one_line_errors
def health(data_dir: Path | None, out_dir: Path | None) -> None:
    """Write this kiosk's health note now (the running app also does, daily and on change)."""
    from datetime import datetime

    from kiosk.fleet.health import collect, write
    from kiosk.fleet.setup import kiosk_paths
    from kiosk.ops.schedule import read_state
    from kiosk.staff.state import default_root, status

    data_dir = data_dir or default_root()
    note = collect(data_dir, edition=status(data_dir)["edition"], started_at=datetime.now(),
                   screen=read_state(data_dir))
    click.echo(f"wrote {write(out_dir or kiosk_paths(data_dir)[1], note)}")
