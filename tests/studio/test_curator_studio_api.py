"""A curator's script drives the studio's API on a copy of the shipped exhibition."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kiosk.studio.app import create_app
from kiosk.studio.auth import hash_password
from kiosk.studio.files import LanguageFile, dump_mapping, load_mapping

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-qm", "start"], check=True)
    return root


def _client(root, tmp_path, password=None):
    app = create_app(root, hash_password(password) if password else None, tmp_path / "work")
    return TestClient(app)


def _login(client, password="", name="Lan"):
    reply = client.post("/api/session", json={"password": password, "name": name})
    assert reply.status_code == 200
    return {"X-CSRF-Token": reply.json()["csrf"]}


def test_curator_opens_and_saves_every_shipped_file_unchanged():
    for path in sorted(CONTENT.rglob("*")):
        if path.suffix == ".yaml":
            text = path.read_text(encoding="utf-8")
            assert dump_mapping(load_mapping(text), text) == text, path
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            lang_file = LanguageFile(text)
            forced = (lang_file.opening + dump_mapping(lang_file.front, lang_file.front_text)
                      + lang_file.closing + lang_file.body)
            assert forced == text == lang_file.text(), path


def test_curator_edits_one_field_and_gets_one_line_diff_and_a_commit(content, tmp_path):
    client = _client(content, tmp_path)
    assert client.get("/api/items").status_code == 401
    headers = _login(client)
    items = client.get("/api/items").json()
    assert {"id": "icmw", "kind": "treaty", "languages": ["en", "fr", "vi"]} in items
    item = client.get("/api/items/icmw").json()
    assert item["fields"]["articles"] == 93 and "body" in item["texts"]["en"]
    reply = client.patch("/api/items/icmw", headers=headers,
                         json={"version": item["version"], "fields": {"monitoring_body": "CMW"}})
    assert reply.status_code == 200, reply.text
    diff = subprocess.run(["git", "-C", str(content), "show", "--format=%an", "--unified=0"],
                          capture_output=True, text=True, check=True).stdout
    assert diff.startswith("Lan\n")
    changed = [line for line in diff.splitlines() if line.startswith(("+", "-"))
               and not line.startswith(("+++", "---"))]
    assert changed == ["-monitoring_body: Committee on Migrant Workers (CMW)",
                       "+monitoring_body: CMW"]
    # the same item from the page read before: a conflict, with the version on disk
    stale = client.patch("/api/items/icmw", headers=headers,
                         json={"version": item["version"], "fields": {"articles": 94}})
    assert stale.status_code == 409
    assert stale.json()["current"]["fields"]["monitoring_body"] == "CMW"
    history = client.get("/api/items/icmw/history").json()
    assert [h["author"] for h in history][:2] == ["Lan", "t"]


def test_curator_is_told_of_a_bad_date_with_kiosk_checks_words(content, tmp_path):
    client = _client(content, tmp_path)
    headers = _login(client)
    version = client.get("/api/items/icmw").json()["version"]
    reply = client.patch("/api/items/icmw", headers=headers,
                         json={"version": version, "fields": {"adopted": "1990-13-45"}})
    assert reply.status_code == 422
    problem = reply.json()["problems"][0]
    assert problem["field"] == "fields.adopted" and problem["item"] == "icmw"
    assert problem["message"] == "'adopted' is not a date: '1990-13-45'"
    assert client.get("/api/items/icmw").json()["version"] == version  # nothing written


def test_curator_creates_a_treaty_in_two_languages(content, tmp_path):
    client = _client(content, tmp_path)
    headers = _login(client)
    made = client.post("/api/items", headers=headers, json={
        "id": "new-treaty", "kind": "treaty", "titles": {"vi": "Công ước mới", "en": "New"}})
    assert made.status_code == 201
    problems = client.get("/api/problems").json()
    mine = [p for p in problems if p["item"] == "new-treaty" and p["severity"] == "error"]
    assert mine and all(p["path"].startswith("content/items/new-treaty/") for p in mine)
    cli = subprocess.run([str(Path(shutil.which("kiosk") or ".venv/bin/kiosk")), "check",
                          str(content)], capture_output=True, text=True)
    assert mine[0]["message"] in cli.stdout


def test_technician_finds_the_studio_closed_to_strangers(content, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "item.yaml").write_text("kind: image\n")
    (content / "items" / "linked").symlink_to(outside)
    client = _client(content, tmp_path, password="correct horse")
    assert client.get("/api/problems").status_code == 401
    for _ in range(5):
        assert client.post("/api/session", json={"password": "wrong"}).status_code == 401
    assert client.post("/api/session", json={"password": "correct horse"}).status_code == 429
    other = _client(content, tmp_path, password="correct horse")
    headers = _login(other, "correct horse")
    for bad in ("..", "%2e%2e", "linked", "%2Fetc%2Fpasswd"):
        assert other.get(f"/api/items/{bad}").status_code == 404, bad
    assert "linked" not in [i["id"] for i in other.get("/api/items").json()]
    version = other.get("/api/items/icmw").json()["version"]
    no_token = other.patch("/api/items/icmw", json={"version": version, "fields": {"articles": 9}})
    assert no_token.status_code == 403
    assert other.patch("/api/items/icmw", headers=headers,
                       json={"version": version, "texts": {"../x": {"title": "t"}}}
                       ).status_code == 422


def test_curator_publishes_a_signed_bundle(content, tmp_path):
    from kiosk.staff.bundle import verify_bundle
    from kiosk.staff.keys import load_public_key

    client = _client(content, tmp_path)
    headers = _login(client)
    usb = tmp_path / "usb"
    reply = client.post("/api/publish", headers=headers, json={"folder": str(usb)})
    assert reply.status_code == 200, reply.text
    bundle = Path(reply.json()["path"])
    assert bundle.parent == usb and reply.json()["edition"] == 1
    public = load_public_key(tmp_path / "work" / "keys" / "signing.pub")
    manifest, _ = verify_bundle(bundle, [public])
    assert manifest.edition == 1
    assert not list(usb.glob("*.key"))  # the key stays where it is


def test_curator_is_refused_publishing_while_errors_remain(content, tmp_path):
    client = _client(content, tmp_path)
    headers = _login(client)
    usb = tmp_path / "usb"
    client.post("/api/items", headers=headers, json={"id": "half", "kind": "treaty",
                                                     "titles": {"en": "Half done"}})
    refused = client.post("/api/publish", headers=headers, json={"folder": str(usb)})
    assert refused.status_code == 422 and refused.json()["problems"]
    assert not usb.exists() or not list(usb.iterdir())


def test_curator_sees_the_item_as_the_kiosk_draws_it(content, tmp_path):
    """The real kiosk, in a worker process of its own, draws the item; a save shows in the
    next picture and in the words audio mode says."""
    import io

    from PIL import Image

    config = tmp_path / "kiosk.toml"  # not the default 1920x1080: drawn at this kiosk's size
    config.write_text('[screen]\nresolution = "1280x800"\n')
    with TestClient(create_app(content, None, tmp_path / "work", config_path=config)) as client:
        headers = _login(client)
        reply = client.get("/api/preview/icmw.png?lang=en&palette=high-contrast&text=2.0")
        assert reply.status_code == 200, reply.text
        assert reply.content[:8] == b"\x89PNG\r\n\x1a\n"
        picture = Image.open(io.BytesIO(reply.content)).convert("RGB")
        assert picture.size == (1280, 800)
        # high contrast: the paper is black (the corner is background, not text)
        assert picture.getpixel((2, 2)) == (0, 0, 0)
        standard = client.get("/api/preview/icmw.png?lang=en").content
        paper = Image.open(io.BytesIO(standard)).convert("RGB").getpixel((2, 2))
        assert paper != (0, 0, 0)

        said = client.get("/api/preview/icmw/spoken?lang=en").json()["spoken"]
        assert any("Migrant Workers" in piece for piece in said)
        item = client.get("/api/items/icmw").json()
        saved = client.patch("/api/items/icmw", headers=headers, json={
            "version": item["version"], "texts": {"en": {"title": "Migrants' Convention"}}})
        assert saved.status_code == 200, saved.text
        after = client.get("/api/preview/icmw.png?lang=en").content
        assert after != standard
        said = client.get("/api/preview/icmw/spoken?lang=en").json()["spoken"]
        assert "Migrants' Convention" in " ".join(said)

        assert client.get("/api/preview/no-such.png?lang=en").status_code == 404
        assert client.get("/api/preview/icmw.png?lang=en&text=3").status_code == 422
