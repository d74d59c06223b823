"""Jobs held at the prompt stage before the review queue existed get their review item, so that an
upgrade leaves no held job invisible. (Images held by the old pipeline belong to jobs that completed:
they stay in quarantine, where reviewers read them, and are not review items.)"""

import secrets

from django.db import migrations

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_IMAGE_CATEGORY = {"likeness": "real_person", "face": "real_person"}


def open_items(apps, schema_editor):
    job_model = apps.get_model("generation", "GenerationJob")
    item_model = apps.get_model("review", "ReviewItem")
    held = job_model.objects.filter(status="held_for_review", images__isnull=True, review_items__isnull=True)
    for job in held.iterator():
        reasons = [
            reason | {"stage": decision.get("stage", "prompt")}
            for decision in job.decisions
            if decision.get("decision") == "review"
            for reason in decision.get("reasons", [])
        ]
        item_model.objects.create(
            public_id="rev_" + "".join(secrets.choice(_ALPHABET) for _ in range(24)),
            tenant_id=job.tenant_id,
            job=job,
            kind="prompt",
            policy_version_id=job.policy_version_id,
            policy_name=job.policy_name,
            reasons=reasons,
            categories=sorted(
                {_IMAGE_CATEGORY.get(r.get("category", ""), r.get("category", "")) for r in reasons}
            ),
            created_at=job.transitioned_at,
        )


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]

    operations = [migrations.RunPython(open_items, migrations.RunPython.noop)]
