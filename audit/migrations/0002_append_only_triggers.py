"""Database triggers that refuse UPDATE and DELETE on audit events and checkpoints.

The SQL lives in audit/triggers.py, shared with the `flush` override and the tamper tests, so all three
install exactly the same triggers. Changing it there needs a new migration that reinstalls them (0003
added the chain head's triggers; this migration installs the set it always did).
"""

from django.db import migrations

from audit import triggers


def install(apps, schema_editor):
    for statement in triggers.install_sql(schema_editor.connection.vendor, heads=False, merkle=False):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in triggers.uninstall_sql(schema_editor.connection.vendor, merkle=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
