"""The one error provenance raises at run time (configuration errors are `ImproperlyConfigured`)."""

from __future__ import annotations


class ProvenanceError(Exception):
    """Marking or signing an image failed; the message says what and why."""
