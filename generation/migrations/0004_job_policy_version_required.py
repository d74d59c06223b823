"""Every job has its policy version (filled by 0003, in its own transaction: PostgreSQL refuses to alter
a table with the deferred foreign-key checks of that data migration still pending)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("generation", "0003_job_policy_version")]

    operations = [
        migrations.AlterField(
            model_name="generationjob",
            name="policy_version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="jobs", to="policy.policyversion"
            ),
        ),
        migrations.AlterField(
            model_name="generationjob",
            name="decisions",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="prompt-stage decisions (prompt, input image); output ones are per image",
            ),
        ),
        migrations.AlterField(
            model_name="generationjob",
            name="policy_name",
            field=models.CharField(help_text="the version's label, e.g. standard@v1", max_length=100),
        ),
    ]
