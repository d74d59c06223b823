"""URLs that are their receiver's credential (a Slack-style hook's path, an HTTP moderator's `?code=`):
whole only for who may change them, cut to scheme and host for other readers, and never kept whole in
the immutable, exported audit log."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.quotas import services as quota_services
from foundation import network
from policy.templates import template

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.slack.com/services/T0000/B0000/SECRETHOOKTOKEN"
MODERATOR = "https://moderate.example.net/api/score?code=AZUREFUNCTIONKEY"
SECRETS = ("SECRETHOOKTOKEN", "AZUREFUNCTIONKEY", "T0000")


def _document() -> dict:
    document = template("standard") | {"name": "acme-hooks"}
    document["moderation"] = document.get("moderation", {}) | {
        "moderators": ["rules", "http"],
        "http": {"url": MODERATOR},
    }
    document["review"] = document.get("review", {}) | {"escalation_webhook_url": HOOK}
    return document


def _fingerprint(url: str) -> dict:
    """What the audit log keeps of a URL: whether it is set, its host, a sha256 of it."""
    if not url:
        return {"set": False, "host": None, "sha256": None}
    host = url.split("://", 1)[1].split("/", 1)[0]
    return {"set": True, "host": host, "sha256": hashlib.sha256(url.encode()).hexdigest()}


@pytest.fixture
def hooked(tenant, key_client):
    """The tenant's admin key and a version (v2, after the standard v1) naming both secret URLs."""
    admin = key_client(tenant, "admin")
    assert admin.client.get("/v1/policies").status_code == 200  # v1: the standard template
    created = admin.client.post("/v1/policies", {"document": _document()}, format="json")
    assert created.status_code == 201, created.content
    # Who may write the policy gets it back whole.
    body = created.json()["document"]
    assert (body["review"]["escalation_webhook_url"], body["moderation"]["http"]["url"]) == (HOOK, MODERATOR)
    return admin, created.json()["id"]


@pytest.mark.parametrize("role", ["developer", "auditor"])
def test_a_reader_without_policy_write_sees_the_urls_cut_to_their_host(tenant, key_client, hooked, role):
    _admin, version_id = hooked
    reader = key_client(tenant, role)
    answer = reader.client.get(f"/v1/policies/{version_id}")
    assert answer.status_code == 200, answer.content
    document = answer.json()["document"]
    assert document["review"]["escalation_webhook_url"] == "https://hooks.slack.com/\N{HORIZONTAL ELLIPSIS}"
    assert document["moderation"]["http"]["url"] == "https://moderate.example.net/\N{HORIZONTAL ELLIPSIS}"
    assert not any(secret in answer.content.decode() for secret in SECRETS)
    listed = reader.client.get("/v1/policies")
    assert not any(secret in listed.content.decode() for secret in SECRETS)


def test_an_admin_reads_the_urls_whole(hooked):
    admin, version_id = hooked
    document = admin.client.get(f"/v1/policies/{version_id}").json()["document"]
    assert (document["review"]["escalation_webhook_url"], document["moderation"]["http"]["url"]) == (
        HOOK,
        MODERATOR,
    )


def test_the_console_policy_page_shows_a_reader_the_host_only(tenant, make_member, hooked):
    _admin, version_id = hooked
    page_url = reverse("console:policy", kwargs={"tenant": tenant.slug, "policy_id": version_id})
    pages = {}
    for role in ("developer", "admin"):
        client = Client()
        client.force_login(make_member(tenant, role, email=f"{role}.console@acme.example"))
        pages[role] = client.get(page_url)
        assert pages[role].status_code == 200
    # The document, the changes since v1 and their diff: none carries the credential for a developer.
    shown = pages["developer"].content.decode()
    assert "hooks.slack.com" in shown and "moderate.example.net" in shown
    assert not any(secret in shown for secret in SECRETS)
    assert HOOK in pages["admin"].content.decode()


def test_creating_the_version_records_no_secret_url_in_the_audit_log(tenant, hooked):
    recorded = json.dumps([event.payload for event in AuditEvent.objects.filter(tenant=tenant)])
    assert not any(secret in recorded for secret in SECRETS)


def test_a_changed_alert_webhook_is_audited_as_its_host_and_digest(tenant):
    actor = Actor.system("tests")
    first = "https://hooks.slack.com/services/T1/B1/ALERTSECRETONE"
    second = "https://alerts.example.org/in?code=ALERTSECRETTWO"
    for url in (first, second, ""):
        quota_services.limit_set(tenant=tenant, values={"alert_webhook_url": url}, actor=actor)
    events = AuditEvent.objects.filter(tenant=tenant, event_type=EventType.QUOTA_LIMIT_CHANGED).order_by("pk")
    changes = [event.payload["changed"]["alert_webhook_url"] for event in events]
    assert changes == [
        [_fingerprint(""), _fingerprint(first)],
        [_fingerprint(first), _fingerprint(second)],
        [_fingerprint(second), _fingerprint("")],
    ]
    assert changes[1][1]["host"] == "alerts.example.org"
    assert changes[1][1] == network.url_fingerprint(second)
    assert "ALERTSECRET" not in json.dumps([event.payload for event in events])


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (HOOK, "https://hooks.slack.com/\N{HORIZONTAL ELLIPSIS}"),
        ("http://[2001:db8::1]:8443/x?code=k", "http://[2001:db8::1]:8443/\N{HORIZONTAL ELLIPSIS}"),
        ("https://user:pw@hooks.example/x", "https://hooks.example/\N{HORIZONTAL ELLIPSIS}"),
        ("not a url", "\N{HORIZONTAL ELLIPSIS}"),
        ("", ""),
        (None, ""),
    ],
)
def test_redacted_url_keeps_scheme_and_host_only(url, shown):
    assert network.redacted_url(url) == shown


def test_a_reader_of_the_quotas_sees_the_alert_webhook_cut_to_its_host(tenant, key_client):
    admin, auditor = key_client(tenant, "admin"), key_client(tenant, "auditor")
    url = "https://alerts.example.org/in?code=ALERTSECRET"
    quota_services.limit_set(tenant=tenant, values={"alert_webhook_url": url}, actor=Actor.system("tests"))

    (read,) = auditor.client.get("/v1/quotas").json()["data"]
    (whole,) = admin.client.get("/v1/quotas").json()["data"]

    assert read["alert_webhook_url"] == "https://alerts.example.org/\N{HORIZONTAL ELLIPSIS}"
    assert whole["alert_webhook_url"] == url
