"""A visitor simulator: seeded random actions on the real, in-process kiosk app.

Touches on whatever buttons and tiles are on screen, swipes on scroll views, two-finger
pinches, keypad keys from the site's bindings, language changes, text size and palette
changes, and jumps of the (fake) clock past the idle timeout. After every idle jump the app
must be back on the attract screen; any exception that reaches the app's safety net
(`kiosk.ui.safety.recover_from`) fails the run. Resident memory is read from /proc/self/statm
at the first idle reset after 1,000 actions and at the end (also just after a reset, so the
two are taken in the same state), and at every progress report (wherever the visit is).

Used by tests/ui/test_soak_short.py (2,000 actions), bench/app_bench.py, and on its own for
the long run, which writes its figures to a JSON file every `--progress-every` actions so a
run stopped early still tells how far it got and how memory moved:

    python bench/soak.py --actions 100000 --progress bench/.data/soak-progress.json

The app must already be started without its main loop (as tests/ui/conftest.py does).
Layouts settle after every action; a real frame (draw and buffer swap) is drawn every
`frame_every` actions and after every idle reset. The mix of actions is weighted like a
visit: mostly taps, keys and swipes, now and then a language or an option, and an idle reset
about every twenty actions (each reset rebuilds the home screen, the costliest step).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
WEIGHTS = {"tap": 8, "key": 6, "swipe": 3, "pinch": 1, "language": 1, "option": 1, "idle": 1}
ACTIONS, _WEIGHTS = tuple(WEIGHTS), tuple(WEIGHTS.values())


def rss_mb() -> float:
    """This process's resident memory in MB (10^6 bytes), from /proc/self/statm."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 1e6


@dataclass
class SoakResult:
    actions: int
    seconds: float
    rss_after_1k_mb: float | None
    rss_end_mb: float
    idle_resets: int
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    screens: dict[str, int] = field(default_factory=dict)
    seconds_by_action: dict[str, float] = field(default_factory=dict)
    rss_samples: list[tuple[int, float]] = field(default_factory=list)  # (actions, MB)
    avoided: list[str] = field(default_factory=list)  # screens the run stepped back out of
    # just after a reset: the first after every `progress_every` actions, (actions, MB)
    reset_samples: list[tuple[int, float]] = field(default_factory=list)
    # the first reset after every screen had been shown once: (actions, MB)
    warm: tuple[int, float] | None = None

    @property
    def rss_growth_pct(self) -> float | None:
        if not self.rss_after_1k_mb:
            return None
        return (self.rss_end_mb - self.rss_after_1k_mb) / self.rss_after_1k_mb * 100

    @property
    def rss_growth_after_warm_pct(self) -> float | None:
        """Growth from the first reset after every screen had been built and shown (their
        fonts, shaders and modules loaded once) to the end: what a leak would show."""
        if not self.warm:
            return None
        return (self.rss_end_mb - self.warm[1]) / self.warm[1] * 100

    @property
    def actions_per_second(self) -> float:
        return self.actions / self.seconds if self.seconds else 0.0

    def as_json(self, finished: bool = True) -> dict:
        return {"finished": finished, "actions": self.actions, "seconds": round(self.seconds, 1),
                "actions_per_second": round(self.actions_per_second, 2),
                "rss_after_1k_mb": self.rss_after_1k_mb and round(self.rss_after_1k_mb, 1),
                "rss_end_mb": round(self.rss_end_mb, 1),
                "rss_growth_pct": None if self.rss_growth_pct is None
                else round(self.rss_growth_pct, 2),
                "idle_resets": self.idle_resets, "errors": self.errors[:3],
                "counts": self.counts, "screens": self.screens,
                "seconds_by_action": {k: round(v, 1) for k, v in self.seconds_by_action.items()},
                "rss_samples": self.rss_samples, "reset_samples": self.reset_samples,
                "warm": self.warm, "rss_growth_after_warm_pct":
                None if self.rss_growth_after_warm_pct is None
                else round(self.rss_growth_after_warm_pct, 2),
                "avoided": self.avoided}

    def write(self, path: str | os.PathLike, finished: bool = True) -> None:
        """Written to a temp name and renamed: a reader never sees half a file."""
        tmp = f"{path}.tmp"
        with open(tmp, "w") as out:
            json.dump(self.as_json(finished), out, indent=1)
        os.replace(tmp, path)


class SoakFailure(AssertionError):
    pass


def _settle(rounds: int = 2) -> None:
    from kiosk.a11y.audit import settle

    settle(rounds)


def _frame() -> None:
    from kivy.base import EventLoop

    EventLoop.idle()


