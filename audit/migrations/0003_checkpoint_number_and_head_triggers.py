"""Checkpoints get a number; chain heads get triggers that let them only move forward.

The triggers are dropped around the schema change and installed again from audit/triggers.py, now with
the chain head's: SQLite rebuilds a table for some column changes, and a rebuilt table has lost its
triggers. Reversing installs the set of 0002 again.
"""

from django.db import migrations, models

from audit import triggers


def install_all(apps, schema_editor):
    for statement in triggers.install_sql(schema_editor.connection.vendor, merkle=False):
        schema_editor.execute(statement, params=None)


def install_0002_set(apps, schema_editor):
    for statement in triggers.install_sql(schema_editor.connection.vendor, heads=False, merkle=False):
        schema_editor.execute(statement, params=None)


def uninstall_all(apps, schema_editor):
    for statement in triggers.uninstall_sql(schema_editor.connection.vendor, merkle=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(uninstall_all, install_0002_set, elidable=False),
        migrations.AddField(
            model_name="checkpoint",
            name="number",
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="checkpoint",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number__isnull", False)), fields=("number",), name="audit_checkpoint_number"
            ),
        ),
        migrations.RunPython(install_all, uninstall_all, elidable=False),
    ]
