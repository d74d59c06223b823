"""The database triggers that guard the audit tables, for PostgreSQL and SQLite.

Migrations 0002 and 0003 install them (0004 and 0007 extend them); the `flush` override and the
tamper tests drop and reinstall exactly these. Changing the SQL here needs a new migration that reinstalls it.

- Events, checkpoints, the Merkle logs' stored hashes and log checkpoints (the last two since
  migration 0004), and witnesses' cosignatures (since migration 0007): row-level UPDATE and DELETE are
  refused with "audit log is append-only".
- Chain heads (every append moves one): an INSERT must start at seq 0 with the genesis hash, an UPDATE
  must raise `last_seq` by exactly one and keep the row's chain, and DELETE is refused. The append's
  own update passes the trigger's WHEN condition without calling a function (on PostgreSQL the
  condition is evaluated in the executor), so an append pays a comparison, not a procedure call.

TRUNCATE is not refused: Django's test flush on PostgreSQL truncates every table. In production, grant
the application's database role INSERT and SELECT (no UPDATE, DELETE or TRUNCATE) on the event and
checkpoint tables, and keep signed checkpoints, which `audit verify` uses to detect a wiped or
rewritten chain.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from audit.chain import GENESIS_HASH

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_checkpoint")
MERKLE_TABLES = ("audit_auditloghash", "audit_logcheckpoint")
COSIGNATURE_TABLE = "audit_logcosignature"
HEAD_TABLE = "audit_auditchainhead"
GUARDED_TABLES = (*APPEND_ONLY_TABLES, *MERKLE_TABLES, COSIGNATURE_TABLE, HEAD_TABLE)
HEAD_MESSAGE = "audit log is append-only: a chain head only moves forward, one event at a time"
_FUNCTION = "audit_refuse_change"
_HEAD_FUNCTION = "audit_refuse_head_change"
# Which head changes are refused; the append's `last_seq = last_seq + 1` is the only update allowed.
_HEAD_RULES = {
    "INSERT": f"NEW.last_seq <> 0 OR NEW.last_hash <> '{GENESIS_HASH}'",
    "UPDATE": (
        "NEW.last_seq IS DISTINCT FROM OLD.last_seq + 1 OR NEW.id IS DISTINCT FROM OLD.id "
        "OR NEW.chain_key IS DISTINCT FROM OLD.chain_key OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id"
    ),
    "DELETE": None,
}


def _trigger_name(table: str) -> str:
    return f"{table}_append_only"


def _head_trigger_name(operation: str) -> str:
    return f"{HEAD_TABLE}_forward_only_{operation.lower()}"


def _append_only_tables(merkle: bool, cosignatures: bool) -> tuple[str, ...]:
    if not merkle:
        return APPEND_ONLY_TABLES
    if not cosignatures:
        return (*APPEND_ONLY_TABLES, *MERKLE_TABLES)
    return (*APPEND_ONLY_TABLES, *MERKLE_TABLES, COSIGNATURE_TABLE)


def install_sql(
    vendor: str, *, heads: bool = True, merkle: bool = True, cosignatures: bool = True
) -> list[str]:
    """The statements that install the triggers; `heads=False` is the set of migration 0002 (events and
    checkpoints only), `merkle=False` leaves out the Merkle logs' tables (before migration 0004) and
    the cosignatures' table, `cosignatures=False` only the cosignatures' (before migration 0007)."""
    append_only_tables = _append_only_tables(merkle, cosignatures)
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
            for table in append_only_tables
        ]
        if heads:
            statements.append(
                f"""
                CREATE OR REPLACE FUNCTION {_HEAD_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{HEAD_MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME;
                END
                $$
                """
            )
            statements += [
                f"CREATE TRIGGER {_head_trigger_name(operation)} BEFORE {operation} ON {HEAD_TABLE} "
                f"FOR EACH ROW {f'WHEN ({rule}) ' if rule else ''}EXECUTE FUNCTION {_HEAD_FUNCTION}()"
                for operation, rule in _HEAD_RULES.items()
            ]
        return statements
    if vendor == "sqlite":
        statements = [
            f"CREATE TRIGGER {_trigger_name(table)}_{operation.lower()} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {operation} on {table} refused'); END"
            for table in append_only_tables
            for operation in ("UPDATE", "DELETE")
        ]
        if heads:
            statements += [
                f"CREATE TRIGGER {_head_trigger_name(operation)} BEFORE {operation} ON {HEAD_TABLE} "
                # SQLite spells IS DISTINCT FROM as IS NOT.
                f"{'WHEN ' + rule.replace('IS DISTINCT FROM', 'IS NOT') + ' ' if rule else ''}"
                f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}: {operation} on {HEAD_TABLE} refused'); END"
                for operation, rule in _HEAD_RULES.items()
            ]
        return statements
    raise NotImplementedError(f"append-only audit triggers are not written for {vendor}")


def uninstall_sql(vendor: str, *, merkle: bool = True, cosignatures: bool = True) -> list[str]:
    """Drop every audit trigger there may be: those of 0002 and 0003, of 0004 unless `merkle=False`,
    of 0007 unless `merkle=False` or `cosignatures=False` (PostgreSQL's DROP TRIGGER needs the table)."""
    append_only_tables = _append_only_tables(merkle, cosignatures)
    if vendor == "postgresql":
        statements = [
            f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}" for table in append_only_tables
        ]
        statements += [
            f"DROP TRIGGER IF EXISTS {_head_trigger_name(operation)} ON {HEAD_TABLE}"
            for operation in _HEAD_RULES
        ]
        return [
            *statements,
            f"DROP FUNCTION IF EXISTS {_FUNCTION}()",
            f"DROP FUNCTION IF EXISTS {_HEAD_FUNCTION}()",
        ]
    if vendor == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS {_trigger_name(table)}_{operation.lower()}"
            for table in append_only_tables
            for operation in ("UPDATE", "DELETE")
        ]
        return [*statements, *(f"DROP TRIGGER IF EXISTS {_head_trigger_name(op)}" for op in _HEAD_RULES)]
    raise NotImplementedError(f"append-only audit triggers are not written for {vendor}")


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in uninstall_sql(connection.vendor):
            cursor.execute(statement)
