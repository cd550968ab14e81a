"""Technician tools: signed content bundles, installed atomically, with rollback.

A museum's content reaches an offline kiosk on a USB stick, through hands the museum does not
control, and the kiosk must keep showing a working exhibition whatever happens during the
update (a wrong stick, a tampered file, a power cut). `bundle` makes and checks the signed
file, `install` unpacks it beside the running edition and switches over in one rename, and
`state` answers "which catalog should the app open now?" (see docs/bundles.md).

Only `state` is imported here: the app calls `current_catalog` at every idle reset and should
not pay for loading the cryptography package to do so.
"""

from kiosk.staff.state import current_catalog, default_root

__all__ = ["current_catalog", "default_root"]
