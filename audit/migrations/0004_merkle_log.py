"""Each chain becomes a Merkle log too (audit.merkle): the head's right edge, the stored hashes, and
the log checkpoints (C2SP signed notes) signed with each platform checkpoint from now on.

Existing chains are hashed into their logs here, event by event, as appends would have done. The
triggers are dropped around it (the head's would refuse a change that does not add an event) and
installed again from audit/triggers.py, now also guarding the hashes' table.
"""

import django.db.models.deletion
from django.db import migrations, models

from audit import triggers
from audit.merkle import Edge, entry_bytes, leaf_hash
from audit.selectors import EVENT_COLUMNS, event_dict_from_row

_BATCH = 2000


def uninstall_0003_set(apps, schema_editor):
    for statement in triggers.uninstall_sql(schema_editor.connection.vendor, merkle=False):
        schema_editor.execute(statement, params=None)


def install_all(apps, schema_editor):
    # The set as of this migration: the cosignatures' table and its trigger come in 0005 and 0007.
    for statement in triggers.install_sql(schema_editor.connection.vendor, cosignatures=False):
        schema_editor.execute(statement, params=None)


def install_0003_set(apps, schema_editor):
    for statement in triggers.install_sql(schema_editor.connection.vendor, merkle=False):
        schema_editor.execute(statement, params=None)


def uninstall_all(apps, schema_editor):
    for statement in triggers.uninstall_sql(schema_editor.connection.vendor, cosignatures=False):
        schema_editor.execute(statement, params=None)


def build_logs(apps, schema_editor):
    heads = apps.get_model("audit", "AuditChainHead")
    events = apps.get_model("audit", "AuditEvent")
    hashes = apps.get_model("audit", "AuditLogHash")
    for head in heads.objects.select_related("tenant").order_by("pk"):
        tenant_id = str(head.tenant.public_id) if head.tenant_id is not None else None
        chain = (
            events.objects.filter(tenant_id=head.tenant_id)
            if head.tenant_id
            else events.objects.filter(tenant__isnull=True)
        )
        edge = Edge()
        batch = []
        for row in chain.order_by("seq").values(*EVENT_COLUMNS).iterator(chunk_size=_BATCH):
            leaf = leaf_hash(entry_bytes(event_dict_from_row(tenant_id, row)))
            batch += [
                hashes(head_id=head.pk, level=level, index=index, hash=value)
                for level, index, value in edge.append(leaf)
            ]
            if len(batch) >= _BATCH:
                hashes.objects.bulk_create(batch)
                batch = []
        hashes.objects.bulk_create(batch)
        heads.objects.filter(pk=head.pk).update(merkle_edge=edge.to_bytes())


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_checkpoint_number_and_head_triggers")]

    operations = [
        migrations.RunPython(uninstall_0003_set, install_0003_set, elidable=False),
        migrations.AddField(
            model_name="auditchainhead",
            name="merkle_edge",
            field=models.BinaryField(default=b""),
        ),
        migrations.CreateModel(
            name="AuditLogHash",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "head",
                        "level",
                        "index",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("level", models.PositiveSmallIntegerField()),
                ("index", models.PositiveBigIntegerField()),
                ("hash", models.BinaryField()),
                (
                    "head",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="audit.auditchainhead",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="LogCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField()),
                ("size", models.PositiveBigIntegerField()),
                ("note", models.TextField()),
                (
                    "head",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="audit.auditchainhead",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["head", "size"], name="audit_log_checkpoint_size")],
            },
        ),
        migrations.RunPython(build_logs, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(install_all, uninstall_all, elidable=False),
    ]
