"""/v1/likeness/people: the gallery API for an admin, weaker roles and an outsider from another tenant."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from audit.events import EventType
from audit.models import AuditEvent
from policy.decisions import Decision, job_policy
from policy.models import PolicyVersion
from policy.services import policy_ensure_active
from tests.helpers import assert_error
from tests.policy.test_screening import astronaut, hopper, jpeg, png

pytestmark = pytest.mark.django_db


def decide(tenant, label: str, image: bytes, *, stage: str = "output"):
    """Screen `image` under the tenant's version labelled `label` (its active one for "")."""
    version = next((v for v in PolicyVersion.objects.filter(tenant=tenant) if v.label == label), None)
    policy = job_policy(version or policy_ensure_active(tenant=tenant))
    return policy.decide_input(image) if stage == "input" else policy.decide_image(image)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(tenant, key_client):
    return key_client(tenant, "admin")


@pytest.fixture
def auditor(tenant, key_client):
    return key_client(tenant, "auditor", email="auditor@acme.example")


@pytest.fixture
def developer(tenant, key_client):
    return key_client(tenant, "developer", email="dev@acme.example")


@pytest.fixture
def outsider(other_tenant, key_client):
    return key_client(other_tenant, "admin")


def upload(data: bytes, name: str = "photo.png") -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def create(client, *photos: bytes, **fields):
    body = {"name": "Eileen Collins", "reason": "contracted: no depictions", **fields}
    body["photo"] = [upload(photo) for photo in photos] or [upload(png(astronaut()))]
    return client.client.post("/v1/likeness/people", body, format="multipart")


def events(tenant, event_type):
    return list(AuditEvent.objects.filter(tenant=tenant, event_type=event_type).order_by("seq"))


def test_admin_adds_a_person_and_the_gallery_blocks_their_face(admin, tenant):
    response = create(admin)
    assert response.status_code == 201, response.content
    person = response.json()
    assert person["object"] == "likeness_person" and person["name"] == "Eileen Collins"
    assert person["reason"] == "contracted: no depictions"
    assert person["consent"] == {
        "consenting": False,
        "evidence": None,
        "granted_at": None,
        "expires_at": None,
    }
    (photo,) = person["photos"]
    assert photo["stored"] is False and len(photo["sha256"]) == 64 and len(photo["face_box"]) == 4
    assert person["created_by"]["kind"] == "api_key" and person["removed_at"] is None
    assert not default_storage.exists("likeness")  # embeddings only, unless store_photo

    (event,) = events(tenant, EventType.LIKENESS_PERSON_ADDED)
    assert event.subjects == {"likeness_person": person["id"]}
    assert event.payload["reason"] == "contracted: no depictions" and event.payload["consenting"] is False
    assert "Eileen" not in str(event.payload)  # the immutable log keeps ids, not names

    listed = admin.client.get("/v1/likeness/people").json()["data"]
    assert [p["id"] for p in listed] == [person["id"]]
    decision = decide(tenant, "", jpeg(astronaut()))
    assert decision.decision == Decision.BLOCK and decision.reasons[0].person == person["id"]


def test_photos_are_kept_only_when_asked(admin, django_capture_on_commit_callbacks):
    person = create(admin, png(astronaut()), jpeg(astronaut().resize((300, 300))), store_photo="true").json()
    assert [photo["stored"] for photo in person["photos"]] == [True, True]
    folder = f"likeness/{admin.tenant.public_id}/{person['id']}"
    assert len(default_storage.listdir(folder)[1]) == 2

    with django_capture_on_commit_callbacks(execute=True):  # files go once the removal commits
        response = admin.client.delete(f"/v1/likeness/people/{person['id']}")
    assert response.status_code == 200, response.content
    assert response.json()["photos"] == [] and response.json()["removed_at"]
    assert default_storage.listdir(folder)[1] == []