class VisitorSimulator:
    """Drives `app` (a started KioskApp whose clock is `clock`, with `advance(seconds)`)."""

    def __init__(self, app: Any, clock: Any, seed: int = 1,
                 log: Callable[[str], None] | None = None,
                 avoid: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.avoid = avoid  # screens left at once (Back): to measure the rest without one
        self.clock = clock
        self.random = random.Random(seed)
        self.log = log or (lambda _line: None)
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}
        self.screens: dict[str, int] = {}
        self.idle_resets = 0

    # -- catching failures ------------------------------------------------------------------

    def _install_error_trap(self) -> Callable[[], None]:
        from kiosk.ui import safety

        original = safety.recover_from

        def trap(error: BaseException, where: str) -> None:
            self.errors.append(f"{where}: {error!r}\n" + "".join(
                traceback.format_exception(type(error), error, error.__traceback__)))
            original(error, where)

        safety.recover_from = trap
        return lambda: setattr(safety, "recover_from", original)

    # -- what is on screen ------------------------------------------------------------------

    def _roots(self) -> list[Any]:
        from kivy.core.window import Window

        # open dialogs (ModalViews) sit on the Window next to the app's root
        return [child for child in Window.children if child.opacity > 0]

    def _visible(self, kind: type) -> list[Any]:
        from kivy.core.window import Window

        found = []
        width, height = Window.size
        for root in self._roots():
            for widget in root.walk(restrict=True):
                if not isinstance(widget, kind) or widget.disabled or widget.opacity == 0:
                    continue
                if widget.width < 2 or widget.height < 2 or widget.get_root_window() is None:
                    continue
                x, y = widget.to_window(*widget.center)
                if 0 <= x < width and 0 <= y < height:
                    found.append(widget)
        return found

    # -- actions ----------------------------------------------------------------------------

    def _touch(self, x: float, y: float, moves: list[tuple[float, float]] = ()) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        for mx, my in moves:
            touch.touch_move(mx, my)
        touch.touch_up()

    def tap(self) -> None:
        from kivy.uix.behaviors import ButtonBehavior

        targets = self._visible(ButtonBehavior)
        if not targets:
            return
        widget = self.random.choice(targets)
        self._touch(*widget.to_window(*widget.center))

    def swipe(self) -> None:
        from kivy.uix.scrollview import ScrollView

        views = self._visible(ScrollView)
        if not views:
            return
        view = self.random.choice(views)
        x, y = view.to_window(*view.center)
        dy = self.random.choice((-1, 1)) * min(view.height / 3, 300)
        dx = self.random.choice((0, 0, -1, 1)) * min(view.width / 3, 300)
        self._touch(x, y, [(x + dx * k / 4, y + dy * k / 4) for k in range(1, 5)])

    def pinch(self) -> None:
        from kivy.core.window import Window
        from kivy.tests.common import UnitTestTouch

        cx, cy = Window.width / 2, Window.height / 2
        spread = self.random.choice((-1, 1)) * 120
        a, b = UnitTestTouch(cx - 100, cy), UnitTestTouch(cx + 100, cy)
        a.touch_down()
        b.touch_down()
        for k in range(1, 4):
            a.touch_move(cx - 100 - spread * k / 3, cy)
            b.touch_move(cx + 100 + spread * k / 3, cy)
        a.touch_up()
        b.touch_up()

    def key(self) -> None:
        from kivy.core.window import Keyboard, Window

        actions = self.app.site_config.keys.actions
        action = self.random.choice(sorted(a for a in actions if actions[a]))
        name = actions[action][0]
        code = name if isinstance(name, int) else Keyboard.keycodes[name]
        Window.dispatch("on_key_down", code, 0, None, [])
        Window.dispatch("on_key_up", code, 0)

    def language(self) -> None:
        self.app.set_language(self.random.choice(list(self.app.offered_languages())))

    def option(self) -> None:
        from kiosk.ui.theme import PALETTES

        name = self.random.choice(("text_scale", "palette", "dyslexic", "reduce_motion"))
        if name == "text_scale":
            value = self.random.choice((1.0, 1.5, 2.0))
        elif name == "palette":
            value = self.random.choice(sorted(PALETTES))
        else:
            value = not getattr(self.app.prefs, name)
        self.app.choose_option(name, value)

    def idle(self) -> None:
        """Walk away: the clock jumps past the idle timeout, then past the "Still there?"
        warning. The app's own idle check (scheduled every 0.25 s on Kivy's clock) is called
        at each step, as that schedule would."""
        watch = self.app.idle_watch
        for seconds in (watch.timeout_seconds + 1, watch.warning_seconds + 1):
            self.clock.advance(seconds)
            self.app._check_idle(0)
            _settle(2)
        _frame()
        self._forget_test_speech()
        self.idle_resets += 1
        if self.app.screen_name != "attract":
            raise SoakFailure(f"after idle the screen is {self.app.screen_name!r}, not attract")

    def _forget_test_speech(self) -> None:
        """The test engine remembers every utterance for tests to read; a real engine keeps
        nothing. Forgotten at each reset, so the soak measures the kiosk, not its recorder."""
        engine = self.app.narrator.engine
        if hasattr(engine, "utterances"):
            engine.utterances.clear()
            engine.log.clear()

    def _note_memory_after_reset(self, n: int, rss_at: int, every: int) -> None:
        from kiosk.ui.screens import SCREEN_NAMES

        if self._rss_1k is None and n >= rss_at:
            self._rss_1k = rss_mb()  # after a reset, as at the end: the same state
        if len(self._after_resets) < n // every:
            self._after_resets.append((n, round(rss_mb(), 1)))
        if self._warm is None and set(self.screens) >= set(SCREEN_NAMES) - self.avoid:
            self._warm = (n, round(rss_mb(), 1))

    # -- the run ----------------------------------------------------------------------------

    def run(self, actions: int, rss_at: int = 1000, frame_every: int = 20,
            progress: str | os.PathLike | None = None, progress_every: int = 1000) -> SoakResult:
        """`actions` seeded actions, then an idle reset; figures to `progress` every
        `progress_every` actions (and at the end) when given."""
        restore = self._install_error_trap()
        self._rss_1k: float | None = None
        self._after_resets: list[tuple[int, float]] = []
        self._warm: tuple[int, float] | None = None
        seconds: dict[str, float] = {}
        samples: list[tuple[int, float]] = []
        start = time.perf_counter()

        def result(done: int) -> SoakResult:
            return SoakResult(done, time.perf_counter() - start, self._rss_1k, rss_mb(),
                              self.idle_resets, self.errors, self.counts, self.screens,
                              seconds, samples, sorted(self.avoid), self._after_resets,
                              self._warm)

        try:
            for n in range(1, actions + 1):
                action = self.random.choices(ACTIONS, _WEIGHTS)[0]
                began = time.perf_counter()
                getattr(self, action)()
                if self.app.screen_name in self.avoid:
                    self.app.go_back()
                self.clock.advance(self.random.uniform(0.2, 3.0))
                _settle(2)
                if n % frame_every == 0:
                    _frame()
                seconds[action] = seconds.get(action, 0.0) + time.perf_counter() - began
                self.counts[action] = self.counts.get(action, 0) + 1
                screen = self.app.screen_name
                self.screens[screen] = self.screens.get(screen, 0) + 1
                if self.errors:
                    raise SoakFailure(f"action {n} ({action}): {self.errors[0]}")
                if action == "idle":
                    self._note_memory_after_reset(n, rss_at, progress_every)
                if n % progress_every == 0:
                    samples.append((n, round(rss_mb(), 1)))
                    self.log(f"soak: {n} actions, {time.perf_counter() - start:.0f} s, "
                             f"RSS {samples[-1][1]:.1f} MB, screen {screen}")
                    if progress:
                        result(n).write(progress, finished=False)
            self.idle()  # every run ends back on attract
        finally:
            restore()
        final = result(actions)
        if progress:
            final.write(progress)
        return final


