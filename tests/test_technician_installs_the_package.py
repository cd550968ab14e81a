"""A technician installs the kiosk as a product: one .deb that brings the app with its pinned
wheels, the kiosk account, the systemd units (watchdog, StateDirectory=), cage and XWayland,
and USB sticks mounted read-only where the kiosk looks. `make deb` builds it and runs lintian
(minutes: not in the suite); this checks what goes into it, and the lock files it installs
from, without building. A package built before the tests is checked too."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import stage  # noqa: E402 - packaging/stage.py, what debian/rules runs

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.M)


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(*extras: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return {norm(n): v for n, v in (PIN.match(r).groups() for r in wanted)}


def locked(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "--hash=sha256:" in text
    return {norm(n): v for n, v in PIN.findall(text)}


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ()),
                                              ("requirements-dev.lock", ("test",))])
def test_technician_the_lock_holds_every_pin_with_hashes(lock, extras):
    held = locked(lock)
    for name, version in pinned(*extras).items():
        assert held.get(name) == version, (
            f"{lock}: {name}=={version} is pinned in pyproject.toml but the lock has "
            f"{held.get(name)}; run make lock")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text(encoding="utf-8"))
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, f"{lock}: no hash for {block.split()[0]}"


def test_technician_python_3_11_to_3_13_is_admitted():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11,<3.14"


def test_technician_the_package_brings_units_user_and_usb_mounts(tmp_path):
    stage.stage(tmp_path)
    unit = (tmp_path / "lib/systemd/system/kiosk.service").read_text()
    assert "ExecStart=/usr/bin/cage -d -- /opt/venvs/exhibit-kiosk/bin/kiosk run" in unit
    for line in ("StateDirectory=kiosk", "WatchdogSec=30", "User=kiosk", "Type=notify",
                 "OnFailure=kiosk-rollback.service"):
        assert line in unit.splitlines(), line
    assert (tmp_path / "usr/bin/kiosk").readlink() == Path("/opt/venvs/exhibit-kiosk/bin/kiosk")

    rule = (tmp_path / "lib/udev/rules.d" / stage.USB_RULE).read_text()
    assert "/usr/bin/systemd-mount" in rule and "--options=ro,nosuid,nodev,noexec" in rule
    mount_point = Path(re.search(r"(/media/\S+)/%k", rule).group(1))
    from kiosk.config import default_config

    watched = default_config().paths.watch_folders
    assert any(folder in mount_point.parents or folder == mount_point for folder in watched), \
        "sticks are mounted where `watch` looks"
    if shutil.which("udevadm"):
        done = subprocess.run(["udevadm", "verify", str(tmp_path / "lib/udev/rules.d")],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0 or "Unknown command" in done.stderr, done.stderr


def test_technician_control_and_maintainer_scripts():
    control = (ROOT / "debian/control").read_text()
    depends = re.search(r"^Depends:(.*?)(?=^\S)", control, re.S | re.M).group(1)
    for package in ("cage", "xwayland", "adduser", "espeak-ng", "${kiosk:Python}"):
        assert package in depends, package
    assert "dh-virtualenv" in control
    rules = (ROOT / "debian/rules").read_text()
    assert "--requirements requirements.lock" in rules and "--only-binary=:all:" in rules
    postinst = (ROOT / "debian/exhibit-kiosk.postinst").read_text()
    assert "adduser --system --group --home /var/lib/kiosk" in postinst
    assert "#DEBHELPER#" in postinst
    for script in ("postinst", "postrm"):
        path = ROOT / f"debian/exhibit-kiosk.{script}"
        done = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


BUILT = sorted((ROOT / "build" / "deb").glob("exhibit-kiosk_*.deb"))


@pytest.mark.skipif(not BUILT or not shutil.which("dpkg-deb"),
                    reason="no package built: run make deb first")
def test_technician_the_built_package_holds_what_it_should():
    deb = BUILT[-1]
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                             check=True).stdout
    for path in ("./opt/venvs/exhibit-kiosk/bin/kiosk", "./lib/systemd/system/kiosk.service",
                 f"./lib/udev/rules.d/{stage.USB_RULE}",
                 "./opt/venvs/exhibit-kiosk/lib/python3"):
        assert path in listing, path
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True,
                             text=True, check=True).stdout
    assert "cage" in depends and "xwayland" in depends and "python3." in depends
    scripts = subprocess.run(["dpkg-deb", "-I", str(deb), "postinst"], capture_output=True,
                             text=True, check=True).stdout
    assert "adduser --system" in scripts and "deb-systemd-helper" in scripts


def test_technician_runs_python_dash_m_kiosk():
    done = subprocess.run([sys.executable, "-m", "kiosk", "fleet", "report", "--help"],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "--silent-after" in done.stdout
