"""`python -m kiosk.staff COMMAND`: the technician commands before (or without) the main CLI.

Also what the kill test runs in a subprocess, so it exercises exactly the installed code path.
"""

import click

from kiosk.staff.cli import COMMANDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Signed content bundles: keygen, pack, verify, install, rollback, status."""


for command in COMMANDS:
    main.add_command(command)

if __name__ == "__main__":
    main(prog_name="kiosk")
