"""What the .deb holds besides the virtualenv: systemd units, the udev rule, the tmpfiles and
sysusers entries, the example configuration. Run by debian/rules (`stage.py PACKAGE_DIR`) and
by the tests (into a temporary folder), so the suite checks exactly what is packaged.

The units are `kiosk service install`'s own (kiosk.ops.service), rendered for the package's
paths: the app in /opt/venvs/exhibit-kiosk, the data in /var/lib/kiosk (StateDirectory=,
so systemd creates it owned by the kiosk user), cage as the display session.

USB sticks: the kiosk runs under cage with no desktop to mount anything, so a udev rule asks
systemd-mount to mount every USB filesystem read-only (and nosuid, nodev, noexec) under
/media/kiosk/<device>, where `watch_folders` (default /media, /run/media) looks; the mount
goes away when the stick is pulled (--collect).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VENV = Path("/opt/venvs/exhibit-kiosk")
DATA_DIR = Path("/var/lib/kiosk")
USB_RULE = "90-exhibit-kiosk-usb.rules"
UDEV_RULE = (
    "# Exhibit kiosk: mount USB sticks read-only where the kiosk looks for bundles.\n"
    'ACTION=="add", SUBSYSTEM=="block", ENV{ID_BUS}=="usb", ENV{ID_FS_USAGE}=="filesystem", '
    'RUN{program}+="/usr/bin/systemd-mount --no-block --collect --automount=no '
    '--options=ro,nosuid,nodev,noexec $devnode /media/kiosk/%k"\n'
)
SYSUSERS = ("# Exhibit kiosk: the account the kiosk runs as (docs/operations.md).\n"
            "u kiosk - \"Exhibit kiosk\" /var/lib/kiosk\n"
            "m kiosk video\nm kiosk render\nm kiosk audio\nm kiosk input\n")


def files() -> dict[str, str]:
    """Path inside the package -> text."""
    from kiosk.ops.service import ServiceOptions, render_units

    opts = ServiceOptions(kiosk_bin=VENV / "bin" / "kiosk", data_dir=DATA_DIR,
                          config=Path("/etc/kiosk/kiosk.toml"), session="cage")
    out = {f"lib/systemd/system/{name}": text for name, text in render_units(opts).items()}
    out[f"lib/udev/rules.d/{USB_RULE}"] = UDEV_RULE
    out["usr/lib/sysusers.d/exhibit-kiosk.conf"] = SYSUSERS
    out["usr/share/doc/exhibit-kiosk/kiosk.example.toml"] = (
        ROOT / "kiosk.example.toml").read_text(encoding="utf-8")
    return out


def stage(package_dir: Path) -> list[Path]:
    written = []
    for relative, text in files().items():
        target = Path(package_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    link = Path(package_dir) / "usr/bin/kiosk"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(VENV / "bin" / "kiosk")
    return written


if __name__ == "__main__":
    for path in stage(Path(sys.argv[1])):
        print(path)
