"""Who may use the studio: sessions, CSRF tokens, scrypt password hashes and a lockout."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from pathlib import Path

LOCK_AFTER = 5
LOCK_SECONDS = 300


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.strip().split("$")
        found = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=2**14, r=8, p=1)
    except ValueError:
        return False
    return hmac.compare_digest(found, base64.b64decode(digest))


def default_password_file() -> Path:
    return Path.home() / ".config" / "kiosk" / "studio.passwd"


class Sessions:
    def __init__(self, password_hash: str | None) -> None:
        self.password_hash = password_hash
        self.sessions: dict[str, dict] = {}
        self.failures: dict[str, list[float]] = {}

    def locked(self, client: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.failures.get(client, []) if now - t < LOCK_SECONDS]
        self.failures[client] = recent
        return len(recent) >= LOCK_AFTER

    def login(self, client: str, password: str, name: str) -> str | None:
        if self.locked(client):
            return None
        if self.password_hash is not None and not verify_password(password, self.password_hash):
            self.failures.setdefault(client, []).append(time.monotonic())
            return None
        token = secrets.token_urlsafe(32)
        self.sessions[token] = {"name": name.strip()[:80], "csrf": secrets.token_urlsafe(32)}
        return token

    def get(self, token: str | None) -> dict | None:
        return self.sessions.get(token or "")
