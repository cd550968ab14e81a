"""Reading a file that a curator or a stranger supplied, without trusting what it is.

A path can name a FIFO, a device (/dev/zero, /dev/stdin) or a file growing while it is read:
`Path.read_bytes()` then blocks forever or fills memory. Here the file is opened without
blocking, must be a regular file, and no more than `limit` bytes are ever read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a device, pipe, socket or folder, not a file."""


class FileTooLarge(OSError):
    """The file holds more than the limit allows."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (else an OSError)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(f"{path} is larger than {limit} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)
