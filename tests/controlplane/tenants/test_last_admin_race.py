"""The tenant keeps an admin when its last two admins are demoted or removed at the same moment: each
change checks that another admin remains, and the checks must not both pass on the state before the
other's change (the races run on PostgreSQL: SQLite serialises writers by itself)."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from controlplane.tenants import services
from controlplane.tenants.models import Membership, Role
from controlplane.tenants.services import TenantRuleError, membership_change_role, membership_remove
from foundation.cli import cli_actor
from tests.helpers import race

pytestmark = pytest.mark.django_db(transaction=True)


def _demote(membership: Membership):
    return lambda: membership_change_role(membership=membership, role=Role.DEVELOPER, actor=cli_actor())


def _remove(membership: Membership):
    return lambda: membership_remove(membership=membership, actor=cli_actor())


@pytest.mark.parametrize(
    "changes",
    [(_demote, _demote), (_remove, _remove), (_demote, _remove)],
    ids=["both demoted", "both removed", "one demoted, one removed"],
)
def test_the_last_two_admins_changed_at_once_leave_one_admin(tenant, make_member, changes, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: the PostgreSQL pass runs this")
    checked = services._ensure_another_admin

    def slow_check(membership: Membership) -> None:
        checked(membership)
        time.sleep(0.2)  # the window between the check and the change, wide enough to race in

    monkeypatch.setattr(services, "_ensure_another_admin", slow_check)
    ada, bob = (
        Membership.objects.get(tenant=tenant, user=make_member(tenant, "admin", f"{name}@acme.example"))
        for name in ("ada", "bob")
    )
    for _attempt in range(3):
        outcomes = race([changes[0](ada), changes[1](bob)])
        refused = [o for o in outcomes if isinstance(o, TenantRuleError)]
        assert len(refused) == 1 and refused[0].code == "last_admin", outcomes
        assert Membership.objects.filter(tenant=tenant, role=Role.ADMIN).count() == 1
        # Back to two admins for the next try.
        for membership in (ada, bob):
            if not Membership.objects.filter(pk=membership.pk).exists():
                Membership.objects.create(pk=membership.pk, tenant=tenant, user=membership.user, role="admin")
        Membership.objects.filter(tenant=tenant).update(role=Role.ADMIN)