def test_add_photo_then_consent_then_withdraw(admin, tenant):
    person_id = create(admin).json()["id"]
    response = admin.client.post(
        f"/v1/likeness/people/{person_id}/photos",
        {"photo": upload(jpeg(astronaut().transpose(Image.Transpose.FLIP_LEFT_RIGHT)))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["photos"]) == 2
    (event,) = events(tenant, EventType.LIKENESS_PHOTO_ADDED)
    assert event.subjects["likeness_person"] == person_id

    expires = (timezone.now() + timedelta(days=90)).isoformat()
    response = admin.client.post(
        f"/v1/likeness/people/{person_id}/consent",
        {"evidence": "model release MR-2026-114", "expires_at": expires},
        format="json",
    )
    assert response.status_code == 200, response.content
    consent = response.json()["consent"]
    assert consent["consenting"] is True and consent["evidence"] == "model release MR-2026-114"
    decision = decide(tenant, "", png(astronaut()))
    assert decision.decision == Decision.ALLOW and decision.reasons[0].person == person_id

    response = admin.client.delete(f"/v1/likeness/people/{person_id}/consent")
    assert response.status_code == 200 and response.json()["consent"]["consenting"] is False
    changes = events(tenant, EventType.LIKENESS_CONSENT_CHANGED)
    assert [e.payload["consenting"] for e in changes] == [True, False]
    assert changes[0].payload["evidence"] == "model release MR-2026-114"
    decision = decide(tenant, "", png(astronaut()))
    assert decision.decision == Decision.BLOCK


def test_consent_at_creation_and_consent_needs_evidence_and_a_future_expiry(admin):
    future = (timezone.now() + timedelta(days=1)).isoformat()
    person = create(admin, consent_evidence="contract 7", consent_expires_at=future).json()
    assert person["consent"]["consenting"] is True
    url = f"/v1/likeness/people/{person['id']}/consent"
    past = (timezone.now() - timedelta(days=1)).isoformat()
    assert_error(
        admin.client.post(url, {"evidence": "x", "expires_at": past}, format="json"), 400, "invalid_value"
    )
    error = assert_error(admin.client.post(url, {"evidence": "x"}, format="json"), 400, "invalid_value")
    assert error["param"] == "expires_at"
    error = assert_error(create(admin, consent_evidence="contract 7"), 400, "invalid_value")
    assert error["param"] == "consent_expires_at"


def test_removed_person_no_longer_matches_and_is_listed_only_on_request(admin, tenant):
    person_id = create(admin).json()["id"]
    assert admin.client.delete(f"/v1/likeness/people/{person_id}").status_code == 200
    (event,) = events(tenant, EventType.LIKENESS_PERSON_REMOVED)
    assert event.subjects == {"likeness_person": person_id} and event.payload["photos_deleted"] == 1
    assert admin.client.get("/v1/likeness/people").json()["data"] == []
    listed = admin.client.get("/v1/likeness/people?include_removed=true").json()["data"]
    assert [p["id"] for p in listed] == [person_id]
    assert admin.client.get(f"/v1/likeness/people/{person_id}").json()["removed_at"]
    decision = decide(tenant, "", png(astronaut()))
    assert decision.decision == Decision.ALLOW
    assert_error(admin.client.delete(f"/v1/likeness/people/{person_id}"), 409, "person_removed")
    response = admin.client.post(
        f"/v1/likeness/people/{person_id}/photos", {"photo": upload(png(astronaut()))}, format="multipart"
    )
    assert_error(response, 409, "person_removed")


def test_a_photo_without_exactly_one_face_is_refused(admin, tenant):
    from skimage import data

    error = assert_error(create(admin, png(Image.fromarray(data.coffee()))), 400, "no_face")
    assert "No face" in error["message"] and error["param"] == "photo"
    pair = Image.new("RGB", (1024, 600), "white")
    pair.paste(astronaut(), (0, 0))
    pair.paste(hopper(), (512, 0))
    error = assert_error(create(admin, png(pair)), 400, "several_faces")
    assert "2 faces" in error["message"]
    error = assert_error(create(admin, png(astronaut()), b"not an image"), 400, "invalid_image")
    assert error["param"] == "photo[1]"
    response = admin.client.post("/v1/likeness/people", {"name": "A", "reason": "b"}, format="multipart")
    assert_error(response, 400, "invalid_value")
    assert_error(admin.client.post("/v1/likeness/people", {"photo": upload(png(astronaut()))}), 400)
    assert events(tenant, EventType.LIKENESS_PERSON_ADDED) == []
    assert admin.client.get("/v1/likeness/people").json()["data"] == []


def test_scopes(admin, auditor, developer):
    person_id = create(admin).json()["id"]
    assert auditor.client.get("/v1/likeness/people").status_code == 200
    assert auditor.client.get(f"/v1/likeness/people/{person_id}").status_code == 200
    assert_error(create(auditor), 403, "insufficient_scope")
    assert_error(auditor.client.delete(f"/v1/likeness/people/{person_id}"), 403, "insufficient_scope")
    assert_error(
        auditor.client.post(f"/v1/likeness/people/{person_id}/consent", {}, format="json"),
        403,
        "insufficient_scope",
    )
    assert_error(developer.client.get("/v1/likeness/people"), 403, "insufficient_scope")
    assert_error(developer.client.get(f"/v1/likeness/people/{person_id}"), 403, "insufficient_scope")


def test_another_tenants_person_is_not_found(admin, outsider):
    person_id = create(admin).json()["id"]
    assert outsider.client.get("/v1/likeness/people").json()["data"] == []
    assert_error(outsider.client.get(f"/v1/likeness/people/{person_id}"), 404, "not_found")
    assert_error(outsider.client.delete(f"/v1/likeness/people/{person_id}"), 404, "not_found")
    response = outsider.client.post(
        f"/v1/likeness/people/{person_id}/photos", {"photo": upload(png(astronaut()))}, format="multipart"
    )
    assert_error(response, 404, "not_found")
    assert_error(outsider.client.delete(f"/v1/likeness/people/{person_id}/consent"), 404, "not_found")
    assert_error(outsider.client.get("/v1/likeness/people/not-a-uuid"), 404, "not_found")
    assert admin.client.get(f"/v1/likeness/people/{person_id}").json()["removed_at"] is None
