"""The staff PIN: stored as a scrypt hash, checked in constant time, guarded against guessing.

Why scrypt (hashlib, no extra package): `kiosk.toml` may be copied off a kiosk on a USB stick,
and a 4-8 digit PIN has so few possibilities that a fast hash is reversed in seconds; scrypt
makes each guess cost ~16 MiB of memory and tens of milliseconds. The stored form names its own
parameters, `scrypt$n$r$p$salt_b64$hash_b64`, so they can be raised later without breaking
existing files.

`PinGuard` is what stops guessing at the screen: after 5 wrong PINs the panel locks for 30 s,
and each further lockout doubles (60 s, 120 s, ... at most an hour) until a right PIN is
entered. It lives in memory: restarting the app clears it, which takes someone with access to
the power switch — choose a PIN of 6 digits or more where that matters.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_SCRYPT_N = 2**17  # 128 MiB at r=8: the most a small kiosk (Raspberry Pi) should spend
SALT_BYTES, HASH_BYTES = 16, 32
PIN_PATTERN = re.compile(r"[0-9]{4,16}")


class PinFormatError(ValueError):
    """A stored PIN hash that is not `scrypt$n$r$p$salt$hash` with sane parameters."""


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=128 * n * r * (p + 1) + (1 << 20))


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
             salt: bytes | None = None) -> str:
    """The string to put in `[security] staff_pin_hash` for `pin` (4-16 ASCII digits)."""
    if not PIN_PATTERN.fullmatch(pin):
        raise ValueError("a staff PIN is 4 to 16 digits (0-9), so the keypad can enter it")
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, n, r, p, HASH_BYTES)
    return "$".join(("scrypt", str(n), str(r), str(p), base64.b64encode(salt).decode("ascii"),
                     base64.b64encode(digest).decode("ascii")))


@dataclass(frozen=True)
class PinHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def parse_pin_hash(stored: str) -> PinHash:
    """Split a stored hash into its parts; PinFormatError says what is wrong."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise PinFormatError("not of the form scrypt$n$r$p$salt$hash")
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        raise PinFormatError("n, r, p must be numbers and salt, hash base64") from None
    if n < 2 or n & (n - 1) or n > MAX_SCRYPT_N or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise PinFormatError(f"scrypt parameters n={n} r={r} p={p} are out of range "
                             f"(n a power of two up to {MAX_SCRYPT_N})")
    if len(salt) < 8 or len(digest) < 16:
        raise PinFormatError("salt or hash too short")
    return PinHash(n, r, p, salt, digest)


def verify_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches `stored`; False for a wrong PIN or an unusable stored hash.

    The comparison is constant-time (hmac.compare_digest), and scrypt runs even for a PIN of
    the wrong shape, so timing says nothing about how close a guess was.
    """
    try:
        parsed = parse_pin_hash(stored)
    except PinFormatError:
        return False
    digest = _scrypt(pin, parsed.salt, parsed.n, parsed.r, parsed.p, len(parsed.digest))
    return hmac.compare_digest(digest, parsed.digest)


@dataclass(frozen=True)
class PinAttempt:
    accepted: bool
    locked_seconds: float  # > 0: refused without checking; show "try again in N s"
    attempts_left: int  # wrong PINs allowed before the next lockout


class PinGuard:
    """Counts wrong PINs and locks the staff panel, for a period that doubles each time.

    `now` is any monotonic clock in seconds (time.monotonic by default), injected so tests
    need not sleep. While locked, PINs are refused without being checked or counted.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic, max_attempts: int = 5,
                 first_lockout_seconds: float = 30.0, max_lockout_seconds: float = 3600.0) -> None:
        self.now = now
        self.max_attempts = max_attempts
        self.first_lockout_seconds = first_lockout_seconds
        self.max_lockout_seconds = max_lockout_seconds
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0

    def seconds_locked(self) -> float:
        return max(0.0, self.locked_until - self.now())

    @property
    def locked(self) -> bool:
        return self.seconds_locked() > 0

    def next_lockout_seconds(self) -> float:
        return min(self.first_lockout_seconds * 2**self.lockouts, self.max_lockout_seconds)

    def attempt(self, pin: str, stored: str) -> PinAttempt:
        """Check one PIN entry against the stored hash, honouring and updating the lockout."""
        waiting = self.seconds_locked()
        if waiting > 0:
            return PinAttempt(False, waiting, 0)
        if stored and verify_pin(pin, stored):
            self.failures = self.lockouts = 0
            return PinAttempt(True, 0.0, self.max_attempts)
        self.failures += 1
        if self.failures >= self.max_attempts:
            lockout = self.next_lockout_seconds()
            self.locked_until = self.now() + lockout
            self.lockouts += 1
            self.failures = 0
            return PinAttempt(False, lockout, 0)
        return PinAttempt(False, 0.0, self.max_attempts - self.failures)
