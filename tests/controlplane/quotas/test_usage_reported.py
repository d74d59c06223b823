"""What GET /v1/quotas, GET /v1/usage and `assay quotas` report: the figure admission holds each limit
to, a reinstated job counted once, the `key` and `end_user` filters, unknown fields refused, and
malformed limits on the command line answered with one line rather than a traceback. The pipeline runs
for real (tasks eagerly, the tiny model)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from controlplane.quotas import services
from controlplane.quotas.management.commands.quotas import Command as QuotasCommand
from controlplane.quotas.models import QuotaLimit
from generation.models import GenerationJob, JobStatus
from tests.controlplane.quotas.test_quotas import generate, limit
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual)


def windows() -> tuple[str, str]:
    today = datetime.now(UTC).date()
    return f"images@day:{today.isoformat()}", f"images@month:{today:%Y-%m}"


def quotas(client, **query) -> list[dict]:
    answer = client.get("/v1/quotas", query)
    assert answer.status_code == 200, answer.content
    return answer.json()["data"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
class TestQuotasUsed:
    def test_used_is_what_admission_holds_each_limit_to_from_the_moment_it_is_set(self, tenant, key_client):
        developer, admin = key_client(tenant, "developer"), key_client(tenant, "admin")
        day, month = windows()
        generate(developer.client, n=2, user="alice")
        generate(developer.client, n=1, user="bob")
        limit(tenant, images_per_day=10, images_per_month=100, concurrent_jobs=4)
        limit(tenant, api_key=developer.api_key, images_per_day=8)
        limit(tenant, end_user="alice", images_per_day=5)

        # Before any admission under the limits: what was already used, as a new counter starts from.
        rows = {(q["level"], q["end_user"]): q["used"] for q in quotas(admin.client)}
        assert rows == {
            ("tenant", None): {day: 3, month: 3, "jobs": 0},
            ("key", None): {day: 3},
            ("user", "alice"): {day: 2},
        }
        assert generate(developer.client, n=2, user="alice").status_code == 200
        rows = {(q["level"], q["end_user"]): q["used"] for q in quotas(admin.client)}
        assert rows[("tenant", None)] == {day: 5, month: 5, "jobs": 0}
        assert rows[("key", None)] == {day: 5} and rows[("user", "alice")] == {day: 4}
        # The same figure admission refuses with.
        refused = assert_error(generate(developer.client, n=2, user="alice"), 429, "insufficient_quota")
        assert refused["limit"] == "user.images_per_day" and "4 used" in refused["message"]

        # A limit removed stops being reported (its counter stops moving), the others keep counting.
        limit(tenant, images_per_day=None)
        assert generate(developer.client, n=1).status_code == 200
        (tenant_row,) = [q for q in quotas(admin.client) if q["level"] == "tenant"]
        assert tenant_row["used"] == {month: 6, "jobs": 0}

    def test_the_console_shows_the_same_used_now(self, tenant, key_client):
        developer, admin = key_client(tenant, "developer"), key_client(tenant, "admin")
        generate(developer.client, n=3)
        limit(tenant, images_per_day=10)
        console = Client()
        console.force_login(admin.user)

        page = console.get(reverse("console:quotas", kwargs={"tenant": tenant.slug}))

        assert page.status_code == 200
        assert f"{windows()[0]} = 3" in page.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
def test_a_job_reinstated_on_appeal_is_counted_once_and_the_ledger_balances(tenant, key_client):
    developer, auditor = key_client(tenant, "developer"), key_client(tenant, "auditor")
    first = key_client(tenant, "reviewer", email="rita@acme.example")
    second = key_client(tenant, "reviewer", email="sam@acme.example")
    limit(tenant, images_per_day=10)
    job_id = assert_error(generate(developer.client, HELD_PROMPT), 422, "held_for_review")["job_id"]
    item = first.client.get("/v1/reviews").json()["data"][0]
    first.client.post(f"/v1/reviews/{item['id']}/decide", {"decision": "reject", "note": "no"}, format="json")
    appeal = developer.client.post(f"/v1/jobs/{job_id}/appeal", {"justification": "art"}, format="json")
    second.client.post(f"/v1/reviews/{appeal.json()['id']}/decide", {"decision": "approve"}, format="json")
    assert generate(developer.client).status_code == 200

    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.COMPLETED
    # The ledger is right: refunded at the rejection, reserved again at the reinstatement, settled.
    assert [kind for kind, _ in job.usage.order_by("pk").values_list("kind", "images")] == [
        "reserve",
        "refund",
        "reserve",
        "settle",
    ]
    assert services.reconcile(fix=False) == []
    for group in ("key", "day", "model"):
        (row,) = auditor.client.get("/v1/usage", {"group_by": group}).json()["data"]
        assert (row["jobs"], row["images"], row["running"]) == (2, 2, 0), group
    assert GenerationJob.objects.filter(tenant=tenant).count() == 2


@pytest.mark.django_db
class TestQuotasApiInput:
    def test_get_filters_by_key_and_end_user_like_the_jobs_list(self, tenant, key_client):
        admin, developer = key_client(tenant, "admin"), key_client(tenant, "developer")
        other = key_client(tenant, "developer", email="other@acme.example")
        limit(tenant, images_per_day=10)
        limit(tenant, api_key=developer.api_key, images_per_day=5)
        limit(tenant, api_key=developer.api_key, end_user="*", images_per_day=1)
        limit(tenant, api_key=other.api_key, images_per_day=7)

        by_id = quotas(admin.client, key=str(developer.api_key.public_id))
        assert {(q["key_id"], q["end_user"]) for q in by_id} == {
            (str(developer.api_key.public_id), None),
            (str(developer.api_key.public_id), "*"),
        }
        by_prefix = quotas(admin.client, key=other.api_key.display_prefix)
        assert [q["images_per_day"] for q in by_prefix] == [7]
        assert [q["level"] for q in quotas(admin.client, end_user="*")] == ["user"]
        assert quotas(admin.client, key=str(uuid.uuid4())) == []  # not a key of the tenant: nothing
        assert len(quotas(admin.client)) == 4
        error = assert_error(admin.client.get("/v1/quotas", {"key": "bogus"}), 400, "invalid_value")
        assert error["param"] == "key"

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"bogus_limit": 5}, "bogus_limit"), ({"limits": {"images_per_day": 5}}, "limits")],
    )
    def test_put_refuses_an_unknown_field_naming_it_and_the_accepted_ones(
        self, tenant, key_client, body, field
    ):
        admin = key_client(tenant, "admin")

        error = assert_error(admin.client.put("/v1/quotas", body, format="json"), 400, "invalid_value")

        assert error["param"] == field and field in error["message"]
        assert "images_per_day" in error["message"] and "end_user" in error["message"]
        assert not QuotaLimit.objects.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--images-per-day", "-5"),
        ("--images-per-day", "abc"),
        ("--concurrent-jobs", "99999999999"),
        ("--spend-per-month", "abc"),
    ],
)
def test_quotas_set_with_a_malformed_limit_answers_one_line_and_exits_non_zero(option, value, capsys):
    with pytest.raises(SystemExit) as exited:
        QuotasCommand().run_from_argv(["assay", "quotas", "set", "--tenant", "acme", option, value])

    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if "error:" in line]
    assert option in line and repr(value) in line


@pytest.mark.django_db
def test_quotas_set_still_takes_numbers_none_and_amounts(tenant):
    call_command("quotas", "set", "--tenant", "acme", "--images-per-day", "5", "--spend-per-month", "12.5")
    call_command("quotas", "set", "--tenant", "acme", "--images-per-day", "none")

    row = QuotaLimit.objects.get(tenant=tenant)
    assert (row.images_per_day, row.spend_micros_per_month) == (None, 12_500_000)
