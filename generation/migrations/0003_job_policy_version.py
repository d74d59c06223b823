"""Each job points at the policy version it runs under (it kept only the label before)."""

import re

import django.db.models.deletion
from django.db import migrations, models

_LABEL = re.compile(r"\A(?P<name>[a-z0-9][a-z0-9_-]{0,59})@v(?P<version>[1-9][0-9]{0,8})\Z")


def link_versions(apps, schema_editor):
    """Jobs recorded the label of the version admission resolved (`standard@v1`); that version exists,
    since versions are never deleted. A label that names none (not written by Assay) falls back to the
    tenant's active version (what the pipeline screened such a job under), else its latest one. The
    label itself is left as recorded: it is what the job's audit events say."""
    GenerationJob = apps.get_model("generation", "GenerationJob")
    PolicyVersion = apps.get_model("policy", "PolicyVersion")
    TenantPolicy = apps.get_model("policy", "TenantPolicy")
    pairs = list(
        GenerationJob.objects.filter(policy_version__isnull=True)
        .values_list("tenant_id", "policy_name")
        .distinct()
    )
    for tenant_id, label in pairs:
        match = _LABEL.match(label or "")
        version = None
        if match is not None:
            version = PolicyVersion.objects.filter(
                tenant_id=tenant_id, name=match["name"], version=int(match["version"])
            ).first()
        if version is None:
            pointer = TenantPolicy.objects.filter(tenant_id=tenant_id).first()
            version = pointer.active if pointer is not None else None
        if version is None:
            version = PolicyVersion.objects.filter(tenant_id=tenant_id).order_by("-version").first()
        if version is None:
            raise RuntimeError(
                f"jobs of tenant {tenant_id} name policy {label!r}, and the tenant has no policy version: "
                "create one for the tenant (`POST /v1/policies`), then migrate again"
            )
        GenerationJob.objects.filter(
            tenant_id=tenant_id, policy_name=label, policy_version__isnull=True
        ).update(policy_version=version)


class Migration(migrations.Migration):
    dependencies = [
        ("generation", "0002_image_screening_provenance"),
        ("policy", "0002_likeness_gallery"),
    ]

    operations = [
        migrations.AddField(
            model_name="generationjob",
            name="policy_version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="jobs",
                to="policy.policyversion",
            ),
        ),
        migrations.RunPython(link_versions, migrations.RunPython.noop),
    ]
