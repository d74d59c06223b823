"""A member replaces the first password an admin gave them: the old one proves it is them, the change
is audited on each of their tenants' chains, their other sessions end, and guesses are throttled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from controlplane.tenants.models import Membership
from controlplane.tenants.services import member_set_password
from foundation.cli import cli_actor

pytestmark = pytest.mark.django_db

FIRST = "first-from-the-admin-1"
MINE = "only-i-know-this-one-2"


@pytest.fixture
def member(tenant, make_member):
    user = make_member(tenant, "reviewer", "rita@acme.example")
    member_set_password(membership=Membership.objects.get(user=user), password=FIRST, actor=cli_actor())
    return user


def signed_in(password: str) -> Client:
    client = Client()
    client.post(reverse("console:login"), {"username": "rita@acme.example", "password": password})
    return client


def change(client: Client, old: str, new: str, again: str | None = None):
    body = {"old_password": old, "new_password": new, "new_password_again": again or new}
    return client.post(reverse("console:password"), body)


def test_the_member_changes_it_and_the_admins_password_stops_working(member, tenant):
    browser, elsewhere = signed_in(FIRST), signed_in(FIRST)
    page = browser.get(reverse("console:password"))
    assert page.status_code == 200 and b"Current password" in page.content

    answer = change(browser, FIRST, MINE)
    assert answer.status_code == 302 and answer["Location"] == reverse("console:home")
    member.refresh_from_db()
    assert member.check_password(MINE) and not member.check_password(FIRST)
    assert browser.get(reverse("console:overview", kwargs={"tenant": "acme"})).status_code == 200
    # the session that signed in with the admin's password is over
    assert elsewhere.get(reverse("console:overview", kwargs={"tenant": "acme"})).status_code == 302

    event = AuditEvent.objects.filter(tenant=tenant, event_type="user.password_set").latest("seq")
    assert (event.actor_kind, event.actor_id) == ("user", str(member.pk))
    assert event.payload == {"user": "rita@acme.example", "by": "self"}
    assert FIRST not in str(event.payload) and MINE not in str(event.payload)


@pytest.mark.parametrize(
    ("old", "new", "again", "says"),
    [
        ("not-the-password-9", MINE, None, b"The current password is not right."),
        (FIRST, MINE, "something-else-3", b"The two new passwords differ."),
        (FIRST, "short", None, b"too short"),
        (FIRST, FIRST, None, b"is the current one"),
    ],
)
def test_a_wrong_or_weak_password_changes_nothing(member, old, new, again, says):
    browser = signed_in(FIRST)
    answer = change(browser, old, new, again)
    assert answer.status_code == 400 and says in answer.content
    member.refresh_from_db()
    assert member.check_password(FIRST)


def test_guessing_the_current_password_is_throttled_like_signing_in(member, settings):
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 3
    browser = signed_in(FIRST)
    answers = [change(browser, f"guess-number-{i}", MINE).status_code for i in range(3)]
    assert answers == [400, 400, 400]
    # out of attempts: even the right password waits
    assert change(browser, FIRST, MINE).status_code == 429
    member.refresh_from_db()
    assert member.check_password(FIRST)


def test_a_too_weak_new_password_is_not_a_wrong_guess(member, settings):
    settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS = 2
    browser = signed_in(FIRST)
    assert [change(browser, FIRST, "short").status_code for _ in range(4)] == [400] * 4
    assert change(browser, FIRST, MINE).status_code == 302
    assert signed_in(MINE).get(reverse("console:overview", kwargs={"tenant": "acme"})).status_code == 200


def test_signing_in_is_needed(db):
    answer = Client().get(reverse("console:password"))
    assert answer.status_code == 302 and reverse("console:login") in answer["Location"]
