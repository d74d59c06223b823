"""Regressions for the console review's findings: each test reproduced one attack before its fix."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from tests.console.conftest import PASSWORD, TESTS, make_jobs

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "attacker-chosen-passphrase-77"


def url(team, name, **kw):
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kw})


# 1. Cross-tenant account takeover ----------------------------------------------------------------


def _invite_and_set_password(team, email):
    from controlplane.tenants.models import Membership

    admin = team.client("admin")
    assert (
        admin.post(url(team, "console:member-invite"), {"email": email, "role": "reviewer"}).status_code
        == 302
    )
    membership = Membership.objects.get(tenant=team.tenant, user__username__iexact=email)
    admin.post(
        url(team, "console:member-change", member_id=str(membership.public_id), action="password"),
        {"password": NEW_PASSWORD},
    )


def test_admin_cannot_set_the_password_of_another_tenants_admin(team, other_tenant):
    victim = "admin@globex.example"  # the team fixture's outsider: admin of globex
    _invite_and_set_password(team, victim)
    assert not get_user_model().objects.get(username=victim).check_password(NEW_PASSWORD)
    thief = Client()
    assert (
        thief.post(reverse("console:login"), {"username": victim, "password": NEW_PASSWORD}).status_code
        != 302
    )
    assert thief.get(reverse("console:members", kwargs={"tenant": other_tenant.slug})).status_code != 200


def test_admin_cannot_set_the_password_of_a_platform_superuser(team):
    get_user_model().objects.create_superuser(
        username="ops@platform.example", email="ops@platform.example", password="operator-secret-passphrase-1"
    )
    _invite_and_set_password(team, "ops@platform.example")
    thief = Client()
    thief.post(
        reverse("console:login"),
        {"username": "ops@platform.example", "password": NEW_PASSWORD, "next": "/admin/"},
    )
    assert "_auth_user_id" not in thief.session
    assert thief.get("/admin/").status_code != 200


def test_admin_sets_only_a_new_members_first_password(team):
    _invite_and_set_password(team, "newcomer@acme.example")
    assert get_user_model().objects.get(username="newcomer@acme.example").check_password(NEW_PASSWORD)


# 2. Impersonation through keys and passwords an admin sets -----------------------------------------


def _mint_for(team, role, scopes):
    member_id = str(team.users[role].memberships.get().public_id)
    return team.client("admin").post(
        url(team, "console:key-create"), {"name": f"x-{role}", "member": member_id, "scopes": scopes}
    )


def _api(secret):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


def test_admin_cannot_mint_an_audit_key_for_the_auditor(team):
    from controlplane.tenants.models import ApiKey

    assert team.client("admin").get(url(team, "console:audit")).status_code == 403
    assert _mint_for(team, "auditor", ["audit:read"]).status_code == 400
    assert not ApiKey.objects.filter(name="x-auditor").exists()
    # left to the defaults, the key holds what both the auditor's role and the admin's hold
    assert _mint_for(team, "auditor", []).status_code == 200
    key = ApiKey.objects.get(name="x-auditor")
    assert "audit:read" not in key.scopes and key.issued_by == team.users["admin"]


def test_admin_alone_cannot_satisfy_four_eyes_with_a_key_minted_for_a_reviewer(team):
    from controlplane.review.models import ReviewItem

    item = team.review
    ReviewItem.objects.filter(pk=item.pk).update(required_approvals=2)
    r = _mint_for(team, "reviewer", ["review:write"])
    assert r.status_code == 200
    vote = _api(r.context["secret"]).post(
        f"/v1/reviews/{item.public_id}/decide", {"decision": "approve"}, format="json"
    )
    assert vote.status_code == 200, vote.content
    team.client("admin").post(
        url(team, "console:review-action", review_id=item.public_id, action="decide"), {"decision": "approve"}
    )
    item.refresh_from_db()
    assert item.state == "open" and item.votes.count() == 1


def test_admin_cannot_approve_a_job_submitted_with_a_key_minted_for_a_developer(team, catalog_model):
    from controlplane.review.models import ReviewItem
    from controlplane.tenants.models import ApiKey

    assert _mint_for(team, "developer", ["images:write", "images:read"]).status_code == 200
    key = ApiKey.objects.get(name="x-developer")
    (job,) = make_jobs(team.tenant, catalog_model, 1, api_key=key, status="held_for_review")
    item = ReviewItem.objects.create(
        tenant=team.tenant,
        job=job,
        kind="prompt",
        policy_version=team.policy,
        policy_name=team.policy.label,
        reasons=[],
        categories=["sexual"],
    )
    team.client("admin").post(
        url(team, "console:review-action", review_id=item.public_id, action="decide"), {"decision": "approve"}
    )
    item.refresh_from_db()
    assert item.state == "open"


def test_admin_cannot_reset_a_reviewers_password_to_vote_as_them(team):
    reviewer = team.users["reviewer"]
    mid = str(reviewer.memberships.get().public_id)
    team.client("admin").post(
        url(team, "console:member-change", member_id=mid, action="password"),
        {"password": "admin-knows-this-1x"},
    )
    login = Client().post(
        reverse("console:login"), {"username": reviewer.get_username(), "password": "admin-knows-this-1x"}
    )
    assert login.status_code != 302
    reviewer.refresh_from_db()
    assert reviewer.check_password(PASSWORD)


# 3. Login throttle -------------------------------------------------------------------------------


def _attempt(username, password, addr, **extra):
    return Client(REMOTE_ADDR=addr).post(
        reverse("console:login"), {"username": username, "password": password}, **extra
    )


def test_nfkc_variants_of_a_name_share_the_account_lock(team, settings):
    email = team.users["admin"].get_username()
    for i in range(settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS):
        assert _attempt(email, f"guess-{i}", f"10.1.0.{i}").status_code == 200
    assert _attempt(email, PASSWORD, "10.1.1.1").status_code == 429
    variant = "\uff41" + email[1:]  # full-width a: another string, the same account
    assert _attempt(variant, "guess-x", "10.1.2.1").status_code == 429
    assert _attempt(variant, PASSWORD, "10.1.2.2").status_code == 429


def test_a_few_failures_behind_a_shared_address_do_not_lock_everyone_out(team, settings):
    proxy = "10.9.9.9"
    for i in range(settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS):
        _attempt(f"nobody{i}@evil.example", "x", proxy)
    assert _attempt(team.users["reviewer"].get_username(), PASSWORD, proxy).status_code == 302


def test_the_address_limit_counts_the_trusted_proxys_client(team, settings):
    settings.ASSAY_TRUSTED_PROXY_HOPS = 1
    settings.ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS = 3
    for i in range(3):  # one client behind the proxy, a forged left-most entry each time
        _attempt(f"n{i}@x.example", "x", "10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 1.2.3.4")
    assert _attempt("m@x.example", "x", "10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429
    assert _attempt("m@x.example", "x", "10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.5").status_code == 200


def test_a_huge_user_name_is_not_stored_as_a_throttle_key(team):
    from controlplane.console import throttle

    r = _attempt("a" * (5 * 1024 * 1024), "x", "10.7.7.7")
    assert r.status_code == 200
    events = getattr(throttle.limiter().storage, "events", {})
    assert max((len(k) for k in events), default=0) < 10_000


# 4. Reveal of a held image --------------------------------------------------------------------------


def _held_image(team, settings, tmp_path):
    from generation import storage
    from generation.models import GeneratedImage

    settings.MEDIA_ROOT = tmp_path
    buf = io.BytesIO()
    picture = Image.new("RGB", (32, 32), (200, 0, 0))
    picture.paste((0, 0, 255), (0, 0, 16, 32))  # two halves: a blur changes the edge between them
    picture.save(buf, format="PNG")
    data = buf.getvalue()
    image = GeneratedImage.objects.create(
        tenant=team.tenant,
        job=team.job,
        index=0,
        storage_path=storage.write("held/x.png", data),
        mime_type="image/png",
        sha256=storage.sha256_hex(data),
        byte_size=len(data),
        width=32,
        height=32,
        decision="held",
    )
    return image, data


def test_a_get_never_reveals_a_held_image(team, settings, tmp_path):
    from audit.models import AuditEvent

    image, data = _held_image(team, settings, tmp_path)
    c = Client(enforce_csrf_checks=True)
    c.force_login(team.users["reviewer"])
    page = url(team, "console:image", image_id=image.public_id)
    r = c.get(page + "?reveal=1", HTTP_SEC_FETCH_SITE="cross-site", HTTP_SEC_FETCH_DEST="image")
    assert r.content != data
    assert c.post(page, {"reveal": "1"}).status_code == 403  # no CSRF token
    assert not AuditEvent.objects.filter(event_type="image.revealed").exists()
    revealed = team.client("reviewer").post(page, {"reveal": "1"})
    assert revealed.status_code == 200 and revealed.content == data
    assert AuditEvent.objects.filter(event_type="image.revealed").count() == 1


# 5. Console uploads ---------------------------------------------------------------------------------


def test_console_upload_is_refused_before_parsing(team, settings):
    settings.ASSAY_MAX_REQUEST_BYTES = 64 * 1024
    big = SimpleUploadedFile("big.png", b"\0" * (1024 * 1024), content_type="image/png")
    r = team.client("auditor").post(url(team, "console:verify"), {"image": big})
    assert r.status_code == 413 and b"Traceback" not in r.content


# 6. Reasons without a score ---------------------------------------------------------------------------


def test_review_page_renders_a_reason_without_a_score(team):
    from controlplane.review.models import ReviewItem

    ReviewItem.objects.filter(pk=team.review.pk).update(
        reasons=[{"category": "sexual", "source": "reviewer"}]
    )
    c = team.client("reviewer")
    c.raise_request_exception = False
    r = c.get(url(team, "console:review", review_id=team.review.public_id))
    assert r.status_code == 200 and "—" in r.content.decode()


# 7. Quotas page queries --------------------------------------------------------------------------------


def test_quotas_page_queries_do_not_grow_with_limits(team):
    from controlplane.quotas.models import QuotaLimit
    from controlplane.tenants.services import api_key_create

    client = team.client("admin")
    page = url(team, "console:quotas")
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    keys = [
        api_key_create(
            tenant=team.tenant, name=f"k{i}", scopes=["images:read"], created_by=None, actor=TESTS
        )[0]
        for i in range(20)
    ]
    QuotaLimit.objects.bulk_create(QuotaLimit(tenant=team.tenant, api_key=k, images_per_day=5) for k in keys)
    with CaptureQueriesContext(connection) as many:
        r = client.get(page)
    assert r.status_code == 200 and len(r.context["limits"]) == 20
    assert len(many) == len(few)
