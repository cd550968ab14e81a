"""`kiosk audit`: walk every screen of a running kiosk and check what it really shows.

For each interface language × text size (100/150/200 %) × palette, the audit opens each kind
of screen and dialog (in the first combination every section, treaty, image and document
language, with the reading style and reach mode too), lets the layout settle, reads the
window's pixels and applies `checks.py`; then it presses the keypad's Down key until the
focus wraps, and reports every control the keys never reached and a focus ring that does not
change its pixels by 3:1 over a 2 px band. `run_audit` is the library; `kiosk audit` (cli.py)
starts the app in a window for it and exits 1 on any violation.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.a11y.checks import Geometry, Violation, check_state, is_target, shown, widget_path
from kiosk.a11y.pixels import Snapshot, as_unit, ring_points
from kiosk.ui.theme import PALETTES, TEXT_SCALES, Palette, contrast_ratio

State = tuple[str, Callable[[Any], None]]  # (what it is, how to get there from home)


@dataclass(frozen=True)
class Walk:
    """What to walk. Empty `languages` means every language the kiosk offers."""

    languages: tuple[str, ...] = ()
    text_scales: tuple[float, ...] = TEXT_SCALES
    palettes: tuple[Palette, ...] = tuple(PALETTES.values())
    extra_states: tuple[State, ...] = ()
    every_item_first: bool = True  # the first combination visits every item


@dataclass
class AuditReport:
    violations: list[Violation] = field(default_factory=list)
    states: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.violations

    def lines(self) -> list[str]:
        return [v.format() for v in self.violations]


def run_audit(app: Any, walk: Walk | None = None) -> AuditReport:
    """Audit a running app (its window open, its main loop not necessarily running)."""
    return Auditor(app, walk or Walk()).run()


def settle(rounds: int = 8) -> None:
    """Run the clock's pending work (layouts, label textures) without drawing a frame:
    drawing and swapping 1920x1080 in software costs far more than the checks."""
    from kivy.clock import Clock
    from kivy.lang import Builder

    for _ in range(rounds):
        Clock._process_events()
        Builder.sync()
        Clock.tick_draw()


class Auditor:
    def __init__(self, app: Any, walk: Walk) -> None:
        self.app = app
        self.walk = walk
        self.report = AuditReport()

    def run(self) -> AuditReport:
        started = time.monotonic()
        languages = self.walk.languages or self.app.offered_languages()
        first = True
        try:
            for lang in languages:
                for scale in self.walk.text_scales:
                    for palette in self.walk.palettes:
                        self.combination(lang, scale, palette, full=first)
                        first = False
        finally:
            for name in PALETTES_ADDED:
                PALETTES.pop(name, None)
            PALETTES_ADDED.clear()
            self.app.reset_visitor()
            settle()  # let the screen manager finish switching to the attract screen
        self.report.seconds = time.monotonic() - started
        return self.report

    def combination(self, lang: str, scale: float, palette: Palette, full: bool) -> None:
        app = self.app
        app.reset_visitor()
        app.begin_visit()
        app.set_language(lang)
        if palette.name not in PALETTES:
            PALETTES[palette.name] = palette
            PALETTES_ADDED.add(palette.name)
        app.set_preferences(text_scale=scale, palette=palette.name)
        prefs = app.prefs
        label = f"{lang} {round(scale * 100)}% {palette.name}"
        full = full and self.walk.every_item_first
        for index, (what, go) in enumerate(self.states(full)):
            app.session.prefs = prefs  # undo what the last state changed
            app.apply_preferences()
            app.go_home()
            go(app)
            settle()
            self.report.states += 1
            ring = full or index == 0  # every screen's ring once, every palette's ring
            self.report.violations += self.check(f"{label}: {what}", palette, ring)

    # -- the states -------------------------------------------------------------------------

    def states(self, full: bool) -> list[State]:
        catalog = self.app.catalog
        lang = self.app.language
        sections = [s.id for s in catalog.sections(lang)]
        by_kind: dict[str, list[str]] = {}
        for section in sections:
            for item in catalog.section_items(section, lang):
                by_kind.setdefault(item.kind, []).append(item.id)
        states: list[State] = [("home", lambda app: None)]
        states += self._every_item(by_kind, sections) if full else self._one_of_each(
            by_kind, sections)
        return states + list(self.walk.extra_states)

    def _every_item(self, by_kind: dict[str, list[str]], sections: list[str]) -> list[State]:
        catalog, lang = self.app.catalog, self.app.language
        states = [(f"section {s}", _opener("section", item_id=s)) for s in sections]
        states += [(f"treaty {t}", _item(t)) for t in by_kind.get("treaty", [])]
        states += [(f"image {i}", _item(i)) for i in by_kind.get("image", [])]
        for document in by_kind.get("document", []):
            states += [(f"document {document} {d}", _item(document, lang=d))
                       for d in catalog.document(document, lang).available_languages]
        states += [("search", _search("dieu 1")), ("options", lambda app: app.open_options())]
        if by_kind.get("image"):
            describe = _then(_item(by_kind["image"][0]),
                             lambda app: app.current_screen().show_description())
            states.append(("image description", describe))
        if by_kind.get("document"):
            choose = _then(_item(by_kind["document"][0]),
                           lambda app: app.current_screen().choose_language())
            states.append(("document languages", choose))
        return states + self._full_only(by_kind)

    def _one_of_each(self, by_kind: dict[str, list[str]], sections: list[str]) -> list[State]:
        states: list[State] = [(f"section {s}", _opener("section", item_id=s))
                               for s in sections[:1]]
        states += [(f"{kind} {ids[0]}", _item(ids[0])) for kind, ids in sorted(by_kind.items())
                   if kind != "section"]
        return states + [("search", _search("dieu 1")),
                         ("options", lambda app: app.open_options())]

    def _full_only(self, by_kind: dict[str, list[str]]) -> list[State]:
        states: list[State] = [("attract", lambda app: app.reset_visitor()),
                               ("still there?", lambda app: app._on_idle_warning())]
        treaty = next(iter(by_kind.get("treaty", [])), None)
        document = next(iter(by_kind.get("document", [])), None)
        if treaty:
            states.append(("treaty, Easy Read", _then(_prefs(easy_read=True), _item(treaty))))
            states.append(("treaty, dyslexia-friendly", _then(_prefs(dyslexic=True),
                                                              _item(treaty))))
        if document:
            states.append(("document, dyslexia-friendly", _then(_prefs(dyslexic=True),
                                                                _item(document))))
        if self.app.reach_offered:
            states.append(("home, reach mode", _prefs(reach_mode=True)))
            if treaty:
                states.append(("treaty, reach mode", _then(_prefs(reach_mode=True),
                                                           _item(treaty))))
        return states

    # -- one state -------------------------------------------------------------------------

    def geometry(self, palette: Palette) -> Geometry:
        from kivy.core.window import Window

        screen = self.app.site_config.screen
        rows = screen.resolution[1]
        mm_per_px = screen.mm_per_px * rows / Window.height
        reach = None
        if self.app.reach_mode and (band := screen.reachable_band_px):
            reach = (band[0] * Window.height / rows, band[1] * Window.height / rows)
        return Geometry(
            mm_per_px=mm_per_px,
            min_target_mm=screen.min_target_mm,
            min_text_contrast=7.0 if palette.name == "high_contrast" else 4.5,
            reach_px=reach,
            bottom_mm=screen.bottom_height_mm,
            mm_per_row=(screen.top_height_mm - screen.bottom_height_mm) / Window.height,
        )

    def check(self, where: str, palette: Palette, ring: bool = True) -> list[Violation]:
        app = self.app
        app.focus.clear()
        settle(2)
        before = Snapshot.of_window()
        roots = app.focus_layer()
        found = check_state(where, roots, before, self.geometry(palette))
        if app.screen_name != "attract":  # there any key only begins the visit
            found += self._keys(where, roots, before if ring else None)
        return found

    def _keys(self, where: str, roots: list[Any], before: Snapshot | None) -> list[Violation]:
        """Down until the focus wraps: every control reached, and the first ring visible."""
        from kivy.core.window import Window

        app = self.app
        window = (0, 0, *Window.system_size)
        targets = [w for w, _box in shown(roots, window) if is_target(w)]
        reached: list[Any] = []
        found: list[Violation] = []
        wrapped = False
        # A recycled list has more stops than widgets alive: Down goes on until the focus
        # comes back to the first stop, not a count of the stops there now.
        for press in range(MAX_PRESSES):
            _press(app, "down")
            current = app.focus.current
            if press == 0 and current is not None and before is not None:
                found += self._ring(where, current, before)
            if current is None or (reached and current is reached[0]):
                wrapped = True
                break
            reached.append(current)
        if not wrapped:
            found.append(Violation("focus-trap", where, widget_path(reached[-1]),
                                   f"Down {MAX_PRESSES} times never comes back to the first "
                                   "stop"))
        for target in targets:
            if target not in reached:
                found.append(Violation("unreachable", where, widget_path(target),
                                       "the keypad's Up/Down never reach this control"))
        return found

    def _ring(self, where: str, stop: Any, before: Snapshot) -> list[Violation]:
        from kiosk.a11y.checks import window_box

        box = window_box(stop)
        settle(3)
        if window_box(stop) != box:
            return []  # it scrolled into view: the pixels before no longer line up
        after = Snapshot.of_window()
        band = self.app.theme.focus_width
        changed_rows = 0
        for offset in range(1, 2 * band + 2):
            points = ring_points(*box, offset=offset)
            pairs = [(before.pixel(*p), after.pixel(*p)) for p in points]
            pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
            if not pairs:
                continue
            strong = sum(contrast_ratio(as_unit(a), as_unit(b)) >= 3.0 for a, b in pairs)
            if strong >= 0.75 * len(pairs):
                changed_rows += 1
        if changed_rows >= 2:
            return []
        return [Violation("focus-visible", where, widget_path(stop),
                          f"the focus ring changes only {changed_rows} px of the border by 3:1;"
                          " needs a 2 px band all round")]


PALETTES_ADDED: set[str] = set()
MAX_PRESSES = 2000  # Down presses before the walk calls the focus trapped


def _press(app: Any, action: str) -> None:
    from kivy.core.window import Keyboard, Window

    key = next((k for k in app.site_config.keys.actions.get(action, ())), action)
    code = key if isinstance(key, int) else Keyboard.keycodes[key]
    Window.dispatch("on_key_down", code, 0, None, [])
    Window.dispatch("on_key_up", code, 0)


def _opener(name: str, **params: Any) -> Callable[[Any], None]:
    return lambda app: app.open_screen(name, **params)


def _item(item_id: str, **params: Any) -> Callable[[Any], None]:
    return lambda app: app.open_item(item_id, **params)


def _prefs(**prefs: Any) -> Callable[[Any], None]:
    return lambda app: app.set_preferences(**prefs)


def _then(*steps: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(app: Any) -> None:
        for step in steps:
            step(app)

    return run


def _search(query: str) -> Callable[[Any], None]:
    def run(app: Any) -> None:
        app.open_screen("search")
        app.current_screen().ids.keyboard.text = query

    return run
