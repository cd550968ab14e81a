"""A technician's script reads the checking commands as JSON: `kiosk check`, `kiosk config
check` and `kiosk verify` each print one JSON object with `--json`, carrying the same problems
and the same exit status as the lines a person reads. (`kiosk audit --json` needs a window
and has no test of its own yet; `kiosk fleet status --json`: test_technician_fleet.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main


def kiosk(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_technician_check_json_lists_each_problem_with_its_line(small_exhibition: Path):
    clean = kiosk("check", small_exhibition, "--json")
    assert clean.exit_code == 0, clean.output
    report = json.loads(clean.stdout)
    assert report["target"] == str(small_exhibition) and report["errors"] == 0

    site = small_exhibition / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "default_language: vi", "default_language: xx"), encoding="utf-8")
    broken = kiosk("check", small_exhibition, "--json")
    assert broken.exit_code == 1
    report = json.loads(broken.stdout)
    assert report["errors"] >= 1
    problem = next(p for p in report["problems"] if p["severity"] == "error")
    assert problem["path"] == "content/site.yaml" and problem["line"] >= 1
    assert problem["message"] and set(problem) == {"path", "line", "severity", "message", "hint"}
    lines = kiosk("check", small_exhibition)
    assert f"{problem['path']}:{problem['line']}: error: {problem['message']}" in lines.stdout


def test_technician_config_check_json(tmp_path: Path):
    good = tmp_path / "kiosk.toml"
    good.write_text("[session]\n", encoding="utf-8")
    result = kiosk("config", "check", good, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"target": str(good), "errors": 0, "warnings": 0,
                                         "problems": [], "exists": True}

    bad = tmp_path / "bad.toml"
    bad.write_text("[hours]\nmon = \"25:00-17:00\"\n", encoding="utf-8")
    result = kiosk("config", "check", bad, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    error = next(p for p in report["problems"] if p["severity"] == "error")
    assert report["errors"] == 1 and error["line"] == 2 and error["path"] == str(bad)
    quiet = json.loads(kiosk("config", "check", bad, "--json", "--quiet").stdout)
    assert quiet["problems"] == [error] and quiet["warnings"] == report["warnings"]


def test_technician_verify_json_says_ok_or_why_not(tmp_path: Path, small_exhibition: Path):
    keys = tmp_path / "keys"
    assert kiosk("keygen", "--out", keys).exit_code == 0
    bundle = tmp_path / "edition-3.zip"
    packed = kiosk("pack", small_exhibition, "--key", keys / "signing.key", "--edition", 3,
                   "--out", bundle)
    assert packed.exit_code == 0, packed.output
    result = kiosk("verify", bundle, "--trust", keys / "signing.pub", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["edition"] == 3 and report["files"] >= 1
    assert report["bytes"] > 0 and report["signed_by"] and report["created"].endswith("Z")

    other = tmp_path / "other"
    assert kiosk("keygen", "--out", other).exit_code == 0
    refused = kiosk("verify", bundle, "--trust", other / "signing.pub", "--json")
    assert refused.exit_code == 1
    report = json.loads(refused.stdout)
    assert report["ok"] is False and "sign" in report["refused"]
    assert refused.stderr.startswith("refused: ")
