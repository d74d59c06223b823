"""Whether what a web process remembers about access is still true: one number, the access epoch.

Each web process keeps API keys (with their tenant and role) and quota limits in memory for a few
seconds, to save admission a query or two per request. Every change that may narrow access (a key
revoked, a member demoted or removed, a tenant deactivated, a limit set or removed), made by any process
(another web process, a worker, `assay` on the command line), raises the epoch in the same transaction
(`bump`). A request reads the epoch once, when its key is authenticated (`current`), and uses what its
process remembers only if it was read at that epoch: a change that committed before the request arrived
applies to it, in every process. Reading it is one primary-key lookup.
"""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.db.models import F

from controlplane.tenants.models import AccessEpoch

# Within a request, what read the epoch at authentication may be trusted for this long (the limits a
# submission checks after its key): longer than admission's own work, far shorter than any cache's life.
RECENT_SECONDS = 1.0

# (the epoch this process read last, when: time.monotonic()). The last read, not the highest: a value
# read inside a transaction that raised it and then rolled back is handed out again by the next raise.
_seen: tuple[int, float] = (-1, 0.0)


def current() -> int:
    """The epoch now, read from the database."""
    table = connection.ops.quote_name(AccessEpoch._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 (the model's own table)
        row = cursor.fetchone()
    value = int(row[0]) if row else 0
    global _seen
    _seen = (value, time.monotonic())  # one tuple swapped whole: no lock needed
    return value


def recent() -> int:
    """The epoch as this process read it within `RECENT_SECONDS` (a request's authentication read it
    moments ago, so it is at least as new as the request), or read now."""
    value, at = _seen
    if time.monotonic() - at <= RECENT_SECONDS:
        return value
    return current()


def bump() -> None:
    """Raise the epoch, in the caller's transaction (which commits it with the change), and once more
    when that commits: a request that read the old rows between the two cannot keep them."""
    _raise()
    transaction.on_commit(_raise)


def _raise() -> None:
    if not AccessEpoch.objects.filter(pk=1).update(value=F("value") + 1):
        AccessEpoch.objects.get_or_create(pk=1, defaults={"value": 1})
