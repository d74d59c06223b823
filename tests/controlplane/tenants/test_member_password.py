"""`assay member set-password` (and `member add --password-stdin`): a console password for a member, read
from stdin or typed at a prompt, never from argv; checked by Django's validators; audited."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from controlplane.tenants.models import Membership

pytestmark = pytest.mark.django_db

GOOD = "lantern-orchard-47-quietly"


def member(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("member", *args, stdout=out, **extra)
    return out.getvalue()


def set_password(email: str, stdin: str) -> str:
    return member("set-password", "--tenant", "acme", "--email", email, "--password-stdin", stdin=stdin)


def user(email: str):
    return get_user_model().objects.get(username=email)


def password_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type="user.password_set").order_by("seq"))


def test_set_password_from_stdin_is_audited_without_the_password(tenant, make_member):
    reviewer = make_member(tenant, "reviewer", "rita@acme.example")
    assert not reviewer.has_usable_password()
    output = set_password("rita@acme.example", GOOD + "\n")
    assert "password set for rita@acme.example" in output
    assert user("rita@acme.example").check_password(GOOD)
    (event,) = password_events()
    membership = Membership.objects.get(user=reviewer)
    assert event.tenant == tenant and event.actor_id.startswith("cli:")
    assert event.subjects == {"membership": str(membership.public_id), "user": str(reviewer.pk)}
    assert GOOD not in json.dumps([event.payload, event.subjects, event.actor_label])


def test_set_password_at_a_prompt_asks_twice(tenant, make_member, monkeypatch):
    make_member(tenant, "auditor", "audrey@acme.example")
    answers = iter([GOOD, GOOD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        member("set-password", "--tenant", "acme", "--email", "audrey@acme.example")
    assert not user("audrey@acme.example").has_usable_password()
    answers = iter([GOOD, GOOD])
    member("set-password", "--tenant", "acme", "--email", "audrey@acme.example")
    assert user("audrey@acme.example").check_password(GOOD)


@pytest.mark.parametrize(
    ("weak", "why"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("83920174658", "entirely numeric"),
        ("rita@acme.example", "too similar"),
        ("", "empty"),
    ],
)
def test_weak_passwords_are_refused_and_nothing_changes(tenant, make_member, weak, why):
    make_member(tenant, "reviewer", "rita@acme.example")
    with pytest.raises(CommandError, match=why):
        set_password("rita@acme.example", weak)
    assert not user("rita@acme.example").has_usable_password()
    assert password_events() == []


def test_the_password_is_never_an_argument_and_only_members_get_one(tenant, make_member):
    make_member(tenant, "reviewer", "rita@acme.example")
    with pytest.raises(CommandError, match="unrecognized arguments"):
        member("set-password", "--tenant", "acme", "--email", "rita@acme.example", "--password", GOOD)
    with pytest.raises(CommandError, match="not a member"):
        set_password("x@acme.example", GOOD)


def test_member_add_can_set_the_password_in_the_same_step(tenant):
    output = member(
        "add", "--tenant", "acme", "--email", "dev@acme.example", "--role", "developer", "--password-stdin",
        stdin=GOOD,
    )  # fmt: skip
    assert "with a password" in output
    assert user("dev@acme.example").check_password(GOOD)
    assert len(password_events()) == 1
    # A weak one leaves no member behind.
    with pytest.raises(CommandError, match="too common"):
        member(
            "add", "--tenant", "acme", "--email", "eve@acme.example", "--role", "developer",
            "--password-stdin", stdin="password123",
        )  # fmt: skip
    assert not Membership.objects.filter(user__username="eve@acme.example").exists()
    # Without the flag, as before: a member without a usable password.
    member("add", "--tenant", "acme", "--email", "aud@acme.example", "--role", "auditor")
    assert not user("aud@acme.example").has_usable_password()


def test_only_a_new_members_first_password_is_set_for_them(tenant, other_tenant, make_member):
    """A user is one person across tenants (and may be a platform operator): setting the password of an
    account another tenant holds, of an operator, or over a working password would hand their account,
    everywhere, to whoever set it (the console's cross-tenant takeover went through here)."""
    shared = make_member(other_tenant, "admin", "ada@globex.example")
    make_member(tenant, "reviewer", "ada@globex.example")
    with pytest.raises(CommandError, match="other tenants"):
        set_password("ada@globex.example", GOOD)
    operator = make_member(tenant, "auditor", "ops@acme.example")
    operator.is_superuser = operator.is_staff = True
    operator.save()
    with pytest.raises(CommandError, match="platform operator"):
        set_password("ops@acme.example", GOOD)
    make_member(tenant, "developer", "dev@acme.example")
    set_password("dev@acme.example", GOOD)
    with pytest.raises(CommandError, match="already has a password"):
        set_password("dev@acme.example", GOOD + "-again")
    assert user("dev@acme.example").check_password(GOOD)
    assert not shared.__class__.objects.get(pk=shared.pk).has_usable_password()
    assert not user("ops@acme.example").has_usable_password()
    assert len(password_events()) == 1
