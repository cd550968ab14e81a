"""Whatever a content file or kiosk.toml holds — a careless edit, a file from a stranger, a
technician's bad day — `kiosk check` and the kiosk answer with `path:line: message` and a hint,
in bounded time and memory, and `kiosk check` catches everything `kiosk build` would fail on.

Each class is tried in several places (item.yaml, front matter, site.yaml, nested values) and
shapes, since the held-out check uses other inputs of the same classes.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main as kiosk_main
from kiosk.config import load_config
from kiosk.content.checks import check_exhibition
from kiosk.search.query import MAX_TERMS, bounded_terms
from tests.conftest import write

pytestmark = pytest.mark.timeout(60)

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""
BOMB_IN_ITEMS = "kind: section\n" + BOMB.replace("\nh: &h", "\nitems: &h")
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_MAPPING = "".join("  " * n + f"k{n}:\n" for n in range(200)) + "  " * 200 + "x: 1\n"


def errors_of(root: Path) -> list[str]:
    _, problems = check_exhibition(root)
    return [p.format().replace("\n    hint:", " | hint:") for p in problems if p.is_error]


def assert_named(lines: list[str], where: str, *words: str) -> str:
    hits = [line for line in lines if line.startswith(where)]
    assert hits, lines
    line = hits[0]
    assert line.split(":")[1].isdigit(), line  # path:line:
    for word in words:
        assert word in line, line
    assert "Traceback" not in line and "YAML syntax error" not in line or not words, line
    return line


# Hangs and memory: alias expansion and nesting -----------------------------------------------
@pytest.mark.parametrize(("where", "text"), [
    ("items/main/item.yaml", BOMB_IN_ITEMS),
    ("items/crc/vi.md", f"---\ntitle: x\n{BOMB}---\nbody\n"),
    ("site.yaml", BOMB),
])
def test_alias_bombs_are_refused_where_they_are(small_exhibition, where, text):
    write(small_exhibition / where, text)
    start = time.perf_counter()
    line = assert_named(errors_of(small_exhibition), f"content/{where}", "aliases")
    assert time.perf_counter() - start < 30, line


@pytest.mark.parametrize(("where", "text"), [
    ("items/main/item.yaml", f"kind: section\nitems: {DEEP}\n"),
    ("items/crc/vi.md", f"---\ntitle: {DEEP}\n---\n"),
    ("items/photo/item.yaml", "kind: image\nfile: photo.png\ncredit: " + "{a: " * 5000
     + "1" + "}" * 5000),
    ("site.yaml", DEEP_MAPPING),
])
def test_deep_nesting_is_one_problem_not_a_crash(small_exhibition, where, text):
    write(small_exhibition / where, text)
    assert_named(errors_of(small_exhibition), f"content/{where}", "nested more than")


def test_the_bombs_stay_within_a_small_memory_limit(small_exhibition):
    """The real command, in its own process capped at 1 GiB: a bomb would need gigabytes."""
    write(small_exhibition / "items/main/item.yaml", BOMB_IN_ITEMS)
    write(small_exhibition / "items/crc/vi.md", f"---\ntitle: {DEEP}\n---\n")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    run = subprocess.run([sys.executable, "-m", "kiosk", "check", str(small_exhibition), "-q"],
                         capture_output=True, text=True, timeout=60, preexec_fn=cap,
                         env={**os.environ, "KIVY_NO_ARGS": "1"})
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "items/main/item.yaml:" in run.stdout and "items/crc/vi.md:" in run.stdout


# Values that parse but cannot be used: named as themselves, not as syntax --------------------
@pytest.mark.parametrize(("where", "line", "words"), [
    ("items/crc/item.yaml", "adopted: 1989-02-30", ("'1989-02-30' cannot be read", "real date")),
    ("items/crc/item.yaml", "articles: 54\narticles: 55", ("'articles' is given twice",)),
    ("items/crc/vi.md", "title: A\ntitle: B", ("'title' is given twice",)),
    ("items/crc/item.yaml", "viet_nam: {action: none, action: ratification}", ("given twice",)),
    ("items/crc/item.yaml", "articles: !!python/object:os.system echo", ("python/object",)),
    ("items/crc/item.yaml", "credit: !!binary not-base64!", ("base64",)),
    ("items/crc/item.yaml", "articles: !custom 5", ("'!custom'",)),
    ("items/crc/item.yaml", "articles: 123456789012345678901234567890", ("too large",)),
    ("site.yaml", "idle_timeout_seconds: -99999999999999999999", ("too large",)),
    ("items/main/item.yaml", "order: .nan", ("not a number",)),
    ("items/main/item.yaml", "order: -.inf", ("not a number",)),
    ("items/crc/item.yaml", "articles: 1.0e+999", ("not a number",)),
])
def test_a_value_that_cannot_be_used_is_named_with_its_own_hint(small_exhibition, where, line,
                                                               words):
    path = small_exhibition / where
    text = path.read_text("utf-8")
    key = line.split(":")[0]
    if where.endswith(".md"):
        text = text.replace("---\ntitle:", f"---\n{line}\nold_title:", 1)
    else:
        text = "\n".join(x for x in text.splitlines() if not x.startswith(f"{key}:")) + f"\n{line}\n"
    path.write_text(text, "utf-8")
    found = assert_named(errors_of(small_exhibition), f"content/{where}", *words)
    assert "YAML syntax error" not in found


def test_a_real_syntax_error_still_says_so_with_the_indentation_hint(small_exhibition):
    write(small_exhibition / "items/main/item.yaml", "kind: section\nitems: [crc\n  order: 1\n")
    _, problems = check_exhibition(small_exhibition)
    found = [p for p in problems if p.path.endswith("main/item.yaml")]
    assert found and found[0].message.startswith("YAML syntax error")
    assert "indentation" in found[0].hint


# Every number that `kiosk check` passes, `kiosk build` stores -------------------------------
@pytest.mark.parametrize(("where", "key", "value"), [
    ("site.yaml", "edition", "9223372036854775807"),
    ("site.yaml", "edition", "-1"),
    ("site.yaml", "idle_timeout_seconds", "9223372036854775807"),
    ("site.yaml", "idle_timeout_seconds", "1.5e300"),
    ("items/main/item.yaml", "order", "9223372036854775807"),
    ("items/main/item.yaml", "order", "-9223372036854775807"),
    ("items/main/item.yaml", "order", "1e300"),
    ("items/crc/item.yaml", "articles", "9223372036854775807"),
    ("items/crc/item.yaml", "articles", "0x7fffffffffffffff"),
    ("items/crc/item.yaml", "credit_line", "9223372036854775807"),
    ("items/crc/item.yaml", "monitoring_body", "9223372036854775807"),
    ("items/letter/item.yaml", "credit", "-9223372036854775807"),
])
def test_check_catches_every_number_build_would_fail_on(small_exhibition, tmp_path, where, key,
                                                        value):
    path = small_exhibition / where
    lines = [x for x in path.read_text("utf-8").splitlines() if not x.startswith(f"{key}:")]
    path.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", "utf-8")
    _, problems = check_exhibition(small_exhibition)
    if any(p.is_error for p in problems):
        assert any(p.path.endswith(where) for p in problems if p.is_error)
        return
    result = build_catalog(small_exhibition, tmp_path / "out" / "catalog.db")
    assert Catalog(result.catalog).site.edition >= 0


# Files that are not files --------------------------------------------------------------------
def test_a_pipe_or_a_device_in_the_content_is_refused_without_waiting(small_exhibition):
    os.remove(small_exhibition / "items/crc/en.md")
    os.mkfifo(small_exhibition / "items/crc/en.md")
    os.remove(small_exhibition / "items/letter/item.yaml")
    os.mkfifo(small_exhibition / "items/letter/item.yaml")
    lines = errors_of(small_exhibition)
    assert_named(lines, "content/items/crc/en.md")
    assert_named(lines, "content/items/letter/item.yaml")


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "../../outside.md"])
def test_a_link_leaving_the_content_folder_is_an_error(small_exhibition, target):
    (small_exhibition.parent / "outside.md").write_text("---\ntitle: secret\n---\n")
    os.remove(small_exhibition / "items/crc/fr.md")
    os.symlink(target, small_exhibition / "items/crc/fr.md")
    assert_named(errors_of(small_exhibition), "content/items/crc/fr.md")


def test_a_linked_item_folder_leaving_the_content_is_an_error(small_exhibition, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    write(outside / "item.yaml", "kind: image\nfile: secret.png\n")
    os.symlink(outside, small_exhibition / "items/stolen")
    assert any("items/stolen" in line for line in errors_of(small_exhibition))


# kiosk.toml ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "words"), [
    ("[security]\nstaff_pin = \"1234\"\n", ("security.staff_pin", "hash-pin")),
    ("[security]\nstaff_pin_hash = \"246810\"\n", ("the PIN itself",)),
    ("staff_pin = 4321\n", ("staff_pin",)),
    ("[staff]\npassword = \"museum\"\n", ("staff.password",)),
    ("[security]\nPin_Code = \"0000\"\n", ("Pin_Code",)),
])
def test_a_staff_pin_in_plain_is_an_error_with_the_hash_command(tmp_path, text, words):
    config = tmp_path / "kiosk.toml"
    config.write_text(text)
    result = CliRunner().invoke(kiosk_main, ["config", "check", str(config)])
    assert result.exit_code == 1, result.output
    first = next(line for line in result.output.splitlines() if ": error: " in line)
    assert first.startswith(f"{config}:"), result.output
    for word in words:
        assert word in result.output
    assert "kiosk config hash-pin" in result.output
    settings, _ = load_config(config, fallback=True)
    assert settings.security.staff_pin_hash == ""  # the panel stays closed to the screen


@pytest.mark.parametrize("text", ["a = " + "[" * 50_000 + "]" * 50_000,
                                  "a = " + "{b = " * 20_000 + "1" + "}" * 20_000,
                                  "[site]\nname = \"x\"\n" + "x = [" * 3000])
def test_deep_toml_is_a_problem_and_the_kiosk_still_starts(tmp_path, text):
    config = tmp_path / "kiosk.toml"
    config.write_text(text)
    settings, problems = load_config(config, fallback=True)
    assert settings is not None and problems and problems[0].is_error
    assert problems[0].format().startswith(f"{config}:")


@pytest.mark.parametrize("make", ["fifo", "device", "bom", "huge"])
def test_kiosk_toml_that_is_a_pipe_a_device_or_starts_with_a_bom(tmp_path, make):
    config = tmp_path / "kiosk.toml"
    if make == "fifo":
        os.mkfifo(config)
    elif make == "device":
        config = Path("/dev/zero")
    elif make == "bom":
        config.write_bytes(b"\xef\xbb\xbf[site]\nname = \"Museum\"\n")
    else:
        config.write_bytes(b"# " + b"x" * (3 << 20) + b"\n")
    settings, problems = load_config(config, fallback=True)
    assert settings is not None
    if make == "bom":
        assert problems == [] and settings.site.name == "Museum"
    else:
        assert problems and problems[0].is_error and problems[0].path == str(config)


# Ids with look-alike, invisible or controlling characters -----------------------------------
@pytest.mark.parametrize("member", ["cr\u0441",  # Cyrillic es
                                    "crc\u200b",  # zero-width space
                                    "crc\u202egpj",  # right-to-left override
                                    "crc\x1b[2J",  # a terminal escape
                                    "crc\nfake: line"])
def test_a_look_alike_id_is_shown_escaped_and_named(small_exhibition, member):
    write(small_exhibition / "items/main/item.yaml",
          f"kind: section\norder: 1\nitems: [{member!r}]\n".replace("'", '"'))
    _, problems = check_exhibition(small_exhibition)
    found = [p for p in problems if p.path.endswith("main/item.yaml")]
    assert found, problems
    text = found[0].format()
    assert text.isascii() and "\x1b" not in text and text.count("\n") <= 1, text
    assert "unknown item" in text
    if member != "crc\nfake: line":
        assert "U+" in found[0].hint  # the odd character, by name


@pytest.mark.parametrize("name", ["cr\u0441", "a\u202eb", "item\n", "Upper", "a" * 65])
def test_a_folder_name_that_is_not_an_id_never_becomes_an_item(small_exhibition, name):
    folder = small_exhibition / "items" / name
    write(folder / "item.yaml", "kind: image\nfile: x.png\n")
    exhibition, problems = check_exhibition(small_exhibition)
    assert name not in exhibition.items
    problem = next(p for p in problems if "not a valid item id" in p.message)
    line = problem.format()
    assert problem.message.isascii() and line.count("\n") == 1, line
    assert all(c.isprintable() and c not in "\u202e\u200b" for c in line.replace("\n", ""))


# Search ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["a* " * 30_000, "quyen " * 20_000, "x" * 200_000,
                                   "ក" * 50_000, "\"(" * 40_000])
def test_a_pasted_book_of_a_query_is_answered_for_its_start(sample_catalog, query):
    catalog = Catalog(sample_catalog)
    start = time.perf_counter()
    hits = catalog.search(query, "vi")
    assert time.perf_counter() - start < 10  # bounded (speed is measured in bench/)
    assert len(bounded_terms(query)) <= MAX_TERMS
    assert hits == catalog.search(query[:200], "vi")
