"""Django's `flush`, made to work with the append-only audit triggers on SQLite.

Flush empties every table. On PostgreSQL it uses TRUNCATE, which row triggers do not see; on SQLite it
runs `DELETE FROM` each table, which the audit triggers refuse. Django's test runner flushes after
every transactional test, so on SQLite this command drops the triggers, flushes, and reinstalls them,
all in one transaction. Whoever can run flush can wipe the whole database anyway.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from audit import triggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        tables = set(connection.introspection.table_names())
        if connection.vendor != "sqlite" or not tables.issuperset(triggers.GUARDED_TABLES):
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            triggers.uninstall(connection)
            super().handle(**options)
            triggers.install(connection)
