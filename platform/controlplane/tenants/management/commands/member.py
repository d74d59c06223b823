from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from controlplane.tenants import selectors, services
from controlplane.tenants.cli import require_tenant
from controlplane.tenants.models import Role
from foundation.cli import cli_actor


class Command(BaseCommand):
    help = "Add members to a tenant, change their role, remove them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a member (creates the user if needed)")
        add.add_argument("--tenant", required=True)
        add.add_argument("--email", required=True)
        add.add_argument("--role", required=True, choices=Role.values)
        set_role = sub.add_parser("set-role", help="change a member's role")
        set_role.add_argument("--tenant", required=True)
        set_role.add_argument("--email", required=True)
        set_role.add_argument("--role", required=True, choices=Role.values)
        remove = sub.add_parser("remove", help="remove a member and revoke the keys they created")
        remove.add_argument("--tenant", required=True)
        remove.add_argument("--email", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--tenant", required=True)

    def handle(self, *args: object, action: str, **options: object) -> None:
        tenant = require_tenant(str(options["tenant"]))
        if action == "list":
            for membership in selectors.memberships_for_tenant(tenant):
                self.stdout.write(f"{membership.public_id}\t{membership.user.email}\t{membership.role}")
            return
        email = str(options["email"])
        try:
            if action == "add":
                with transaction.atomic():
                    user = services.user_get_or_create(email=email)
                    services.membership_create(
                        tenant=tenant, user=user, role=str(options["role"]), actor=cli_actor()
                    )
                self.stdout.write(f"added {email} to {tenant.slug} as {options['role']}")
                return
            membership = selectors.memberships_for_tenant(tenant).filter(user__username__iexact=email).first()
            if membership is None:
                raise CommandError(f"{email} is not a member of {tenant.slug}.")
            if action == "set-role":
                services.membership_change_role(
                    membership=membership, role=str(options["role"]), actor=cli_actor()
                )
                self.stdout.write(f"{email} is now {options['role']} in {tenant.slug}")
            else:
                services.membership_remove(membership=membership, actor=cli_actor())
                self.stdout.write(f"removed {email} from {tenant.slug}")
        except services.TenantRuleError as exc:
            raise CommandError(str(exc)) from exc
