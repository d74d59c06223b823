"""The Merkle hashes' head column keeps no foreign key constraint in the database (see the model).

SQLite alters the column by copying the table into a new one, which loses the table's triggers, so
every audit trigger is dropped first and installed again after, as migration 0004 does.
"""

import django.db.models.deletion
from django.db import migrations, models

from audit import triggers


def uninstall_all(apps, schema_editor):
    for statement in triggers.uninstall_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def install_all(apps, schema_editor):
    for statement in triggers.install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_log_cosignature_triggers")]

    operations = [
        migrations.RunPython(uninstall_all, install_all, elidable=False),
        migrations.AlterField(
            model_name="auditloghash",
            name="head",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="audit.auditchainhead",
            ),
        ),
        migrations.RunPython(install_all, uninstall_all, elidable=False),
    ]
