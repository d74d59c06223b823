"""Files written to storage alongside a database change must not outlive a change that rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage


@contextmanager
def stored_files() -> Iterator[list[str]]:
    """Collects the storage paths written in the block; any exception deletes them again, then propagates.

    Use it around the file writes and the transaction that records them: either both land or neither.
    """
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for path in saved:
            if path and default_storage.exists(path):
                default_storage.delete(path)
        raise
