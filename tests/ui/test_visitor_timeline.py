"""A visitor opens the timeline from the home screen: every treaty of the sample exhibition on
one axis, oldest first, with its dates in words and Viet Nam's where the facts have them;
an entry opens its treaty; 200 % text, high contrast and Vietnamese stay readable; the keypad
reaches every entry and speech names each one with its dates.

The expected facts are read from content/data/treaties.yaml, the curators' source.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.app

FACTS = Path(__file__).resolve().parents[2] / "content" / "data" / "treaties.yaml"


@pytest.fixture(scope="module")
def treaty_facts() -> dict[str, dict]:
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    return {t["id"]: t for t in facts["core_treaties"]}


def open_timeline(kiosk) -> None:
    kiosk.tap(kiosk.screen)  # begins the visit
    assert kiosk.screen_name == "home"
    kiosk.tap(kiosk.screen.ids.timeline_tile)  # one touch from home
    assert kiosk.screen_name == "timeline"
    kiosk.frames(3)


def entry_text(entry) -> str:
    return "\n".join(d.text for _s, d in zip(entry.dates, entry.ids.entry_dates.children[::-1],
                                              strict=True))


def test_every_treaty_is_on_the_axis_in_order_with_its_dates(kiosk, catalog, treaty_facts):
    open_timeline(kiosk)
    screen = kiosk.screen
    entries = screen.entries()
    treaties = [t for t in treaty_facts.values() if catalog.item_kind(t["id"]) == "treaty"]
    assert {e.item_id for e in entries} == {t["id"] for t in treaties}
    adopted = [str(treaty_facts[e.item_id]["adopted"]) for e in entries]
    assert adopted == sorted(adopted), "oldest adoption first"
    for entry in entries:
        facts = treaty_facts[entry.item_id]
        assert entry.abbreviation == facts["abbreviation"]
        assert entry.year == str(facts["adopted"])[:4]
        assert entry.title == catalog.treaty(entry.item_id, "vi").title
    # the English labels, and the dates the English way
    kiosk.app.set_language("en")
    kiosk.frames(3)
    crc = screen.entry_for("crc")
    viet_nam = treaty_facts["crc"]["viet_nam"]
    assert viet_nam["action"] == "ratification" and str(viet_nam["date"]) == "1990-02-28"
    text = entry_text(crc)
    assert "Adopted: November 20, 1989" in text
    assert "Viet Nam ratified: February 28, 1990" in text
    assert "Viet Nam signed: January 26, 1990" in text
    for entry in screen.entries():
        facts = treaty_facts[entry.item_id]
        action = (facts.get("viet_nam") or {}).get("action", "none")
        words = entry_text(entry)
        if action == "accession":
            assert "Viet Nam acceded:" in words, entry.item_id
        elif action == "ratification":
            assert "Viet Nam ratified:" in words, entry.item_id
        else:
            assert "Viet Nam" not in words, entry.item_id
        shapes = [shape for shape, _text in entry.dates]
        assert len(set(shapes)) == len(shapes), "each kind of date has its own marker"
        assert shapes[0] == "disc"  # adoption
    kiosk.screenshot("timeline")


def test_an_entry_opens_its_treaty_and_back_returns(kiosk):
    open_timeline(kiosk)
    kiosk.tap(kiosk.screen.entry_for("cedaw"))
    assert kiosk.screen_name == "treaty"
    assert kiosk.app.session.current.params == {"item_id": "cedaw"}
    kiosk.tap(kiosk.nav.ids.back_button)
    assert kiosk.screen_name == "timeline"


def test_the_treaties_section_offers_the_timeline(kiosk):
    kiosk.tap(kiosk.screen)
    kiosk.tap(kiosk.screen.tile_for("treaties"))
    header = kiosk.screen.ids.item_list.row(0)
    kiosk.tap(header.ids.timeline_button)
    assert kiosk.screen_name == "timeline"


def test_at_200_percent_in_high_contrast_and_vietnamese_nothing_is_cut(kiosk):
    from kiosk.a11y.audit import Walk, run_audit
    from kiosk.ui.theme import HIGH_CONTRAST, STANDARD

    open_timeline(kiosk)
    app = kiosk.app
    app.set_preferences(text_scale=2.0)
    kiosk.frames(4)
    screen = kiosk.screen
    window_width = app.root.width
    for entry in screen.entries():
        assert entry.right <= window_width
        for label in entry.walk(restrict=True):
            if hasattr(label, "texture_size") and getattr(label, "plain_text", ""):
                assert label.texture_size[0] <= label.width + 1, label.plain_text
                assert label.texture_size[1] <= label.height + 1, label.plain_text
    screen.ids.timeline_scroll.scroll_to(screen.entry_for("crc"), animate=False)
    kiosk.screenshot("timeline-200pct")
    app.set_preferences(palette="high_contrast")
    kiosk.screenshot("timeline-high-contrast")
    app.set_preferences(palette="standard", text_scale=1.0)
    app.set_language("vi")
    kiosk.frames(3)
    assert "Ngày thông qua: 21 tháng 12, 1965" in entry_text(screen.entry_for("icerd"))
    kiosk.screenshot("timeline-vi")

    timeline = (("timeline", lambda app: app.open_screen("timeline")),)
    for palette, scale in ((HIGH_CONTRAST, 2.0), (STANDARD, 1.5)):
        walk = Walk(languages=("vi",), text_scales=(scale,), palettes=(palette,),
                    extra_states=timeline, every_item_first=False)
        report = run_audit(app, walk)
        found = [line for line in report.lines() if "timeline" in line]
        assert not found, "\n".join(found)


def test_the_keypad_reaches_every_entry_and_speech_names_its_dates(kiosk, treaty_facts):
    from kiosk.ui.screens.timeline import TimelineEntry

    kiosk.key("down")  # a keypad key begins the visit, in audio mode
    app = kiosk.app
    app.set_language("en")
    while app.focus.current is not kiosk.screen.ids.timeline_tile.__self__:
        kiosk.key("down")
    assert "Timeline" in kiosk.speech.last_text
    kiosk.key("enter")
    assert kiosk.screen_name == "timeline"
    reached = []
    for _ in range(len(app.focus.stops())):
        kiosk.key("down")
        if isinstance(app.focus.current, TimelineEntry):
            reached.append(app.focus.current.item_id)
            if app.focus.current.item_id == "icerd":
                said = kiosk.speech.last_text
                assert "ICERD" in said and "Adopted December 21, 1965" in said
                assert "Viet Nam acceded June 9, 1982" in said and "button" in said
    assert reached == [e.item_id for e in kiosk.screen.entries()]
    assert len(reached) == len([t for t in treaty_facts.values()])
    while app.focus.current.item_id != "crc" if isinstance(
            app.focus.current, TimelineEntry) else True:
        kiosk.key("down")
    kiosk.key("enter")
    assert kiosk.screen_name == "treaty" and app.session.current.params["item_id"] == "crc"


TREATIES = 300


@pytest.fixture(scope="module")
def long_timeline(tmp_path_factory):
    """An exhibition of 300 treaties (the bench's thousand titles have 536): one section."""
    from kiosk.catalog.build import build_catalog
    from tests.conftest import write

    root = tmp_path_factory.mktemp("long-timeline") / "content"
    write(root / "site.yaml", """
        title: {vi: Dòng thời gian, en: A long timeline}
        languages: [vi, en]
        default_language: vi
        idle_timeout_seconds: 60
        edition: 1
    """)
    ids = [f"t-{n:04d}" for n in range(TREATIES)]
    write(root / "items/treaties/item.yaml",
          f"kind: section\norder: 1\nitems: [{', '.join(ids)}]\n")
    for lang, title in (("vi", "Các điều ước"), ("en", "Treaties")):
        write(root / f"items/treaties/{lang}.md", f"---\ntitle: {title}\n---\n")
    for n, item_id in enumerate(ids):
        year = 1900 + n // 3
        write(root / f"items/{item_id}/item.yaml", f"""
            kind: treaty
            abbreviation: T{n}
            adopted: {year}-0{1 + n % 3}-15
            entry_into_force: {year + 2}-06-01
            monitoring_body: Committee number {n}
            viet_nam: {{action: accession, date: {year + 5}-03-10}}
            sources:
              - title: United Nations Treaty Collection
                url: https://treaties.un.org
        """)
        for lang, title, summary in (("vi", f"Điều ước số {n}", "Tóm tắt."),
                                     ("en", f"Treaty number {n}", "A summary.")):
            write(root / f"items/{item_id}/{lang}.md", f"---\ntitle: {title}\n---\n{summary}\n")
    return build_catalog(root, root.parent / "catalog.db").catalog


def live(kind: type) -> int:
    import gc

    gc.collect()
    return sum(1 for obj in gc.get_objects() if type(obj) is kind)  # not proxies


def test_a_long_timeline_makes_only_the_entries_on_screen_and_the_keys_reach_the_end(
        kiosk, long_timeline):
    from kiosk.ui.screens.timeline import DateMarker, TimelineEntry

    with kiosk.showing(long_timeline):
        open_timeline(kiosk)
        screen = kiosk.screen
        made = screen.entries()
        assert made[0].item_id == "t-0000" and made[0].year == "1900"
        assert len(made) <= 30, f"{len(made)} entries made for {TREATIES} treaties"
        # every visit, language and text size shows the same few recycled widgets: none
        # of the entries shown before is kept alive (a strong binding to the theme did)
        for lang, scale in (("en", 2.0), ("vi", 1.0), ("en", 1.0)):
            kiosk.app.set_language(lang)
            kiosk.app.set_preferences(text_scale=scale)
            kiosk.frames(3)
        assert live(TimelineEntry) <= 60 and live(DateMarker) <= 3 * 60, (
            live(TimelineEntry), live(DateMarker))

        kiosk.key("down")  # the keypad walks on past the screen's edge, in order
        reached = []
        for _ in range(40):
            kiosk.key("down")
            if isinstance(kiosk.app.focus.current, TimelineEntry):
                reached.append(kiosk.app.focus.current.item_id)
        # in order, past the screen's edge. (Kivy re-deals the recycled widgets when a row
        # first shown is taller than estimated, and the focus may then step back one entry
        # once: hence sorted, not consecutive.)
        assert reached == sorted(reached) and len(set(reached)) > 30, reached
        assert "Viet Nam acceded" in kiosk.speech.last_text

        screen.entry_for(f"t-{TREATIES - 1:04d}")  # scrolled to, made on demand
        kiosk.frames(3)
        last = screen.entry_for(f"t-{TREATIES - 1:04d}")  # the widget showing it, settled
        assert last is not None and last.year == str(1900 + (TREATIES - 1) // 3)
        assert len(screen.entries()) <= 30
        kiosk.app.focus.set(last)  # in audio mode (the keypad began it), Enter opens it
        kiosk.key("enter")
        assert kiosk.screen_name == "treaty"
        assert kiosk.app.session.current.params == {"item_id": f"t-{TREATIES - 1:04d}"}
