"""Who reaches what: every console page is 404 for another tenant's member and a sign-in away for
nobody; roles see only their pages; an auditor changes nothing; every form needs its CSRF token; sign-in
is throttled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.console.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def pages(team) -> dict[str, dict[str, str]]:
    """Every GET page of the console under a tenant, with the kwargs of an object of that tenant."""
    return {
        "console:overview": {},
        "console:jobs": {},
        "console:job": {"job_id": team.job.public_id},
        "console:reviews": {},
        "console:review": {"review_id": team.review.public_id},
        "console:policies": {},
        "console:policy": {"policy_id": str(team.policy.public_id)},
        "console:policy-edit": {},
        "console:keys": {},
        "console:members": {},
        "console:quotas": {},
        "console:models": {},
        "console:likeness": {},
        "console:audit": {},
        "console:verify": {},
    }


def actions(team) -> dict[str, tuple[str, dict[str, str], dict[str, str]]]:
    """Every form that changes something: (URL name, kwargs, a valid body)."""
    developer = str(team.users["developer"].memberships.get().public_id)
    return {
        "key-create": ("console:key-create", {}, {"name": "ci"}),
        "key-revoke": ("console:key-revoke", {"key_id": str(team.api_key.public_id)}, {}),
        "member-invite": ("console:member-invite", {}, {"email": "new@acme.example", "role": "developer"}),
        "member-role": (
            "console:member-change",
            {"member_id": developer, "action": "role"},
            {"role": "reviewer"},
        ),
        "member-password": (
            "console:member-change",
            {"member_id": developer, "action": "password"},
            {"password": "another-long-passphrase-9"},
        ),
        "member-remove": ("console:member-change", {"member_id": developer, "action": "remove"}, {}),
        "policy-edit": ("console:policy-edit", {}, {"mode": "raw", "document": '{"name": "x"}'}),
        "policy-activate": ("console:policy-activate", {"policy_id": str(team.policy.public_id)}, {}),
        "review-claim": (
            "console:review-action",
            {"review_id": team.review.public_id, "action": "claim"},
            {},
        ),
        "review-decide": (
            "console:review-action",
            {"review_id": team.review.public_id, "action": "decide"},
            {"decision": "reject", "note": "not for us"},
        ),
        "policy-simulate": (
            "console:policy-edit",
            {},
            {"mode": "raw", "document": '{"name": "x"}', "action": "simulate", "prompts": "a cat"},
        ),
        "policy-replay": (
            "console:policy-edit",
            {},
            {"mode": "raw", "document": '{"name": "x"}', "action": "replay", "replay_limit": "10"},
        ),
        "quota-set": ("console:quota-set", {}, {"images_per_day": "5"}),
        "quota-remove": ("console:quota-remove", {}, {"key": "", "end_user": ""}),
        "likeness-add": ("console:likeness-add", {}, {"name": "Ada", "reason": "ours"}),
        "likeness-consent": (
            "console:likeness-change",
            {"person_id": "8d3f2c1e-0000-4000-8000-000000000000", "action": "consent"},
            {"evidence": "release #1", "expires": "2099-01-01"},
        ),
        "likeness-remove": (
            "console:likeness-change",
            {"person_id": "8d3f2c1e-0000-4000-8000-000000000000", "action": "remove"},
            {},
        ),
        "job-appeal": (
            "console:job-appeal",
            {"job_id": team.job.public_id},
            {"justification": "not harmful"},
        ),
    }


def url(team, name: str, **kwargs: str) -> str:
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kwargs})


def test_every_page_is_not_found_for_another_tenants_member(team):
    for name, kwargs in pages(team).items():
        response = team.outsider.get(url(team, name, **kwargs))
        assert response.status_code == 404, name
        assert team.tenant.name not in response.content.decode(), name
    for name, (url_name, kwargs, body) in actions(team).items():
        assert team.outsider.post(url(team, url_name, **kwargs), body).status_code == 404, name


def test_another_tenants_objects_are_not_found_under_ones_own_tenant(team, other_tenant, make_member):
    """A globex admin naming acme's job, review or policy under /console/globex/ learns nothing either."""
    client = Client()
    client.force_login(make_member(other_tenant, "admin", email="boss@globex.example"))
    for name in ("console:job", "console:review", "console:policy"):
        kwargs = pages(team)[name]
        assert client.get(reverse(name, kwargs={"tenant": other_tenant.slug, **kwargs})).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(team):
    response = Client().get(url(team, "console:jobs"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("console:login"))


@pytest.mark.parametrize("role", ["admin", "developer", "reviewer", "auditor"])
def test_each_role_opens_its_pages_and_no_other(team, role):
    """What each role may open follows the scopes of controlplane.tenants.scopes.ROLE_SCOPES."""
    expected_forbidden = {
        "admin": {"console:audit"},
        "developer": {
            "console:reviews",
            "console:review",
            "console:policy-edit",
            "console:members",
            "console:quotas",
            "console:likeness",
            "console:audit",
        },
        "reviewer": {
            "console:policies",
            "console:policy",
            "console:policy-edit",
            "console:keys",
            "console:members",
            "console:quotas",
            "console:likeness",
            "console:audit",
        },
        "auditor": {"console:reviews", "console:review", "console:policy-edit"},
    }[role]
    client = team.client(role)
    for name, kwargs in pages(team).items():
        response = client.get(url(team, name, **kwargs))
        expected = 403 if name in expected_forbidden else 200
        assert response.status_code == expected, (role, name, response.status_code)
    # The navigation offers only what opens.
    html = client.get(url(team, "console:overview")).content.decode()
    assert (url(team, "console:audit") in html) == (role == "auditor")
    assert (url(team, "console:reviews") in html) == (role in ("admin", "reviewer"))


def test_a_reviewer_cannot_reach_policy_editing(team):
    client = team.client("reviewer")
    assert client.get(url(team, "console:policy-edit")).status_code == 403
    body = {"mode": "raw", "document": '{"name": "open-all"}', "activate": "on"}
    assert client.post(url(team, "console:policy-edit"), body).status_code == 403
    assert (
        client.post(url(team, "console:policy-activate", policy_id=str(team.policy.public_id))).status_code
        == 403
    )


def test_an_auditor_cannot_change_anything(team):
    from audit.models import AuditEvent

    before = AuditEvent.objects.count()
    client = team.client("auditor")
    for name, (url_name, kwargs, body) in actions(team).items():
        assert client.post(url(team, url_name, **kwargs), body).status_code == 403, name
    assert AuditEvent.objects.count() == before
    page = client.get(url(team, "console:keys")).content.decode()
    assert "Create a key" not in page and "Revoke" not in page


def test_every_form_needs_its_csrf_token(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.users["admin"])
    forms = {name: spec for name, spec in actions(team).items() if not name.startswith("review-")}
    forms["audit-verify"] = ("console:audit-verify", {}, {})
    forms["audit-export"] = ("console:audit-export", {}, {})
    forms["verify"] = ("console:verify", {}, {})
    forms["logout"] = ("console:logout", None, {})
    for name, (url_name, kwargs, body) in forms.items():
        target = reverse(url_name) if kwargs is None else url(team, url_name, **kwargs)
        assert client.post(target, body).status_code == 403, name
    reviewer = Client(enforce_csrf_checks=True)
    reviewer.force_login(team.users["reviewer"])
    for name in ("review-claim", "review-decide"):
        url_name, kwargs, body = actions(team)[name]
        assert reviewer.post(url(team, url_name, **kwargs), body).status_code == 403, name
    # With the token the page carries, the same form works.
    page = client.get(url(team, "console:keys"))
    token = page.context["csrf_token"]
    created = client.post(url(team, "console:key-create"), {"name": "ci", "csrfmiddlewaretoken": str(token)})
    assert created.status_code == 200 and b"ask_" in created.content
    login = Client(enforce_csrf_checks=True)
    assert login.post(reverse("console:login"), {"username": "x", "password": "y"}).status_code == 403


def test_sign_in_works_and_is_throttled_after_repeated_failures(team, settings):
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 3
    email = team.users["admin"].get_username()
    client = Client()
    for _ in range(3):
        assert (
            client.post(reverse("console:login"), {"username": email, "password": "wrong"}).status_code == 200
        )
    refused = client.post(reverse("console:login"), {"username": email, "password": PASSWORD})
    assert refused.status_code == 429 and b"Too many failed sign-ins" in refused.content
    other = Client()
    other.defaults["REMOTE_ADDR"] = "10.0.0.9"
    # Another address is still refused for this account (the account's count), and a right password
    # elsewhere works for another account.
    assert other.post(reverse("console:login"), {"username": email, "password": PASSWORD}).status_code == 429
    reviewer = team.users["reviewer"].get_username()
    signed_in = other.post(reverse("console:login"), {"username": reviewer, "password": PASSWORD})
    assert signed_in.status_code == 302


def test_padding_the_name_with_spaces_spends_the_same_count(team, settings):
    """Django's form strips the name before it signs in; the count must read it the same way, however
    much padding comes first (cut before stripping, 240 spaces made a fresh count each)."""
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 3
    email = team.users["admin"].get_username()
    for padding in (0, 240, 250):
        body = {"username": " " * padding + email, "password": "wrong"}
        assert Client().post(reverse("console:login"), body).status_code == 200
    for padding in (0, 237, 300, 5000):
        body = {"username": " " * padding + email + "  ", "password": PASSWORD}
        assert Client().post(reverse("console:login"), body).status_code == 429, padding


def test_without_redis_the_sign_in_count_is_shared_by_every_web_process(team, settings):
    """The count is in the database: a second web process (here: this one with its memory emptied) sees
    the same spent attempts, and a right password clears the account's count for everyone."""
    from controlplane.console import throttle
    from controlplane.console.models import SignInCount

    settings.ASSAY_RATELIMIT_STORAGE_URL = ""
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 2
    email = team.users["developer"].get_username()
    for _ in range(2):
        assert (
            Client().post(reverse("console:login"), {"username": email, "password": "no"}).status_code == 200
        )
    throttle.limiter().storage.reset()  # nothing of it lived there
    refused = Client().post(reverse("console:login"), {"username": email, "password": PASSWORD})
    assert refused.status_code == 429
    account = SignInCount.objects.get(key__startswith="account:")  # one account was tried
    assert account.count == 2 and email not in account.key

    SignInCount.objects.filter(key=account.key).update(window=account.window - 3600)  # the window passed
    assert (
        Client().post(reverse("console:login"), {"username": email, "password": PASSWORD}).status_code == 302
    )
    assert not SignInCount.objects.filter(key=account.key).exists()  # cleared by the success
    assert SignInCount.objects.filter(key__startswith="address:").exists()  # the address keeps its count


def test_a_refused_sign_in_spends_nothing_of_the_other_count(team, settings):
    """An address out of attempts refuses before any password is checked, and must not lock the account
    it named (or a user behind a busy office address would lock themselves out by retrying)."""
    from controlplane.console.models import SignInCount

    settings.ASSAY_RATELIMIT_STORAGE_URL = ""
    settings.ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS = 1
    email = team.users["auditor"].get_username()
    assert (
        Client().post(reverse("console:login"), {"username": "x@y.example", "password": "no"}).status_code
        == 200
    )
    for _ in range(3):
        assert (
            Client().post(reverse("console:login"), {"username": email, "password": "no"}).status_code == 429
        )
    assert SignInCount.objects.filter(key__startswith="account:").count() == 1  # only x@y.example's
    assert SignInCount.objects.get(key__startswith="address:").count == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_at_one_account_get_exactly_its_attempts(team, settings):
    import threading

    from django.db import connection

    from controlplane.console import throttle

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    settings.ASSAY_RATELIMIT_STORAGE_URL = ""
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 3
    start, outcomes = threading.Barrier(12), []

    def guess(n: int) -> None:
        start.wait()
        try:
            attempt = throttle.SignInAttempt(
                account=throttle.account_key("x@acme.example"), address=f"10.0.0.{n}"
            )
            outcomes.append(attempt.start())
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False] * 9 + [True] * 3


