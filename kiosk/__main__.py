"""`python -m kiosk`: the same commands as the `kiosk` script, for a machine where the script
is not on the PATH (a virtualenv not activated, a package's /opt path)."""

from kiosk.cli import main

main()
