"""The one exception technicians see, so the CLI can print it as one line and exit non-zero."""


class BundleError(Exception):
    """A bundle, key or data directory was refused; the message says why in one line."""
