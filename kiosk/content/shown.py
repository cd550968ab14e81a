"""Text from a file, safe to print in a problem: nothing in it can hide, reorder or fake a line.

Problems are read in terminals, logs and the staff panel. A name copied from a file may carry
characters that change what the reader sees: a right-to-left override (U+202E) that prints
"gpj.exe" as "exe.jpg", a zero-width space that makes two ids look the same, a newline or an
escape sequence that forges a second line or recolours the terminal, or a Cyrillic "с" that
looks like a Latin "c". `shown` escapes the invisible and controlling ones in any text; ids
(which are plain a-z, 0-9 and "-") are shown with every other character escaped, so a
look-alike is seen for what it is, and `id_hint` names it.
"""

from __future__ import annotations

import unicodedata

# Control (Cc), format (Cf: bidi overrides, zero-width, BOM), line/paragraph separators,
# surrogates, unassigned and private-use code points.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Cn", "Co"))
_KEPT = frozenset("\t")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def shown(text: str) -> str:
    """`text` with invisible and controlling characters written as \\x.., \\u.... escapes."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(c) if c not in _KEPT and unicodedata.category(c) in _HIDDEN else c
                   for c in text)


def shown_id(value: object) -> str:
    """An id as typed, quoted, with every character outside printable ASCII escaped."""
    text = str(value)
    return "'" + "".join(c if " " <= c <= "~" else _escape(c) for c in text[:80]) + \
        ("…'" if len(text) > 80 else "'")


def id_hint(value: object, fallback: str) -> str:
    """What is odd about an id's characters, else `fallback`."""
    odd = [c for c in str(value) if not (" " <= c <= "~")]
    if not odd:
        return fallback
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}"
                      for c in dict.fromkeys(odd[:3]))
    return (f"it contains {names}, which may look like an ordinary letter or nothing at all: "
            f"retype it with a-z, 0-9 and '-' only ({fallback})")
