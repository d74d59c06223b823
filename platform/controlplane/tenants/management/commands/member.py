from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from controlplane.tenants import selectors, services
from controlplane.tenants.cli import add_password_stdin_argument, read_password, require_tenant
from controlplane.tenants.models import Role
from foundation.cli import cli_actor


class Command(BaseCommand):
    help = "Add members to a tenant, change their role, set their console password, remove them."
    stealth_options = ("stdin",)  # call_command(..., stdin=...) in tests, as Django's createsuperuser

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a member (creates the user if needed)")
        add.add_argument("--tenant", required=True)
        add.add_argument("--email", required=True)
        add.add_argument("--role", required=True, choices=Role.values)
        add_password_stdin_argument(add)  # optional here: without it the member has no password
        set_role = sub.add_parser("set-role", help="change a member's role")
        set_role.add_argument("--tenant", required=True)
        set_role.add_argument("--email", required=True)
        set_role.add_argument("--role", required=True, choices=Role.values)
        set_password = sub.add_parser("set-password", help="set a new member's first console password")
        set_password.add_argument("--tenant", required=True)
        set_password.add_argument("--email", required=True)
        add_password_stdin_argument(set_password)
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
        stdin = options.get("stdin") or sys.stdin
        try:
            if action == "add":
                # Read first: a mistyped password must not leave a member half made.
                password = None
                if options["password_stdin"]:
                    password = read_password(from_stdin=True, stdin=stdin)
                with transaction.atomic():
                    user = services.user_get_or_create(email=email)
                    membership = services.membership_create(
                        tenant=tenant, user=user, role=str(options["role"]), actor=cli_actor()
                    )
                    if password is not None:
                        services.member_set_password(
                            membership=membership, password=password, actor=cli_actor()
                        )
                with_password = " with a password" if password is not None else ""
                self.stdout.write(f"added {email} to {tenant.slug} as {options['role']}{with_password}")
                return
            membership = selectors.membership_by_email(tenant, email)
            if membership is None:
                raise CommandError(f"{email} is not a member of {tenant.slug}.")
            if action == "set-role":
                services.membership_change_role(
                    membership=membership, role=str(options["role"]), actor=cli_actor()
                )
                self.stdout.write(f"{email} is now {options['role']} in {tenant.slug}")
            elif action == "set-password":
                password = read_password(from_stdin=bool(options["password_stdin"]), stdin=stdin)
                services.member_set_password(membership=membership, password=password, actor=cli_actor())
                self.stdout.write(f"password set for {email}")
            else:
                services.membership_remove(membership=membership, actor=cli_actor())
                self.stdout.write(f"removed {email} from {tenant.slug}")
        except services.TenantRuleError as exc:
            raise CommandError(str(exc)) from exc
