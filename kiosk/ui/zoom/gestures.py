"""The zoom viewer's gestures, apart from what it draws.

Two fingers pinch about the point between them and pan as they move; one finger drags the
zoomed picture and, lifted while moving, sets it gliding until the glide dies away (not with
"reduce motion"); a double tap zooms in at the finger, or back to the whole image from the
largest zoom; while the whole image shows, a quick sideways movement is a swipe. Taps and
swipes are timed by the app's clock (tests decide what counts as quick); the glide by real
time, since it is drawn frame by frame.
"""

from __future__ import annotations

import math
import time
from typing import Any

from kivy.app import App
from kivy.clock import Clock

from kiosk.ui.safety import guarded

ZOOM_STEP = 2.0  # a button press, a key or a double tap doubles (or halves) the zoom
DOUBLE_TAP_SECONDS = 0.4
DRAG_START_PX = 12  # a finger moving less than this is still a tap
SWIPE_MIN_SHARE = 0.15  # of the viewer's width, for a swipe to turn a page
SWIPE_MAX_SECONDS = 0.8
GLIDE_DECAY_S = 0.33  # the glide's speed falls to 1/e in this time
GLIDE_STOP_PX_S = 25.0
GLIDE_MAX_PX_S = 6000.0
VELOCITY_WINDOW_S = 0.1  # the glide starts at the finger's speed over its last 0.1 s
STILL_BEFORE_LIFT_S = 0.3  # a finger held this long before lifting does not flick


