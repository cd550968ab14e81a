"""Ed25519 keys for signing and trusting bundles.

Why Ed25519: a public key is 32 bytes (one line of base64 a technician can paste into a ticket
or compare by eye), signatures are deterministic (no dependence on a random-number generator on
a headless machine), and verifying takes well under a millisecond.

The private key is written as PKCS#8 PEM with mode 0600 and never overwritten: losing it by
accident would mean re-trusting a new key on every kiosk. The public key is one line of
base64 of the raw 32 bytes; PEM public keys are accepted too, for keys made with openssl.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kiosk.staff.errors import BundleError

PRIVATE_NAME = "signing.key"
PUBLIC_NAME = "signing.pub"
_MAX_KEY_FILE = 16 * 1024


def keygen(out_dir: Path) -> tuple[Path, Path]:
    """Write a new key pair into `out_dir`; refuse to replace an existing one."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out_dir / PRIVATE_NAME, out_dir / PUBLIC_NAME
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise BundleError(f"{path} already exists; refusing to overwrite a signing key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    _write_new(private_path, pem, 0o600)
    _write_new(public_path, public_line(key.public_key()).encode("ascii"), 0o644)
    return private_path, public_path


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)  # the umask must not widen or narrow it
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def public_line(key: Ed25519PublicKey) -> str:
    """The public key as written to signing.pub: base64 of the raw 32 bytes, one line."""
    return base64.b64encode(raw_public(key)).decode("ascii") + "\n"


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a key in messages: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(raw_public(key)).hexdigest()[:16]


def _read_small(path: Path, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_KEY_FILE + 1)
    except OSError as exc:
        raise BundleError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if len(data) > _MAX_KEY_FILE:
        raise BundleError(f"{path} is too large to be {what}")
    return data


def load_private_key(path: Path) -> Ed25519PrivateKey:
    data = _read_small(Path(path), "a signing key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleError(f"{path} is not an unencrypted Ed25519 private key (PEM); "
                          "make one with 'kiosk keygen'")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a one-line base64 raw key (signing.pub) or a PEM public key."""
    data = _read_small(Path(path), "a public key")
    key = None
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_public_key(data)
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(data.strip(), validate=True))
    except (ValueError, TypeError, UnsupportedAlgorithm, binascii.Error):
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise BundleError(f"{path} is not an Ed25519 public key (one line of base64, or PEM)")
    return key


def load_trusted(paths: list[Path]) -> list[Ed25519PublicKey]:
    return [load_public_key(path) for path in paths]


def trusted_dir_keys(trusted_dir: Path) -> list[Path]:
    """The key files a data directory trusts by default: trusted/*.pub, in name order."""
    if not trusted_dir.is_dir():
        return []
    return sorted(p for p in trusted_dir.glob("*.pub") if p.is_file())


def signer_of(message: bytes, signature: bytes,
              trusted: list[Ed25519PublicKey]) -> Ed25519PublicKey | None:
    """The trusted key that made `signature` over `message`, or None."""
    for key in trusted:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return key
    return None
