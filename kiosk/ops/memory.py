"""Memory for a kiosk that runs for months: handed back between visitors, and garbage
collected while nobody waits.

- CPython and the C library keep memory they have freed, ready for reuse, instead of
  returning it; images decoded on worker threads spread that kept memory over one malloc
  arena per thread. Over thousands of visits the resident size crept upward though nothing
  was alive (bench/soak.py: about 40 MB of every 450 MB was free memory still held). So the
  app asks glibc for few arenas and gives large blocks pages of their own, and at every idle
  reset trims the heaps (`malloc_trim` returns whole free pages).
- Python's full collection walked all of the kiosk's 250,000 objects and freed the widgets a
  visit had left behind: 160-500 ms, at a moment chosen by allocation counts, i.e. in the
  middle of a touch (bench/app_bench.py measured it in touch → frame). Now the full pass
  runs at each idle reset; what survives it is frozen (`gc.freeze`: the catalog, the screens,
  the fonts), so the collections during a visit walk only that visit's objects; and the
  oldest generation's pass during a visit (40-180 ms: it frees the screens the visitor left)
  is taken over from CPython's allocation counts: it runs once the frame for the last touch
  is on screen and the visitor is looking at it, early when the visitor pauses to read, and
  by CPython's own rule only after four times its usual count (someone who never stops
  touching).

Where the C library is not glibc the allocator calls are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache

M_ARENA_MAX = -8  # mallopt's parameter numbers, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
ARENAS = 2  # one for the UI thread, one shared by the decoding and audio threads
# Blocks this big or bigger (decoded tiles and thumbnails, label pixels) get pages of their
# own, given back the moment they are freed. Left alone, glibc raises this threshold each
# time such a block is freed, and the next ones are carved from the heap, which they leave
# full of holes.
MMAP_THRESHOLD = 128 * 1024
# CPython runs the oldest generation's pass after 10 of the middle one, inside whatever
# allocates next: a touch. The kiosk runs it at that count once the last touch is 0.3 s old
# (its frame long drawn), from half that count when the visitor pauses 1.5 s to read; and
# leaves CPython's own rule for four times the count, for someone who never stops touching.
OLDEST_EVERY = 10
OLDEST_DUE = 5
OLDEST_LAST_RESORT = 40
SETTLED_S = 0.3
READING_PAUSE_S = 1.5
# The deep pass (everything unfrozen and walked again, ~0.3 s) comes a minute apart by the
# app's clock, or after this many quick resets: on a kiosk every reset follows an idle
# timeout of a minute or more, so every reset is deep; resets in quick succession (a
# technician trying screens, tests replaying a walk hundreds of times) walk only what the
# last visit made. Not never: a frozen widget that is garbage stays bound to the app's
# properties (language, palette) and is updated with the living ones until it is collected.
DEEP_PASS_EVERY_S = 60.0
DEEP_PASS_EVERY_RESETS = 8


@cache
def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is None or not hasattr(libc, "malloc_trim") or not hasattr(libc, "mallopt"):
            return None
    except OSError:
        return None
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return libc


def tune_memory(arenas: int = ARENAS) -> bool:
    """Few malloc arenas for the threads started after this call, and large blocks on pages
    of their own; True if glibc took both."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, arenas)) and bool(
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def between_visitors(deep: bool = True) -> bool:
    """The full collection, the survivors frozen, free heap pages returned to the system;
    True if pages went back. Called at the idle reset, when no one is waiting. Not `deep`,
    the collection walks only what was made since the last freeze."""
    if deep:
        gc.unfreeze()  # last visit's frozen objects that have since become garbage go too
    gc.collect()
    gc.freeze()
    libc = _glibc()
    return bool(libc and libc.malloc_trim(0))


class VisitorResets:
    """Chooses, by the app's clock, which idle resets make the deep pass."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self._last_deep: float | None = None
        self._quick_resets = 0

    def tidy(self) -> bool:
        now = self.clock()
        deep = (self._last_deep is None or now - self._last_deep >= DEEP_PASS_EVERY_S
                or self._quick_resets + 1 >= DEEP_PASS_EVERY_RESETS)
        if deep:
            self._last_deep, self._quick_resets = now, 0
        else:
            self._quick_resets += 1
        return between_visitors(deep=deep)


def take_over_oldest_pass() -> None:
    """CPython's own oldest-generation pass only as a last resort; `collect_while_reading`
    runs it between touches."""
    young, middle, _oldest = gc.get_threshold()
    gc.set_threshold(young, middle, OLDEST_LAST_RESORT)


def collect_while_reading(seconds_since_touch: float) -> bool:
    """Run the oldest generation's pass now if it is due and no touch is waiting for its
    frame (the app checks every quarter second); True if it ran."""
    due = gc.get_count()[2]
    if not (due >= OLDEST_EVERY and seconds_since_touch >= SETTLED_S
            or due >= OLDEST_DUE and seconds_since_touch >= READING_PAUSE_S):
        return False
    gc.collect()
    return True
