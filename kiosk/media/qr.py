"""QR codes for "take it with you": a visitor scans a link to read more at home.

The kiosk is offline and never opens the link itself; the code is drawn at build time with
segno (pure Python, no native library). Error correction is the highest level, H (30% of the
symbol can be lost), because the code is read off a glossy, finger-marked screen at an angle;
the quiet zone is the 4 modules the standard asks for, so phones find the code on any
background. Only http and https addresses are encoded: anything else (a `file:` path, a
`javascript:` link, text with spaces) would be useless or unsafe on a visitor's phone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import segno

QUIET_ZONE = 4  # modules of light margin on each side (ISO/IEC 18004 minimum)
DEFAULT_SCALE = 8  # pixels per module: a short link (33 modules + margins) is 328 px
MAX_URL_LENGTH = 1000  # version 40-H holds 1,273 bytes; long links make dense, hard codes


class QrProblem(ValueError):
    """Why an address cannot become a QR code, in words for a curator."""


def check_url(url: str) -> str:
    """The address, if it is one a phone can open: absolute http(s), no spaces or controls."""
    if not isinstance(url, str) or not url:
        raise QrProblem("the address is empty")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise QrProblem(f"the address {url!r} contains spaces or control characters")
    if len(url) > MAX_URL_LENGTH:
        raise QrProblem(f"the address is {len(url)} characters long; use one under "
                        f"{MAX_URL_LENGTH} (a shorter page address)")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise QrProblem(f"the address {url!r} is not valid: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise QrProblem(f"the address {url!r} is not a web address; "
                        "use one starting with https:// (or http://)")
    return url


def qr_code(url: str) -> segno.QRCode:
    """The QR code (never Micro QR) for `url` at error correction level H."""
    return segno.make_qr(check_url(url), error="h", boost_error=False)


def qr_png(url: str, out_path: Path, scale: int = DEFAULT_SCALE) -> tuple[int, int]:
    """Write the QR code for `url` as a black-on-white PNG; return its size in pixels.

    Written to a temporary file and renamed, so a reader never sees half a PNG.
    """
    if not isinstance(scale, int) or scale < 1:
        raise QrProblem(f"scale must be a whole number of pixels per module, not {scale!r}")
    code = qr_code(url)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.", suffix=".png")
    try:
        with os.fdopen(fd, "wb") as handle:
            code.save(handle, kind="png", scale=scale, border=QUIET_ZONE,
                      dark="#000", light="#fff")
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return code.symbol_size(scale=scale, border=QUIET_ZONE)
