"""systemd units that start the kiosk at boot, restart it when it crashes or freezes, and fall
back to the previous content edition when it keeps crashing.

Why systemd and not a shell loop: it already does restarts with back-off, a watchdog
(`Type=notify`, `WatchdogSec=30`: the app's UI-thread heartbeat, `kiosk.ops.watchdog`), start
limits, logging to the journal, and ordering against the display server. Two units:

- `kiosk.service` runs `kiosk run --catalog DATA_DIR/current/catalog.db` inside a display
  session: `cage` (a Wayland compositor that shows one full-screen app, recommended),
  `kmsdrm` (SDL straight on the graphics card, no display server), `xinit` (a bare X server,
  no desktop), or `x11` (an X desktop that is already running).
- `kiosk-rollback.service` runs `kiosk rollback` when kiosk.service hits its start limit
  (5 failed starts in 5 minutes), then starts the kiosk again on the previous edition. It may
  run once an hour, so a fault that is not the content cannot swap editions back and forth.

`RestartMode=direct` keeps OnFailure= for the start limit on systemd 254 and later, which
otherwise fires it after every crash (systemd/systemd#33710); older systemd ignores the key
with a warning and already behaves that way. See docs/operations.md.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

SESSIONS = ("cage", "kmsdrm", "xinit", "x11")
SYSTEM_UNIT_DIR = Path("/etc/systemd/system")
UNIT, ROLLBACK_UNIT = "kiosk.service", "kiosk-rollback.service"
START_LIMIT_BURST, START_LIMIT_INTERVAL_S = 5, 300


def user_unit_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def default_kiosk_bin() -> Path:
    """The `kiosk` script of the running environment: <venv>/bin/kiosk when run from one.

    Not resolved through symlinks: a venv's python is a link to the system's, and the script
    must be the venv's.
    """
    beside = Path(sys.executable).parent / "kiosk"
    if beside.is_file():
        return beside.absolute()
    found = shutil.which("kiosk")
    return Path(found).absolute() if found else Path(sys.argv[0]).absolute()


@dataclass(frozen=True)
class ServiceOptions:
    kiosk_bin: Path
    data_dir: Path
    catalog: Path | None = None  # None: DATA_DIR/current/catalog.db, the installed edition
    config: Path | None = None  # passed as $KIOSK_CONFIG
    user_unit: bool = False
    session: str = "cage"  # cage | kmsdrm | xinit | x11
    user_name: str = "kiosk"  # the account a system unit runs as
    display: str = ":0"  # for session x11
    tty: str = "tty7"  # the virtual terminal cage or xinit takes

    @property
    def catalog_path(self) -> Path:
        return self.catalog or self.data_dir / "current" / "catalog.db"


def quote(arg: str, command: bool = True) -> str:
    """One argument for ExecStart= (command) or one Environment= assignment, escaped the way
    systemd reads them: % starts a specifier in both, $ a variable only in commands."""
    escaped = str(arg).replace("%", "%%")
    if command:
        escaped = escaped.replace("$", "$$")
    if escaped and not any(c in escaped for c in ' \t"\'\\;'):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _command(opts: ServiceOptions) -> list[str]:
    app = [str(opts.kiosk_bin), "run", "--catalog", str(opts.catalog_path)]
    if opts.session == "cage":
        return ["/usr/bin/cage", "-d", "--", *app]
    if opts.session == "xinit":
        return ["/usr/bin/xinit", *app, "--", ":0", f"vt{opts.tty.removeprefix('tty')}",
                "-nolisten", "tcp", "-nocursor", "-s", "0"]
    return app


def _environment(opts: ServiceOptions) -> list[str]:
    env = {
        "KIOSK_DATA_DIR": str(opts.data_dir),
        "KIVY_HOME": str(opts.data_dir / "kivy"),  # Kivy's config.ini, away from $HOME
        "KIVY_NO_ARGS": "1",  # Kivy must not read the kiosk's own options
        "KIVY_NO_FILELOG": "1",  # kiosk.log (kiosk.ops.logs) replaces Kivy's log files
        "PYTHONUNBUFFERED": "1",  # tracebacks reach the journal before a restart
    }
    if opts.config:
        env["KIOSK_CONFIG"] = str(opts.config)
    if opts.session == "x11":
        env["DISPLAY"] = opts.display
    if opts.session == "kmsdrm":
        env["SDL_VIDEODRIVER"] = "kmsdrm"
    return [f"Environment={quote(f'{k}={v}', command=False)}" for k, v in env.items()]


def _session_lines(opts: ServiceOptions) -> tuple[list[str], list[str]]:
    """[Unit] and [Service] lines that give cage, kmsdrm or xinit a virtual terminal and a
    login session (logind grants the seat's display, input and sound devices to it)."""
    if opts.user_unit or opts.session == "x11":
        # wait for the X server rather than crash-loop into the start limit while it starts
        number = opts.display.lstrip(":").split(".")[0] or "0"
        wait = f"/bin/sh -c 'until [ -S /tmp/.X11-unix/X{number} ]; do sleep 1; done'"
        return ["After=graphical-session.target"], [f"ExecStartPre={wait}"]
    tty = opts.tty
    unit = ["After=systemd-user-sessions.service plymouth-quit-wait.service",
            "Wants=dbus.socket systemd-logind.service",
            "After=dbus.socket systemd-logind.service",
            f"Conflicts=getty@{tty}.service", f"After=getty@{tty}.service",
            "ConditionPathExists=/dev/tty0"]
    service = [f"TTYPath=/dev/{tty}", "TTYReset=yes", "TTYVHangup=yes", "TTYVTDisallocate=yes",
               "StandardInput=tty-fail", "StandardOutput=journal", "StandardError=journal",
               f"UtmpIdentifier={tty}", "UtmpMode=user", "PAMName=login"]
    return unit, service


def _state_directory(opts: ServiceOptions) -> list[str]:
    """A data folder under /var/lib is the unit's StateDirectory=: systemd creates it, owned
    by the kiosk user, before the app starts (and it survives upgrades)."""
    data = str(opts.data_dir)
    return [f"StateDirectory={data.removeprefix('/var/lib/')}"] if data.startswith(
        "/var/lib/") and data != "/var/lib/" else []


def render_unit(opts: ServiceOptions) -> str:
    unit_extra, service_extra = _session_lines(opts)
    account = [] if opts.user_unit else [
        f"User={opts.user_name}", "SupplementaryGroups=video render audio input",
        "ProtectSystem=full", *_state_directory(opts)]
    lines = [
        "# Written by 'kiosk service install'; see docs/operations.md.",
        "[Unit]",
        "Description=Exhibit kiosk",
        *unit_extra,
        f"StartLimitIntervalSec={START_LIMIT_INTERVAL_S}",
        f"StartLimitBurst={START_LIMIT_BURST}",
        f"OnFailure={ROLLBACK_UNIT}",
        "",
        "[Service]",
        "Type=notify",
        # the app may be a child of cage or xinit, so accept its notifications
        "NotifyAccess=all" if opts.session in ("cage", "xinit") else "NotifyAccess=main",
        "ExecStart=" + " ".join(quote(a) for a in _command(opts)),
        *_environment(opts),
        # '-': a missing folder is not fatal; the path is taken as written, unquoted
        "WorkingDirectory=-" + str(opts.data_dir).replace("%", "%%"),
        *account,
        "WatchdogSec=30",
        "TimeoutStartSec=120",
        "Restart=always",
        "RestartSec=2",
        "RestartMode=direct",
        *service_extra,
        "",
        "[Install]",
        "WantedBy=" + ("default.target" if opts.user_unit else "graphical.target"),
        "",
    ]
    return "\n".join(lines)


def render_rollback_unit(opts: ServiceOptions) -> str:
    systemctl = "/bin/systemctl --user" if opts.user_unit else "+/bin/systemctl"
    account = [] if opts.user_unit else [f"User={opts.user_name}"]
    rollback = [str(opts.kiosk_bin), "rollback", "--root", str(opts.data_dir)]
    return "\n".join([
        "# Written by 'kiosk service install'; see docs/operations.md.",
        "[Unit]",
        f"Description=Exhibit kiosk: back to the previous edition after {UNIT} kept failing",
        # at most once an hour: never swap editions back and forth
        "StartLimitIntervalSec=3600",
        "StartLimitBurst=1",
        "",
        "[Service]",
        "Type=oneshot",
        *account,
        f"Environment={quote(f'KIOSK_DATA_DIR={opts.data_dir}', command=False)}",
        "ExecStart=" + " ".join(quote(a) for a in rollback),
        f"ExecStartPost={systemctl} reset-failed {UNIT}",
        f"ExecStartPost={systemctl} --no-block start {UNIT}",
        "",
    ])


def render_units(opts: ServiceOptions) -> dict[str, str]:
    """File name -> text of both units."""
    if opts.session not in SESSIONS:
        raise ValueError(f"session must be one of {', '.join(SESSIONS)}")
    return {UNIT: render_unit(opts), ROLLBACK_UNIT: render_rollback_unit(opts)}


def install_units(opts: ServiceOptions, unit_dir: Path | None = None) -> list[Path]:
    """Write both units (each written whole, then renamed into place); the written paths."""
    folder = unit_dir or (user_unit_dir() if opts.user_unit else SYSTEM_UNIT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_units(opts).items():
        target = folder / name
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        written.append(target)
    return written


def next_steps(opts: ServiceOptions) -> list[str]:
    """The commands that load and start the units, for the technician to run."""
    ctl = "systemctl --user" if opts.user_unit else "sudo systemctl"
    steps = [f"{ctl} daemon-reload", f"{ctl} enable --now {UNIT}"]
    if not opts.user_unit:
        steps.insert(0, f"sudo adduser --system --group --home {quote(str(opts.data_dir))} "
                        f"{opts.user_name}  # if the account does not exist yet")
        steps.append("sudo systemctl set-default graphical.target")
    return steps
