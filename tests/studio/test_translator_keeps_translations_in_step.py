"""A translator translates from one language file into another, the studio records what each
paragraph and field was made from, and both the studio and `kiosk check` see when the source
changes afterwards; the coordinator's table and the history read the same files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.studio.alignment import CURRENT, MISSING, OUTDATED, NotAligned, pair_up, written
from kiosk.studio.completeness import table, totals
from kiosk.studio.gitlog import Git
from kiosk.studio.history import changes, word_diff
from kiosk.studio.store import Store
from kiosk.studio.translate import save_translation

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def _translate(store, item_id, source, target, typed=None, confirmed=(), git=None):
    data = store.read_item(item_id)
    side = pair_up(data["kind"], source, data["texts"][source], target,
                   data["texts"].get(target))
    entry = written(side, typed or {}, set(confirmed))
    save_translation(store, data, side, entry, data["version"], "Lan", git)
    return side


def _side(store, item_id, source, target):
    data = store.read_item(item_id)
    return pair_up(data["kind"], source, data["texts"][source], target, data["texts"][target])


def _check(root) -> str:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_translator_records_a_shipped_translation_in_one_new_line(content):
    store = Store(content)
    before = (content / "items/crc/fr.md").read_text(encoding="utf-8")
    side = _translate(store, "crc", "en", "fr")
    assert {p.state for p in side.paragraphs} == {"unrecorded", "marker"}
    after = (content / "items/crc/fr.md").read_text(encoding="utf-8")
    added = [line for line in after.split("\n") if line not in before.split("\n")]
    assert len(added) == 1 and added[0].startswith("translated_from: {language: en, hashes: [")
    assert after.replace(added[0] + "\n", "") == before  # nothing else moved
    assert {p.state for p in _side(store, "crc", "en", "fr").paragraphs} == {CURRENT, "marker"}
    assert "crc/fr.md" not in _check(content)


def test_translator_sees_the_paragraph_the_curator_changed_until_it_is_dealt_with(content):
    store = Store(content)
    _translate(store, "crc", "en", "fr")
    english = store.read_item("crc")["texts"]["en"]["body"]
    edited = english.replace("It entered into force on 2 September 1990.",
                             "It entered into force on 2 September 1990, thirty days later.")
    store.save("crc", store.version("crc"), None, {"en": {"body": edited}}, "Mai")
    side = _side(store, "crc", "en", "fr")
    assert [p.key for p in side.paragraphs if p.state == OUTDATED] == ["p1"]
    out = _check(content)
    assert "crc/fr.md:8: warning: source changed since translated" in out, out
    # saving other work leaves it flagged: its old hash is kept
    _translate(store, "crc", "en", "fr", {"p0": side.paragraphs[0].target + " "})
    assert [p.key for p in _side(store, "crc", "en", "fr").paragraphs
            if p.state == OUTDATED] == ["p1"]
    # ticking "it still matches the source" records today's source
    _translate(store, "crc", "en", "fr", confirmed={"p1"})
    assert OUTDATED not in {p.state for p in _side(store, "crc", "en", "fr").paragraphs}
    assert "crc/fr.md" not in _check(content)


def test_translator_is_told_when_an_image_caption_changes(content):
    store = Store(content)
    _translate(store, "udhr-poster", "en", "fr")
    store.save("udhr-poster", store.version("udhr-poster"), None,
               {"en": {"caption": "The whole Declaration in Vietnamese. Zoom in to read it."}},
               "Mai")
    out = _check(content)
    assert "udhr-poster/fr.md:3: warning: source changed since translated" in out, out
    assert "make fields.caption in 'translated_from'" in out
    row = next(r for r in table(content, ["vi", "en", "fr"], "vi") if r.id == "udhr-poster")
    assert row.cells["fr"].state == "outdated"
    assert row.cells["fr"].details == ["changed in the source: caption"]
    side = _side(store, "udhr-poster", "en", "fr")
    assert [p.label for p in side.fields if p.state == OUTDATED] == ["caption"]
    french = content / "items/udhr-poster/fr.md"
    text = french.read_text(encoding="utf-8")
    french.write_text(re.sub(r"fields: \{[^}]*\}", "fields: [oops]", text), encoding="utf-8")
    assert "udhr-poster/fr.md:5: warning: 'translated_from' has 'fields' that is not a " \
        "mapping" in _check(content)


def test_translator_cannot_leave_a_hole_in_the_order(content):
    store = Store(content)
    data = store.read_item("udhr-poster")
    side = pair_up(data["kind"], "en", data["texts"]["en"], "km", None)
    assert {p.state for p in [*side.fields, *side.paragraphs]} == {MISSING}
    with pytest.raises(NotAligned) as refused:
        written(side, {"f-title": "ផ្ទាំងរូបភាព", "p2": "កថាខណ្ឌទីបី"}, set())
    assert refused.value.key == "p0" and "paragraph 1 is not translated" in refused.value.message
    entry = written(side, {"f-title": "ផ្ទាំងរូបភាព", "p0": "កថាខណ្ឌទីមួយ"}, set())
    assert entry["body"] == "កថាខណ្ឌទីមួយ\n" and len(entry["translated_from"]["hashes"]) == 1
    # a hand-made file with a paragraph more than its source shows it apart, and must move it
    udhr = store.read_item("udhr")
    arabic = pair_up(udhr["kind"], "en", udhr["texts"]["en"], "ar", udhr["texts"]["ar"])
    assert len(arabic.extras) == 1
    with pytest.raises(NotAligned):
        written(arabic, {}, set())


def test_curator_reads_the_shipped_exhibitions_translations_table():
    store = Store(CONTENT)
    rows = table(CONTENT, ["vi", "en", "fr", "km"], "vi")
    assert len(rows) == len(store.item_ids())
    counts = totals(rows, ["vi", "en", "fr", "km"])
    assert counts["vi"]["source"] == len(rows)  # the default language is the source
    assert counts["fr"]["outdated"] == 0 and counts["fr"]["missing"] == 0
    assert counts["km"]["missing"] == len(rows) - 1  # only the UDHR has a Khmer file
    assert next(r for r in rows if r.id == "udhr").cells["km"].state != "missing"


def test_curator_reads_who_changed_which_language(content):
    def git(*args):
        subprocess.run(["git", "-C", str(content), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=Mai", "-c", "user.email=m@example.org", "commit", "-qm", "start")
    store = Store(content)
    _translate(store, "crc", "en", "fr", {"p0": "Cette convention protège les enfants."},
               git=Git(content))
    text = (content / "items/crc/fr.md").read_text(encoding="utf-8")
    (content / "items/crc/fr.md").write_text(text.replace("les enfants", "tous les enfants"))
    git("-c", "user.name=Kim", "-c", "user.email=k@example.org", "commit", "-qam", "by hand")
    found = changes(Git(content), "crc")
    assert [c.author for c in found] == ["Kim", "Lan", "Mai"]
    assert [(f.what, f.status) for f in found[0].files] == [("French (fr) text", "changed")]
    assert found[1].message == "studio: translate crc from en into fr"
    (line,) = word_diff(Git(content), found[0].commit, "items/crc/fr.md")
    assert [(p.kind, p.text.strip()) for p in line if p.kind != "same"] == [("added", "tous")]
    assert "".join(p.text for p in line if p.kind != "gone") == \
        "Cette convention protège tous les enfants."
    (record_line, _) = word_diff(Git(content), found[1].commit, "items/crc/fr.md")
    assert "(the record of what this translation was made from" in record_line[0].text
    assert len(changes(Git(content))) == 3


def test_two_translators_on_one_item_lose_nothing(content):
    from starlette.testclient import TestClient

    from kiosk.studio.app import create_app

    app = create_app(content, None, content.parent / "work")
    first, second = TestClient(app), TestClient(app)
    forms = []
    for client, name in ((first, "Lan"), (second, "Kim")):
        client.post("/login", data={"name": name})
        page = client.get("/items/crc/translate?from=en&to=fr").text
        forms.append({key: re.search(rf'name="{key}" value="([^"]*)"', page).group(1)
                      for key in ("csrf", "version")})
    url = "/items/crc/translate?from=en&to=fr"
    saved = first.post(url, data={**forms[0], "in.f-title": "Convention (Lan)"},
                       follow_redirects=False)
    assert saved.status_code == 303
    late = second.post(url, data={**forms[1], "in.f-title": "Convention (Kim)"})
    assert late.status_code == 409 and "Your translation was not saved" in late.text
    assert 'value="Convention (Kim)"' in late.text  # still in the box, to save again
    assert 'title: "Convention (Lan)"\n' in (content / "items/crc/fr.md").read_text("utf-8")
    bad = second.get("/items/crc/translate?from=en&to=fr&other=not a tag")
    assert "&#39;not a tag&#39; is not a language tag" in bad.text