class ZoomGestures:
    """Mixin for `ZoomViewer`: needs its `view`, `_zoom_about`, `pan_by`, `reset`,
    `_changed` and the `on_swipe` event."""

    # -- touch ------------------------------------------------------------------------------

    @guarded
    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        if getattr(touch, "is_mouse_scrolling", False):
            self._zoom_about(ZOOM_STEP ** 0.5 if touch.button == "scrolldown"
                             else ZOOM_STEP ** -0.5, touch.pos)
            return True
        self._stop_glide()
        touch.grab(self)
        touch.ud["zoom_start"] = (touch.x, touch.y, self._now())
        touch.ud["zoom_dragging"] = False
        self._touches[touch.uid] = touch
        self._at[touch.uid] = touch.pos
        if len(self._touches) == 2:
            self._pinch = self._pinch_state()
            for other in self._touches.values():
                other.ud["zoom_pinched"] = True
        self._samples.clear()
        self._samples.append((time.perf_counter(), touch.x, touch.y))
        return True

    @guarded
    def on_touch_move(self, touch: Any) -> bool:
        if touch.grab_current is not self or touch.uid not in self._touches:
            return False
        self._at[touch.uid] = touch.pos
        if len(self._touches) >= 2 and self._pinch is not None:
            distance, (cx, cy) = self._pinch_state()
            before, (bx, by) = self._pinch
            if before > 0 and distance > 0:  # the point under the fingers stays under them
                self.view.zoom_by(distance / before, (bx - self.x, by - self.y))
            self.view.pan_by(cx - bx, cy - by)
            self._pinch = (distance, (cx, cy))
            self._changed()
            return True
        start_x, start_y, _started = touch.ud["zoom_start"]
        if not touch.ud["zoom_dragging"]:
            if math.hypot(touch.x - start_x, touch.y - start_y) < DRAG_START_PX:
                return True
            touch.ud["zoom_dragging"] = True
        self._samples.append((time.perf_counter(), touch.x, touch.y))
        if self.view.zoomed:
            self.pan_by(touch.dx, touch.dy)
        return True

    @guarded
    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        self._touches.pop(touch.uid, None)
        self._at.pop(touch.uid, None)
        if touch.ud.get("zoom_pinched"):
            self._pinch = None
            for uid, other in self._touches.items():  # the finger left behind drags from here
                other.ud["zoom_start"] = (*self._at[uid], self._now())
            self._samples.clear()
            return True
        if not touch.ud.get("zoom_dragging"):
            self._tapped(touch)
        elif self.view.zoomed:
            self._start_glide(touch)
        else:
            self._maybe_swipe(touch)
        return True

    def _pinch_state(self) -> tuple[float, tuple[float, float]]:
        (ax, ay), (bx, by) = [self._at[uid] for uid in list(self._touches)[:2]]
        return math.hypot(ax - bx, ay - by), ((ax + bx) / 2, (ay + by) / 2)

    def _tapped(self, touch: Any) -> None:
        now = self._now()
        last = self._last_tap
        near = self._near_px()
        if last is not None and now - last[0] <= DOUBLE_TAP_SECONDS and \
                math.hypot(touch.x - last[1], touch.y - last[2]) <= near:
            self._last_tap = None
            if self.view.zoom >= self.view.max_zoom - 1e-6:
                self.reset()
            else:
                self._zoom_about(ZOOM_STEP, touch.pos)
            return
        self._last_tap = (now, touch.x, touch.y)

    def _maybe_swipe(self, touch: Any) -> None:
        start_x, start_y, started = touch.ud["zoom_start"]
        dx, dy = touch.x - start_x, touch.y - start_y
        quick = self._now() - started <= SWIPE_MAX_SECONDS
        if quick and abs(dx) >= self.width * SWIPE_MIN_SHARE and abs(dx) > 1.5 * abs(dy):
            self.dispatch("on_swipe", "left" if dx < 0 else "right")

    # -- the glide after a flick ------------------------------------------------------------

    def _start_glide(self, _touch: Any) -> None:
        if self._reduce_motion() or len(self._samples) < 2:
            return
        samples = list(self._samples)
        last = samples[-1][0]
        gaps = sorted(b[0] - a[0] for a, b in zip(samples, samples[1:], strict=False))
        rhythm = gaps[len(gaps) // 2]  # the time between moves (longer on a slow frame rate)
        if time.perf_counter() - last > max(STILL_BEFORE_LIFT_S, 2 * rhythm):
            return  # the finger had stopped before it lifted
        recent = [s for s in self._samples if last - s[0] <= VELOCITY_WINDOW_S]
        if len(recent) < 2 or recent[-1][0] - recent[0][0] <= 1e-4:
            recent = samples[-2:]  # moves further apart than the window: the last one
        if recent[-1][0] - recent[0][0] <= 1e-4:
            return
        span = recent[-1][0] - recent[0][0]
        vx = (recent[-1][1] - recent[0][1]) / span
        vy = (recent[-1][2] - recent[0][2]) / span
        speed = math.hypot(vx, vy)
        if speed < GLIDE_STOP_PX_S:
            return
        if speed > GLIDE_MAX_PX_S:
            vx, vy = vx * GLIDE_MAX_PX_S / speed, vy * GLIDE_MAX_PX_S / speed
        self._velocity = (vx, vy)
        self._glide = Clock.schedule_interval(self._glide_step, 0)

    def _glide_step(self, dt: float) -> bool | None:
        dt = min(dt, 1 / 20)
        vx, vy = self._velocity
        moved_x, moved_y = self.view.pan_by(vx * dt, vy * dt)
        if abs(moved_x) < abs(vx * dt) * 0.5:
            vx = 0.0  # an edge stopped it
        if abs(moved_y) < abs(vy * dt) * 0.5:
            vy = 0.0
        decay = math.exp(-dt / GLIDE_DECAY_S)
        self._velocity = (vx * decay, vy * decay)
        self._changed()
        if math.hypot(*self._velocity) < GLIDE_STOP_PX_S:
            self._glide = None
            return False
        return None

    @property
    def gliding(self) -> bool:
        return self._glide is not None

    def _stop_glide(self) -> None:
        if self._glide is not None:
            self._glide.cancel()
            self._glide = None

    # -- the app around it ------------------------------------------------------------------

    def _now(self) -> float:
        """The app's clock (tests decide what counts as a double tap), else the real one."""
        clock = getattr(App.get_running_app(), "clock", None)
        return clock() if callable(clock) else time.monotonic()

    def _near_px(self) -> float:
        theme = getattr(App.get_running_app(), "theme", None)
        return float(getattr(theme, "target", 100))

    def _reduce_motion(self) -> bool:
        theme = getattr(App.get_running_app(), "theme", None)
        return bool(getattr(theme, "reduce_motion", False))

