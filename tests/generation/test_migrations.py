"""The migration that gives every existing job its policy version, run on a database that has jobs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("generation", "0002_image_screening_provenance"), ("policy", "0002_likeness_gallery")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_jobs_get_the_version_their_label_names_and_keep_the_label():
    apps = _migrate(BEFORE)
    tenant_model = apps.get_model("tenants", "Tenant")
    version_model = apps.get_model("policy", "PolicyVersion")
    acme = tenant_model.objects.create(slug="acme", name="Acme")
    bare = tenant_model.objects.create(slug="bare", name="Bare")
    versions = {}
    for tenant, number, name in ((acme, 1, "standard"), (acme, 2, "strict"), (bare, 1, "standard")):
        versions[(tenant.slug, number)] = version_model.objects.create(
            tenant=tenant,
            version=number,
            name=name,
            document={},
            sha256="0" * 64,
            created_by_kind="system",
            created_by_id="tests",
        )
    apps.get_model("policy", "TenantPolicy").objects.create(tenant=acme, active=versions[("acme", 2)])
    model = apps.get_model("generation", "ImageModel").objects.create(
        name="m", backend="diffusers", family="sd15", license="test"
    )
    job_model = apps.get_model("generation", "GenerationJob")

    def job(tenant, label):
        return job_model.objects.create(
            tenant=tenant, model=model, mode="text2img", prompt="p", policy_name=label
        )

    old = job(acme, "standard@v1")  # admitted before strict@v2 was activated
    new = job(acme, "strict@v2")
    odd = job(acme, "legacy")  # a label no version has: the tenant's active version
    no_pointer = job(bare, "missing@v9")  # and no active version either: the latest one

    apps = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = apps.get_model("generation", "GenerationJob").objects
    assert rows.get(pk=old.pk).policy_version_id == versions[("acme", 1)].pk
    assert rows.get(pk=new.pk).policy_version_id == versions[("acme", 2)].pk
    assert rows.get(pk=odd.pk).policy_version_id == versions[("acme", 2)].pk
    assert rows.get(pk=odd.pk).policy_name == "legacy"  # the label stays what its audit events say
    assert rows.get(pk=no_pointer.pk).policy_version_id == versions[("bare", 1)].pk


@pytest.mark.django_db(transaction=True)
def test_jobs_held_before_the_review_queue_get_their_review_item():
    apps = _migrate([("review", "0001_initial")])
    tenant = apps.get_model("tenants", "Tenant").objects.create(slug="acme", name="Acme")
    version = apps.get_model("policy", "PolicyVersion").objects.create(
        tenant=tenant,
        version=1,
        name="standard",
        document={},
        sha256="0" * 64,
        created_by_kind="system",
        created_by_id="tests",
    )
    model = apps.get_model("generation", "ImageModel").objects.create(
        name="m", backend="diffusers", family="sd15", license="test"
    )
    jobs = apps.get_model("generation", "GenerationJob").objects
    reason = {"category": "sexual", "source": "rules", "score": 0.6, "threshold": 0.5}
    held = jobs.create(
        tenant=tenant,
        model=model,
        mode="text2img",
        prompt="p",
        policy_name="standard@v1",
        policy_version=version,
        status="held_for_review",
        decisions=[{"stage": "prompt", "decision": "review", "reasons": [reason]}],
    )
    jobs.create(  # a job that moved on has nothing to review
        tenant=tenant, model=model, mode="text2img", prompt="p", policy_name="standard@v1",
        policy_version=version, status="completed",
    )  # fmt: skip

    apps = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    (item,) = apps.get_model("review", "ReviewItem").objects.all()
    assert (item.job_id, item.kind, item.state, item.categories) == (held.pk, "prompt", "open", ["sexual"])
    assert item.reasons == [reason | {"stage": "prompt"}] and item.policy_version_id == version.pk