def test_sign_in_lands_on_the_tenant_overview(team):
    client = Client()
    response = client.post(
        reverse("console:login"),
        {"username": team.users["auditor"].get_username(), "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(team, "console:overview")
    assert b"Overview" in response.content


def test_the_admin_site_signs_in_through_the_throttled_console_form(team, settings):
    """/admin/login/ took passwords with no count of failures; now it only sends people to the console's
    form, and staff reach the admin site after signing in there."""
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 2
    staff = team.users["admin"]
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    email = staff.get_username()
    client = Client()
    # A password posted to the admin's own form signs no one in.
    posted = client.post("/admin/login/?next=/admin/", {"username": email, "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("console:login"))
    assert "_auth_user_id" not in client.session
    # An anonymous visit ends at the console's form, which then counts wrong guesses.
    landing = client.get("/admin/", follow=True)
    assert landing.redirect_chain[-1][0].startswith(reverse("console:login") + "?next=/admin/")
    for _ in range(2):
        client.post(reverse("console:login"), {"username": email, "password": "wrong"})
    body = {"username": email, "password": PASSWORD}
    locked = client.post(reverse("console:login") + "?next=/admin/", body)
    assert locked.status_code == 429
    # Staff signed in through the console open the admin site; /admin/login/ sends them on.
    signed_in = Client()
    signed_in.force_login(staff)
    assert signed_in.get("/admin/").status_code == 200
    assert signed_in.get("/admin/login/?next=/admin/auth/user/")["Location"] == "/admin/auth/user/"
    assert signed_in.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"
    # A member who is not staff is refused, not sent round in a loop.
    member = Client()
    member.force_login(team.users["developer"])
    assert member.get("/admin/login/").status_code == 403
    assert member.get("/admin/", follow=True).status_code == 403


def test_pages_forbid_foreign_scripts_and_caching_and_api_answers_are_left_alone(team, tenant, key_client):
    page = team.client("admin").get(url(team, "console:jobs"))
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert page["Cache-Control"] == "private, no-store"
    assert b'name="htmx-config"' in page.content and b'"historyCacheSize": 0' in page.content
    sign_in = Client().get(reverse("console:login"))
    assert "Content-Security-Policy" in sign_in and "no-store" in sign_in["Cache-Control"]
    api = key_client(tenant, "developer", email="api-caller@acme.example").client.get("/v1/models")
    assert api.status_code == 200 and "Content-Security-Policy" not in api
