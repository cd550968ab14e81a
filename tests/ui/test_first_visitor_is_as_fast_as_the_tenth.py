"""The first visitor of the day finds a kiosk as quick as the tenth does: while the attract
screen waited after start-up, the kiosk rehearsed the first visit of each screen out of sight
(kiosk/ui/warm_up.py). The visitor never sees it, nothing is counted or spoken, and every
screen lets go of the rehearsal's items afterwards; a visitor who touches the screen first
stops it. How much faster the first visit is, is measured in bench/first_visit.py.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.app


def test_the_kiosk_rehearsed_every_screen_while_the_attract_screen_waited(kiosk_session):
    app = kiosk_session.app
    rehearsal = app.warm_up
    assert rehearsal.finished and not rehearsal.stopped
    assert rehearsal.done == ["home", "section", "treaty", "document", "image"]
    screens = app.root.ids.screens
    for name in rehearsal.done:
        assert screens.has_screen(name), f"{name} was made and filled"


def test_the_rehearsal_is_out_of_sight_and_leaves_nothing_behind(kiosk):
    from kiosk.ui.warm_up import Rehearsal

    app = kiosk.app
    shown_on_the_window = []
    kiosk.speech.log.clear()
    rehearsal = Rehearsal(app).start()
    filled = set()  # what the off-screen document showed while it was rehearsed
    for _ in range(60):
        kiosk.frames(1)
        shown_on_the_window.append(app.root.ids.screens.current)
        if rehearsal.finished:
            break
        if rehearsal.done[-1:] == ["document"]:
            document = app.root.ids.screens.get_screen("document")
            filled.add((document.doc_title, len(document.ids.transcript.children) > 0))
    assert rehearsal.finished and len(rehearsal.done) == 5
    assert set(shown_on_the_window) == {"attract"}, "the window showed the attract screen only"
    assert kiosk.screen_name == "attract" and app.notice_text == ""
    assert kiosk.speech.log.spoken_texts() == [], "nothing spoken"
    assert app.staff.services.recorder.session is None, "no visit begun in the usage figures"
    assert filled == {(kiosk.app.catalog.document("udhr-vi-en", "vi").title, True)}, \
        "the document was filled and laid out, out of sight"
    document = app.root.ids.screens.get_screen("document")
    assert not document.ids.transcript.children, "the rehearsal's document is let go"


def test_a_visitor_who_comes_first_stops_the_rehearsal(kiosk):
    from kiosk.ui.warm_up import Rehearsal

    rehearsal = Rehearsal(kiosk.app).start()
    kiosk.frames(3)
    kiosk.tap(kiosk.screen.ids.attract_invitation)
    assert kiosk.screen_name == "home"
    kiosk.frames(20)
    assert rehearsal.stopped and len(rehearsal.done) < 5
    kiosk.tap(kiosk.screen.tile_for("udhr-section"))
    assert kiosk.screen_name == "section", "the visit goes on as ever"
