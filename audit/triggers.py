"""The database triggers that make the audit tables append-only, for PostgreSQL and SQLite.

Migration 0002_append_only_triggers installs them; the `flush` override and the tamper tests drop and
reinstall exactly these. Changing the SQL here needs a new migration that reinstalls it.

Row-level UPDATE and DELETE are refused with "audit log is append-only". TRUNCATE is not: Django's
test flush on PostgreSQL truncates every table. In production, grant the application's database role
INSERT and SELECT (no UPDATE, DELETE or TRUNCATE) on these tables, and keep signed checkpoints, which
`audit verify` uses to detect a wiped or rewritten chain.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_checkpoint")
_FUNCTION = "audit_refuse_change"


def _trigger_name(table: str) -> str:
    return f"{table}_append_only"


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = [
            f"""
            CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
            END
            $$
            """
        ]
        statements += [
            f"CREATE TRIGGER {_trigger_name(table)} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()"
            for table in APPEND_ONLY_TABLES
        ]
        return statements
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {_trigger_name(table)}_{operation.lower()} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {operation} on {table} refused'); END"
            for table in APPEND_ONLY_TABLES
            for operation in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"append-only audit triggers are not written for {vendor}")


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = [
            f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}" for table in APPEND_ONLY_TABLES
        ]
        return [*statements, f"DROP FUNCTION IF EXISTS {_FUNCTION}()"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {_trigger_name(table)}_{operation.lower()}"
            for table in APPEND_ONLY_TABLES
            for operation in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"append-only audit triggers are not written for {vendor}")


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in uninstall_sql(connection.vendor):
            cursor.execute(statement)