def main(argv: list[str] | None = None) -> int:
    """The long soak on its own: a window of `--size` on the bench's 1,000-title catalog."""
    import argparse
    import subprocess
    from pathlib import Path

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    from bench.app_bench import XVFB_SCREEN, ensure_catalog, kivy_env, start_app

    parser = argparse.ArgumentParser(description="The kiosk's long soak (bench/soak.py)")
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--catalog", help="default: the bench's 1,000-title catalog")
    parser.add_argument("--size", default="1280x800", help="window size, e.g. 960x600")
    parser.add_argument("--frame-every", type=int, default=20)
    parser.add_argument("--progress", default=str(here / ".data" / "soak-progress.json"))
    parser.add_argument("--progress-every", type=int, default=1000)
    parser.add_argument("--avoid", default="", help="screens to leave at once, comma-separated "
                        "(a diagnostic: the soak of everything but them)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        return subprocess.call(["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable,
                                __file__, *(argv if argv is not None else sys.argv[1:])],
                               env=kivy_env())
    os.environ.update({k: v for k, v in kivy_env().items() if k.startswith("KIVY")})
    Path(args.progress).parent.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.size.lower().split("x"))
    app, clock = start_app(args.catalog or ensure_catalog(1000), (width, height))
    simulator = VisitorSimulator(app, clock, seed=args.seed, log=print,
                                 avoid=frozenset(filter(None, args.avoid.split(","))))
    try:
        result = simulator.run(args.actions, frame_every=args.frame_every,
                               progress=args.progress, progress_every=args.progress_every)
    except SoakFailure as failure:
        print(f"soak FAILED: {failure}")
        return 1
    growth = result.rss_growth_pct
    print(json.dumps(result.as_json(), indent=1))
    ok = growth is not None and growth <= 10 and app.screen_name == "attract"
    print(f"soak {'passed' if ok else 'FAILED'}: {result.actions} actions in "
          f"{result.seconds:.0f} s ({result.actions_per_second:.1f}/s), RSS growth "
          f"{growth if growth is None else round(growth, 2)} %")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except Exception:  # Kivy has replaced sys.stderr: say why on the real one
        traceback.print_exc(file=sys.__stderr__)
        raise SystemExit(1) from None
