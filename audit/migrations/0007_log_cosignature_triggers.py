"""Witnesses' cosignatures become append-only in the database too, like every other audit table: the
triggers of audit/triggers.py refuse UPDATE and DELETE of `audit_logcosignature` rows."""

from django.db import migrations

from audit import triggers


def install_with_cosignatures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in triggers.uninstall_sql(vendor, cosignatures=False):
        schema_editor.execute(statement, params=None)
    for statement in triggers.install_sql(vendor):
        schema_editor.execute(statement, params=None)


def install_without_cosignatures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in triggers.uninstall_sql(vendor):
        schema_editor.execute(statement, params=None)
    for statement in triggers.install_sql(vendor, cosignatures=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_log_hash_upper_index")]

    operations = [
        migrations.RunPython(install_with_cosignatures, install_without_cosignatures, elidable=False),
    ]
