"""A visitor with only the keypad (Up/Down/Enter/Back/Home) reaches every screen and every
item of the sample exhibition, gets Home from everywhere, and is never trapped.

The walk is breadth-first over states (screen, item, dialog). From each state it moves the
focus to each stop in turn with Down and presses Enter; a new state is queued with the keys
that lead there; where Enter changes the screen in place (a transcript shown, another
page) the walk starts that state again, so that every path it keeps is counted on the screen
as it opens. Zooming in must not change the stops: the arrows stay, "not available" while
the image is whole. Activating the navigation bar's own buttons is explored from the home screen
(they do the same everywhere); the on-screen keyboard's letters and the Options choices
change a state in place, and have their own keys-only stories below.
"""

from __future__ import annotations

from collections import deque

import pytest

pytestmark = pytest.mark.app


def state_of(app) -> tuple[str, str, str]:
    from kiosk.ui.dialogs import open_dialogs

    route = app.session.current
    dialogs = open_dialogs()
    return route.name, route.params.get("item_id", ""), type(dialogs[-1]).__name__ if dialogs else ""


class Walker:
    def __init__(self, kiosk) -> None:
        self.kiosk = kiosk
        self.app = kiosk.app

    def replay(self, path: list[str]) -> None:
        from kiosk.a11y.audit import settle

        self.app.reset_visitor()
        settle(3)
        self.kiosk.key("down")  # any key begins the visit (and, a keypad key, speech)
        for action in path:
            self.kiosk.key(action)
            if action == "enter":  # a visitor sees the new screen drawn before going on
                self.kiosk.frames(2)

    def fingerprint(self) -> tuple:
        """What Enter may have changed in place: route, language, choices, page, dialogs."""
        app = self.app
        return (state_of(app), tuple(sorted(app.session.current.params.items())),
                len(app.session.history), app.language, app.prefs)

    def go_to(self, path: list[str], index: int) -> None:
        """From scratch: replay `path`, then Down to stop `index` (a screen opens focused on
        its first stop)."""
        self.replay(path)
        for _ in range(index):
            self.kiosk.key("down")


def skipped(stop, state, nav) -> bool:
    from kiosk.ui.keyboard import KeyButton
    from kiosk.ui.options import OptionButton

    in_nav = any(w is stop for w in nav.walk(restrict=True))
    return isinstance(stop, KeyButton | OptionButton) or (in_nav and state != ("home", "", ""))


def test_every_screen_and_item_is_reached_with_keys_alone(kiosk, catalog):
    walker = Walker(kiosk)
    app = kiosk.app
    walker.replay([])
    start = state_of(app)
    assert start == ("home", "", "")
    paths = {start: []}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        path = paths[state]
        walker.replay(path)
        assert state_of(app) == state
        count = len(app.focus.stops())
        assert count, f"no focus stop on {state}"

        # no trap: Down as many times as there are stops comes back round to the first
        first = app.focus.current
        assert first is app.focus.stops()[0], f"{state} opens with the focus on its first stop"
        for _ in range(count):
            kiosk.key("down")
        assert app.focus.current is first, f"focus does not wrap on {state}"
        kiosk.key("home")
        assert state_of(app) == ("home", "", ""), f"Home from {state}"

        walker.replay(path)
        before = walker.fingerprint()
        for index in range(count):
            stop = app.focus.stops()[index]
            assert app.focus.current is stop, f"stop {index} of {state}"
            if stop.role == "button" and not skipped(stop, state, kiosk.nav):
                stops = app.focus.stops()
                kiosk.key("enter")
                reached = state_of(app)
                if reached not in paths:
                    paths[reached] = [*path, *["down"] * index, "enter"]
                    queue.append(reached)
                if walker.fingerprint() != before:
                    kiosk.key("back")  # a new screen or dialog: Back returns, focus restored
                if (walker.fingerprint() != before or app.focus.current is not stop
                        or app.focus.stops() != stops):  # "Show the transcript" adds text
                    walker.go_to(path, index)  # changed in place: start again
            kiosk.key("down")

    screens = {name for name, _item, _dialog in paths}
    assert screens >= {"home", "section", "treaty", "document", "image", "search"}
    dialogs = {dialog for _name, _item, dialog in paths}
    assert dialogs >= {"OptionsDialog", "ChoiceDialog", "ReadingDialog"}
    items = {item for _name, item, _dialog in paths if item}
    sections = {s.id for s in catalog.sections("vi")}
    every_item = sections | {i.id for s in sections for i in catalog.section_items(s, "vi")}
    assert every_item <= items, f"not reached: {sorted(every_item - items)}"


