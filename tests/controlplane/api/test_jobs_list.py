"""GET /v1/jobs: the tenant's jobs, newest first, with filters and a cursor that survives new jobs.

Jobs are rows made directly (the list reads rows; how jobs are run is tested elsewhere), with the
creation times each test needs.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from generation.models import GeneratedImage, GenerationJob, ImageModel, JobStatus, Mode
from policy.services import policy_ensure_active
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def models(db):
    def make(name: str) -> ImageModel:
        return ImageModel.objects.create(name=name, backend="diffusers", family="sd15", license="test")

    return {"tiny": make("list-tiny"), "big": make("list-big")}


@pytest.fixture
def reviewer(tenant, key_client):
    return key_client(tenant, "reviewer", email="rita@acme.example")


@pytest.fixture
def alice(tenant, key_client):
    return key_client(tenant, "developer", email="alice@acme.example")


@pytest.fixture
def bob(tenant, key_client):
    return key_client(tenant, "developer", email="bob@acme.example")


@pytest.fixture
def make_job(models):
    policies = {}

    def make(
        tenant,
        *,
        created_at: datetime,
        key=None,
        model: str = "tiny",
        status: str = JobStatus.COMPLETED,
        images: int = 0,
    ) -> GenerationJob:
        if tenant.pk not in policies:
            policies[tenant.pk] = policy_ensure_active(tenant=tenant)
        policy = policies[tenant.pk]
        job = GenerationJob.objects.create(
            tenant=tenant,
            api_key=key.api_key if key else None,
            model=models[model],
            mode=Mode.TEXT2IMG,
            status=status,
            prompt="a red circle",
            policy_version=policy,
            policy_name=policy.label,
            created_at=created_at,
        )
        for index in range(images):
            GeneratedImage.objects.create(
                tenant=tenant,
                job=job,
                index=index,
                seed=index,
                storage_path="unused",
                mime_type="image/png",
                sha256="0" * 64,
                byte_size=1,
                width=64,
                height=64,
            )
        return job

    return make


def list_jobs(client, **params):
    response = client.client.get("/v1/jobs", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"object", "data", "has_more", "next_cursor"}
    assert body["object"] == "list"
    return body


def ids(body) -> list[str]:
    return [job["id"] for job in body["data"]]


def newest_first(jobs) -> list[str]:
    return [job.public_id for job in sorted(jobs, key=lambda job: job.created_at, reverse=True)]


def walk(client, **params) -> list[str]:
    """Every page from the first, following next_cursor; the ids in the order they came."""
    seen, after = [], None
    for _ in range(1000):
        body = list_jobs(client, **params, **({"after": after} if after else {}))
        seen += ids(body)
        assert body["has_more"] is (body["next_cursor"] is not None)
        if not body["has_more"]:
            return seen
        after = body["next_cursor"]
    raise AssertionError("the cursor never ended")


# The list -----------------------------------------------------------------------------------------


def test_lists_the_tenants_jobs_newest_first_in_the_shape_of_get_job(tenant, reviewer, alice, make_job):
    jobs = [make_job(tenant, key=alice, created_at=T0 + timedelta(minutes=i), images=2) for i in range(3)]
    body = list_jobs(reviewer)
    assert ids(body) == newest_first(jobs)
    assert body["has_more"] is False and body["next_cursor"] is None
    for listed in body["data"]:
        detail = reviewer.client.get(f"/v1/jobs/{listed['id']}")
        assert detail.status_code == 200
        assert listed == detail.json()
    assert [image["index"] for image in body["data"][0]["images"]] == [0, 1]


def test_an_empty_tenant_lists_nothing(reviewer):
    assert list_jobs(reviewer) == {"object": "list", "data": [], "has_more": False, "next_cursor": None}


def test_another_tenants_jobs_never_appear(tenant, other_tenant, reviewer, alice, key_client, make_job):
    intruder = key_client(other_tenant, "developer", email="alice@acme.example")  # the same person
    mine = make_job(tenant, key=alice, created_at=T0)
    theirs = [make_job(other_tenant, key=intruder, created_at=T0 + timedelta(minutes=i)) for i in range(3)]
    assert walk(reviewer, limit=1) == [mine.public_id]
    # Not even when a filter names the other tenant's key, or the e-mail both tenants know.
    assert ids(list_jobs(reviewer, key=str(intruder.api_key.public_id))) == []
    assert ids(list_jobs(reviewer, key=intruder.api_key.display_prefix)) == []
    assert ids(list_jobs(reviewer, user="alice@acme.example")) == [mine.public_id]
    # And the other tenant sees only its own.
    assert ids(list_jobs(intruder)) == newest_first(theirs)


def test_the_list_needs_images_read(tenant, key_client, make_job):
    make_job(tenant, created_at=T0)
    writer = key_client(tenant, "developer", scopes=["images:write"])
    error = assert_error(writer.client.get("/v1/jobs"), 403, "insufficient_scope")
    assert "images:read" in error["message"]
    assert_error(APIClient().get("/v1/jobs"), 401)
    auditor = key_client(tenant, "auditor")  # images:read without images:write is enough
    assert len(list_jobs(auditor)["data"]) == 1


def test_a_page_costs_the_same_queries_however_many_jobs_it_holds(tenant, reviewer, alice, make_job):
    for i in range(30):
        make_job(tenant, key=alice, created_at=T0 + timedelta(seconds=i), images=2)

    def count(limit: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(list_jobs(reviewer, limit=limit)["data"]) == limit
        return len(queries)

    list_jobs(reviewer)  # the key's first use of the test writes its last_used_at
    assert count(2) == count(30)


# Filters ------------------------------------------------------------------------------------------


@pytest.fixture
def mixed(tenant, alice, bob, make_job):
    """Six jobs across statuses, models, keys and days."""
    day = timedelta(days=1)
    return {
        "a1": make_job(tenant, key=alice, created_at=T0, status=JobStatus.COMPLETED),
        "a2": make_job(tenant, key=alice, created_at=T0 + day, status=JobStatus.HELD_FOR_REVIEW),
        "a3": make_job(tenant, key=alice, created_at=T0 + 2 * day, status=JobStatus.FAILED, model="big"),
        "b1": make_job(tenant, key=bob, created_at=T0 + 3 * day, status=JobStatus.HELD_FOR_REVIEW),
        "b2": make_job(tenant, key=bob, created_at=T0 + 4 * day, status=JobStatus.REJECTED, model="big"),
        "cli": make_job(tenant, key=None, created_at=T0 + 5 * day, status=JobStatus.COMPLETED),
    }


def named(mixed, *names: str) -> list[str]:
    return newest_first([mixed[name] for name in names])


def test_status_filters_one_or_several(reviewer, mixed):
    assert ids(list_jobs(reviewer, status="held_for_review")) == named(mixed, "a2", "b1")
    assert ids(list_jobs(reviewer, status="failed,rejected")) == named(mixed, "a3", "b2")
    assert ids(list_jobs(reviewer, status=" completed , failed ")) == named(mixed, "a1", "a3", "cli")
    assert ids(list_jobs(reviewer, status="queued")) == []


def test_model_filters_by_name(reviewer, mixed):
    assert ids(list_jobs(reviewer, model="list-big")) == named(mixed, "a3", "b2")
    assert ids(list_jobs(reviewer, model="no-such-model")) == []


def test_key_filters_by_id_or_display_prefix(reviewer, alice, bob, mixed):
    alices = named(mixed, "a1", "a2", "a3")
    assert ids(list_jobs(reviewer, key=str(alice.api_key.public_id))) == alices
    assert ids(list_jobs(reviewer, key=str(alice.api_key.public_id).upper())) == alices
    assert ids(list_jobs(reviewer, key=alice.api_key.display_prefix)) == alices
    assert ids(list_jobs(reviewer, key=bob.api_key.display_prefix)) == named(mixed, "b1", "b2")
    assert ids(list_jobs(reviewer, key="ask_zzzzzzzz")) == []


def test_user_filters_by_the_e_mail_of_the_keys_creator(reviewer, alice, key_client, tenant, make_job, mixed):
    second = key_client(tenant, None, scopes=["images:write"])  # an operator key: no member behind it
    second.api_key.created_by = alice.user
    second.api_key.save()
    extra = make_job(tenant, key=second, created_at=T0 + timedelta(hours=1))
    expected = [*named(mixed, "a3", "a2"), extra.public_id, mixed["a1"].public_id]
    assert ids(list_jobs(reviewer, user="alice@acme.example")) == expected
    assert ids(list_jobs(reviewer, user="  Alice@ACME.example ")) == expected
    assert ids(list_jobs(reviewer, user="bob@acme.example")) == named(mixed, "b1", "b2")
    assert ids(list_jobs(reviewer, user="nobody@acme.example")) == []


def test_created_after_is_inclusive_and_created_before_exclusive(reviewer, mixed):
    day = timedelta(days=1)
    after = (T0 + day).isoformat()
    before = (T0 + 3 * day).isoformat()
    assert ids(list_jobs(reviewer, created_after=after)) == named(mixed, "a2", "a3", "b1", "b2", "cli")
    assert ids(list_jobs(reviewer, created_before=before)) == named(mixed, "a1", "a2", "a3")
    assert ids(list_jobs(reviewer, created_after=after, created_before=before)) == named(mixed, "a2", "a3")
    # An empty or inverted range is no error: no job is in it.
    assert ids(list_jobs(reviewer, created_after=before, created_before=after)) == []


def test_dates_mean_midnight_utc_and_offsets_are_honoured(reviewer, mixed):
    # T0 is 12:00 UTC on 2026-03-10; the jobs are a day apart.
    assert ids(list_jobs(reviewer, created_after="2026-03-14")) == named(mixed, "b2", "cli")
    assert ids(list_jobs(reviewer, created_before="2026-03-11")) == named(mixed, "a1")
    assert ids(list_jobs(reviewer, created_after="2026-03-11", created_before="2026-03-12")) == named(
        mixed, "a2"
    )
    # 13:00 at +02:00 is 11:00 UTC, before a2 (12:00 UTC on the 11th); no offset means UTC.
    assert ids(list_jobs(reviewer, created_before="2026-03-11T13:00:00+02:00")) == named(mixed, "a1")
    assert ids(list_jobs(reviewer, created_before="2026-03-11T12:00:01")) == named(mixed, "a1", "a2")
    assert ids(list_jobs(reviewer, created_after="2026-03-11T12:00:00Z")) == named(
        mixed, "a2", "a3", "b1", "b2", "cli"
    )


def test_filters_combine(reviewer, alice, mixed):
    assert ids(list_jobs(reviewer, status="held_for_review", user="bob@acme.example")) == named(mixed, "b1")
    assert ids(list_jobs(reviewer, status="held_for_review,failed", key=alice.api_key.display_prefix)) == (
        named(mixed, "a2", "a3")
    )
    assert ids(list_jobs(reviewer, model="list-big", created_after="2026-03-13")) == named(mixed, "b2")
    assert ids(list_jobs(reviewer, model="list-big", status="completed")) == []
    assert ids(list_jobs(reviewer, status="completed", created_before="2026-03-12", model="list-tiny")) == (
        named(mixed, "a1")
    )


def test_empty_filter_values_are_read_as_not_sent(reviewer, mixed):
    body = list_jobs(reviewer, status="", model="", key="", user="", created_after="", after="")
    assert ids(body) == named(mixed, *mixed)


# Pagination ---------------------------------------------------------------------------------------


def test_pages_walk_every_job_once_in_order(tenant, reviewer, make_job):
    jobs = [make_job(tenant, created_at=T0 + timedelta(seconds=i)) for i in range(23)]
    first = list_jobs(reviewer)
    assert len(first["data"]) == 20 and first["has_more"] is True  # the default limit
    for limit in (1, 5, 7, 22, 23, 100):
        assert walk(reviewer, limit=limit) == newest_first(jobs), limit
    last = list_jobs(reviewer, limit=23)
    assert last["has_more"] is False and last["next_cursor"] is None


def test_jobs_created_in_the_same_instant_are_neither_lost_nor_repeated(tenant, reviewer, make_job):
    jobs = [make_job(tenant, created_at=T0) for _ in range(7)] + [
        make_job(tenant, created_at=T0 + timedelta(microseconds=1)) for _ in range(3)
    ]
    expected = ids(list_jobs(reviewer, limit=100))
    assert sorted(expected) == sorted(job.public_id for job in jobs)
    for limit in (1, 2, 3, 4):
        assert walk(reviewer, limit=limit) == expected, limit


def test_jobs_submitted_between_pages_do_not_shift_the_walk(tenant, reviewer, make_job):
    jobs = [make_job(tenant, created_at=T0 + timedelta(seconds=i)) for i in range(10)]
    seen, after, added = [], None, []
    while True:
        body = list_jobs(reviewer, limit=3, **({"after": after} if after else {}))
        seen += ids(body)
        # A client pages while new jobs arrive (newer than everything listed so far).
        added.append(make_job(tenant, created_at=T0 + timedelta(hours=1, seconds=len(added))))
        if not body["has_more"]:
            break
        after = body["next_cursor"]
    assert seen == newest_first(jobs)
    # A fresh walk starts with the new ones.
    assert walk(reviewer, limit=4) == newest_first(jobs + added)


def test_pages_keep_to_the_filters(reviewer, mixed):
    assert walk(reviewer, limit=1, status="held_for_review,completed") == named(
        mixed, "a1", "a2", "b1", "cli"
    )
    assert walk(reviewer, limit=1, model="list-big") == named(mixed, "a3", "b2")


def test_limit_bounds(tenant, reviewer, make_job):
    for i in range(101):
        make_job(tenant, created_at=T0 + timedelta(seconds=i))
    assert len(list_jobs(reviewer, limit=1)["data"]) == 1
    body = list_jobs(reviewer, limit=100)
    assert len(body["data"]) == 100 and body["has_more"] is True
    for bad in ("0", "101", "-1", "ten", "1.5"):
        error = assert_error(reviewer.client.get("/v1/jobs", {"limit": bad}), 400, "invalid_value")
        assert error["param"] == "limit", bad


# Refusals -----------------------------------------------------------------------------------------


def _tampered(cursor: str) -> str:
    payload, signature = cursor.rsplit(":", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["t"] = "2099-01-01T00:00:00+00:00"
    forged = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{forged}:{signature}"


def test_a_cursor_not_handed_out_is_refused_naming_after(
    tenant, other_tenant, reviewer, key_client, make_job
):
    for i in range(3):
        make_job(tenant, created_at=T0 + timedelta(seconds=i))
        make_job(other_tenant, created_at=T0 + timedelta(seconds=i))
    cursor = list_jobs(reviewer, limit=1)["next_cursor"]
    others = list_jobs(key_client(other_tenant, "reviewer"), limit=1)["next_cursor"]
    for bad in ("garbage", "e30:abc", cursor[:-2], cursor + "x", _tampered(cursor), others):
        error = assert_error(reviewer.client.get("/v1/jobs", {"after": bad}), 400, "invalid_cursor")
        assert error["param"] == "after", bad
        assert "next_cursor" in error["message"]
    assert list_jobs(reviewer, after=cursor)["data"]  # the real one still works


@pytest.mark.parametrize(
    ("param", "value", "hint"),
    [
        ("status", "done", "held_for_review"),
        ("status", "completed,", "separated by commas"),
        ("status", "COMPLETED", "held_for_review"),
        ("key", "not-a-key", "prefix"),
        ("key", "ask_short", "prefix"),
        ("key", "ask_abcdefgh_" + "s" * 40, "never the secret"),
        ("user", "alice", "e-mail"),
        ("user", "a@b@c", "e-mail"),
        ("created_after", "yesterday", "format"),
        ("created_before", "2026-13-01", "format"),
        ("model", "   ", "blank"),
    ],
)
def test_bad_filter_values_are_refused_naming_the_field(reviewer, param, value, hint):
    error = assert_error(reviewer.client.get("/v1/jobs", {param: value}), 400, "invalid_value")
    assert error["param"] == param
    assert hint in error["message"]
    if param == "key":
        assert value not in error["message"]  # a pasted secret key is never echoed back


def test_the_openapi_document_describes_the_list(reviewer):
    schema = reviewer.client.get("/v1/openapi.json").json()
    operation = schema["paths"]["/v1/jobs"]["get"]
    assert operation["operationId"] == "jobs_list"
    assert operation["security"] == [{"ApiKey": []}]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {
        "status", "model", "key", "user", "created_after", "created_before", "prompt", "limit", "after"
    }  # fmt: skip
    assert parameters["prompt"]["schema"]["maxLength"] == 1000
    assert parameters["limit"]["schema"]["minimum"] == 1 and parameters["limit"]["schema"]["maximum"] == 100
    status = parameters["status"]["schema"]["pattern"]
    assert re.search(status, "held_for_review,completed") and not re.search(status, "done")
    key = parameters["key"]["schema"]["pattern"]
    assert re.search(key, "ask_abcd1234") and not re.search(key, "ask_abcd1234_" + "s" * 40)
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
