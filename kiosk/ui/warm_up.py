"""The first visitor of the day is as fast as the tenth: a rehearsal out of sight.

A screen's first visit since the process started pays for first use: fonts opened at each
size, the text extents cache empty, Python's and Kivy's first calls, the GL paths drawn once
(session 6 measured a first section, treaty or document visit at 80-95 ms against 53-67 ms
once warm). While the attract screen waits after start-up, this module fills each screen a
visitor opens (home, a section, a treaty, a document, an image) with the exhibition's first
item of that kind, lets its layouts and labels settle and draws it into an off-screen
framebuffer, one step a frame so the attract loop never stutters. The window never shows it;
nothing is counted in the usage figures (only `KioskApp._show` counts) and nothing is spoken.

At the end the screens let go of what they were filled with, as at every idle reset, so the
first visitor finds the same kiosk as every later one. A touch or key before the rehearsal is
done stops it where it is: the visitor's own visit fills the screens as it always does.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.logger import Logger

ENABLED = True  # bench/first_visit.py turns it off for its baseline
REHEARSED_KINDS = ("treaty", "document", "image")  # items opened from a section's tiles
SETTLE_FRAMES = 2  # frames for a filled screen's layouts and label textures before drawing


def rehearsal_plan(catalog: Any, lang: str) -> list[tuple[str, dict]]:
    """(screen, params) for a first visit of each screen, in the order a visitor meets them:
    home, the first section, then the first treaty, document and image found in the sections
    (curator order), one with a picture where there is one (its viewer and page strip are
    warmed too). Kinds the exhibition lacks are left out."""
    plan: list[tuple[str, dict]] = [("home", {})]
    sections = catalog.sections(lang)
    if sections:
        plan.append(("section", {"item_id": sections[0].id}))
    found: dict[str, str] = {}
    pictured: dict[str, str] = {}  # a document with page pictures uses more: the page viewer
    for section in sections:
        for item in catalog.section_items(section.id, lang):
            if item.kind in REHEARSED_KINDS:
                found.setdefault(item.kind, item.id)
                if item.thumbnail:
                    pictured.setdefault(item.kind, item.id)
    found.update(pictured)
    plan += [(kind, {"item_id": found[kind]}) for kind in REHEARSED_KINDS if kind in found]
    return plan


class Rehearsal:
    """Steps through `rehearsal_plan` one screen at a time, a few frames apart."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.plan: list[tuple[str, dict]] = []
        self.done: list[str] = []  # the screens rehearsed, for tests and the bench
        self.finished = False
        self.stopped = False  # a visitor came first
        self._event = None

    def start(self, *_args) -> Rehearsal:
        if not ENABLED:
            self.finished = True
            return self
        self.plan = rehearsal_plan(self.app.catalog, self.app.default_language())
        self._event = Clock.schedule_once(self._fill_next, 0)
        return self

    def cancel(self) -> None:
        if self._event is not None:
            self._event.cancel()

    def _visitor_is_here(self) -> bool:
        return self.app.screen_name != "attract" or self.app.sleep.asleep

    def _fill_next(self, *_args) -> None:
        if self._visitor_is_here():
            self._stop()
            return
        if not self.plan:
            self._finish()
            return
        name, params = self.plan.pop(0)
        screens = self.app.root.ids.screens
        screen = screens.get_screen(name)
        screen.size = screens.size  # as it will be when shown
        notice = self.app.notice_text
        try:
            screen.show(**params)
        except Exception as error:  # a rehearsal never takes the kiosk down
            Logger.warning(f"Kiosk: warm-up of {name} {params} failed: {error!r}")
            self._event = Clock.schedule_once(self._fill_next, 0)
            return
        finally:
            self.app.notice_text = notice  # a translation notice is for a visitor's screen
        self._settle(screen, SETTLE_FRAMES)

    def _settle(self, screen: Any, frames: int) -> None:
        if frames > 0:
            self._event = Clock.schedule_once(lambda _dt: self._settle(screen, frames - 1), 0)
            return
        if self._visitor_is_here():
            self._stop()
            return
        draw_out_of_sight(screen)
        self.done.append(screen.name)
        self._event = Clock.schedule_once(self._fill_next, 0)

    def _stop(self) -> None:
        self.stopped = True
        self.finished = True
        Logger.info(f"Kiosk: warm-up stopped for a visitor after {self.done}")

    def _finish(self) -> None:
        """Every screen lets go of the rehearsal's items, as at an idle reset."""
        self.app._let_go_of_the_last_visit()  # the idle reset's own step
        self.finished = True
        Logger.info(f"Kiosk: warmed up {', '.join(self.done)}")


def draw_out_of_sight(screen: Any) -> None:
    """Draw `screen` (not in the window) into an off-screen framebuffer, once."""
    from kivy.graphics import ClearBuffers, ClearColor, Fbo, Translate

    if screen.parent is not None:  # only a screen out of sight is drawn here
        return
    width, height = (max(1, int(v)) for v in screen.size)
    fbo = Fbo(size=(width, height), with_stencilbuffer=True)
    with fbo:
        ClearColor(0, 0, 0, 0)
        ClearBuffers()
        Translate(-screen.x, -screen.y, 0)
    fbo.add(screen.canvas)
    try:
        fbo.draw()
    finally:
        fbo.remove(screen.canvas)
