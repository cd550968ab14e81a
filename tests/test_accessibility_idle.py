"""The idle reset asks first, waits at least 20 s, can be extended any number of times, and
stands still while the kiosk is talking. Time is a fake clock: no sleeping."""

from __future__ import annotations

from kiosk.ui.idle import ACTIVE, WARNING, IdleWatch


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def watch(clock, talking=lambda: False, warning_seconds=30):
    events: list[str] = []
    idle = IdleWatch(90, lambda: events.append("reset"), clock, warning_seconds=warning_seconds,
                     on_warning=lambda: events.append("warn"),
                     on_extend=lambda: events.append("extend"), paused=talking)
    return idle, events


def test_warn_then_reset_unless_the_visitor_answers():
    clock = Clock()
    idle, events = watch(clock)
    clock.now = 89.9
    idle.check()
    assert events == []
    clock.now = 90
    idle.check()
    assert events == ["warn"] and idle.state == WARNING
    clock.now = 119
    idle.note_activity()  # one touch or key
    assert events == ["warn", "extend"] and idle.state == ACTIVE
    for _ in range(10):  # as often as the visitor likes
        clock.now += 90
        idle.check()
        clock.now += 29
        idle.note_activity()
    assert events.count("extend") == 11 and "reset" not in events
    clock.now += 90
    idle.check()
    clock.now += 30
    assert idle.check() and events[-1] == "reset"


def test_the_warning_lasts_at_least_20_seconds_whatever_is_configured():
    idle, _ = watch(Clock(), warning_seconds=5)
    assert idle.warning_seconds == 20


def test_speech_holds_the_timer():
    clock = Clock()
    talking = [True]
    idle, events = watch(clock, talking=lambda: talking[0])
    clock.now = 500
    idle.check()
    assert events == []
    talking[0] = False
    clock.now = 589
    idle.check()
    assert events == []
    clock.now = 590
    idle.check()
    assert events == ["warn"]