def test_the_options_can_be_set_with_keys_alone(kiosk):
    kiosk.key("down")  # begins the visit
    app = kiosk.app
    options_button = kiosk.nav.ids.options_button.__self__  # kv ids are weak proxies
    while app.focus.current is not options_button:
        kiosk.key("down")
    kiosk.key("enter")
    from kiosk.ui.dialogs import open_dialogs

    (dialog,) = open_dialogs()
    target = dialog.option_button("text_scale", 2.0)
    while app.focus.current is not target:
        kiosk.key("down")
    kiosk.key("enter")
    assert app.prefs.text_scale == 2.0
    kiosk.key("back")  # closes the dialog, focus back on Options
    assert open_dialogs() == [] and app.focus.current is options_button


def test_search_is_typed_and_opened_with_keys_alone(kiosk):
    kiosk.key("down")
    app = kiosk.app
    while app.focus.current is not kiosk.nav.ids.search_button.__self__:
        kiosk.key("down")
    kiosk.key("enter")
    assert app.screen_name == "search"
    keyboard = kiosk.screen.ids.keyboard
    for letter in "cedaw":
        key = keyboard.key_for(letter)
        while app.focus.current is not key:
            kiosk.key("down")
        kiosk.key("enter")
    assert kiosk.screen.query == "cedaw"
    first_result = kiosk.screen.result_tiles()[0]
    while app.focus.current is not first_result:
        kiosk.key("down")
    kiosk.key("enter")
    assert app.screen_name in ("treaty", "document")


# -- a long recycled list ------------------------------------------------------------------

LONG = 120  # notes in the long section: many more tiles than are ever widgets at once


@pytest.fixture(scope="module")
def long_section(tmp_path_factory):
    from kiosk.catalog.build import build_catalog

    root = tmp_path_factory.mktemp("long") / "content"
    (root / "items").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "title: {vi: Thử, en: Test}\nlanguages: [vi, en]\ndefault_language: vi\n"
        "idle_timeout_seconds: 600\nedition: 1\n", encoding="utf-8")
    notes = [f"note-{n:03d}" for n in range(LONG)]
    main = root / "items/main"
    main.mkdir()
    (main / "item.yaml").write_text(f"kind: section\norder: 1\nitems: [{', '.join(notes)}]\n")
    for lang in ("vi", "en"):
        (main / f"{lang}.md").write_text("---\ntitle: Main\n---\n", encoding="utf-8")
    for note in notes:
        item = root / "items" / note
        item.mkdir()
        (item / "item.yaml").write_text("kind: document\ncredit: Test\npages:\n  - id: p1\n")
        for lang in ("vi", "en"):
            (item / f"{lang}.md").write_text(
                f"---\ntitle: {note} {lang}\n---\n<!-- page: p1 -->\nText.\n", encoding="utf-8")
    return build_catalog(root, tmp_path_factory.mktemp("long-db") / "c.db").catalog


def test_help_counts_the_whole_long_list_and_the_audit_walks_it_to_the_end(kiosk, long_section):
    from kiosk.a11y.audit import Auditor, Walk

    app = kiosk.app
    with kiosk.showing(long_section):
        kiosk.key("down")
        app.open_screen("section", item_id="main")
        kiosk.frames(3)
        app.focus.first()
        alive = len(app.focus.stops())
        assert alive < LONG, "the test needs a list longer than its widgets"
        nav = len([s for s in app.focus.stops() if any(s is w for w in kiosk.nav.walk())])
        for _ in range(80):
            kiosk.key("down")
        position, total = app.focus.position()
        tile = app.focus.current
        assert getattr(tile, "item_id", "").startswith("note-"), tile
        notes = [i.id for i in app.catalog.section_items("main", "vi")]
        header = total - nav - LONG
        assert position == header + notes.index(tile.item_id) + 1, (position, total)
        assert header >= 1 and total >= LONG + nav, total

        app.focus.clear()
        found = Auditor(app, Walk())._keys("long section", app.focus_layer(), None)
        assert not [v for v in found if v.rule in ("unreachable", "focus-trap")], found
