"""Handing freed memory back to the system between visitors.

A kiosk runs for months. CPython and the C library keep memory they have freed, ready for
reuse, instead of returning it; and images decoded on worker threads spread that kept memory
over one malloc arena per thread. Over thousands of visits the resident size creeps upward
though nothing is alive any more (bench/soak.py measured it: about 40 MB of every 450 MB was
free memory still held). So the app asks glibc for few arenas before its threads start, and
at every idle reset, when no visitor is waiting, collects Python's cycles and trims the
heaps (`malloc_trim` gives whole free pages back). Where the C library is not glibc both are
no-ops.
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


def tune_allocator(arenas: int = ARENAS) -> bool:
    """Few malloc arenas for the threads started after this call, and large blocks on pages
    of their own; True if glibc took both."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, arenas)) and bool(
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def give_back_free_memory() -> bool:
    """Collect unreachable objects, then return free heap pages; True if pages went back."""
    gc.collect()
    libc = _glibc()
    return bool(libc and libc.malloc_trim(0))
