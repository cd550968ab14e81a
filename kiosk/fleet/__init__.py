"""Many kiosks, one exhibition: editions out and usage figures back through Syncthing.

We do not write a sync engine. Syncthing (the Debian package) already moves files between
machines peer to peer, resumes interrupted transfers, checks every block it receives, and has
send-only and receive-only folders, which is exactly the shape of this problem: a curator's
machine publishes editions, kiosks only receive them, and each kiosk publishes its closed usage
files back. This package only writes Syncthing's configuration for the two roles
(`config.py`, `setup.py`), talks to its local REST API for status (`syncthing.py`), and makes
the closed usage files that a kiosk sends (`usage.py`). Installing stays with
`kiosk.staff.watch.BundleWatcher`, the same verified path as a USB stick. See docs/fleet.md.
"""

from __future__ import annotations

from kiosk.fleet.config import EDITIONS_FOLDER, USAGE_FOLDER_PREFIX, FleetError, Peer
from kiosk.fleet.setup import SetupResult, kiosk_paths, setup
from kiosk.fleet.usage import snapshot_usage

__all__ = ["EDITIONS_FOLDER", "USAGE_FOLDER_PREFIX", "FleetError", "Peer", "SetupResult",
           "kiosk_paths", "setup", "snapshot_usage"]
