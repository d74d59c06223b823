"""Quotas and the likeness gallery edited in the console: admins only, through the services the API
calls, each change audited with the member as its actor; refusals say what to fix."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.events import EventType
from audit.models import AuditEvent
from tests.policy.test_screening import astronaut, hopper, png

pytestmark = pytest.mark.django_db


def url(team, name: str, **kwargs: str) -> str:
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kwargs})


def events(team, event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(tenant=team.tenant, event_type=event_type).order_by("seq"))


def photo(data: bytes, name: str = "face.png") -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


# Quotas ---------------------------------------------------------------------------------------------


def test_an_admin_sets_changes_and_removes_limits(team):
    from controlplane.quotas.models import QuotaLimit

    client = team.client("admin")
    saved = client.post(url(team, "console:quota-set"), {"images_per_day": "50", "spend_per_month": "12.5"})
    assert saved.status_code == 302
    tenant_limit = QuotaLimit.objects.get(tenant=team.tenant, api_key=None, end_user="")
    assert (tenant_limit.images_per_day, tenant_limit.spend_micros_per_month) == (50, 12_500_000)
    key = str(team.api_key.public_id)
    client.post(
        url(team, "console:quota-set"),
        {"key": key, "images_per_month": "900", "allowed_models": "assay-tiny"},
    )
    key_limit = QuotaLimit.objects.get(tenant=team.tenant, api_key=team.api_key)
    assert (key_limit.images_per_month, key_limit.allowed_models) == (900, ["assay-tiny"])
    page = client.get(url(team, "console:quotas"))
    assert (
        page.status_code == 200
        and b"Set limits" in page.content
        and team.api_key.display_prefix.encode() in page.content
    )
    # "Change" starts the form from the level's values; a blank field then removes that limit.
    editing = client.get(url(team, "console:quotas"), {"edit": "1", "key": key, "end_user": ""})
    assert editing.context["form"].initial["images_per_month"] == 900
    client.post(url(team, "console:quota-set"), {"key": key, "images_per_month": "", "concurrent_jobs": "2"})
    key_limit.refresh_from_db()
    assert (key_limit.images_per_month, key_limit.concurrent_jobs) == (None, 2)
    removed = client.post(url(team, "console:quota-remove"), {"key": key, "end_user": ""})
    assert removed.status_code == 302 and not QuotaLimit.objects.filter(api_key=team.api_key).exists()
    changes = events(team, EventType.QUOTA_LIMIT_CHANGED)
    assert len(changes) == 4
    assert {(e.actor_kind, e.actor_id) for e in changes} == {("user", str(team.users["admin"].pk))}
    assert changes[0].payload["changed"]["images_per_day"] == [None, 50]
    assert changes[-1].payload["deleted"] is True


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"images_per_day": "-1"}, "images_per_day", "greater than or equal to 0"),
        ({"allowed_models": "assay-tiny"}, "allowed_models", "key-level limit"),
        (
            {"end_user": "*", "requests_per_minute": "5"},
            "requests_per_minute",
            "end users are limited per day",
        ),
        ({"alert_webhook_url": "http://127.0.0.1/hook"}, "alert_webhook_url", "internal address"),
        ({"allowed_models": "not a name!"}, "allowed_models", "is not a model name"),
    ],
)
def test_a_refused_limit_is_shown_at_its_field_and_nothing_changes(team, body, field, message):
    from controlplane.quotas.models import QuotaLimit

    response = team.client("admin").post(url(team, "console:quota-set"), body)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not QuotaLimit.objects.filter(tenant=team.tenant).exists()
    assert not events(team, EventType.QUOTA_LIMIT_CHANGED)


def test_only_admins_edit_quotas(team, other_tenant):
    for role in ("developer", "reviewer", "auditor"):
        client = team.client(role)
        assert client.post(url(team, "console:quota-set"), {"images_per_day": "1"}).status_code == 403, role
        assert client.post(url(team, "console:quota-remove"), {}).status_code == 403, role
    assert b"Set limits" not in team.client("auditor").get(url(team, "console:quotas")).content
    assert team.outsider.post(url(team, "console:quota-set"), {"images_per_day": "1"}).status_code == 404
    # Another tenant's key is no level of this one.
    from controlplane.tenants.services import api_key_create
    from tests.console.conftest import TESTS

    theirs, _ = api_key_create(
        tenant=other_tenant, name="x", scopes=["images:read"], created_by=None, actor=TESTS
    )
    refused = team.client("admin").post(url(team, "console:quota-remove"), {"key": str(theirs.public_id)})
    assert refused.status_code == 404


# Likeness --------------------------------------------------------------------------------------------


def test_an_admin_adds_a_person_records_consent_adds_a_photo_and_removes_them(team):
    from policy.models import LikenessPerson

    client = team.client("admin")
    until = (timezone.now() + timedelta(days=30)).date().isoformat()
    added = client.post(
        url(team, "console:likeness-add"),
        {
            "name": "Eileen Collins",
            "reason": "contracted: no depictions",
            "photos": [photo(png(astronaut()))],
        },
    )
    assert added.status_code == 302, added.content[:300]
    person = LikenessPerson.objects.get(tenant=team.tenant)
    assert person.photos.count() == 1 and person.consented_at is None

    def change(action: str) -> str:
        return url(team, "console:likeness-change", person_id=str(person.public_id), action=action)

    assert client.post(change("consent"), {"evidence": "release #42", "expires": until}).status_code == 302
    person.refresh_from_db()
    assert person.consent_evidence == "release #42" and person.consent_expires_at.date().isoformat() == until
    assert (
        client.post(change("photos"), {"photos": [photo(png(astronaut()), "second.png")]}).status_code == 302
    )
    assert person.photos.count() == 2
    assert client.post(change("withdraw")).status_code == 302
    person.refresh_from_db()
    assert person.consented_at is None
    page = client.get(url(team, "console:likeness"))
    assert b"Eileen Collins" in page.content and b"Add a person" in page.content
    assert client.post(change("remove")).status_code == 302
    person.refresh_from_db()
    assert person.removed_at is not None and person.photos.count() == 0
    # A removed person cannot be changed again: 409, said plainly.
    again = client.post(change("consent"), {"evidence": "release #43", "expires": until})
    assert again.status_code == 409 and b"was removed from the gallery" in again.content
    kinds = [
        e.event_type
        for e in AuditEvent.objects.filter(tenant=team.tenant, event_type__startswith="likeness.").order_by(
            "seq"
        )
    ]
    assert kinds == [
        EventType.LIKENESS_PERSON_ADDED,
        EventType.LIKENESS_CONSENT_CHANGED,
        EventType.LIKENESS_PHOTO_ADDED,
        EventType.LIKENESS_CONSENT_CHANGED,
        EventType.LIKENESS_PERSON_REMOVED,
    ]
    assert {e.actor_id for e in AuditEvent.objects.filter(event_type__startswith="likeness.")} == {
        str(team.users["admin"].pk)
    }


def test_a_photo_without_one_face_or_consent_without_expiry_is_refused_with_the_reason(team):
    from policy.models import LikenessPerson

    client = team.client("admin")
    blank = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (300, 300), (200, 200, 200)).save(blank, format="PNG")
    refused = client.post(
        url(team, "console:likeness-add"),
        {"name": "Nobody", "reason": "test", "photos": [photo(blank.getvalue(), "blank.png")]},
    )
    assert refused.status_code == 400
    assert "blank.png" in " ".join(refused.context["form"].errors["photos"])
    no_expiry = client.post(
        url(team, "console:likeness-add"),
        {
            "name": "Grace",
            "reason": "test",
            "photos": [photo(png(hopper()))],
            "consent_evidence": "release #1",
        },
    )
    assert no_expiry.status_code == 400
    assert "expiry in the future" in " ".join(no_expiry.context["form"].errors["consent_expires"])
    assert not LikenessPerson.objects.filter(tenant=team.tenant).exists()
    assert not AuditEvent.objects.filter(tenant=team.tenant, event_type__startswith="likeness.").exists()


def test_only_admins_edit_the_gallery(team):
    body = {"name": "X", "reason": "y", "photos": [photo(png(astronaut()))]}
    for role in ("developer", "reviewer", "auditor"):
        assert team.client(role).post(url(team, "console:likeness-add"), body).status_code == 403, role
    assert team.outsider.post(url(team, "console:likeness-add"), body).status_code == 404
    assert b"Add a person" not in team.client("auditor").get(url(team, "console:likeness")).content
