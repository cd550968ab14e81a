"""Does every pinned dependency install from wheels alone, on every platform a kiosk runs on?

    .venv/bin/python tools/wheels.py                       # pyproject's pins
    .venv/bin/python tools/wheels.py --also starlette jinja2 # and packages other work adds

For each pin and each (platform, Python) it asks pip to resolve that exact release with
`--only-binary :all:` for the foreign platform, without installing (`pip install --dry-run
--no-deps --target`), which fetches only the index page and metadata, not the wheel. A "no" is
a Raspberry Pi (aarch64) or a Debian 13 (Python 3.13) that would need a compiler.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("x86_64", "aarch64")
# glibc 2.17 (manylinux2014) up to 2.36 (Debian 12, Raspberry Pi OS Bookworm): pip does not
# widen a --platform tag to older manylinux versions, so every one is given.
GLIBC_MINORS = (17, 24, 26, 27, 28, 31, 34, 35, 36)
PYTHONS = ("3.11", "3.12", "3.13")


def pins() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        found.extend(extra)
    return found


def platform_args(arch: str) -> list[str]:
    args = ["--platform", f"manylinux2014_{arch}"]
    for minor in GLIBC_MINORS:
        args += ["--platform", f"manylinux_2_{minor}_{arch}"]
    return args


def has_wheel(requirement: str, arch: str, python: str) -> bool:
    with tempfile.TemporaryDirectory() as target:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--quiet",
             "--only-binary", ":all:", *platform_args(arch), "--python-version", python,
             "--implementation", "cp", "--target", target, "--ignore-installed",
             "--disable-pip-version-check", requirement],
            capture_output=True, text=True, check=False)
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--also", nargs="*", default=[], help="more requirements to measure")
    args = parser.parse_args()
    wanted = [*pins(), *args.also]
    combos = [(r, p, v) for r in wanted for p in PLATFORMS for v in PYTHONS]
    with ThreadPoolExecutor(8) as pool:
        results = dict(zip(combos, pool.map(lambda c: has_wheel(*c), combos), strict=True))
    header = "requirement".ljust(32) + " ".join(
        f"{p}-{v}".ljust(13) for p in PLATFORMS for v in PYTHONS)
    print(header)
    missing = 0
    for requirement in wanted:
        marks = ["yes".ljust(13) if results[(requirement, p, v)] else "NO".ljust(13)
                 for p in PLATFORMS for v in PYTHONS]
        missing += marks.count("NO".ljust(13))
        print(requirement.ljust(32) + " ".join(marks))
    print(f"{missing} combination(s) without a wheel")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
